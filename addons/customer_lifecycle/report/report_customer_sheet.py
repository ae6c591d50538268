"""The archive sheet shows the customer's lifecycle stage and churn risk."""
from odoo import api, models


class ReportCustomerSheet(models.AbstractModel):
    """Adds the lifecycle stage and the churn-risk score to the sheet's classification."""

    _inherit = "report.customer_mgmt.report_customer_sheet"

    @api.model
    def _sheet_sections(self):
        sections = super()._sheet_sections()
        for _title, names in sections:
            if "tier_id" in names:
                names[names.index("tier_id") + 1:names.index("tier_id") + 1] = [
                    "lifecycle_stage_id", "churn_risk_score"]
        return sections
