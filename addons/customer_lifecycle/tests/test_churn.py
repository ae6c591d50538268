from datetime import date, datetime

from odoo import fields
from odoo.exceptions import ValidationError

from .common import LifecycleCase

DEFAULT_PARAMS = {
    "churn_threshold": "60",
    "churn_default_interval_days": "90",
    "churn_weight_recency": "30",
    "churn_weight_frequency": "15",
    "churn_weight_revenue": "15",
    "churn_weight_interactions": "10",
    "churn_weight_complaints": "20",
    "churn_weight_satisfaction": "10",
}


class TestChurn(LifecycleCase):
    """Each churn-risk factor, the reasons in words, the threshold crossing and "nothing twice"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        for key, value in DEFAULT_PARAMS.items():
            params.set_param("customer_lifecycle." + key, value)
        cls.at_risk = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_at_risk")
        cls.churned = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_churned")
        cls.retention_type = cls.env.ref("customer_lifecycle.mail_activity_type_retention")
        cls.team = cls.env["crm.team"].create({"name": "Churn Test Team", "user_id": cls.user_leader.id})
        cls.customer.team_id = cls.team

    def order_on(self, day, amount=1000.0, partner=None):
        """A confirmed order dated ``day``, without the immediate lifecycle update."""
        order = self.create_order(customer=partner or self.customer, amount=amount, confirm=False)
        order.with_context(lifecycle_skip_update=True).action_confirm()
        stamp = fields.Datetime.to_string(datetime.combine(day, datetime.min.time().replace(hour=10)))
        order.write({"date_order": stamp, "confirmation_date": stamp})
        return order

    def interactions_on(self, *days, partner=None):
        for day in days:
            self.env["customer.interaction"].create({
                "name": "Call", "partner_id": (partner or self.customer).id, "channel": "call",
                "date": "%s 10:00:00" % day, "user_id": self.user_salesperson.id})

    def complaints_on(self, *days, partner=None):
        for day in days:
            self.env["customer.feedback"].create({
                "subject": "Late delivery", "partner_id": (partner or self.customer).id,
                "feedback_type": "complaint", "channel": "phone",
                "date_received": "%s 10:00:00" % day})

    def survey(self, nps=None, csat=None, partner=None):
        partner = partner or self.customer
        self.env.cr.execute("""
            UPDATE res_partner SET last_nps_score = %s, last_nps_date = %s,
                                   last_csat_score = %s, last_csat_date = %s WHERE id = %s
        """, (nps or 0, "2026-06-01" if nps is not None else None,
              csat or 0, "2026-06-01" if csat is not None else None, partner.id))
        partner.invalidate_cache()

    def score(self, day, partner=None):
        partner = partner or self.customer
        partner._recompute_lifecycle_signals(date_ref=day)
        partner._churn_compute(date_ref=day)
        return partner.churn_risk_score, partner.churn_risk_reasons

    def retention_activities(self, partner=None):
        return self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", (partner or self.customer).id),
            ("activity_type_id", "=", self.retention_type.id)])

    # --------------------------------------------------------------- factors

    def test_recency_against_usual_interval(self):
        for day in (date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 2)):
            self.order_on(day)
        self.assertEqual(self.score("2026-04-01"), (0, False))
        self.assertEqual(self.score("2026-05-01"),
                         (15, "no order for 60 days, usually every 30"))
        self.assertEqual(self.score("2026-07-20"),
                         (30, "no order for 140 days, usually every 30"))
        self.assertEqual(self.customer.churn_risk_date, "2026-07-20")

    def test_recency_with_a_single_order_uses_default_interval(self):
        self.order_on(date(2026, 1, 1))
        self.assertEqual(self.score("2026-07-01"), (15, "no order for 181 days"))
        self.env["ir.config_parameter"].sudo().set_param(
            "customer_lifecycle.churn_default_interval_days", "30")
        self.assertEqual(self.score("2026-07-01"), (30, "no order for 181 days"))

    def test_no_order_no_risk(self):
        self.assertEqual(self.score("2026-07-01"), (0, False))

    def test_frequency_and_revenue_decline(self):
        for day in (date(2024, 7, 1), date(2024, 9, 1), date(2024, 11, 1), date(2025, 1, 1),
                    date(2026, 3, 1), date(2026, 5, 1)):
            self.order_on(day)
        self.assertEqual(self.score("2026-05-15"), (
            15, "2 orders in 12 months, 4 the 12 before; revenue down 50% over 12 months"))

    def test_revenue_decline_alone(self):
        for day in (date(2024, 11, 1), date(2025, 3, 1)):
            self.order_on(day, amount=2000.0)
        for day in (date(2025, 11, 1), date(2026, 3, 1)):
            self.order_on(day, amount=500.0)
        self.assertEqual(self.score("2026-05-01"), (11, "revenue down 75% over 12 months"))

    def test_fewer_interactions(self):
        self.interactions_on("2026-02-01", "2026-02-15", "2026-03-01", "2026-03-15",
                             "2026-05-01", "2026-06-01")
        self.assertEqual(self.score("2026-06-30"),
                         (5, "2 interactions in 90 days, 4 the 90 before"))
        other = self.create_customer("Taizhou Single Call Trading Co., Ltd.",
                                     user_id=self.user_salesperson.id)
        self.interactions_on("2026-02-01", "2026-02-15", "2026-06-01", partner=other)
        self.assertEqual(self.score("2026-06-30", partner=other),
                         (5, "1 interaction in 90 days, 2 the 90 before"))

    def test_complaints(self):
        self.complaints_on("2026-05-01")
        self.assertEqual(self.score("2026-06-30"), (7, "1 complaint in 90 days, 1 open complaint"))
        self.complaints_on("2026-05-02", "2026-05-03")
        self.assertEqual(self.score("2026-06-30"),
                         (20, "3 complaints in 90 days, 3 open complaints"))
        # Old complaints still open count as open ones only.
        self.assertEqual(self.score("2026-09-30"), (20, "3 open complaints"))

    def test_low_satisfaction(self):
        self.survey(nps=8, csat=4)
        self.assertEqual(self.score("2026-06-30"), (0, False))
        self.survey(nps=3)
        self.assertEqual(self.score("2026-06-30"), (6, "last NPS score 3 of 10"))
        self.survey(nps=3, csat=1)
        self.assertEqual(self.score("2026-06-30"),
                         (10, "last NPS score 3 of 10, last CSAT score 1 of 5"))
        self.survey()  # no answer at all
        self.assertEqual(self.score("2026-06-30"), (0, False))

    def risky_customer(self):
        """Recency 30 + complaints 20 + interactions 10 + NPS 5.7 = 66 on 2026-07-20."""
        for day in (date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 2)):
            self.order_on(day)
        self.complaints_on("2026-07-01", "2026-07-02", "2026-07-03")
        self.interactions_on("2026-03-01", "2026-03-10")
        self.survey(nps=3)

    def test_reasons_top_three_by_weight(self):
        self.risky_customer()
        self.assertEqual(self.score("2026-07-20"), (66, (
            "no order for 140 days, usually every 30; 3 complaints in 90 days, 3 open "
            "complaints; 0 interactions in 90 days, 2 the 90 before")))

    def test_weights_from_settings(self):
        self.risky_customer()
        params = self.env["ir.config_parameter"].sudo()
        for key in DEFAULT_PARAMS:
            if key.startswith("churn_weight_"):
                params.set_param("customer_lifecycle." + key, "0")
        params.set_param("customer_lifecycle.churn_weight_complaints", "5")
        self.assertEqual(self.score("2026-07-20"),
                         (100, "3 complaints in 90 days, 3 open complaints"))

    # ------------------------------------------------------- threshold crossing

    def test_threshold_crossing_moves_and_warns_once(self):
        self.risky_customer()
        self.customer.sudo()._lifecycle_move(self.new, rule="first_order", date_ref="2026-01-01")
        Partner = self.env["res.partner"]
        result = Partner._cron_compute_churn_risk(date_ref="2026-07-20")
        self.assertGreaterEqual(result["crossed"], 1)
        self.assertEqual(self.customer.churn_risk_score, 66)
        self.assertEqual(self.customer.lifecycle_stage_id, self.at_risk)
        transition = self.env["customer.lifecycle.transition"].search(
            [("partner_id", "=", self.customer.id), ("to_stage_id", "=", self.at_risk.id)])
        self.assertEqual(len(transition), 1)
        self.assertEqual(transition.rule, "churn_risk")
        self.assertIn("no order for 140 days", transition.reason)
        activity = self.retention_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_salesperson)
        self.assertIn("66", activity.summary)
        self.assertIn("3 complaints in 90 days", activity.note)
        leader_messages = self.env["mail.message"].search([
            ("partner_ids", "in", self.user_leader.partner_id.id),
            ("body", "ilike", "Churn warning")])
        self.assertEqual(len(leader_messages), 1)
        self.assertIn(self.customer.name, leader_messages.body)
        self.assertIn("no order for 140 days", leader_messages.body)
        self.assertIn(self.user_leader.partner_id, leader_messages.needaction_partner_ids,
                      "in the leader's inbox")
        # Running it again creates nothing twice.
        result = Partner._cron_compute_churn_risk(date_ref="2026-07-20")
        self.assertEqual(result["crossed"], 0)
        Partner._cron_compute_churn_risk(date_ref="2026-07-21")
        self.assertEqual(len(self.retention_activities()), 1)
        self.assertEqual(len(self.env["customer.lifecycle.transition"].search(
            [("partner_id", "=", self.customer.id), ("to_stage_id", "=", self.at_risk.id)])), 1)
        self.assertEqual(len(self.env["mail.message"].search([
            ("partner_ids", "in", self.user_leader.partner_id.id),
            ("body", "ilike", "Churn warning")])), 1)

    def test_crossing_again_keeps_a_single_open_activity(self):
        self.risky_customer()
        self.customer._churn_on_threshold_crossed({self.customer.id: (66, "x")}, date_ref="2026-07-20")
        self.customer._churn_on_threshold_crossed({self.customer.id: (70, "y")}, date_ref="2026-08-20")
        self.assertEqual(len(self.retention_activities()), 1)

    def test_below_threshold_no_move(self):
        for day in (date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 2)):
            self.order_on(day)
        self.customer.sudo()._lifecycle_move(self.new, rule="first_order", date_ref="2026-01-01")
        self.env["res.partner"]._cron_compute_churn_risk(date_ref="2026-07-20")
        self.assertEqual(self.customer.churn_risk_score, 30)
        self.assertEqual(self.customer.lifecycle_stage_id, self.new)
        self.assertFalse(self.retention_activities())

    def test_churned_customer_stays_churned_but_salesperson_warned(self):
        self.risky_customer()
        self.customer.sudo()._lifecycle_move(self.churned, rule="churned", date_ref="2026-07-01")
        self.env["res.partner"]._cron_compute_churn_risk(date_ref="2026-07-20")
        self.assertEqual(self.customer.lifecycle_stage_id, self.churned)
        self.assertEqual(len(self.retention_activities()), 1)

    def test_team_leader_gets_the_activity_without_salesperson(self):
        self.risky_customer()
        self.customer.user_id = False
        self.env["res.partner"]._cron_compute_churn_risk(date_ref="2026-07-20")
        self.assertEqual(self.retention_activities().user_id, self.user_leader)

    def test_batches(self):
        other = self.create_customer("Changzhou Churn Trading Co., Ltd.",
                                     user_id=self.user_salesperson.id)
        self.risky_customer()
        for day in (date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 2)):
            self.order_on(day, partner=other)
        self.complaints_on("2026-07-01", "2026-07-02", "2026-07-03", partner=other)
        self.env["ir.config_parameter"].sudo().set_param("customer_lifecycle.churn_threshold", "50")
        self.env["res.partner"]._cron_compute_churn_risk(batch_limit=1, date_ref="2026-07-20")
        self.assertEqual(self.customer.churn_risk_score, 66)
        self.assertEqual(other.churn_risk_score, 50)
        self.assertEqual(len(self.retention_activities(other)), 1)

    def test_scores_are_read_in_id_order_not_the_rows_physical_order(self):
        """The leader's list and the batches' crossings follow the ids: an updated row moves to
        the end of the table, and a killed run's rerun must list the same customers the same."""
        partners = self.customer | self.create_customer("Jiaxing Order Trading Co., Ltd.") \
            | self.create_customer("Huzhou Order Trading Co., Ltd.")
        self.env.cr.execute("UPDATE res_partner SET churn_risk_score = 1 WHERE id = %s",
                            (partners.ids[0],))
        ids = [values["id"] for values in partners.sorted("id", reverse=True)._churn_read_values()]
        self.assertEqual(ids, sorted(partners.ids))

    # --------------------------------------------------------------- settings

    def test_settings_refuse_bad_values(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaises(ValidationError):
            Settings.create({"churn_weight_recency": -5})
        with self.assertRaises(ValidationError):
            Settings.create({"churn_threshold": 120})
        zero = {"churn_weight_" + factor: 0 for factor in (
            "recency", "frequency", "revenue", "interactions", "complaints", "satisfaction")}
        with self.assertRaises(ValidationError):
            Settings.create(zero)

    def test_settings_saved_as_parameters(self):
        settings = self.env["res.config.settings"].create({
            "churn_threshold": 70, "churn_weight_recency": 40, "reminder_verification_days": 90,
            "reminder_greeting_days_before": 5, "reminder_data_quality_review": False})
        settings.execute()
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._churn_param("churn_threshold"), 70)
        self.assertEqual(Partner._churn_weights()["recency"], 40)
        self.assertEqual(Partner._reminder_param("verification_days"), 90)
        self.assertEqual(Partner._reminder_param("greeting_days_before"), 5)
        self.assertFalse(Partner._reminder_param("data_quality_review"))
        values = self.env["res.config.settings"].default_get(["churn_threshold"])
        self.assertEqual(values["churn_threshold"], 70)
