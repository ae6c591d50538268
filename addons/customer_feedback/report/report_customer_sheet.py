"""The archive sheet lists the customer's open tickets."""
from odoo import _, api, models

# Open tickets the sheet lists, the latest first.
SHEET_OPEN_TICKETS = 10


class ReportCustomerSheet(models.AbstractModel):
    """Adds the open tickets the reader may read to the customer archive sheet."""

    _inherit = "report.customer_mgmt.report_customer_sheet"

    @api.model
    def _sheet_tables(self, partner):
        tables = super()._sheet_tables(partner)
        tickets = self.env["customer.feedback"]
        if tickets.check_access_rights("read", raise_exception=False):
            tables.append(self._report_table(
                _("Open Feedback"),
                tickets.search([("partner_id", "=", partner.commercial_partner_id.id),
                                ("is_closed", "=", False)],
                               order="date_received desc, id desc", limit=SHEET_OPEN_TICKETS),
                ["name", "date_received", "subject", "feedback_type", "stage_id", "user_id",
                 "sla_status"]))
        return tables
