from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_customer_master = fields.Boolean(
        string="Is a Customer Account",
        compute="_compute_is_customer_master",
        search="_search_is_customer_master",
        help="A commercial entity flagged as customer: what the Customers app manages.",
    )

    @api.multi
    @api.depends("customer", "parent_id", "is_company")
    def _compute_is_customer_master(self):
        for partner in self:
            partner.is_customer_master = partner.customer and not partner.parent_id

    @api.model
    def _search_is_customer_master(self, operator, value):
        positive = (operator == "=") == bool(value)
        domain = ["&", ("customer", "=", True), ("parent_id", "=", False)]
        return domain if positive else ["!"] + domain
