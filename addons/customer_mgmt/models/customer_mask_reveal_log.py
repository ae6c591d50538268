"""Who revealed which masked contact value of which customer, and when (查看号码记录)."""
from datetime import datetime, time

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils import settings
from .customer_mask_policy import MASK_FIELDS

REVEAL_LIMIT_PARAM = "customer_mgmt.mask_reveal_daily_limit"
REVEAL_LIMIT_DEFAULT = 20


class CustomerMaskRevealLog(models.Model):
    """One reveal of one masked value; written by the system only, read by managers."""

    _name = "customer.mask.reveal.log"
    _description = "Contact Data Reveal Log"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    date = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Revealed By", required=True, readonly=True, index=True,
        ondelete="restrict")
    partner_id = fields.Many2one(
        "res.partner", string="Customer or Contact", required=True, readonly=True, index=True,
        ondelete="cascade")
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index=True, ondelete="set null")
    field_name = fields.Selection(MASK_FIELDS, string="Field", required=True, readonly=True)
    reveal_count = fields.Integer(string="Reveals", readonly=True, default=1,
                                  help="1 per reveal, to add up in the pivot.")

    @api.model
    def _reveal_limit(self):
        """Reveals a user may make per day (setting, 20 by default)."""
        return settings.get_int(self.env, REVEAL_LIMIT_PARAM, REVEAL_LIMIT_DEFAULT, minimum=0)

    @api.model
    def _day_start(self):
        """The start of the user's day (in their time zone), in UTC."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local_now = datetime.now(pytz.utc).astimezone(tz)
        start = tz.localize(datetime.combine(local_now.date(), time.min))
        return fields.Datetime.to_string(start.astimezone(pytz.utc).replace(tzinfo=None))

    @api.model
    def _log_reveal(self, partner, field_name):
        """Count today's reveals of the user, refuse over the limit, else log this one."""
        limit = self._reveal_limit()
        Log = self.sudo()
        used = Log.search_count([("user_id", "=", self.env.uid),
                                 ("date", ">=", self._day_start())])
        if used >= limit:
            raise UserError(_(
                "Reveal of %(field)s refused: you have revealed %(used)s contact values today, "
                "the daily limit is %(limit)s. Ask a manager if you need more.") % {
                    "field": partner._fields[field_name].get_description(self.env)["string"],
                    "used": used, "limit": limit})
        return Log.create({
            "date": fields.Datetime.now(),
            "user_id": self.env.uid,
            "partner_id": partner.id,
            "commercial_partner_id": partner.sudo().commercial_partner_id.id,
            "field_name": field_name,
        })
