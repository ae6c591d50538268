"""Deadlines in working time: the shipped China calendar (Mon-Fri 09:00-12:00, 13:00-18:00,
Asia/Shanghai), its public holidays and make-up working days, and their CSV import."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import FeedbackCase

SHANGHAI = timedelta(hours=8)


def local(*args):
    """The ORM's naive UTC string of a Shanghai wall-clock time."""
    return fields.Datetime.to_string(datetime(*args) - SHANGHAI)


class SlaCalendarCase(FeedbackCase):
    """One policy on the shipped calendar: 4 working hours to respond, 24 to resolve."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("customer_feedback.resource_calendar_china_standard")
        Policy = cls.env["customer.feedback.sla.policy"]
        Policy.search([]).write({"active": False})
        cls.policy = Policy.create({
            "name": "Working-time complaints", "response_hours": 4, "resolution_hours": 24})
        cls.Day = cls.env["customer.feedback.calendar.day"]


class TestSlaCalendar(SlaCalendarCase):

    def test_policy_defaults_to_the_china_calendar(self):
        self.assertEqual(self.policy.calendar_id, self.calendar)
        self.assertEqual(self.policy.tz, "Asia/Shanghai")
        hours = sorted((a.dayofweek, a.hour_from, a.hour_to) for a in self.calendar.attendance_ids)
        self.assertEqual(hours, sorted((str(d), h_from, h_to) for d in range(5)
                                       for h_from, h_to in ((9, 12), (13, 18))))

    def test_last_evening_before_national_day_waits_for_the_holiday(self):
        # Wednesday 30 September 2026, 17:30: half an hour left, then the 7 days of National Day.
        ticket = self.create_feedback(date_received=local(2026, 9, 30, 17, 30))
        self.assertEqual(ticket.sla_policy_id, self.policy)
        # 0.5 h on the 30th, 3 h on the morning of Thursday 8 October, 0.5 h after lunch.
        self.assertEqual(ticket.sla_response_deadline, local(2026, 10, 8, 13, 30))
        # 24 h: 0.5 + 8 (Thu 8th) + 8 (Fri 9th) + 7.5 on Saturday 10th, a make-up working day.
        self.assertEqual(ticket.sla_resolution_deadline, local(2026, 10, 10, 17, 30))
        self.assertEqual(ticket.sla_response_risk_date, local(2026, 10, 8, 11, 30),
                         "75% of 4 h: 3 h, half an hour on the 30th and 2.5 h on the 8th")

    def test_friday_evening_before_spring_festival_and_its_make_up_saturday(self):
        # Friday 13 February 2026, 17:30; Saturday the 14th is worked, then 15th-23rd off.
        ticket = self.create_feedback(date_received=local(2026, 2, 13, 17, 30))
        self.assertEqual(ticket.sla_response_deadline, local(2026, 2, 14, 13, 30))
        # 0.5 + 8 (Sat 14th) + 8 (Tue 24th) + 7.5 on Wednesday 25th.
        self.assertEqual(ticket.sla_resolution_deadline, local(2026, 2, 25, 17, 30))

    def test_make_up_sunday_is_a_working_day(self):
        # Friday 18 September 2026, 17:30; Sunday the 20th is worked for National Day.
        ticket = self.create_feedback(date_received=local(2026, 9, 18, 17, 30))
        self.assertEqual(ticket.sla_response_deadline, local(2026, 9, 20, 13, 30))

    def test_nights_weekends_and_lunch_are_skipped(self):
        # Monday 2 March 2026 (no holiday): 11:00 + 4 h = 1 h before lunch, 3 h after it.
        ticket = self.create_feedback(date_received=local(2026, 3, 2, 11, 0))
        self.assertEqual(ticket.sla_response_deadline, local(2026, 3, 2, 16, 0))
        # 17:00 + 4 h: 1 h on Monday, the night skipped, Tuesday's morning ends it at 12:00.
        evening = self.create_feedback(date_received=local(2026, 3, 2, 17, 0))
        self.assertEqual(evening.sla_response_deadline, local(2026, 3, 3, 12, 0))
        # Received on Saturday 7 March at night: the clock starts on Monday 09:00.
        weekend = self.create_feedback(date_received=local(2026, 3, 7, 22, 0))
        self.assertEqual(weekend.sla_response_deadline, local(2026, 3, 9, 14, 0))

    def test_another_time_zone_moves_the_hours(self):
        self.policy.tz = "Europe/Berlin"
        # 10:00 UTC on Monday 2 March 2026 is 11:00 in Berlin: 1 h, lunch, 3 h -> 16:00 Berlin.
        ticket = self.create_feedback(date_received="2026-03-02 10:00:00")
        self.assertEqual(ticket.sla_response_deadline, "2026-03-02 15:00:00")

    def test_holidays_are_global_leaves_of_the_calendar(self):
        day = self.Day.search([("date", "=", "2026-10-01"), ("calendar_id", "=", self.calendar.id)])
        self.assertEqual(day.day_type, "holiday")
        self.assertEqual(day.leave_id.calendar_id, self.calendar)
        self.assertFalse(day.leave_id.resource_id)
        self.assertEqual((day.leave_id.date_from, day.leave_id.date_to),
                         (local(2026, 10, 1, 0, 0), local(2026, 10, 2, 0, 0)))
        make_up = self.Day.search([("date", "=", "2026-09-20")])
        self.assertEqual(make_up.day_type, "working_day")
        self.assertFalse(make_up.leave_id)
        # Both years are shipped: 2027's National Day, expected.
        self.assertTrue(self.Day.search(
            [("date", "=", "2027-10-01"), ("day_type", "=", "holiday")]))

    def test_a_day_changed_keeps_its_leave(self):
        day = self.Day.sudo(self.user_manager).create(
            {"date": "2028-05-01", "day_type": "holiday", "name": "Labour Day"})
        leave = day.leave_id
        self.assertTrue(leave)
        day.date = "2028-05-02"
        self.assertEqual(day.leave_id, leave)
        self.assertEqual(leave.date_from, local(2028, 5, 2, 0, 0))
        day.sudo().unlink()
        self.assertFalse(leave.exists())

    def test_csv_import_adds_a_year(self):
        """The documented import (docs/sla_calendar_days_2027.csv): date, type, name."""
        Day = self.Day.sudo(self.user_manager)
        result = Day.load(["date", "day_type", "name"], [
            ["2028-01-03", "holiday", "元旦"],
            ["2028-01-08", "working_day", "调休上班"],   # a Saturday
        ])
        self.assertFalse(result["messages"])
        days = self.Day.browse(result["ids"])
        self.assertEqual(days.mapped("day_type"), ["holiday", "working_day"])
        self.assertEqual(days.mapped("calendar_id"), self.calendar)
        self.assertTrue(days[0].leave_id)
        # Friday 7 January 2028, 17:00: 1 h, then the make-up Saturday.
        ticket = self.create_feedback(date_received=local(2028, 1, 7, 17, 0))
        self.assertEqual(ticket.sla_response_deadline, local(2028, 1, 8, 12, 0))
        # Monday 3 January 2028 is a holiday: a ticket of Sunday night waits for Tuesday.
        sunday = self.create_feedback(date_received=local(2028, 1, 2, 22, 0))
        self.assertEqual(sunday.sla_response_deadline, local(2028, 1, 4, 14, 0))

    def test_import_refuses_bad_rows_and_saves_nothing(self):
        Day = self.Day.sudo(self.user_manager)
        before = self.Day.search_count([])
        for row, word in ((["2028-01-04", "working_day", "Tuesday"], "already a working day"),
                          (["2028-13-45", "holiday", "Nowhere"], "2028-13-45"),
                          (["2028-01-05", "party", "Party"], "party")):
            with mute_logger("odoo.sql_db", "odoo.models"):
                result = Day.load(["date", "day_type", "name"], [row])
            self.assertFalse(result["ids"], row)
            self.assertIn(word, " ".join(m["message"] for m in result["messages"]), row)
        self.assertEqual(self.Day.search_count([]), before)

    def test_make_up_day_on_a_working_day_refused(self):
        with self.assertRaisesRegex(ValidationError, "2028-01-04.*already a working day"), \
                self.env.cr.savepoint():
            self.Day.create({"date": "2028-01-04", "day_type": "working_day", "name": "Tue"})
        self.assertFalse(self.Day.search([("date", "=", "2028-01-04")]))

    def test_only_managers_configure_calendars_and_policies(self):
        leave = self.Day.search([("date", "=", "2026-10-01")]).leave_id
        attendance = self.calendar.attendance_ids[:1]
        for user in (self.user_service, self.user_salesperson, self.user_leader):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.Day.sudo(user).create(
                    {"date": "2028-02-01", "name": "No", "day_type": "holiday"})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.policy.sudo(user).write({"calendar_id": self.calendar.id, "tz": "UTC"})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                attendance.sudo(user).write({"hour_to": 20})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                leave.sudo(user).write({"date_to": local(2026, 10, 8, 0, 0)})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.env["resource.calendar.leaves"].sudo(user).create({
                    "name": "Sneaky day off", "calendar_id": self.calendar.id,
                    "date_from": local(2028, 3, 1, 0, 0), "date_to": local(2028, 3, 2, 0, 0)})
        self.assertEqual(attendance.hour_to, 12)
        self.assertEqual(leave.date_to, local(2026, 10, 2, 0, 0))
        self.assertEqual(self.policy.tz, "Asia/Shanghai")
        # Managers do.
        self.policy.sudo(self.user_manager).write({"tz": "Asia/Hong_Kong"})
        attendance.sudo(self.user_manager).write({"hour_to": 12.5})
        # Odoo 11 lets nobody but administrators change global leaves: managers change the
        # holidays through their calendar days.
        self.Day.search([("date", "=", "2026-10-01")]).sudo(self.user_manager).write(
            {"name": "National Day (1st)"})
        self.assertEqual(leave.name, "National Day (1st)")
        self.Day.sudo(self.user_manager).create(
            {"date": "2028-02-01", "name": "Yes", "day_type": "holiday"})


class TestSlaReport(SlaCalendarCase):
    """Attainment, working hours and time paused per team, policy, category and month."""

    def test_working_hours_and_attainment_in_the_analysis(self):
        team = self.env["crm.team"].create({"name": "Report SLA Team"})
        # Friday 13 February 2026 17:30, answered on the make-up Saturday at 10:30 (2 working
        # hours of 4), resolved on Tuesday 24th at 10:00 after the Spring Festival (9.5 h of 24).
        met = self.create_feedback(date_received=local(2026, 2, 13, 17, 30), team_id=team.id)
        met.write({"date_first_response": local(2026, 2, 14, 10, 30)})
        met.write({"date_resolved": local(2026, 2, 24, 10, 0), "resolution": "Replaced."})
        # Monday 2 March 2026 09:00, answered at 16:00: 6 working hours of 4, late.
        late = self.create_feedback(date_received=local(2026, 3, 2, 9, 0), team_id=team.id)
        late.write({"date_first_response": local(2026, 3, 2, 16, 0)})
        self.assertAlmostEqual(met.response_work_hours, 2.0)
        self.assertAlmostEqual(met.resolution_work_hours, 9.5)
        self.assertAlmostEqual(late.response_work_hours, 6.0)
        Report = self.env["customer.feedback.report"].sudo(self.user_manager)
        rows = {row.feedback_id: row for row in Report.search([("team_id", "=", team.id)])}
        self.assertEqual(rows[met].sla_attainment, 100.0)
        self.assertEqual(rows[late].sla_attainment, 0.0)
        groups = Report.read_group(
            [("team_id", "=", team.id)],
            ["sla_policy_id", "date_received", "sla_attainment", "response_work_hours",
             "paused_hours"],
            ["sla_policy_id", "date_received:month"], lazy=False)
        self.assertEqual(len(groups), 2, "February and March")
        self.assertEqual({g["sla_attainment"] for g in groups}, {100.0, 0.0})
        self.assertEqual({g["sla_policy_id"][0] for g in groups}, {self.policy.id})
