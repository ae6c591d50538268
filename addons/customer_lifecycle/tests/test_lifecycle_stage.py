from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import LifecycleCase


class TestLifecycleStage(LifecycleCase):
    """Stages, their rules, manual moves (kanban and wizard) and the settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Stage = cls.env["customer.lifecycle.stage"]

    def test_default_stages(self):
        codes = self.Stage.search([]).mapped("code")
        for code in ("potential", "intention", "new", "loyal", "at_risk", "churned"):
            self.assertIn(code, codes)
        churned = self.env.ref("customer_lifecycle.customer_lifecycle_stage_churned")
        self.assertTrue(churned.is_churned)
        self.assertTrue(churned.playbook)
        self.assertTrue(self.new.activity_ids)

    def test_code_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.Stage.create({"name": "Second loyal", "code": "loyal"})

    def test_negative_delay_refused(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["customer.lifecycle.stage.activity"].create({
                "stage_id": self.new.id, "delay_days": -1,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id})
        self.assertFalse(self.env["customer.lifecycle.stage.activity"].search([("delay_days", "<", 0)]))

    def test_used_stage_cannot_be_deleted(self):
        with self.assertRaises(UserError):
            self.potential.unlink()
        self.assertTrue(self.potential.exists())
        unused = self.Stage.create({"name": "Unused"})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_kanban_shows_every_stage(self):
        groups = self.env["res.partner"].read_group(
            [("id", "=", self.customer.id)], ["lifecycle_stage_id"], ["lifecycle_stage_id"])
        shown = {group["lifecycle_stage_id"][0] for group in groups if group["lifecycle_stage_id"]}
        self.assertEqual(shown, set(self.Stage.search([]).ids))
        self.assertGreaterEqual(self.potential.customer_count, 1)
        self.assertEqual(self.loyal.customer_count, self.env["res.partner"].search_count(
            [("lifecycle_stage_id", "=", self.loyal.id), ("customer", "=", True), ("parent_id", "=", False)]))

    def test_kanban_drop_records_manual_transition(self):
        customer = self.customer.sudo(self.user_salesperson)
        customer.write({"lifecycle_stage_id": self.loyal.id})
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal)
        transition = self.customer.lifecycle_transition_ids
        self.assertEqual(len(transition), 1)
        self.assertFalse(transition.rule)
        self.assertTrue(transition.is_manual)
        self.assertEqual(transition.user_id, self.user_salesperson)
        self.assertEqual(transition.reason, "Moved by hand in the kanban")
        self.assertEqual(transition.from_stage_id, self.potential)

    def test_kanban_drop_into_automatic_stage_refused(self):
        self.loyal.allow_manual_move = False
        with self.assertRaises(UserError):
            self.customer.sudo(self.user_salesperson).write({"lifecycle_stage_id": self.loyal.id})
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)
        self.assertFalse(self.customer.lifecycle_transition_ids)

    def test_contact_cannot_get_a_stage(self):
        contact = self.create_contact(self.customer, "Zhao Liu")
        with self.assertRaises(UserError):
            contact.write({"lifecycle_stage_id": self.loyal.id})
        self.assertFalse(contact.lifecycle_stage_id)

    def test_wizard_moves_with_reason(self):
        self.customer.lifecycle_locked = True
        action = self.customer.sudo(self.user_salesperson).action_lifecycle_move()
        wizard = self.env["customer.lifecycle.move"].sudo(self.user_salesperson).with_context(
            action["context"]).create({"stage_id": self.loyal.id, "reason": "Framework agreement signed"})
        self.assertEqual(wizard.partner_ids, self.customer)
        wizard.action_move()
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal, "manual moves ignore the lock")
        transition = self.customer.lifecycle_transition_ids
        self.assertEqual(transition.reason, "Framework agreement signed")
        self.assertEqual(transition.user_id, self.user_salesperson)

    def test_wizard_requires_reason(self):
        wizard = self.env["customer.lifecycle.move"].with_context(
            active_model="res.partner", active_ids=self.customer.ids).create(
            {"stage_id": self.loyal.id, "reason": "   "})
        with self.assertRaises(UserError):
            wizard.action_move()
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)

    def test_wizard_refuses_automatic_stage(self):
        self.loyal.allow_manual_move = False
        wizard = self.env["customer.lifecycle.move"].with_context(
            active_model="res.partner", active_ids=self.customer.ids).create(
            {"stage_id": self.loyal.id, "reason": "Because"})
        with self.assertRaises(UserError):
            wizard.action_move()
        self.assertEqual(self.customer.lifecycle_stage_id, self.potential)

    def test_settings(self):
        Settings = self.env["res.config.settings"]
        settings = Settings.create({
            "lifecycle_loyal_order_count": 5, "lifecycle_loyal_revenue": 250000.0,
            "lifecycle_churn_days": 200, "lifecycle_tier_follow_revenue": True})
        settings.execute()
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._lifecycle_param("loyal_order_count"), 5)
        self.assertEqual(Partner._lifecycle_param("loyal_revenue"), 250000.0)
        self.assertEqual(Partner._lifecycle_param("churn_days"), 200)
        self.assertTrue(Partner._lifecycle_param("tier_follow_revenue"))
        values = Settings.default_get(["lifecycle_churn_days", "lifecycle_tier_follow_revenue"])
        self.assertEqual(values["lifecycle_churn_days"], 200)

    def test_settings_refuse_bad_thresholds(self):
        for field, value in (("lifecycle_loyal_order_count", 0), ("lifecycle_loyal_revenue", -1.0),
                             ("lifecycle_churn_days", 0)):
            with self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({field: value})
        self.assertEqual(self.env["res.partner"]._lifecycle_param("churn_days"), 365)

    def test_negative_tier_threshold_refused(self):
        with self.assertRaises(ValidationError):
            self.env["customer.tier"].create({"name": "Negative", "revenue_threshold_12m": -5.0})
