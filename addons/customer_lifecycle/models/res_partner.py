"""The one write (and the INSERT of a create) of res.partner in customer_lifecycle, around
customer_mgmt's pipeline."""
from odoo import api, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["customer.lifecycle.signals.mixin", "customer.lifecycle.mixin",
                "customer.churn.mixin", "customer.reminder.mixin", "res.partner"]

    @api.model
    def _create(self, vals):
        """A new account's start stage goes into its INSERT: no UPDATE after the create."""
        return super()._create(self._lifecycle_create_vals(vals))

    @api.multi
    def write(self, vals):
        vals, stage = self._lifecycle_write_vals(vals)
        result = super().write(vals) if vals or stage is None else True
        if stage:
            self._lifecycle_manual_move(stage)
        return result
