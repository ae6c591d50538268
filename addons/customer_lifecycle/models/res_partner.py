"""The one create and write of res.partner in customer_lifecycle, after customer_mgmt's pipeline."""
from odoo import api, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["customer.lifecycle.signals.mixin", "customer.lifecycle.mixin",
                "customer.churn.mixin", "customer.reminder.mixin", "res.partner"]

    @api.model
    def create(self, vals):
        partner = super().create(vals)
        partner._lifecycle_start()
        return partner

    @api.multi
    def write(self, vals):
        vals, stage = self._lifecycle_write_vals(vals)
        result = super().write(vals) if vals or stage is None else True
        if stage:
            self._lifecycle_manual_move(stage)
        return result
