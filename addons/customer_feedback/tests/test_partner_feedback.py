from odoo.exceptions import AccessError
from odoo.tools.safe_eval import safe_eval

from .common import FeedbackCase


class TestPartnerFeedback(FeedbackCase):
    """Feedback on the customer form and on interactions: counts, smart buttons, Log feedback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_closed = cls.env.ref("customer_feedback.customer_feedback_stage_closed")
        cls.complaint_open = cls.create_feedback(subject="Late delivery")
        cls.suggestion_open = cls.create_feedback(
            subject="Please add a QR code", feedback_type="suggestion")
        cls.complaint_closed = cls.create_feedback(subject="Broken carton")
        cls.complaint_closed.write({
            "resolution": "Replaced the carton.", "stage_id": cls.stage_closed.id})
        cls.other_ticket = cls.create_feedback(cls.other_customer, subject="Wrong invoice")

    def _rate(self, ticket, rate):
        token = ticket.rating_get_access_token()
        return ticket.rating_apply(rate, token=token)

    # ------------------------------------------------------------------ counts
    def test_counts_of_customer_and_contact(self):
        customer = self.customer.sudo(self.user_salesperson)
        self.assertEqual(customer.feedback_count, 3)
        self.assertEqual(customer.feedback_open_count, 2)
        self.assertEqual(customer.complaint_count, 2)
        # A contact person shows the figures of its company.
        contact = self.contact.sudo(self.user_salesperson)
        self.assertEqual(
            (contact.feedback_count, contact.feedback_open_count, contact.complaint_count), (3, 2, 2))

    def test_counts_of_many_partners_at_once(self):
        partners = (self.customer | self.other_customer | self.contact).sudo(self.user_service)
        counts = {p.id: (p.feedback_count, p.feedback_open_count, p.complaint_count)
                  for p in partners}
        self.assertEqual(counts[self.customer.id], (3, 2, 2))
        self.assertEqual(counts[self.contact.id], (3, 2, 2))
        self.assertEqual(counts[self.other_customer.id], (1, 1, 1))

    def test_counts_follow_access_rules(self):
        """A salesperson counts no ticket of a customer they cannot read; no access gives 0."""
        self.other_customer.user_id = self.user_salesperson
        self.assertEqual(self.other_customer.sudo(self.user_salesperson).feedback_count, 1)
        self.other_customer.user_id = self.user_manager
        self.assertEqual(
            self.env["customer.feedback"].sudo(self.user_salesperson).search_count(
                [("partner_id", "=", self.other_customer.id)]), 0)
        plain = self.customer.sudo(self.user_plain)
        self.assertEqual((plain.feedback_count, plain.last_rating), (0, 0.0))

    def test_last_rating_is_the_latest_filled_rating(self):
        self.assertEqual(self.customer.last_rating, 0.0)
        self._rate(self.complaint_closed, 10)
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.last_rating, 10.0)
        self._rate(self.suggestion_open, 1)
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.last_rating, 1.0)
        self.assertEqual(self.contact.last_rating, 1.0)
        # A rating request not answered yet is not a rating.
        self.complaint_open.rating_get_access_token()
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.last_rating, 1.0)
        self.assertEqual(self.other_customer.last_rating, 0.0)

    # ------------------------------------------------------------------ smart buttons
    def test_smart_buttons_open_the_customer_tickets(self):
        customer = self.customer.sudo(self.user_salesperson)
        Feedback = self.env["customer.feedback"].sudo(self.user_salesperson)
        action = customer.action_view_feedback()
        self.assertEqual(action["res_model"], "customer.feedback")
        self.assertEqual(Feedback.search(action["domain"]),
                         self.complaint_open | self.suggestion_open | self.complaint_closed)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        action = customer.action_view_open_feedback()
        self.assertEqual(Feedback.search(action["domain"]),
                         self.complaint_open | self.suggestion_open)
        action = customer.action_view_complaints()
        self.assertEqual(Feedback.search(action["domain"]),
                         self.complaint_open | self.complaint_closed)
        # From a contact person: still the company's tickets, the contact as default contact.
        action = self.contact.sudo(self.user_salesperson).action_view_feedback()
        self.assertEqual(len(Feedback.search(action["domain"])), 3)
        self.assertEqual(action["context"]["default_contact_id"], self.contact.id)

    # ------------------------------------------------------------------ log feedback
    def test_log_feedback_from_customer(self):
        action = self.customer.sudo(self.user_salesperson).action_log_feedback()
        self.assertEqual(action["res_model"], "customer.feedback")
        self.assertEqual(action["views"], [(False, "form")])
        self.assertEqual(action["context"], {"default_partner_id": self.customer.id})
        ticket = self.env["customer.feedback"].sudo(self.user_salesperson).with_context(
            action["context"]).create({"subject": "Price too high", "feedback_type": "complaint"})
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertFalse(ticket.contact_id)
        self.assertEqual(self.customer.sudo(self.user_salesperson).feedback_count, 4)

    def test_log_feedback_from_contact(self):
        action = self.contact.sudo(self.user_service).action_log_feedback()
        self.assertEqual(action["context"], {
            "default_partner_id": self.customer.id, "default_contact_id": self.contact.id})
        ticket = self.env["customer.feedback"].sudo(self.user_service).with_context(
            action["context"]).create({"subject": "Thanks for the fast repair",
                                       "feedback_type": "praise"})
        self.assertEqual((ticket.partner_id, ticket.contact_id), (self.customer, self.contact))

    def test_log_feedback_refused_without_access(self):
        """A salesperson cannot log feedback on a customer of another salesperson."""
        action = self.other_customer.action_log_feedback()
        # The model guard refuses the hidden customer named by the action's default.
        with self.assertRaises(AccessError) as error, self.cr.savepoint():
            self.env["customer.feedback"].sudo(self.user_salesperson).with_context(
                action["context"]).create({"subject": "Not mine"})
        self.assertIn("not allowed to read", str(error.exception))
        self.assertEqual(self.other_customer.feedback_count, 1)

    # ------------------------------------------------------------------ ticket type
    def test_type_comes_from_the_entry_point(self):
        """Complaints logged from a complaints window are complaints; the plain form preselects
        no type (the person logging picks one); creates without a form are inquiries."""
        Feedback = self.env["customer.feedback"].sudo(self.user_service)
        form_defaults = Feedback.default_get(list(Feedback._fields))
        self.assertFalse(form_defaults.get("feedback_type"))
        for context in (
                self.env.ref("customer_feedback.customer_feedback_complaint_action").read()[0][
                    "context"],
                self.customer.sudo(self.user_service).action_view_complaints()["context"]):
            if isinstance(context, str):
                context = safe_eval(context)
            self.assertEqual(
                Feedback.with_context(context).default_get(["feedback_type"])["feedback_type"],
                "complaint")
            ticket = Feedback.with_context(context).create(
                {"subject": "Scratched parts", "partner_id": self.customer.id})
            self.assertEqual(ticket.feedback_type, "complaint")
        # Smart buttons only for what has records: no Complaints button before the first one.
        arch = self.env["res.partner"].sudo(self.user_service).fields_view_get(
            view_type="form")["arch"]
        self.assertIn("('complaint_count', '=', 0)", arch)
        logged = Feedback.with_context(self.customer.sudo(
            self.user_service).action_log_feedback()["context"]).create(
            {"subject": "A question about the price list"})
        self.assertEqual(logged.feedback_type, "inquiry")

    # ------------------------------------------------------------------ interactions
    def _interaction(self, channel="meeting", **values):
        vals = {
            "name": "Quarterly review",
            "partner_id": self.customer.id,
            "channel": channel,
            "contact_ids": [(6, 0, self.contact.ids)],
        }
        vals.update(values)
        return self.env["customer.interaction"].sudo(self.user_salesperson).create(vals)

    def test_log_feedback_from_interaction(self):
        interaction = self._interaction()
        self.assertEqual(interaction.feedback_count, 0)
        action = interaction.action_log_feedback()
        self.assertEqual(action["res_model"], "customer.feedback")
        ticket = self.env["customer.feedback"].sudo(self.user_salesperson).with_context(
            action["context"]).create({"feedback_type": "complaint"})
        self.assertEqual(ticket.interaction_id, interaction)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.contact_id, self.contact)
        self.assertEqual(ticket.channel, "visit")
        self.assertEqual(ticket.subject, "Quarterly review")
        interaction.invalidate_cache()
        self.assertEqual(interaction.feedback_count, 1)
        self.assertEqual(interaction.feedback_ids, ticket)
        action = interaction.action_view_feedback()
        self.assertEqual(
            self.env["customer.feedback"].sudo(self.user_salesperson).search(action["domain"]),
            ticket)

    def test_interaction_channel_map(self):
        expected = {"call": "phone", "email": "email", "meeting": "visit", "visit": "visit",
                    "chat": "other", "other": "other"}
        for channel, feedback_channel in expected.items():
            interaction = self._interaction(channel=channel, contact_ids=[(5,)])
            context = interaction.action_log_feedback()["context"]
            self.assertEqual(context["default_channel"], feedback_channel, channel)
            self.assertNotIn("default_contact_id", context)
