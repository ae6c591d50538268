"""The customer archive sheet (客户信息表): what a salesperson prints before a visit."""
from odoo import api, models

from odoo.addons.customer_mgmt.utils.access import INTERNAL_USER, allowed_groups


class ReportCustomerSheet(models.AbstractModel):
    """Values of the archive sheet; the template prints only what the reader may read."""

    _name = "report.customer_mgmt.report_customer_sheet"
    _inherit = "customer.report.mixin"
    _description = "Customer Archive Sheet"

    _report_groups = (INTERNAL_USER,)

    @api.model
    @allowed_groups(INTERNAL_USER)
    def get_report_values(self, docids, data=None):
        """Checks the reader before the sheet is rendered."""
        return self._customer_report_values("res.partner", docids)
