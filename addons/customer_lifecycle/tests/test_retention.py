from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import LifecycleCase


class TestRetention(LifecycleCase):
    """Retention actions, their outcome and the win-back rate; who may record them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Action = cls.env["customer.retention.action"]
        cls.other_customer = cls.create_customer(
            "Nanjing Retention Trading Co., Ltd.", user_id=cls.user_manager.id)

    def create_action(self, customer=None, user=None, **values):
        vals = {"name": "Visit with an offer", "partner_id": (customer or self.customer).id,
                "action_type": "visit", "date": "2026-07-01"}
        vals.update(values)
        model = self.Action.sudo(user) if user else self.Action
        return model.create(vals)

    def test_defaults_and_score_at_start(self):
        self.env.cr.execute("UPDATE res_partner SET churn_risk_score = 72 WHERE id = %s",
                            (self.customer.id,))
        self.customer.invalidate_cache()
        action = self.create_action(user=self.user_salesperson)
        self.assertEqual(action.outcome, "pending")
        self.assertEqual(action.user_id, self.user_salesperson)
        self.assertEqual(action.churn_risk_score, 72)
        self.assertFalse(action.date_closed)
        self.assertEqual(self.customer.retention_action_count, 1)

    def test_outcome_closes_and_reopens(self):
        action = self.create_action()
        action.action_won_back()
        self.assertEqual(action.outcome, "won_back")
        self.assertTrue(action.date_closed)
        self.assertEqual(action.win_back_rate, 100.0)
        self.assertEqual(action.won_back_count, 1)
        action.write({"outcome": "pending"})
        self.assertFalse(action.date_closed)
        action.action_lost()
        self.assertEqual((action.outcome, action.lost_count, action.win_back_rate), ("lost", 1, 0.0))

    def test_closed_before_start_refused(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.create_action(outcome="lost", date_closed="2026-06-01")
        self.assertFalse(self.Action.search([("partner_id", "=", self.customer.id)]))

    def test_win_back_rate(self):
        for outcome in ("won_back", "won_back", "lost", "pending"):
            self.create_action(outcome=outcome, date_closed="2026-07-10" if outcome != "pending" else False)
        domain = [("partner_id", "=", self.customer.id)]
        self.assertAlmostEqual(self.Action._win_back_rate(domain), 200.0 / 3, places=2)
        # The analysis (closed actions) averages the rate per group: the same figure.
        groups = self.Action.read_group(
            domain + [("outcome", "in", ["won_back", "lost"])],
            ["partner_id", "win_back_rate", "won_back_count", "lost_count"], ["partner_id"])
        self.assertAlmostEqual(groups[0]["win_back_rate"], 200.0 / 3, places=2)
        self.assertEqual((groups[0]["won_back_count"], groups[0]["lost_count"]), (2, 1))
        self.assertEqual(self.Action._win_back_rate([("id", "=", 0)]), 0.0)

    def test_view_action_of_customer(self):
        self.create_action()
        action = self.customer.action_view_retention_actions()
        self.assertEqual(action["domain"], [("partner_id", "=", self.customer.id)])
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_access_by_role(self):
        action = self.create_action(user=self.user_salesperson)
        action.sudo(self.user_salesperson).write({"outcome": "won_back"})
        self.assertEqual(action.sudo(self.user_service).read(["outcome"])[0]["outcome"], "won_back")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.create_action(user=self.user_service)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            action.sudo(self.user_plain).read(["outcome"])
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            action.sudo(self.user_salesperson).unlink()
        action.sudo(self.user_manager).unlink()

    def test_salesperson_works_only_own_customers(self):
        if not self.env.ref("customer_lifecycle.customer_retention_action_rule_salesperson",
                            raise_if_not_found=False):
            self.skipTest("security/customer_retention_security.xml is not in the manifest yet")
        other = self.create_action(customer=self.other_customer)
        self.assertFalse(self.Action.sudo(self.user_salesperson).search([("id", "=", other.id)]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.create_action(customer=self.other_customer, user=self.user_salesperson)
        self.assertTrue(self.Action.sudo(self.user_service).search([("id", "=", other.id)]))
