"""The customer archive sheet lists the open tickets its reader may read."""
from odoo.addons.customer_mgmt.tests.common import ReportMixin

from .common import FeedbackCase

SHEET = "customer_mgmt.res_partner_report_sheet"


class TestSheetTickets(ReportMixin, FeedbackCase):

    def test_open_tickets_print_closed_ones_do_not(self):
        open_ticket = self.create_feedback(subject="Scratched housing on delivery")
        closed = self.create_feedback(subject="Invoice address typo", resolution="Corrected")
        closed.stage_id = self.env["customer.feedback.stage"].search([("is_closed", "=", True)], limit=1)
        for user, lang, heading in ((self.user_service, "en_US", "Open Feedback"),
                                    (self.user_salesperson, "zh_CN", "未关闭反馈")):
            user.lang = lang
            text = self.pdf_text(self.render_pdf(SHEET, self.customer, user=user))
            self.assertIn(heading, text)
            self.assertIn(open_ticket.name, text)
            self.assertIn("Scratched housing on delivery", text)
            self.assertNotIn("Invoice address typo", text)

    def test_no_ticket_table_without_open_tickets(self):
        text = self.pdf_text(self.render_pdf(SHEET, self.customer, user=self.user_service))
        self.assertNotIn("Open Feedback", text)
