"""The ticket record prints a ticket's story for customer staff, and nothing internal."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError

from odoo.addons.customer_mgmt.tests.common import ReportMixin

from .common import FeedbackCase

RECORD = "customer_feedback.customer_feedback_report_record"


def _ago(hours):
    return fields.Datetime.to_string(datetime.now() - timedelta(hours=hours))


class TestTicketRecord(ReportMixin, FeedbackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Policy = cls.env["customer.feedback.sla.policy"]
        Policy.search([]).write({"active": False})
        Policy.create({"name": "Record Policy", "feedback_type": "complaint",
                       "response_hours": 8, "resolution_hours": 72})
        cls.stage_resolved = cls.env.ref("customer_feedback.customer_feedback_stage_resolved")
        cls.ticket = cls.create_feedback(
            subject="Pump housing cracked", contact_id=cls.contact.id,
            user_id=cls.user_service.id, date_received=_ago(30))
        cls.ticket.message_post(body="We are sending a technician tomorrow.",
                                message_type="comment", subtype="mail.mt_comment")
        cls.ticket.message_post(body="Internal: supplier batch 42 suspected.",
                                message_type="comment", subtype="mail.mt_note")
        cls.ticket.write({"date_first_response": _ago(28), "root_cause": "Casting defect",
                          "resolution": "Housing replaced on site.",
                          "stage_id": cls.stage_resolved.id})
        rating = cls.env["rating.rating"].search(
            [("res_model", "=", "customer.feedback"), ("res_id", "=", cls.ticket.id)], limit=1)
        cls.ticket.sudo().rating_apply(10, token=rating.access_token, feedback="Quick and polite")

    def _text(self, user, lang="en_US", ticket=None):
        user.lang = lang
        pdf = self.render_pdf(RECORD, ticket or self.ticket, user=user)
        return pdf, self.pdf_text(pdf)

    def test_service_prints_the_whole_story(self):
        _pdf, text = self._text(self.user_service)
        for expected in ("Ticket Record", self.ticket.name, "Pump housing cracked",
                         "SLA Timeline", "First response", "Resolution", "Met",
                         "We are sending a technician tomorrow.", "Casting defect",
                         "Housing replaced on site.", "Customer Rating", "Quick and polite"):
            self.assertIn(expected, text)
        self.assertNotIn("supplier batch 42", text, "internal notes never print")

    def test_breached_response_prints_as_breached(self):
        late = self.create_feedback(subject="No answer yet", date_received=_ago(24 * 7))
        # (a week ago: past the 8 working hours of the first response)
        _pdf, text = self._text(self.user_service, ticket=late)
        self.assertIn("Breached", text)
        self.assertNotIn("Met", text.replace("Method", ""))

    def test_record_in_chinese_with_a_cjk_font(self):
        pdf, text = self._text(self.user_salesperson, "zh_CN")
        for expected in ("工单记录", "SLA 时间线", "首次响应", "已达成", "消息", "客户评价"):
            self.assertIn(expected, text)
        for english in ("Ticket Record", "SLA Timeline", "First response", "Customer Rating"):
            self.assertNotIn(english, text)
        self.assertTrue(any("CJK" in font for font in self.pdf_fonts(pdf)))

    def test_readers_without_the_ticket_are_refused(self):
        other = self.create_user("record_other_sp", ["customer_mgmt.group_customer_salesperson"])
        portal = self.create_user("record_portal", ["base.group_portal"])
        for user in (other, portal, self.user_plain):
            with self.assertRaises(AccessError):
                self.render_pdf(RECORD, self.ticket, user=user)
