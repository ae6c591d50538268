from odoo import api, models


class ResConfigSettings(models.TransientModel):
    """Settings of the public customer pool: limits, cooldown and automatic release."""

    _name = "res.config.settings"
    _inherit = ["res.config.settings", "customer.pool.settings.mixin"]

    @api.model
    def get_values(self):
        res = super().get_values()
        res.update(self._pool_settings_values())
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        self._pool_settings_save()
