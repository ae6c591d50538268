"""Settings of the company registry: which provider answers the lookups."""
from odoo import api, fields, models

from .customer_registry_provider import DEFAULT_PROVIDER, PROVIDER_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_registry_provider = fields.Selection(
        lambda self: self.env["customer.registry.provider"]._registry_provider_models(),
        string="Company Registry Source", default=DEFAULT_PROVIDER,
        help="Where the customer form looks up registry records: the imported files, or a data "
             "service an addon provides.")

    @api.model
    def get_values(self):
        res = super().get_values()
        res["customer_registry_provider"] = \
            self.env["customer.registry.provider"]._registry_provider()._name
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            PROVIDER_PARAM, self.customer_registry_provider or DEFAULT_PROVIDER)
