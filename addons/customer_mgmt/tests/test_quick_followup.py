"""Log Follow-up: one dialog from the customer (or a contact) saves the follow-up and plans the
next step for the salesperson; refused inputs and users save nothing.

Over XML-RPC: tests/test_rpc_quick_followup.py."""
from odoo.exceptions import AccessError, ValidationError

from .common import CustomerCase


class TestQuickFollowup(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user("quick_other", ["customer_mgmt.group_customer_salesperson"])
        cls.customer = cls.create_customer(
            "Jiaxing Quick Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.contact = cls.create_contact(cls.customer, "Qian Quick")
        cls.other_customer = cls.create_customer(
            "Shaoxing Quick Trading Co., Ltd.", user_id=cls.user_other.id)

    def open_dialog(self, user, partner):
        action = partner.sudo(user).action_log_followup()
        self.assertEqual((action["res_model"], action["target"]),
                         ("customer.interaction.quick", "new"))
        return self.env["customer.interaction.quick"].sudo(user).with_context(
            action["context"])

    def interactions(self, partner=None):
        return self.env["customer.interaction"].search(
            [("partner_id", "=", (partner or self.customer).id)])

    def test_one_click_saves_the_followup_and_plans_the_next_step(self):
        Quick = self.open_dialog(self.user_salesperson, self.customer)
        wizard = Quick.create({"channel": "visit", "summary": "Visited the plant\nThey need 200 units",
                               "next_step": "Send the quotation", "next_step_date": "2099-03-01"})
        self.assertEqual(wizard.action_save(), {"type": "ir.actions.act_window_close"})
        interaction = self.interactions()
        self.assertEqual(len(interaction), 1)
        self.assertEqual((interaction.name, interaction.channel, interaction.user_id),
                         ("Visited the plant", "visit", self.user_salesperson))
        self.assertIn("200 units", interaction.description)
        activity = interaction.next_step_activity_id
        self.assertEqual((activity.res_model, activity.res_id), ("res.partner", self.customer.id))
        self.assertEqual((activity.summary, activity.date_deadline, activity.user_id),
                         ("Send the quotation", "2099-03-01", self.user_salesperson))
        self.assertEqual(self.customer.interaction_count, 1)
        event = self.env["customer.timeline.event"].sudo(self.user_salesperson).search(
            [("res_model", "=", "customer.interaction"), ("res_id", "=", interaction.id)])
        self.assertEqual(event.kind, "interaction")

    def test_service_logs_on_a_contact_for_the_salesperson(self):
        Quick = self.open_dialog(self.user_service, self.contact)
        Quick.create({"channel": "call", "summary": "Asked for the manual",
                      "next_step": "Mail the manual", "next_step_date": "2099-03-02"}).action_save()
        interaction = self.interactions()
        self.assertEqual(interaction.contact_ids, self.contact)
        self.assertEqual(interaction.user_id, self.user_service)
        # The next step is the salesperson's.
        self.assertEqual(interaction.next_step_activity_id.user_id, self.user_salesperson)

    def test_without_next_step_no_activity(self):
        self.open_dialog(self.user_salesperson, self.customer).create(
            {"channel": "email", "summary": "Sent the catalogue"}).action_save()
        interaction = self.interactions()
        self.assertEqual(interaction.name, "Sent the catalogue")
        self.assertFalse(interaction.next_step_activity_id)

    def test_refused_inputs_save_nothing(self):
        Quick = self.open_dialog(self.user_salesperson, self.customer)
        for values in ({"summary": False}, {"summary": "  \n "}):
            wizard = Quick.create(dict(values, channel="call"))
            with self.assertRaises(ValidationError) as error:
                wizard.action_save()
            self.assertIn("Summary", error.exception.name)
        wizard = Quick.create({"channel": "call", "summary": "Called", "next_step_date": "2099-01-01"})
        with self.assertRaises(ValidationError) as error:
            wizard.action_save()
        self.assertIn("Next Step", error.exception.name)
        with self.assertRaises(ValidationError):
            Quick.create({"channel": "fax", "summary": "Faxed"})
        self.assertFalse(self.interactions())

    def test_refused_users_save_nothing(self):
        # The customer of another salesperson: neither the dialog nor a forged wizard.
        with self.assertRaises(AccessError):
            self.other_customer.sudo(self.user_salesperson).action_log_followup()
        with self.assertRaises(AccessError):
            self.env["customer.interaction.quick"].sudo(self.user_salesperson).create(
                {"partner_id": self.other_customer.id, "channel": "call", "summary": "Forged"})
        # A wizard made for a customer the user no longer reads.
        wizard = self.open_dialog(self.user_salesperson, self.customer).create(
            {"channel": "call", "summary": "Before the handover"})
        self.customer.write({"user_id": self.user_other.id})
        with self.assertRaises(AccessError):
            wizard.action_save()
        # Users outside customer service and sales.
        with self.assertRaises(AccessError):
            self.customer.sudo(self.user_plain).action_log_followup()
        with self.assertRaises(AccessError):
            self.env["customer.interaction.quick"].sudo(self.user_plain).create(
                {"partner_id": self.customer.id, "channel": "call", "summary": "Plain"}
            ).action_save()
        self.assertFalse(self.interactions())
        self.assertFalse(self.interactions(self.other_customer))
