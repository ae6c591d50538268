from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError

from .common import FeedbackCase


def _dt(value):
    return fields.Datetime.to_string(value)


class TestFeedbackReport(FeedbackCase):
    """The feedback analysis: one row per ticket with the customer segment, SLA and rating measures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["customer.feedback.report"]
        cls.industry = cls.env["res.partner.industry"].create({"name": "Manufacturing"})
        cls.tier = cls.env.ref("customer_mgmt.customer_tier_key")
        cls.region = cls.env.ref("customer_mgmt.customer_region_north")
        cls.customer.write({
            "industry_id": cls.industry.id, "tier_id": cls.tier.id, "region_id": cls.region.id})
        now = datetime.now()
        cls.received = now - timedelta(days=2)
        # Response SLA of 4 hours: met, missed, pending (deadline ahead) and overdue.
        cls.met = cls._sla_ticket(cls.received + timedelta(hours=4), cls.received + timedelta(hours=2))
        cls.missed = cls._sla_ticket(cls.received + timedelta(hours=4), cls.received + timedelta(hours=6))
        cls.pending = cls._sla_ticket(now + timedelta(hours=4), False)
        cls.overdue = cls._sla_ticket(cls.received + timedelta(hours=4), False)
        cls.other = cls.create_feedback(
            cls.other_customer, subject="Wrong invoice", feedback_type="inquiry",
            channel="email")
        cls.tickets = cls.met | cls.missed | cls.pending | cls.overdue

    @classmethod
    def _sla_ticket(cls, deadline, first_response):
        ticket = cls.create_feedback(date_received=_dt(cls.received))
        # The deadlines are set after creation: creation applies the matching SLA policy.
        ticket.write({
            "sla_response_deadline": _dt(deadline),
            "sla_resolution_deadline": False,
            "date_first_response": first_response and _dt(first_response),
        })
        return ticket

    def _rows(self, tickets, user=None):
        report = self.Report.sudo(user) if user else self.Report
        return report.search([("feedback_id", "in", tickets.ids)])

    def test_one_row_per_ticket_with_customer_segment(self):
        rows = self._rows(self.tickets | self.other)
        self.assertEqual(rows.mapped("feedback_id"), self.tickets | self.other)
        row = rows.filtered(lambda r: r.feedback_id == self.met)
        self.assertEqual(row.name, self.met.name)
        self.assertEqual((row.partner_id, row.industry_id, row.tier_id, row.region_id),
                         (self.customer, self.industry, self.tier, self.region))
        self.assertEqual(row.salesperson_id, self.user_salesperson)
        self.assertEqual((row.feedback_type, row.channel, row.nbr, row.complaint_count),
                         ("complaint", "phone", 1, 1))
        self.assertEqual(row.stage_id, self.met.stage_id)
        self.assertFalse(row.is_closed)
        self.assertEqual(row.open_count, 1)
        self.assertAlmostEqual(row.response_hours, 2.0, places=2)
        other = rows.filtered(lambda r: r.feedback_id == self.other)
        self.assertEqual((other.feedback_type, other.complaint_count, other.salesperson_id),
                         ("inquiry", 0, self.user_manager))

    def test_response_sla_compliance(self):
        """Met 100, missed 0, overdue without answer 0, pending not counted: 1 of 3 met."""
        rows = {row.feedback_id: row for row in self._rows(self.tickets)}
        self.assertEqual(rows[self.met].response_sla_met, 100.0)
        self.assertEqual(rows[self.missed].response_sla_met, 0.0)
        self.assertEqual(rows[self.overdue].response_sla_met, 0.0)
        groups = self.Report.read_group(
            [("feedback_id", "in", self.tickets.ids)],
            ["partner_id", "response_sla_met", "response_hours", "nbr"], ["partner_id"])
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["nbr"], 4)
        self.assertAlmostEqual(groups[0]["response_sla_met"], 100.0 / 3, places=2)
        # Average over the answered tickets only: (2 + 6) / 2 hours.
        self.assertAlmostEqual(groups[0]["response_hours"], 4.0, places=2)

    def test_resolution_measures(self):
        ticket = self.met
        ticket.write({
            "sla_resolution_deadline": _dt(self.received + timedelta(hours=24)),
            "date_resolved": _dt(self.received + timedelta(hours=10)),
        })
        row = self._rows(ticket)
        self.assertAlmostEqual(row.resolution_hours, 10.0, places=2)
        self.assertEqual(row.resolution_sla_met, 100.0)
        ticket.write({"date_resolved": _dt(self.received + timedelta(hours=30))})
        row.invalidate_cache()
        self.assertEqual(row.resolution_sla_met, 0.0)

    def test_rating_measure(self):
        token = self.met.rating_get_access_token()
        self.met.rating_apply(10, token=token)
        self.missed.rating_get_access_token()  # asked, not answered: no rating
        groups = self.Report.read_group(
            [("feedback_id", "in", self.tickets.ids)], ["partner_id", "rating", "rated_count"], ["partner_id"])
        self.assertEqual(groups[0]["rated_count"], 1)
        self.assertEqual(groups[0]["rating"], 10.0)

    def test_group_by_segment(self):
        groups = self.Report.read_group(
            [("feedback_id", "in", (self.tickets | self.other).ids)],
            ["industry_id", "feedback_type", "nbr"], ["industry_id", "feedback_type"], lazy=False)
        counts = {(g["industry_id"] and g["industry_id"][0], g["feedback_type"]): g["nbr"]
                  for g in groups}
        self.assertEqual(counts, {(self.industry.id, "complaint"): 4, (False, "inquiry"): 1})

    # ------------------------------------------------------------------ access
    def test_salesperson_sees_only_own_customers_rows(self):
        rows = self._rows(self.tickets | self.other, self.user_salesperson)
        self.assertEqual(rows.mapped("feedback_id"), self.tickets)
        # The pool (no salesperson) is visible too.
        self.other_customer.user_id = False
        rows = self._rows(self.tickets | self.other, self.user_salesperson)
        self.assertEqual(rows.mapped("feedback_id"), self.tickets | self.other)

    def test_team_leader_sees_team_rows(self):
        team = self.env["crm.team"].create({"name": "East Team", "user_id": self.user_leader.id})
        self.assertFalse(self._rows(self.tickets | self.other, self.user_leader))
        self.other_customer.team_id = team
        rows = self._rows(self.tickets | self.other, self.user_leader)
        self.assertEqual(rows.mapped("feedback_id"), self.other)

    def test_service_and_manager_see_all_rows(self):
        for user in (self.user_service, self.user_manager):
            rows = self._rows(self.tickets | self.other, user)
            self.assertEqual(len(rows), 5, user.login)

    def test_plain_user_cannot_read_the_analysis(self):
        with self.assertRaises(AccessError):
            self.Report.sudo(self.user_plain).search([])
