from odoo import api, fields, models

from ..utils.working_time import WorkingTime


class ResourceCalendar(models.Model):
    """Working calendars of the SLA policies: their working time, holidays and make-up days."""

    _inherit = "resource.calendar"

    customer_feedback_day_ids = fields.One2many(
        "customer.feedback.calendar.day", "calendar_id", string="Holidays and Make-up Days")

    @api.multi
    def _sla_working_time(self, tz_name):
        """The calendar's working time in ``tz_name``, read in three queries (attendances,
        global leaves, make-up days)."""
        self.ensure_one()
        calendar = self.sudo()
        attendances = [
            (int(att.dayofweek), att.hour_from, att.hour_to,
             att.date_from and fields.Date.from_string(att.date_from),
             att.date_to and fields.Date.from_string(att.date_to))
            for att in calendar.attendance_ids]
        self.env.cr.execute("""
            SELECT date_from, date_to FROM resource_calendar_leaves
             WHERE calendar_id = %s AND resource_id IS NULL""", (self.id,))
        leaves = [(fields.Datetime.from_string(start), fields.Datetime.from_string(end))
                  for start, end in self.env.cr.fetchall()]
        self.env.cr.execute("""
            SELECT date FROM customer_feedback_calendar_day
             WHERE calendar_id = %s AND day_type = 'working_day'""", (self.id,))
        working_days = [fields.Date.from_string(row[0]) for row in self.env.cr.fetchall()]
        return WorkingTime(tz_name, attendances, leaves, working_days)
