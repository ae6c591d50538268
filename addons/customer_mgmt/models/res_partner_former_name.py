from odoo import api, fields, models

from ..utils.trigram import create_trigram_index, ensure_pg_trgm


class ResPartnerFormerName(models.Model):
    """A legal name a customer company used before (曾用名), kept so it stays searchable."""

    _name = "res.partner.former.name"
    _description = "Former Name of a Customer"
    _order = "date desc, id desc"
    _rec_name = "name"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True,
        auto_join=True)
    name = fields.Char(string="Former Name", required=True, index=True)
    date = fields.Datetime(
        string="Changed On", required=True, default=fields.Datetime.now,
        help="When the customer stopped using this name.")
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user, ondelete="set null")

    @api.model_cr
    def init(self):
        """name_search finds customers by a fragment of a former name."""
        if ensure_pg_trgm(self.env.cr):
            create_trigram_index(self.env.cr, self._table, "name")
