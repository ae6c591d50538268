from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.res.res_partner import _tz_get

DAY_TYPES = [
    ("holiday", "Public Holiday"),
    ("working_day", "Make-up Working Day"),
]
DEFAULT_TZ = "Asia/Shanghai"


class CustomerFeedbackCalendarDay(models.Model):
    """A public holiday or a make-up working day (调休) of an SLA calendar: a year's schedule is
    imported as a small CSV (date, type, name); holidays become the calendar's global leaves."""

    _name = "customer.feedback.calendar.day"
    _description = "SLA Calendar Day"
    _order = "date, id"

    date = fields.Date(required=True, index=True)
    day_type = fields.Selection(
        DAY_TYPES, string="Type", required=True, default="holiday",
        help="Public holiday: no working time that day. Make-up working day: a Saturday or "
             "Sunday worked with the hours of a normal working day.")
    name = fields.Char(required=True, translate=True)
    calendar_id = fields.Many2one(
        "resource.calendar", string="Working Calendar", required=True, index=True,
        ondelete="cascade", default=lambda self: self._default_calendar_id())
    tz = fields.Selection(
        _tz_get, string="Time Zone", required=True, default=DEFAULT_TZ,
        help="The holiday lasts from midnight to midnight in this time zone.")
    leave_id = fields.Many2one(
        "resource.calendar.leaves", string="Calendar Leave", readonly=True, copy=False,
        ondelete="set null", help="The global leave of the calendar kept for a holiday.")

    _sql_constraints = [
        ("calendar_date_unique", "UNIQUE(calendar_id, date)",
         "A calendar has one holiday or make-up day per date."),
    ]

    @api.model
    def _default_calendar_id(self):
        return self.env.ref("customer_feedback.resource_calendar_china_standard",
                            raise_if_not_found=False)

    @api.constrains("date", "day_type", "calendar_id")
    def _check_working_day(self):
        for day in self:
            weekday = fields.Date.from_string(day.date).weekday()
            worked = weekday in day.calendar_id.sudo()._get_weekdays()
            if day.day_type == "working_day" and worked:
                raise ValidationError(
                    _("The make-up working day %s (%s) is already a working day of the calendar "
                      "%s: a make-up day is a day off the calendar works exceptionally.")
                    % (day.date, day.name, day.calendar_id.name))

    @api.model
    def create(self, vals):
        day = super().create(vals)
        day._sync_leave()
        return day

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if set(vals) & {"date", "day_type", "name", "calendar_id", "tz"}:
            self._sync_leave()
        return result

    @api.multi
    def unlink(self):
        leaves = self.sudo().mapped("leave_id")
        result = super().unlink()
        leaves.unlink()
        return result

    @api.multi
    def _sync_leave(self):
        """A holiday keeps one global leave of its calendar, from midnight to midnight; a
        make-up day has none."""
        Leave = self.env["resource.calendar.leaves"].sudo()
        for day in self.sudo():
            if day.day_type != "holiday":
                if day.leave_id:
                    leave = day.leave_id
                    super(CustomerFeedbackCalendarDay, day).write({"leave_id": False})
                    leave.unlink()
                continue
            tz = pytz.timezone(day.tz or DEFAULT_TZ)
            start = datetime.combine(fields.Date.from_string(day.date), time())
            bounds = [tz.localize(moment, is_dst=False).astimezone(pytz.UTC).replace(tzinfo=None)
                      for moment in (start, start + timedelta(days=1))]
            values = {
                "name": day.name, "calendar_id": day.calendar_id.id, "resource_id": False,
                "date_from": fields.Datetime.to_string(bounds[0]),
                "date_to": fields.Datetime.to_string(bounds[1]), "tz": day.tz,
            }
            if day.leave_id:
                day.leave_id.write(values)
            else:
                super(CustomerFeedbackCalendarDay, day).write({"leave_id": Leave.create(values).id})
