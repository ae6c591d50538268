from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .common import FeedbackCase


def _dt(value):
    return fields.Datetime.to_string(value)


class TestSla(FeedbackCase):
    """SLA policies, deadlines, status and the escalation of breaches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["customer.feedback.sla.policy"].with_context(
            default_calendar_id=cls.around_the_clock_calendar(cls.env).id, default_tz="UTC")
        cls.Policy.search([]).write({"active": False})
        cls.tier_key = cls.env["customer.tier"].create({"name": "Test Key Tier", "is_key_account": True})
        cls.policy_default = cls.Policy.create(
            {"name": "Default", "sequence": 100, "response_hours": 24, "resolution_hours": 120})
        cls.policy_complaint = cls.Policy.create({
            "name": "Complaints", "sequence": 40, "feedback_type": "complaint",
            "response_hours": 8, "resolution_hours": 72})
        cls.policy_urgent_complaint = cls.Policy.create({
            "name": "Urgent complaints", "sequence": 50, "feedback_type": "complaint",
            "priority": "3", "response_hours": 2, "resolution_hours": 24})
        cls.policy_key = cls.Policy.create({
            "name": "Key accounts", "sequence": 10, "tier_id": cls.tier_key.id,
            "response_hours": 4, "resolution_hours": 48})
        cls.policy_key_complaint = cls.Policy.create({
            "name": "Key complaints", "sequence": 60, "feedback_type": "complaint",
            "tier_id": cls.tier_key.id, "response_hours": 1, "resolution_hours": 12})
        cls.team = cls.env["crm.team"].create({"name": "SLA Team", "user_id": cls.user_leader.id})
        cls.stage_progress = cls.env.ref("customer_feedback.customer_feedback_stage_in_progress")
        cls.stage_resolved = cls.env.ref("customer_feedback.customer_feedback_stage_resolved")
        cls.stage_cancelled = cls.env.ref("customer_feedback.customer_feedback_stage_cancelled")

    @staticmethod
    def around_the_clock_calendar(env):
        """Every hour a working hour: these tests count the promised hours on the clock (the
        working-time calendars are tested in test_sla_calendar.py)."""
        return env["resource.calendar"].create({
            "name": "Around the clock",
            "attendance_ids": [(5, 0, 0)] + [
                (0, 0, {"name": "Day %s" % day, "dayofweek": str(day), "hour_from": 0,
                        "hour_to": 24}) for day in range(7)]})

    def _ago(self, hours):
        return _dt(datetime.now() - timedelta(hours=hours))

    def test_most_specific_policy(self):
        self.assertEqual(self.create_feedback(feedback_type="praise").sla_policy_id,
                         self.policy_default)
        self.assertEqual(self.create_feedback().sla_policy_id, self.policy_complaint)
        self.assertEqual(self.create_feedback(priority="3").sla_policy_id,
                         self.policy_urgent_complaint)
        self.customer.tier_id = self.tier_key
        self.assertEqual(self.create_feedback(feedback_type="inquiry").sla_policy_id,
                         self.policy_key, "the tier matches more than the catch-all")
        # Two criteria each: the urgent complaint policy (sequence 50) beats key complaints (60).
        self.assertEqual(self.create_feedback(priority="3").sla_policy_id,
                         self.policy_urgent_complaint)
        self.assertEqual(self.create_feedback(priority="1").sla_policy_id,
                         self.policy_key_complaint)

    def test_deadlines_from_receipt_and_rematch(self):
        received = datetime(2026, 3, 2, 9, 0, 0)
        ticket = self.create_feedback(date_received=_dt(received))
        self.assertEqual(ticket.sla_response_deadline, _dt(received + timedelta(hours=8)))
        self.assertEqual(ticket.sla_resolution_deadline, _dt(received + timedelta(hours=72)))
        ticket.priority = "3"
        self.assertEqual(ticket.sla_policy_id, self.policy_urgent_complaint)
        self.assertEqual(ticket.sla_response_deadline, _dt(received + timedelta(hours=2)))
        ticket.feedback_type = "praise"
        self.assertEqual(ticket.sla_policy_id, self.policy_default)

    def test_no_policy_no_deadline(self):
        self.Policy.search([]).write({"active": False})
        ticket = self.create_feedback()
        self.assertFalse(ticket.sla_policy_id)
        self.assertFalse(ticket.sla_response_deadline)
        self.assertEqual(ticket.sla_status, "on_track")

    def test_status_on_track_at_risk_breached(self):
        ticket = self.create_feedback(date_received=self._ago(1))   # response due in 8 h
        self.assertEqual(ticket.sla_status, "on_track")
        received = fields.Datetime.from_string(ticket.date_received)
        at_7h = _dt(received + timedelta(hours=7))
        at_9h = _dt(received + timedelta(hours=9))
        self.assertEqual(ticket._sla_compute_status(at_7h)[ticket.id], "at_risk")
        self.assertEqual(ticket._sla_compute_status(at_9h)[ticket.id], "breached")
        late = self.create_feedback(date_received=self._ago(10))
        self.assertEqual(late.sla_status, "breached", "stored at create")
        risky = self.create_feedback(date_received=self._ago(7))
        self.assertEqual(risky.sla_status, "at_risk")

    def test_response_met_and_hours(self):
        ticket = self.create_feedback(date_received=self._ago(3))
        ticket.stage_id = self.stage_progress
        self.assertTrue(ticket.sla_response_met)
        self.assertAlmostEqual(ticket.response_hours, 3.0, delta=0.05)
        self.assertFalse(ticket.sla_resolution_met)
        ticket.write({"stage_id": self.stage_resolved.id, "resolution": "Refunded."})
        self.assertTrue(ticket.sla_resolution_met)
        self.assertAlmostEqual(ticket.resolution_hours, 3.0, delta=0.05)
        self.assertEqual(ticket.sla_status, "on_track")

    def test_late_response_stays_breached(self):
        ticket = self.create_feedback(date_received=self._ago(10))
        ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.sla_response_met)
        self.assertAlmostEqual(ticket.response_hours, 10.0, delta=0.05)
        self.assertEqual(ticket.sla_status, "breached")

    def test_negative_hours_refused(self):
        with self.assertRaisesRegex(ValidationError, "negative"), self.env.cr.savepoint():
            self.Policy.create({"name": "Bad", "response_hours": -1, "resolution_hours": 5})
        with self.assertRaisesRegex(ValidationError, "before the first response"), \
                self.env.cr.savepoint():
            self.Policy.create({"name": "Worse", "response_hours": 10, "resolution_hours": 5})
        self.assertFalse(self.Policy.search([("name", "in", ["Bad", "Worse"])]))

    def _escalations(self, ticket):
        return self.env["mail.activity"].search([
            ("res_model", "=", "customer.feedback"), ("res_id", "=", ticket.id),
            ("activity_type_id", "=", self.env.ref(
                "customer_feedback.mail_activity_type_sla_breach").id)])

    def test_cron_escalates_once_to_team_leader(self):
        breached = self.create_feedback(date_received=self._ago(10), team_id=self.team.id)
        fine = self.create_feedback(date_received=self._ago(1), team_id=self.team.id)
        Feedback = self.env["customer.feedback"]
        result = Feedback._cron_escalate_sla_breaches()
        self.assertGreaterEqual(result["response"], 1)
        activities = self._escalations(breached)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_leader)
        self.assertTrue(breached.sla_escalated and breached.sla_response_escalated)
        self.assertFalse(breached.sla_resolution_escalated)
        self.assertTrue(breached.message_ids.filtered(lambda m: "escalated" in (m.body or "")))
        self.assertFalse(self._escalations(fine))
        self.assertFalse(fine.sla_escalated)
        # Idempotent: nothing new on a second run.
        result = Feedback._cron_escalate_sla_breaches()
        self.assertEqual(result["response"], 0)
        self.assertEqual(len(self._escalations(breached)), 1)

    def test_resolution_breach_is_a_second_escalation(self):
        ticket = self.create_feedback(date_received=self._ago(10), team_id=self.team.id)
        Feedback = self.env["customer.feedback"]
        Feedback._cron_escalate_sla_breaches()
        ticket.stage_id = self.stage_progress      # answered late, resolution still due
        self.assertEqual(len(self._escalations(ticket)), 1)
        later = _dt(datetime.now() + timedelta(hours=70))
        result = Feedback._cron_escalate_sla_breaches(date_ref=later)
        self.assertGreaterEqual(result["resolution"], 1)
        self.assertTrue(ticket.sla_resolution_escalated)
        self.assertEqual(len(self._escalations(ticket)), 2)
        result = Feedback._cron_escalate_sla_breaches(date_ref=later)
        self.assertEqual(result["resolution"], 0)
        self.assertEqual(len(self._escalations(ticket)), 2)

    def test_escalation_falls_back_to_customer_team_then_manager(self):
        self.customer.team_id = self.team
        ticket = self.create_feedback(date_received=self._ago(10))
        ticket.team_id = False
        nobody = self.create_customer("Suzhou Lonely Trading Co., Ltd.")
        orphan = self.create_feedback(customer=nobody, date_received=self._ago(10))
        self.env["customer.feedback"]._cron_escalate_sla_breaches()
        self.assertEqual(self._escalations(ticket).user_id, self.user_leader)
        self.assertTrue(self._escalations(orphan).user_id.has_group(
            "customer_mgmt.group_customer_manager"))

    def test_cron_refreshes_status_and_skips_closed(self):
        ticket = self.create_feedback(date_received=self._ago(1))
        cancelled = self.create_feedback(date_received=self._ago(1))
        cancelled.stage_id = self.stage_cancelled
        self.assertEqual(ticket.sla_status, "on_track")
        later = _dt(datetime.now() + timedelta(hours=6, minutes=30))
        result = self.env["customer.feedback"]._cron_escalate_sla_breaches(date_ref=later)
        self.assertEqual(ticket.sla_status, "at_risk")
        self.assertEqual(cancelled.sla_status, "on_track")
        self.assertFalse(self._escalations(cancelled))
        self.assertGreaterEqual(result["refreshed"], 1)

    def test_cron_batches(self):
        tickets = self.create_feedback(date_received=self._ago(10), team_id=self.team.id) \
            | self.create_feedback(date_received=self._ago(11), team_id=self.team.id) \
            | self.create_feedback(date_received=self._ago(12), team_id=self.team.id)
        self.env["customer.feedback"]._cron_escalate_sla_breaches(batch_limit=1)
        self.assertTrue(all(tickets.mapped("sla_response_escalated")))
        for ticket in tickets:
            self.assertEqual(len(self._escalations(ticket)), 1)
