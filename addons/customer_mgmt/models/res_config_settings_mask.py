"""Settings of the masking of contact data: how many values a user may reveal a day."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_mask_reveal_log import REVEAL_LIMIT_PARAM, REVEAL_LIMIT_DEFAULT


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_mask_reveal_daily_limit = fields.Integer(
        string="Reveals per User and Day", default=REVEAL_LIMIT_DEFAULT,
        help="How many masked phone numbers and e-mails each user may reveal (Show Number) a "
             "day; every reveal is logged.")

    @api.constrains("customer_mask_reveal_daily_limit")
    def _check_customer_mask_reveal_daily_limit(self):
        for settings in self:
            if settings.customer_mask_reveal_daily_limit < 0:
                raise ValidationError(_(
                    "Reveals per User and Day cannot be negative, not %s.") %
                    settings.customer_mask_reveal_daily_limit)

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        res["customer_mask_reveal_daily_limit"] = \
            self.env["customer.mask.reveal.log"]._reveal_limit()
        return res

    @api.multi
    def set_values(self):
        super(ResConfigSettings, self).set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            REVEAL_LIMIT_PARAM, str(self.customer_mask_reveal_daily_limit))
