"""res.partner in customer_privacy: consents and the consent filter of the mailings (no
create/write: nothing of a save changes)."""
from odoo import models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["customer.privacy.partner.mixin", "res.partner"]
