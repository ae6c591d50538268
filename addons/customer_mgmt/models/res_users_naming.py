from odoo import api, models

from .res_partner_naming import INTERNAL_PARTNER_KEY


class ResUsers(models.Model):
    """Users' own partners are not customers: naming rules and codes skip them."""

    _inherit = "res.users"

    @api.model
    def create(self, vals):
        users = super(ResUsers, self.with_context(**{INTERNAL_PARTNER_KEY: True})).create(vals)
        return self.browse(users.ids)
