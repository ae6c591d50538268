"""Saved export templates named in the reader's language."""
from odoo import api, fields, models


class IrExports(models.Model):
    """Export templates shipped by the addons (Customer List, Contact List) have a translated
    name; Odoo 11's export dialog lists them without a context, so the list is read in the
    user's language."""

    _inherit = "ir.exports"

    name = fields.Char(translate=True)

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None):
        if not self.env.context.get("lang"):
            self = self.with_context(lang=self.env.user.lang)
        return super(IrExports, self).search_read(
            domain=domain, fields=fields, offset=offset, limit=limit, order=order)
