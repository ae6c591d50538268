from odoo import api, fields, models

from .customer_naming_mixin import CODE_PREFIX_PARAM, code_prefix
from .customer_contact_validation_mixin import PHONE_VALIDATION_PARAM


class ResConfigSettings(models.TransientModel):
    """Settings of customer codes and phone validation, kept in ir.config_parameter."""

    _inherit = "res.config.settings"

    customer_mgmt_customer_code_prefix = fields.Char(
        string="Customer Code Prefix",
        help="Put before the sequence number of new customer codes, e.g. C gives C000123.")
    customer_mgmt_phone_validation = fields.Selection(
        [("block", "Refuse invalid numbers"), ("warn", "Save and flag invalid numbers")],
        string="Phone Validation")

    @api.model
    def get_values(self):
        # Odoo 11 has no config_parameter= on settings fields: read the parameters here.
        res = super(ResConfigSettings, self).get_values()
        res.update(
            customer_mgmt_customer_code_prefix=code_prefix(self.env),
            customer_mgmt_phone_validation=self.env["res.partner"]._customer_mgmt_phone_mode(),
        )
        return res

    @api.multi
    def set_values(self):
        super(ResConfigSettings, self).set_values()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(CODE_PREFIX_PARAM, (self.customer_mgmt_customer_code_prefix or "").strip())
        params.set_param(PHONE_VALIDATION_PARAM, self.customer_mgmt_phone_validation or "block")
