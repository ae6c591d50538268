"""The customer archive sheet (客户信息表): what a salesperson prints before a visit."""
from odoo import _, api, models

from odoo.addons.customer_mgmt.utils.access import INTERNAL_USER

# Interactions the sheet lists, the latest first.
SHEET_INTERACTIONS = 5


class ReportCustomerSheet(models.AbstractModel):
    """Values of the archive sheet, built from what the reader may read and nothing else."""

    _name = "report.customer_mgmt.report_customer_sheet"
    _inherit = "customer.report.mixin"
    _description = "Customer Archive Sheet"

    _report_model = "res.partner"
    _report_groups = (INTERNAL_USER,)

    @api.model
    def _sheet_sections(self):
        """[(title, [partner field names])]: the sections of the seeds' information template.

        Other addons append their fields (the lifecycle stage, say) by extending this list.
        """
        return [
            (_("Basic Information"), [
                "name", "short_name", "former_name_ids", "customer_code", "registration_number",
                "customer_kind", "industry_id", "size_class", "employee_count", "region_id",
                "contact_address", "phone", "email", "website", "user_id", "team_id"]),
            (_("Needs"), ["main_needs"]),
            (_("Classification and Tags"), ["tier_id", "customer_source", "category_id"]),
            (_("Business"), [
                "registered_capital", "annual_revenue", "founding_date", "business_scope",
                "main_products", "competitors"]),
            (_("Credit and Risk"), ["credit_rating", "credit_note", "risk_level", "risk_reason"]),
            (_("Archive Quality"), [
                "completeness", "completeness_missing", "last_verified_date", "last_verified_uid"]),
        ]

    @api.model
    def _report_document(self, partner):
        """{"sections": [(title, [(label, text)])], "tables": [(title, headers, rows)]}."""
        sections = []
        for title, names in self._sheet_sections():
            rows = self._report_rows(partner, names)
            if rows:
                sections.append((title, rows))
        return {"sections": sections, "tables": [
            table for table in self._sheet_tables(partner) if table and table[2]]}

    @api.model
    def _sheet_tables(self, partner):
        """[(title, headers, rows)]: the contact persons and the latest interactions."""
        return [self._report_table(
                    _("Contact Persons"), partner.child_ids.filtered(lambda c: c.type == "contact"),
                    ["name", "function", "phone", "mobile", "email"]),
                self._report_table(
                    _("Latest Interactions"),
                    self.env["customer.interaction"].search(
                        [("partner_id", "=", partner.id)], limit=SHEET_INTERACTIONS),
                    ["date", "channel", "name", "user_id", "outcome"])]
