from odoo.exceptions import ValidationError

from .common import FeedbackCase


class TestFeedback(FeedbackCase):
    """Reference, customer normalisation, defaults and tracking of feedback tickets."""

    def test_reference_from_sequence(self):
        ticket = self.create_feedback()
        self.assertTrue(ticket.name.startswith("FB"), ticket.name)
        other = self.create_feedback()
        self.assertNotEqual(ticket.name, other.name)

    def test_contact_normalised_to_customer(self):
        ticket = self.create_feedback(partner_id=self.contact.id)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.contact_id, self.contact)
        self.assertEqual(ticket.email_from, "li.feedback@example.com")
        ticket.write({"partner_id": self.contact.id})
        self.assertEqual(ticket.partner_id, self.customer)

    def test_contact_of_another_customer_refused(self):
        other_contact = self.create_contact(self.other_customer, "Wang Other")
        with self.assertRaisesRegex(ValidationError, "does not belong"):
            with self.env.cr.savepoint():
                self.create_feedback(contact_id=other_contact.id)
        self.assertFalse(self.env["customer.feedback"].search(
            [("contact_id", "=", other_contact.id)]))

    def test_defaults_service_user_and_customer_team(self):
        team = self.env["crm.team"].create({"name": "East Team", "user_id": self.user_leader.id})
        self.customer.team_id = team
        ticket = self.env["customer.feedback"].sudo(self.user_service).create({
            "subject": "Wrong invoice", "partner_id": self.customer.id,
            "feedback_type": "complaint", "channel": "phone"})
        self.assertEqual(ticket.user_id, self.user_service)
        self.assertEqual(ticket.team_id, team)
        self.assertEqual(ticket.stage_id, self.env.ref(
            "customer_feedback.customer_feedback_stage_new"))
        by_sales = self.env["customer.feedback"].sudo(self.user_salesperson).create({
            "subject": "Packaging idea", "partner_id": self.customer.id,
            "feedback_type": "suggestion", "channel": "visit"})
        self.assertFalse(by_sales.user_id, "only customer service takes tickets by default")

    def test_tracking_stage_user_priority(self):
        ticket = self.create_feedback()
        before = len(ticket.message_ids)
        ticket.write({
            "stage_id": self.env.ref("customer_feedback.customer_feedback_stage_in_progress").id,
            "user_id": self.user_service.id,
            "priority": "3",
        })
        tracked = ticket.message_ids[:len(ticket.message_ids) - before].mapped(
            "tracking_value_ids.field")
        self.assertIn("stage_id", tracked)
        self.assertIn("user_id", tracked)
        self.assertIn("priority", tracked)

    def test_category_hierarchy(self):
        parent = self.env["customer.feedback.category"].create({"name": "Logistics"})
        child = self.env["customer.feedback.category"].create(
            {"name": "Customs", "parent_id": parent.id})
        self.assertEqual(child.complete_name, "Logistics / Customs")
        self.assertEqual(child.display_name, "Logistics / Customs")
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                parent.parent_id = child
        ticket = self.create_feedback(category_id=child.id)
        found = self.env["customer.feedback"].search([("category_id", "child_of", parent.id)])
        self.assertIn(ticket, found)

    def test_notification_links_lead_portal_users_to_the_portal(self):
        ticket = self.create_feedback()
        portal_user = self.create_user(
            "feedback_portal_link", ["base.group_portal"], partner_id=self.contact.id)
        action = ticket.get_access_action(access_uid=portal_user.id)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], "/my/feedback/%s" % ticket.id)
        internal = ticket.get_access_action(access_uid=self.user_service.id)
        self.assertEqual(internal["type"], "ir.actions.act_window")
        self.assertEqual(internal["res_model"], "customer.feedback")
