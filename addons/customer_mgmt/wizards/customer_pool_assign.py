from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.access import TEAM_LEADER, allowed_groups
from ..utils.accounts import account_domain


class CustomerPoolAssignWizard(models.TransientModel):
    """A pool administrator gives pool customers to members of the pool, in turn."""

    _name = "customer.pool.assign.wizard"
    _description = "Assign Pool Customers"

    pool_id = fields.Many2one("customer.pool", string="Pool", required=True,
                              default=lambda self: self._default_pool())
    partner_ids = fields.Many2many(
        "res.partner", "customer_pool_assign_wizard_partner_rel", "wizard_id", "partner_id",
        string="Customers", required=True, domain=account_domain(("user_id", "=", False)),
        default=lambda self: self._default_partners())
    user_ids = fields.Many2many(
        "res.users", "customer_pool_assign_wizard_user_rel", "wizard_id", "user_id",
        string="Salespeople", required=True,
        help="The customers are shared out among them in turn, within each one's holding "
             "limit.")

    @api.model
    def _default_partners(self):
        if self.env.context.get("active_model") == "res.partner":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return []

    @api.model
    def _default_pool(self):
        if self.env.context.get("active_model") == "customer.pool":
            return self.env.context.get("active_id")
        if self.env.context.get("active_model") == "res.partner" and self.env.context.get(
                "active_ids"):
            return self.env["res.partner"].browse(
                self.env.context["active_ids"][0])._pool_current().id
        return False

    @api.onchange("pool_id")
    def _onchange_pool_id(self):
        """Offer only the salespeople the pool serves: the others would be refused."""
        if not self.pool_id:
            return {"domain": {"user_ids": [("id", "in", [])]}}
        salespeople = self.env.ref("customer_mgmt.group_customer_salesperson")
        return {"domain": {"user_ids": [("id", "in", self.pool_id.sudo()._served_user_ids()),
                                        ("groups_id", "in", salespeople.ids)]}}

    @api.multi
    @allowed_groups(TEAM_LEADER)
    def action_confirm(self):
        """Assign the customers if every check passes for every one of them; else nothing."""
        self.ensure_one()
        pool, user = self.pool_id, self.env.user
        if not pool._is_administered_by(user):
            raise AccessError(_("Only the administrators of the pool %s may assign its "
                                "customers.") % pool.name)
        partners = self.partner_ids
        if not partners:
            raise UserError(_("Choose the customers to assign."))
        # Customers the user may not read are silently dropped from the many2many: refuse.
        if self.sudo().partner_ids - partners.sudo():
            raise AccessError(_("You may only assign customers you can read."))
        partners.check_access_rights("read")
        partners.check_access_rule("read")
        outsiders = self.user_ids.filtered(
            lambda member: member.id not in pool._served_user_ids()
            or not member.has_group("customer_mgmt.group_customer_salesperson"))
        if outsiders:
            raise UserError(_("%(users)s are not salespeople served by the pool %(pool)s.") % {
                "users": ", ".join(outsiders.mapped("name")), "pool": pool.name})
        partners._pool_assign(pool, self.user_ids.sorted("id"), user)
        return {"type": "ir.actions.act_window_close"}
