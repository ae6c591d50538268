from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Customers settings; each feature adds its own fields in res_config_settings_<feature>.py."""

    _inherit = "res.config.settings"

    customer_mgmt_module = fields.Boolean(
        string="Customers Settings Loaded", default=True, readonly=True,
        help="Technical anchor of the Customers settings block.")
