from odoo import fields
from odoo.exceptions import AccessError

from .common import CustomerMasterCase


class TestInteraction(CustomerMasterCase):
    """Interactions: CRUD by service staff, next steps, activity feedback, statistics."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.create_customer(
            "Suzhou Interaction Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.contact = cls.create_contact(cls.customer, "Wang Manager")
        cls.Interaction = cls.env["customer.interaction"]

    def _create(self, user=None, **vals):
        values = {"name": "Quarterly review", "partner_id": self.customer.id, "channel": "call"}
        values.update(vals)
        model = self.Interaction.sudo(user) if user else self.Interaction
        return model.create(values)

    def test_service_user_crud(self):
        interaction = self._create(
            self.user_service, contact_ids=[(6, 0, self.contact.ids)], outcome="Interested",
            participant_ids=[(6, 0, self.user_salesperson.ids)], location="Suzhou office")
        self.assertEqual(interaction.user_id, self.user_service)
        self.assertEqual(interaction.contact_ids, self.contact)
        interaction.write({"outcome": "Order expected in May", "channel": "visit"})
        self.assertEqual(interaction.channel, "visit")
        tracked = interaction.sudo().message_ids.mapped("tracking_value_ids.field")
        self.assertIn("outcome", tracked)
        self.assertIn("channel", tracked)
        with self.assertRaises(AccessError):
            interaction.unlink()
        interaction.sudo(self.user_manager).unlink()
        self.assertFalse(interaction.exists())

    def test_plain_user_cannot_create(self):
        with self.assertRaises(AccessError):
            self._create(self.user_plain)

    def test_contact_as_customer_is_logged_on_company(self):
        interaction = self._create(partner_id=self.contact.id)
        self.assertEqual(interaction.partner_id, self.customer)
        self.assertEqual(interaction.contact_ids, self.contact)

    def test_next_step_schedules_activity(self):
        deadline = "2030-01-15"
        interaction = self._create(
            self.user_service, next_step="Send the quotation", next_step_date=deadline,
            user_id=self.user_salesperson.id)
        activity = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)])
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "Send the quotation")
        self.assertEqual(activity.user_id, self.user_salesperson)
        self.assertEqual(activity.date_deadline, deadline)
        self.assertEqual(interaction.next_step_activity_id, activity)
        interaction.write({"next_step": "Send the revised quotation"})
        self.assertEqual(activity.summary, "Send the revised quotation")

    def test_no_next_step_no_activity(self):
        self._create(self.user_service)
        self.assertFalse(self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]))

    def _activity(self, xmlid, partner, user):
        return self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("res.partner").id,
            "res_id": partner.id,
            "activity_type_id": self.env.ref(xmlid).id,
            "summary": "Call about the renewal",
            "user_id": user.id,
        })

    def test_call_feedback_creates_interaction(self):
        activity = self._activity("mail.mail_activity_data_call", self.contact,
                                  self.user_salesperson)
        activity.sudo(self.user_salesperson).action_feedback("Renewal agreed for 2 years")
        interaction = self.Interaction.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(interaction), 1)
        self.assertEqual(interaction.channel, "call")
        self.assertEqual(interaction.name, "Call about the renewal")
        self.assertIn("Renewal agreed for 2 years", interaction.description)
        self.assertEqual(interaction.contact_ids, self.contact)
        self.assertEqual(interaction.user_id, self.user_salesperson)
        self.assertEqual(self.customer.interaction_count, 1)

    def test_meeting_feedback_creates_meeting_interaction(self):
        activity = self._activity("mail.mail_activity_data_meeting", self.customer,
                                  self.user_salesperson)
        activity.action_feedback("Met the board")
        interaction = self.Interaction.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(interaction.channel, "meeting")
        self.assertFalse(interaction.contact_ids)

    def test_other_activity_feedback_creates_nothing(self):
        activity = self._activity("mail.mail_activity_data_todo", self.customer,
                                  self.user_salesperson)
        activity.action_feedback("done")
        self.assertFalse(self.Interaction.search([("partner_id", "=", self.customer.id)]))

    def test_statistics_after_create_write_unlink(self):
        self.assertEqual(self.customer.interaction_count, 0)
        self.assertFalse(self.customer.last_interaction_date)
        first = self._create(date="2024-03-01 09:00:00")
        second = self._create(self.user_service, date="2024-05-02 10:30:00")
        self.assertEqual(self.customer.interaction_count, 2)
        self.assertEqual(self.customer.last_interaction_date, "2024-05-02 10:30:00")
        second.write({"date": "2024-02-01 08:00:00"})
        self.assertEqual(self.customer.last_interaction_date, "2024-03-01 09:00:00")
        other = self.create_customer("Other Stats Co., Ltd.")
        first.write({"partner_id": other.id})
        self.assertEqual(self.customer.interaction_count, 1)
        self.assertEqual(other.interaction_count, 1)
        self.assertEqual(other.last_interaction_date, "2024-03-01 09:00:00")
        (first | second).sudo(self.user_manager).unlink()
        self.assertEqual(self.customer.interaction_count, 0)
        self.assertFalse(self.customer.last_interaction_date)
        self.assertEqual(other.interaction_count, 0)
        found = self.env["res.partner"].search(
            [("id", "=", self.customer.id), ("interaction_count", "=", 0)])
        self.assertEqual(found, self.customer)

    def test_statistics_batch_is_one_statement(self):
        customers = self.env["res.partner"].browse(
            [self.create_customer("Batch %d Co., Ltd." % i).id for i in range(20)])
        for customer in customers:
            self.Interaction.create({"name": "x", "partner_id": customer.id,
                                     "date": fields.Datetime.now()})
        self.env.cr.execute("UPDATE res_partner SET interaction_count = 0 WHERE id = ANY(%s)",
                            (customers.ids,))
        before = self.env.cr.sql_log_count
        self.env["res.partner"]._update_interaction_stats(customers.ids)
        self.assertLessEqual(self.env.cr.sql_log_count - before, 2)
        self.assertEqual(set(customers.mapped("interaction_count")), {1})

    def test_smart_button_action(self):
        interaction = self._create()
        action = self.customer.action_view_interactions()
        self.assertEqual(self.Interaction.search(action["domain"]), interaction)
        action = self.contact.action_view_interactions()
        self.assertEqual(self.Interaction.search(action["domain"]), interaction)

    def test_analysis_groups_by_salesperson_channel_month(self):
        self._create(date="2024-03-01 09:00:00", channel="visit")
        groups = self.Interaction.read_group(
            [("partner_id", "=", self.customer.id)], ["user_id", "channel", "date"],
            ["user_id", "channel", "date:month"], lazy=False)
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["channel"], "visit")
