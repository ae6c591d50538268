from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

SALESPERSON_GROUP = "customer_mgmt.group_customer_salesperson"

from odoo.addons.customer_mgmt.utils.access import SALESPERSON, allowed_groups


class CustomerLifecycleMove(models.TransientModel):
    """Move customers to another lifecycle stage by hand, saying why."""

    _name = "customer.lifecycle.move"
    _description = "Change Lifecycle Stage"

    partner_ids = fields.Many2many(
        "res.partner", string="Customers", required=True,
        default=lambda self: self._default_partner_ids())
    stage_id = fields.Many2one(
        "customer.lifecycle.stage", string="New Stage", required=True,
        domain=[("allow_manual_move", "=", True)])
    reason = fields.Text(required=True)

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return False

    @api.model
    def _check_salesperson(self):
        """Transient models have no access rights in Odoo 11: only salespeople move customers."""
        if not self.env.user.has_group(SALESPERSON_GROUP):
            raise AccessError(_("Only salespeople and their managers may change the lifecycle "
                                "stage of customers."))

    @api.model
    def create(self, vals):
        self._check_salesperson()
        return super().create(vals)

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_move(self):
        """Move the customers, recording the reason on each transition."""
        self.ensure_one()
        self._check_salesperson()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Please give a reason for moving the customers by hand."))
        # Read through sudo: a many2many hides the partners the user cannot read, check them instead.
        partners = self.env["res.partner"].browse(self.sudo().partner_ids.ids)
        if not partners:
            raise UserError(_("Choose the customers to move."))
        # A write as the user: the record rules decide whom they may move.
        partners._lifecycle_check_access("write")
        partners._lifecycle_check_manual_move(self.stage_id)
        partners.with_context(lifecycle_force=True)._lifecycle_move(self.stage_id, reason=reason)
        return {"type": "ir.actions.act_window_close"}
