from odoo import fields, models


class ResPartner(models.Model):
    """The standard fields customer_mgmt tracks (customer_history_mixin.py), tracked the same way.

    Fields our addons add (customer code, short name, tier, region, lifecycle stage, …) do not
    exist in plain Odoo and are not tracked here: the anchor tracks only what plain Odoo has.
    """
    _inherit = "res.partner"

    name = fields.Char(track_visibility="onchange")
    phone = fields.Char(track_visibility="onchange")
    mobile = fields.Char(track_visibility="onchange")
    email = fields.Char(track_visibility="onchange")
    street = fields.Char(track_visibility="onchange")
    street2 = fields.Char(track_visibility="onchange")
    zip = fields.Char(track_visibility="onchange")
    city = fields.Char(track_visibility="onchange")
    state_id = fields.Many2one(track_visibility="onchange")
    country_id = fields.Many2one(track_visibility="onchange")
    user_id = fields.Many2one(track_visibility="onchange")
    team_id = fields.Many2one(track_visibility="onchange")
    industry_id = fields.Many2one(track_visibility="onchange")
    vat = fields.Char(track_visibility="onchange")
    parent_id = fields.Many2one(track_visibility="onchange")
    function = fields.Char(track_visibility="onchange")
    website = fields.Char(track_visibility="onchange")
