from odoo.exceptions import AccessError

from .common import LifecycleCase


class TestLifecycleAccess(LifecycleCase):
    """Transitions follow their customer; stages are configured by managers; moves need write access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user("lc_other", ["customer_mgmt.group_customer_salesperson"])
        cls.team = cls.env["crm.team"].create({
            "name": "Lifecycle Team", "user_id": cls.user_leader.id,
            "member_ids": [(6, 0, cls.user_other.ids)]})
        cls.user_other.write({"sale_team_id": cls.team.id})
        cls.other = cls.create_customer("Shaoxing Other Lifecycle Co., Ltd.", user_id=cls.user_other.id)
        (cls.customer | cls.other).with_context(lifecycle_force=True)._lifecycle_move(
            cls.new, rule="first_order", date_ref="2025-01-01")
        Transition = cls.env["customer.lifecycle.transition"]
        cls.own_transition = Transition.search([("partner_id", "=", cls.customer.id)])
        cls.other_transition = Transition.search([("partner_id", "=", cls.other.id)])
        cls.both = cls.own_transition | cls.other_transition

    def visible(self, user):
        return self.env["customer.lifecycle.transition"].sudo(user).search([("id", "in", self.both.ids)])

    def test_salesperson_reads_own_customers_transitions_only(self):
        self.assertEqual(self.visible(self.user_salesperson), self.own_transition)
        with self.assertRaises(AccessError):
            self.other_transition.sudo(self.user_salesperson).read(["reason"])

    def test_team_leader_reads_team_transitions(self):
        self.assertEqual(self.visible(self.user_leader), self.other_transition)

    def test_service_and_manager_read_all(self):
        self.assertEqual(self.visible(self.user_service), self.both)
        self.assertEqual(self.visible(self.user_manager), self.both)

    def test_plain_user_reads_no_transition(self):
        with self.assertRaises(AccessError):
            self.env["customer.lifecycle.transition"].sudo(self.user_plain).search([])
        # ...but reads the stage names shown on partners.
        self.assertTrue(self.loyal.sudo(self.user_plain).read(["name"]))

    def test_transitions_are_not_written_by_hand(self):
        Transition = self.env["customer.lifecycle.transition"]
        for user in (self.user_salesperson, self.user_manager):
            with self.assertRaises(AccessError):
                Transition.sudo(user).create({"partner_id": self.customer.id, "to_stage_id": self.loyal.id})
            with self.assertRaises(AccessError):
                self.own_transition.sudo(user).write({"reason": "Rewritten"})
        self.own_transition.sudo(self.user_data_admin).write({"reason": "Corrected"})
        self.assertEqual(self.own_transition.reason, "Corrected")

    def test_stages_configured_by_managers(self):
        Stage = self.env["customer.lifecycle.stage"]
        for user in (self.user_service, self.user_salesperson, self.user_leader):
            with self.assertRaises(AccessError):
                Stage.sudo(user).create({"name": "Dormant"})
            with self.assertRaises(AccessError):
                self.loyal.sudo(user).write({"fold": True})
        stage = Stage.sudo(self.user_manager).create({"name": "Dormant"})
        self.assertEqual(stage.name, "Dormant")

    def test_salesperson_moves_own_customer_only(self):
        self.customer.sudo(self.user_salesperson).write({"lifecycle_stage_id": self.loyal.id})
        self.assertEqual(self.customer.lifecycle_stage_id, self.loyal)
        with self.assertRaises(AccessError):
            self.other.sudo(self.user_salesperson).write({"lifecycle_stage_id": self.loyal.id})
        with self.assertRaises(AccessError):
            # Refused when the wizard is filled with the hidden customer, or else when it runs.
            self.env["customer.lifecycle.move"].sudo(self.user_salesperson).create({
                "partner_ids": [(6, 0, self.other.ids)], "stage_id": self.loyal.id,
                "reason": "Mine now"}).action_move()
        self.assertEqual(self.other.lifecycle_stage_id, self.new)

    def test_service_cannot_move(self):
        with self.assertRaises(AccessError):
            self.customer.sudo(self.user_service).write({"lifecycle_stage_id": self.loyal.id})
        self.assertEqual(self.customer.lifecycle_stage_id, self.new)

    def test_salesperson_confirming_contact_order_moves_customer(self):
        customer = self.create_customer("Huzhou Confirm Trading Co., Ltd.", user_id=self.user_salesperson.id)
        contact = self.create_contact(customer, "Qian Qi")
        order = self.env["sale.order"].sudo(self.user_salesperson).create({
            "partner_id": contact.id, "user_id": self.user_salesperson.id,
            "order_line": [(0, 0, {"product_id": self.product.id, "product_uom_qty": 1,
                                   "price_unit": 500.0})]})
        order.action_confirm()
        self.assertEqual(customer.lifecycle_stage_id, self.new)
        transition = customer.lifecycle_transition_ids
        self.assertEqual(transition.rule, "first_order")
        self.assertEqual(transition.user_id, self.user_salesperson)
        self.assertEqual(customer.order_count_12m, 1)
        self.assertFalse(contact.lifecycle_stage_id)
        order.action_cancel()
        self.assertEqual(customer.order_count_12m, 0, "a cancelled order leaves the signals")
