from odoo.exceptions import AccessError

from .common import FeedbackCase


class TestFeedbackAccess(FeedbackCase):
    """Feedback follows the customer roles; portal users see only their company's tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Access Team", "user_id": cls.user_leader.id})
        cls.team_customer = cls.create_customer(
            "Wenzhou Team Trading Co., Ltd.", user_id=cls.user_manager.id, team_id=cls.team.id)
        cls.pool_customer = cls.create_customer("Jiaxing Pool Trading Co., Ltd.")
        cls.own_ticket = cls.create_feedback()
        cls.other_ticket = cls.create_feedback(customer=cls.other_customer)
        cls.team_ticket = cls.create_feedback(customer=cls.team_customer)
        cls.pool_ticket = cls.create_feedback(customer=cls.pool_customer)
        portal_contact = cls.create_contact(cls.customer, "Zhao Portal", email="zhao@example.com")
        cls.user_portal = cls.create_user(
            "portal", ["base.group_portal"], partner_id=portal_contact.id)

    def _visible(self, user):
        return self.env["customer.feedback"].sudo(user).search([
            ("id", "in", (self.own_ticket | self.other_ticket | self.team_ticket
                          | self.pool_ticket).ids)])

    def test_salesperson_own_customers_and_pool(self):
        visible = self._visible(self.user_salesperson)
        self.assertEqual(visible, self.own_ticket | self.pool_ticket)
        self.own_ticket.sudo(self.user_salesperson).write({"root_cause": "Carrier delay"})
        with self.assertRaises(AccessError):
            self.other_ticket.sudo(self.user_salesperson).read(["subject"])
        with self.assertRaises(AccessError):
            self.env["customer.feedback"].sudo(self.user_salesperson).create({
                "subject": "Not mine", "partner_id": self.other_customer.id,
                "feedback_type": "complaint", "channel": "phone"})
        with self.assertRaises(AccessError):
            self.own_ticket.sudo(self.user_salesperson).unlink()

    def test_team_leader_team_customers(self):
        visible = self._visible(self.user_leader)
        self.assertIn(self.team_ticket, visible)
        self.assertNotIn(self.other_ticket, visible)
        self.team_ticket.sudo(self.user_leader).write({"priority": "2"})
        with self.assertRaises(AccessError):
            self.other_ticket.sudo(self.user_leader).write({"priority": "2"})

    def test_service_handles_all(self):
        tickets = self._visible(self.user_service)
        self.assertEqual(len(tickets), 4)
        self.other_ticket.sudo(self.user_service).write({
            "stage_id": self.env.ref("customer_feedback.customer_feedback_stage_in_progress").id})
        created = self.env["customer.feedback"].sudo(self.user_service).create({
            "subject": "Phone complaint", "partner_id": self.other_customer.id,
            "feedback_type": "complaint", "channel": "phone"})
        self.assertTrue(created.name.startswith("FB"))
        with self.assertRaises(AccessError):
            self.other_ticket.sudo(self.user_service).unlink()

    def test_manager_all_and_delete(self):
        self.assertEqual(len(self._visible(self.user_manager)), 4)
        self.other_ticket.sudo(self.user_manager).unlink()
        self.assertFalse(self.other_ticket.exists())

    def test_plain_user_no_access(self):
        with self.assertRaises(AccessError):
            self.env["customer.feedback"].sudo(self.user_plain).search([])

    def test_portal_own_company_only(self):
        visible = self.env["customer.feedback"].sudo(self.user_portal).search([])
        self.assertEqual(visible, self.own_ticket)
        self.own_ticket.sudo(self.user_portal).read(["subject", "stage_id", "category_id"])
        with self.assertRaises(AccessError):
            self.other_ticket.sudo(self.user_portal).read(["subject"])
        with self.assertRaises(AccessError):
            self.own_ticket.sudo(self.user_portal).write({"subject": "Changed"})
        stages = self.env["customer.feedback.stage"].sudo(self.user_portal).search([])
        self.assertTrue(stages)

    def test_config_only_for_managers(self):
        stage = self.env.ref("customer_feedback.customer_feedback_stage_new")
        with self.assertRaises(AccessError):
            stage.sudo(self.user_service).write({"name": "Fresh"})
        stage.sudo(self.user_manager).write({"fold": False})
        with self.assertRaises(AccessError):
            self.env["customer.feedback.sla.policy"].sudo(self.user_leader).create(
                {"name": "Mine", "response_hours": 1, "resolution_hours": 2})
