from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# The fields and their system parameters are shared with the managers' pool settings wizard.
from .res_partner_pool import POOL_INTEGER_SETTINGS


class ResConfigSettings(models.TransientModel):
    """Settings of the public customer pool: limits, cooldown and automatic release."""

    _inherit = "res.config.settings"

    # Odoo 11 has no config_parameter=: get_values/set_values store them as system parameters.
    customer_pool_max_customers = fields.Integer(
        string="Maximum Customers per Salesperson", default=0,
        help="The most customer accounts one salesperson may hold; claims beyond it are "
             "refused. 0 means no limit.")
    customer_pool_cooldown_days = fields.Integer(
        string="Re-claim Cooldown (Days)", default=0,
        help="Days before a salesperson may claim again a customer they held when it went "
             "back to the pool. 0 means no cooldown.")
    customer_pool_release_days = fields.Integer(
        string="Release After (Days Without Interaction)", default=90,
        help="Customers without interaction and without open opportunity for this many days "
             "go back to the pool automatically; a tier may set its own period. 0 disables the "
             "automatic release.")
    customer_pool_warning_days = fields.Integer(
        string="Warn Salesperson (Days Before)", default=7,
        help="Days before the automatic release when the salesperson gets a warning activity.")
    customer_pool_release_key_accounts = fields.Boolean(
        string="Release Key Accounts Too",
        help="By default, customers of a key-account tier never go back to the pool "
             "automatically.")

    @api.constrains(*POOL_INTEGER_SETTINGS)
    def _check_customer_pool_settings(self):
        labels = self.fields_get(list(POOL_INTEGER_SETTINGS), ["string"])
        for settings in self:
            for name in POOL_INTEGER_SETTINGS:
                if settings[name] < 0:
                    raise ValidationError(_("%(field)s cannot be negative (%(value)s).") % {
                        "field": labels[name]["string"], "value": settings[name]})

    @api.model
    def get_values(self):
        res = super().get_values()
        res.update(self.env["res.partner"]._pool_settings_values())
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        self.env["res.partner"]._pool_settings_save(self)
