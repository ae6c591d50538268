"""Escalation levels: at a share of the promised working time, at the breach and some working
hours after it; each level once per ticket, whatever the number of cron runs."""
import psycopg2

from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .test_sla_calendar import SlaCalendarCase, local


class TestSlaEscalation(SlaCalendarCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create(
            {"name": "Escalation Team", "user_id": cls.user_leader.id})
        cls.policy.write({"response_hours": 0, "resolution_hours": 10, "escalation_ids": [
            (5, 0, 0),
            (0, 0, {"name": "80% used", "sequence": 1, "target": "resolution",
                    "trigger": "percent", "percent": 80, "recipient": "assignee",
                    "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id}),
            (0, 0, {"name": "Breached", "sequence": 2, "target": "resolution",
                    "trigger": "breach", "recipient": "team_leader"}),
            (0, 0, {"name": "Breached 4 h ago", "sequence": 3, "target": "resolution",
                    "trigger": "breach", "delay_hours": 4, "recipient": "manager",
                    "user_id": cls.user_manager.id}),
        ]})
        cls.levels = cls.policy.escalation_ids.sorted("sequence")
        cls.Feedback = cls.env["customer.feedback"]

    def _ticket(self, **values):
        # Monday 2 March 2026, 09:00, 10 working hours to resolve: 80% at Monday 18:00, breach
        # at Tuesday 11:00, breach + 4 h at Tuesday 16:00 (lunch skipped).
        return self.create_feedback(date_received=local(2026, 3, 2, 9, 0), team_id=self.team.id,
                                    user_id=self.user_service.id, **values)

    def _logs(self, ticket):
        return self.env["customer.feedback.sla.escalation.log"].search(
            [("feedback_id", "=", ticket.id)]).sorted(lambda log: log.escalation_id.sequence)

    def _activities(self, ticket):
        return self.env["mail.activity"].search(
            [("res_model", "=", "customer.feedback"), ("res_id", "=", ticket.id)])

    def test_next_level_scheduled_in_working_time(self):
        ticket = self._ticket()
        self.assertEqual(ticket.sla_resolution_deadline, local(2026, 3, 3, 11, 0))
        self.assertEqual(ticket.sla_next_escalation_id, self.levels[0])
        self.assertEqual(ticket.sla_next_escalation_date, local(2026, 3, 2, 18, 0))

    def test_each_level_once_through_the_cron(self):
        ticket = self._ticket()
        # Tuesday 12:00: the 80% warning and the breach are due, not the manager's level.
        noon = local(2026, 3, 3, 12, 0)
        result = self.Feedback._cron_escalate_sla_breaches(date_ref=noon)
        self.assertEqual(result["resolution"], 2)
        logs = self._logs(ticket)
        self.assertEqual(logs.mapped("escalation_id"), self.levels[:2])
        self.assertEqual(logs.mapped("user_id"), self.user_service | self.user_leader)
        activities = self._activities(ticket)
        self.assertEqual(len(activities), 2)
        self.assertEqual(set(activities.mapped("user_id").ids),
                         {self.user_service.id, self.user_leader.id})
        warning = activities.filtered(lambda a: a.user_id == self.user_service)
        self.assertIn("80%", warning.summary)
        self.assertEqual(warning.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertTrue(ticket.sla_resolution_escalated and ticket.sla_escalated)
        self.assertEqual(ticket.sla_next_escalation_id, self.levels[2])
        self.assertEqual(ticket.sla_next_escalation_date, local(2026, 3, 3, 16, 0))
        # Twice: nothing new.
        result = self.Feedback._cron_escalate_sla_breaches(date_ref=noon)
        self.assertEqual(result["resolution"], 0)
        self.assertEqual(len(self._activities(ticket)), 2)
        # Tuesday 17:00: the manager's level, once.
        evening = local(2026, 3, 3, 17, 0)
        for _run in range(2):
            self.Feedback._cron_escalate_sla_breaches(date_ref=evening)
        self.assertEqual(self._logs(ticket).mapped("escalation_id"), self.levels)
        manager_activity = self._activities(ticket).filtered(
            lambda a: a.user_id == self.user_manager)
        self.assertEqual(len(manager_activity), 1)
        self.assertFalse(ticket.sla_next_escalation_id, "no level left")
        self.assertEqual(len(self._activities(ticket)), 3)

    def test_a_level_record_is_unique(self):
        ticket = self._ticket()
        self.Feedback._cron_escalate_sla_breaches(date_ref=local(2026, 3, 2, 18, 30))
        self.assertEqual(len(self._logs(ticket)), 1)
        # Firing the same level again, as a concurrent run would, inserts nothing.
        self.assertEqual(
            ticket._sla_fire({ticket.id: self.levels[0]}, local(2026, 3, 2, 19, 0)), {})
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.env["customer.feedback.sla.escalation.log"].create(
                {"feedback_id": ticket.id, "escalation_id": self.levels[0].id})
        self.assertEqual(len(self._activities(ticket)), 1)

    def test_paused_and_answered_tickets_wait(self):
        paused = self._ticket()
        paused.write({"stage_id": self.env.ref(
            "customer_feedback.customer_feedback_stage_waiting").id})
        resolved = self._ticket()
        resolved.write({"stage_id": self.env.ref(
            "customer_feedback.customer_feedback_stage_resolved").id, "resolution": "Done."})
        self.assertFalse(resolved.sla_next_escalation_id)
        self.Feedback._cron_escalate_sla_breaches(date_ref=local(2026, 3, 4, 9, 0))
        self.assertFalse(self._logs(paused) | self._logs(resolved))

    def test_cron_batches(self):
        tickets = self._ticket() | self._ticket() | self._ticket()
        self.Feedback._cron_escalate_sla_breaches(batch_limit=1, date_ref=local(2026, 3, 4, 9, 0))
        for ticket in tickets:
            self.assertEqual(len(self._logs(ticket)), 3)

    def test_levels_refuse_impossible_triggers(self):
        Level = self.env["customer.feedback.sla.escalation"]
        for values, word in (({"trigger": "percent", "percent": 0}, "0.0%"),
                             ({"trigger": "percent", "percent": 120}, "120.0%"),
                             ({"trigger": "breach", "delay_hours": -2}, "-2.0")):
            vals = dict({"name": "Impossible", "policy_id": self.policy.id}, **values)
            with self.assertRaisesRegex(ValidationError, word), self.env.cr.savepoint():
                Level.create(vals)
            names = ["policy_id/.id" if name == "policy_id" else name for name in vals]
            result = Level.load(names, [[str(v) for v in vals.values()]])
            self.assertFalse(result["ids"])
            self.assertIn(word, result["messages"][0]["message"])
        self.assertFalse(Level.search([("name", "=", "Impossible")]))

    def test_only_managers_configure_levels(self):
        for user in (self.user_service, self.user_salesperson, self.user_leader):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.levels[0].sudo(user).write({"percent": 10})
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.env["customer.feedback.sla.escalation"].sudo(user).create(
                    {"name": "Mine", "policy_id": self.policy.id})
        self.assertEqual(self.levels[0].percent, 80)
        self.levels[0].sudo(self.user_manager).write({"percent": 70})
        self.assertEqual(self.levels[0].percent, 70)

    def test_escalation_records_follow_the_ticket_rules(self):
        mine = self._ticket()
        other = self.create_feedback(customer=self.other_customer, team_id=self.team.id,
                                     date_received=local(2026, 3, 2, 9, 0))
        self.Feedback._cron_escalate_sla_breaches(date_ref=local(2026, 3, 2, 18, 30))
        Log = self.env["customer.feedback.sla.escalation.log"]
        logs = Log.search([("feedback_id", "in", (mine | other).ids)])
        self.assertEqual(len(logs), 2)
        self.assertEqual(Log.sudo(self.user_service).search([("id", "in", logs.ids)]), logs)
        self.assertEqual(Log.sudo(self.user_salesperson).search([("id", "in", logs.ids)]).mapped(
            "feedback_id"), mine)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            logs.sudo(self.user_service).write({"date": local(2026, 1, 1, 0, 0)})
