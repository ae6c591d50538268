from odoo import _, api, models
from odoo.exceptions import AccessError

from ..models.res_config_settings_pool import ResConfigSettings
from ..utils.access import MANAGER, allowed_groups

MANAGER_GROUP = "customer_mgmt.group_customer_manager"


def _settings_field(name):
    """A copy of a pool field of the Settings, so that both forms show the same labels and defaults."""
    field = getattr(ResConfigSettings, name)
    return type(field)(**dict(field.args))


class CustomerPoolSettings(models.TransientModel):
    """Pool settings for customer managers, who cannot open Odoo's Settings (administrators only)."""

    _name = "customer.pool.settings"
    _description = "Public Customer Pool Settings"

    customer_pool_max_customers = _settings_field("customer_pool_max_customers")
    customer_pool_cooldown_days = _settings_field("customer_pool_cooldown_days")
    customer_pool_release_days = _settings_field("customer_pool_release_days")
    customer_pool_warning_days = _settings_field("customer_pool_warning_days")
    customer_pool_release_key_accounts = _settings_field("customer_pool_release_key_accounts")

    # Same check as in the Settings (no negative limits or periods), run on create and save.
    _check_customer_pool_settings = ResConfigSettings._check_customer_pool_settings

    @api.model
    def default_get(self, fields_list):
        """Show the current system parameters (their defaults when unset)."""
        res = super().default_get(fields_list)
        values = self.env["res.partner"]._pool_settings_values()
        res.update({name: value for name, value in values.items() if name in fields_list})
        return res

    @api.model
    def _check_manager(self):
        """Transient models have no access rights in Odoo 11: only managers may change the pool."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only customer managers may change the public pool settings."))

    @api.model
    def create(self, vals):
        self._check_manager()
        return super().create(vals)

    @api.multi
    @allowed_groups(MANAGER)
    def action_save(self):
        """Store the settings as the system parameters that the pool code reads."""
        self.ensure_one()
        self._check_customer_pool_settings()
        self.env["res.partner"]._pool_settings_save(self)
        return {"type": "ir.actions.client", "tag": "reload"}
