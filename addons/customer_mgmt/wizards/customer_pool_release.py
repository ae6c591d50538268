from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..utils.access import SALESPERSON, allowed_groups
from ..utils.accounts import account_domain, is_account


class CustomerPoolReleaseWizard(models.TransientModel):
    """Release customers back to the public pool: the reason goes to the chatter."""

    _name = "customer.pool.release.wizard"
    _description = "Release Customers to the Public Pool"

    partner_ids = fields.Many2many(
        "res.partner", "customer_pool_release_wizard_partner_rel", "wizard_id", "partner_id",
        string="Customers", required=True,
        domain=account_domain(("user_id", "!=", False)))
    reason = fields.Text(required=True, help="Why the customer goes back to the pool.")

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_confirm(self):
        """Release the customers the user may edit; refuse the others."""
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason why the customers go back to the public pool."))
        partners = self.partner_ids
        # Customers the user may not read are silently dropped from the many2many: refuse.
        if self.sudo().partner_ids - partners.sudo():
            raise AccessError(_("You may only release customers you can read and edit."))
        not_accounts = partners.filtered(lambda p: not is_account(p))
        if not_accounts:
            raise UserError(_("Only customer accounts go to the public pool, not %s.")
                            % ", ".join(not_accounts.mapped("display_name")))
        in_pool = partners.filtered(lambda p: not p.user_id)
        if in_pool:
            raise UserError(_("%s is already in the public pool.")
                            % ", ".join(in_pool.mapped("display_name")))
        # The user must be allowed to edit the customers (own, team or all customers).
        partners.check_access_rights("write")
        partners.check_access_rule("write")
        partners._release_to_pool(reason)
        return {"type": "ir.actions.act_window_close"}
