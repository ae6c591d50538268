from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.access import TEAM_LEADER, allowed_groups
from ..utils.accounts import account_domain, is_account


class CustomerPoolTakeBackWizard(models.TransientModel):
    """A pool administrator takes customers away from their salesperson into the pool."""

    _name = "customer.pool.take.back.wizard"
    _description = "Take Customers Back into a Pool"

    pool_id = fields.Many2one("customer.pool", string="Pool", required=True,
                              default=lambda self: self._default_pool())
    partner_ids = fields.Many2many(
        "res.partner", "customer_pool_take_back_wizard_partner_rel", "wizard_id", "partner_id",
        string="Customers", required=True, domain=account_domain(("user_id", "!=", False)),
        default=lambda self: self._default_partners())
    reason = fields.Text(required=True, help="Why the customers are taken back.")

    @api.model
    def _default_partners(self):
        if self.env.context.get("active_model") == "res.partner":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return []

    @api.model
    def _default_pool(self):
        """The pool the first customer goes back to, if the user administers it; else the pool
        it was claimed from or assigned by, if the user administers that one; else the former
        (the administrator of another pool picks one of theirs)."""
        ids = (self.env.context.get("active_ids") or []
               if self.env.context.get("active_model") == "res.partner" else [])
        if not ids:
            return False
        partner = self.env["res.partner"].browse(ids[0])
        Pool = self.env["customer.pool"].sudo()
        home = Pool.browse(partner._pool_home_pools().get(ids[0]))
        for pool in (home, partner.sudo().pool_id):
            if pool and pool.active and pool._is_administered_by(self.env.user):
                return pool.id
        return home.id

    @api.multi
    @allowed_groups(TEAM_LEADER)
    def action_confirm(self):
        """Take back the customers the user may edit into the pool they administer."""
        self.ensure_one()
        pool, user = self.pool_id, self.env.user
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason why the customers are taken back into the "
                              "pool."))
        if not pool._is_administered_by(user):
            raise AccessError(_("Only the administrators of the pool %s may take customers "
                                "back into it.") % pool.name)
        partners = self.partner_ids
        if not partners:
            raise UserError(_("Choose the customers to take back."))
        if self.sudo().partner_ids - partners.sudo():
            raise AccessError(_("You may only take back customers you can read and edit."))
        not_held = partners.filtered(lambda p: not is_account(p) or not p.user_id)
        if not_held:
            raise UserError(_("%s has no salesperson to take it back from.")
                            % ", ".join(not_held.mapped("display_name")))
        partners.check_access_rights("write")
        partners.check_access_rule("write")
        partners._release_to_pool(reason, pool=pool, action="take_back")
        return {"type": "ir.actions.act_window_close"}
