from datetime import date, datetime

from odoo import fields
from odoo.exceptions import ValidationError

from .common import LifecycleCase


class TestTransitions(LifecycleCase):
    """Automatic transitions at fixed dates, entry activities, locks, tiers and idempotence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Stage = cls.env["customer.lifecycle.stage"]
        cls.intention = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_intention")
        cls.at_risk = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_at_risk")
        cls.churned = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_churned")
        assert Stage._get_by_code("loyal") == cls.loyal
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("customer_lifecycle.loyal_order_count", "3")
        params.set_param("customer_lifecycle.loyal_revenue", "100000")
        params.set_param("customer_lifecycle.churn_days", "365")
        params.set_param("customer_lifecycle.tier_follow_revenue", "0")

    def order_on(self, day, amount=1000.0, partner=None, confirm=True):
        """An order dated ``day``, confirmed without the immediate lifecycle update."""
        order = self.create_order(customer=partner or self.customer, amount=amount, confirm=False)
        if confirm:
            order.with_context(lifecycle_skip_update=True).action_confirm()
        stamp = fields.Datetime.to_string(datetime.combine(day, datetime.min.time().replace(hour=10)))
        order.write({"date_order": stamp, "confirmation_date": stamp if confirm else False})
        return order

    def update(self, day, partners=None):
        """Recompute the signals and apply the rules at ``day``, as the cron does."""
        partners = partners or self.customer
        partners._recompute_lifecycle_signals(date_ref=day)
        return partners._apply_lifecycle_rules(date_ref=day)

    def transitions(self, partner=None):
        return self.env["customer.lifecycle.transition"].search(
            [("partner_id", "=", (partner or self.customer).id)], order="id")

    def test_new_customer_starts_potential(self):
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)
        self.assertTrue(self.customer.lifecycle_stage_date)
        contact = self.create_contact(self.customer, "Wang Wu")
        self.assertFalse(contact.lifecycle_stage_id, "contacts have no lifecycle stage")
        self.assertFalse(self.transitions())

    def test_potential_to_intention_on_quotation(self):
        self.update("2025-01-01")
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)
        self.order_on(date(2025, 1, 5), confirm=False)
        self.update("2025-01-06")
        self.assertEqual(self.customer.lifecycle_stage_id, self.intention)
        transition = self.transitions()
        self.assertEqual(len(transition), 1)
        self.assertEqual(transition.rule, "intention")
        self.assertEqual(transition.from_stage_id, self.potential)
        self.assertEqual(transition.date, "2025-01-06")

    def test_potential_to_intention_on_opportunity(self):
        self.env["crm.lead"].create({
            "name": "Big deal", "type": "opportunity", "partner_id": self.customer.id,
            "user_id": self.user_salesperson.id})
        self.update("2025-01-06")
        self.assertEqual(self.customer.lifecycle_stage_id, self.intention)

    def test_first_order_makes_new(self):
        self.customer.write({"lifecycle_stage_date": "2025-01-01"})
        self.order_on(date(2025, 2, 10))
        self.update("2025-02-11")
        self.assertEqual(self.customer.lifecycle_stage_id, self.new)
        self.assertEqual(self.customer.lifecycle_stage_date, "2025-02-11")
        transition = self.transitions()
        self.assertEqual(transition.rule, "first_order")
        self.assertEqual(transition.days_in_previous_stage, 41)
        self.assertFalse(transition.is_win_back)

    def test_new_to_loyal_by_order_count(self):
        self.order_on(date(2025, 1, 10))
        self.order_on(date(2025, 2, 10))
        self.update("2025-02-11")
        self.assertEqual(self.customer.lifecycle_stage_id, self.new)
        self.order_on(date(2025, 3, 10))
        self.update("2025-03-11")
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal)
        self.assertEqual(self.transitions().mapped("rule"), ["first_order", "loyal"])

    def test_new_to_loyal_by_revenue(self):
        self.order_on(date(2025, 1, 10), amount=150000.0)
        self.update("2025-01-11")
        # Potential → New → Loyal in one run.
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal)
        self.assertEqual(self.transitions().mapped("to_stage_id"), self.new | self.loyal)

    def test_loyal_thresholds_follow_settings(self):
        self.env["ir.config_parameter"].sudo().set_param("customer_lifecycle.loyal_order_count", "2")
        self.order_on(date(2025, 1, 10))
        self.order_on(date(2025, 2, 10))
        self.update("2025-02-11")
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal)

    def test_churned_after_days_without_order(self):
        self.order_on(date(2024, 3, 1))
        self.update("2024-03-02")
        self.assertEqual(self.customer.lifecycle_stage_id, self.new)
        self.update("2025-02-28")
        self.assertEqual(self.customer.lifecycle_stage_id, self.new, "364 days: not yet churned")
        self.update("2025-03-01")
        self.assertEqual(self.customer.lifecycle_stage_id, self.churned)
        transition = self.transitions()[-1]
        self.assertEqual(transition.rule, "churned")
        self.assertEqual(transition.days_in_previous_stage, 364)

    def test_churned_customer_won_back_on_new_order(self):
        self.order_on(date(2023, 1, 1))
        self.update("2024-01-02")
        self.assertEqual(self.customer.lifecycle_stage_id, self.churned)
        self.order_on(date(2024, 6, 1))
        self.update("2024-06-02")
        self.assertEqual(self.customer.lifecycle_stage_id, self.new)
        transition = self.transitions()[-1]
        self.assertEqual(transition.rule, "won_back")
        self.assertTrue(transition.is_win_back)
        self.assertEqual(transition.from_stage_id, self.churned)

    def test_at_risk_customer_won_back_on_new_order(self):
        for day in (date(2024, 10, 1), date(2024, 11, 1), date(2024, 12, 1)):
            self.order_on(day)
        self.update("2024-12-02")
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal)
        # The churn-risk rule moves the customer to At risk.
        self.customer._lifecycle_move(self.at_risk, rule="churn_risk", date_ref="2025-03-01")
        self.update("2025-03-02")
        self.assertEqual(self.customer.lifecycle_stage_id, self.at_risk, "no new order yet")
        self.order_on(date(2025, 3, 10))
        self.update("2025-03-11")
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal, "4 orders in 12 months: loyal")
        transition = self.transitions()[-1]
        self.assertTrue(transition.is_win_back)
        self.assertEqual(transition.from_stage_id, self.at_risk)
        self.assertEqual(transition.days_in_previous_stage, 10)

    def test_lock_stops_automatic_moves(self):
        self.customer.lifecycle_locked = True
        self.order_on(date(2025, 1, 10))
        self.update("2025-01-11")
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)
        self.assertFalse(self.transitions())
        # A forced (manual) move still works.
        self.customer.with_context(lifecycle_force=True)._lifecycle_move(self.loyal, reason="Known account")
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal)
        self.customer.lifecycle_locked = False
        self.update("2025-01-11")
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal)

    def test_entry_activities(self):
        self.order_on(date(2025, 1, 10))
        self.update("2025-01-11")
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)])
        lines = self.new.activity_ids | self.potential.activity_ids
        self.assertEqual(len(activities), len(self.new.activity_ids))
        for line in self.new.activity_ids:
            activity = activities.filtered(lambda a: a.activity_type_id == line.activity_type_id)
            self.assertEqual(activity.user_id, self.user_salesperson)
            self.assertEqual(fields.Date.from_string(activity.date_deadline),
                             date(2025, 1, 11) + __import__("datetime").timedelta(days=line.delay_days))
        self.assertTrue(lines)

    def test_entry_activity_never_twice(self):
        call = self.env.ref("mail.mail_activity_data_call")
        self.assertIn(call, self.new.activity_ids.mapped("activity_type_id"))
        self.assertIn(call, self.at_risk.activity_ids.mapped("activity_type_id"))
        self.order_on(date(2025, 1, 10))
        self.update("2025-01-11")
        self.customer._lifecycle_move(self.at_risk, rule="churn_risk", date_ref="2025-01-12")
        calls = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id),
            ("activity_type_id", "=", call.id)])
        self.assertEqual(len(calls), 1, "an open call exists already: no second one")

    def test_no_activity_without_salesperson(self):
        customer = self.create_customer("Wuxi No Salesperson Trading Co., Ltd.")
        self.order_on(date(2025, 1, 10), partner=customer)
        self.update("2025-01-11", customer)
        self.assertEqual(customer.lifecycle_stage_id, self.new)
        self.assertFalse(self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]))

    def test_nothing_twice(self):
        self.order_on(date(2025, 1, 10))
        Partner = self.env["res.partner"]
        Partner._cron_update_lifecycle(batch_limit=2, date_ref="2025-01-11")
        transitions = self.transitions()
        activities = self.env["mail.activity"].search_count([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)])
        self.assertEqual(len(transitions), 1)
        result = Partner._cron_update_lifecycle(batch_limit=2, date_ref="2025-01-11")
        self.assertEqual(self.transitions(), transitions)
        self.assertEqual(self.env["mail.activity"].search_count([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]), activities)
        self.assertNotIn("first_order", result["moved"])

    def test_confirming_an_order_moves_at_once(self):
        order = self.create_order(confirm=False)
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)
        order.action_confirm()
        self.assertEqual(self.customer.lifecycle_stage_id, self.new)
        self.assertEqual(self.customer.order_count_12m, 1)
        self.assertEqual(self.transitions().user_id, self.env.user)

    def test_tiers_follow_revenue(self):
        Tier = self.env["customer.tier"]
        Tier.search([]).write({"revenue_threshold_12m": 0.0})
        small = Tier.create({"name": "Lifecycle Small", "revenue_threshold_12m": 10000.0})
        big = Tier.create({"name": "Lifecycle Big", "revenue_threshold_12m": 50000.0})
        locked = self.create_customer("Jiaxing Locked Tier Trading Co., Ltd.", tier_id=small.id,
                                      tier_locked=True)
        self.order_on(date(2025, 1, 10), amount=60000.0)
        self.order_on(date(2025, 1, 10), amount=60000.0, partner=locked)
        both = self.customer | locked
        self.update("2025-01-11", both)
        self.assertNotEqual(self.customer.tier_id, big, "tiers do not follow revenue by default")
        self.env["ir.config_parameter"].sudo().set_param("customer_lifecycle.tier_follow_revenue", "1")
        self.update("2025-01-11", both)
        self.assertEqual(self.customer.tier_id, big)
        self.assertEqual(locked.tier_id, small, "a locked tier stays")
        # A year later the revenue is gone: the tier follows down to the lowest reached threshold.
        self.order_on(date(2025, 6, 1), amount=20000.0)
        self.update("2026-02-01", both)
        self.assertEqual(self.customer.tier_id, small)

    def test_customers_without_stage_start_potential(self):
        """Customers that existed before the addon get the Potential stage, without transition."""
        self.env.cr.execute("UPDATE res_partner SET lifecycle_stage_id = NULL WHERE id = %s",
                            (self.customer.id,))
        self.customer.invalidate_cache()
        self.update("2025-01-01")
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)
        self.assertEqual(self.customer.lifecycle_stage_date, "2025-01-01")
        self.assertFalse(self.transitions())

    def test_archived_stage_turns_its_rule_off(self):
        self.intention.active = False
        self.order_on(date(2025, 1, 5), confirm=False)
        self.update("2025-01-06")
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)

    def test_nightly_cron(self):
        cron = self.env.ref("customer_lifecycle.customer_lifecycle_cron_update")
        self.assertTrue(cron.active)
        self.assertIn("_cron_update_lifecycle", cron.code)
        self.order_on(date(2025, 1, 10))
        result = self.env["res.partner"]._cron_update_lifecycle(batch_limit=1000, date_ref="2025-01-11")
        self.assertEqual(self.customer.lifecycle_stage_id, self.new)
        self.assertGreaterEqual(result["customers"], 1)
        self.assertGreaterEqual(result["moved"]["first_order"], 1)

    def test_rules_are_named_in_the_readers_language(self):
        self.customer.sudo()._lifecycle_move(self.new, rule="first_order", date_ref="2026-01-01")
        transition = self.env["customer.lifecycle.transition"].search(
            [("partner_id", "=", self.customer.id), ("rule", "=", "first_order")])
        self.assertTrue(transition)
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_lifecycle"], ["zh_CN"])
        for lang, label in (("en_US", "First order"), ("zh_CN", "首次下单")):
            rules = dict(transition.with_context(lang=lang).fields_get(
                ["rule"])["rule"]["selection"])
            self.assertEqual(rules[transition.rule], label)

    def test_unknown_rules_refused(self):
        with self.assertRaisesRegex(ValidationError, "bogus"):
            self.env["customer.lifecycle.transition"].sudo(self.user_data_admin).create({
                "partner_id": self.customer.id, "to_stage_id": self.new.id, "rule": "bogus"})
