"""res.partner in customer_privacy: consents, the consent filter of the mailings, and THE
create/write of customer_privacy: the ID number is checked and stored compact."""
from odoo import api, models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["customer.privacy.partner.mixin", "res.partner"]

    @api.model
    def create(self, vals):
        return super().create(self._privacy_id_number_vals(vals))

    @api.multi
    def write(self, vals):
        return super().write(self._privacy_id_number_vals(vals, partners=self))
