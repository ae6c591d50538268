from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..utils.access import CUSTOMER_STAFF, allowed_groups
from ..utils.accounts import account_domain


class CustomerTier(models.Model):
    """Customer tier (战略/重点/普通/潜在): how much attention a customer gets."""

    _name = "customer.tier"
    _description = "Customer Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Tiers are listed by sequence: the most important first.")
    color = fields.Integer(string="Color Index")
    is_key_account = fields.Boolean(
        string="Key Account", index=True,
        help="Customers of this tier are listed under Customers > Key Accounts.")
    revisit_interval_days = fields.Integer(
        string="Revisit Interval (Days)", default=90,
        help="How often customers of this tier should be contacted; follow-up reminders use it.")
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    customer_count = fields.Integer(compute="_compute_customer_count", string="Customers")

    @api.multi
    def _compute_customer_count(self):
        groups = self.env["res.partner"].read_group(
            account_domain(("tier_id", "in", self.ids)),
            ["tier_id"], ["tier_id"])
        counts = {group["tier_id"][0]: group["tier_id_count"] for group in groups}
        for tier in self:
            tier.customer_count = counts.get(tier.id, 0)

    @api.constrains("revisit_interval_days")
    def _check_revisit_interval_days(self):
        for tier in self:
            if tier.revisit_interval_days < 0:
                raise ValidationError(_("The revisit interval of the tier %s cannot be negative (%s days).")
                                      % (tier.name, tier.revisit_interval_days))

    @api.multi
    def unlink(self):
        self.check_access_rights("unlink")
        self.check_access_rule("unlink")
        used = self.env["res.partner"].sudo().with_context(active_test=False).search_count(
            [("tier_id", "in", self.ids)])
        if used:
            raise UserError(_("The tier %s is still used by %d customers: archive it instead of deleting it.")
                            % (", ".join(self.mapped("name")), used))
        return super().unlink()

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_customers(self):
        """Open the customers of this tier."""
        self.ensure_one()
        action = self.env.ref("customer_mgmt.res_partner_action_customer").read()[0]
        action["domain"] = account_domain(("tier_id", "=", self.id))
        action["context"] = {"default_customer": True, "default_is_company": True,
                             "default_tier_id": self.id}
        return action
