from odoo import _, api, models
from odoo.exceptions import AccessError

from ..utils.access import MANAGER, allowed_groups

MANAGER_GROUP = "customer_mgmt.group_customer_manager"


class CustomerPoolSettings(models.TransientModel):
    """Pool settings for customer managers, who cannot open Odoo's Settings (administrators only)."""

    _name = "customer.pool.settings"
    _inherit = "customer.pool.settings.mixin"
    _description = "Public Customer Pool Settings"

    @api.model
    def default_get(self, fields_list):
        """Show the current system parameters (their defaults when unset)."""
        res = super().default_get(fields_list)
        values = self._pool_settings_values()
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
        self._pool_settings_save()
        return {"type": "ir.actions.client", "tag": "reload"}
