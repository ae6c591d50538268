from odoo.exceptions import ValidationError

from .common import FeedbackCase


class TestFeedbackStage(FeedbackCase):
    """Stage flags drive the dates, the resolution rule and the customer e-mails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.stage_new = ref("customer_feedback.customer_feedback_stage_new")
        cls.stage_progress = ref("customer_feedback.customer_feedback_stage_in_progress")
        cls.stage_waiting = ref("customer_feedback.customer_feedback_stage_waiting")
        cls.stage_resolved = ref("customer_feedback.customer_feedback_stage_resolved")
        cls.stage_closed = ref("customer_feedback.customer_feedback_stage_closed")
        cls.stage_cancelled = ref("customer_feedback.customer_feedback_stage_cancelled")

    def test_default_stages_flags(self):
        self.assertFalse(self.stage_new.is_closed or self.stage_new.is_resolved)
        self.assertTrue(self.stage_resolved.is_resolved and not self.stage_resolved.is_closed)
        self.assertTrue(self.stage_closed.is_closed and self.stage_closed.fold)
        self.assertTrue(self.stage_cancelled.is_closed and self.stage_cancelled.is_cancelled)

    def test_resolve_requires_resolution(self):
        ticket = self.create_feedback()
        for stage in (self.stage_resolved, self.stage_closed):
            with self.assertRaisesRegex(ValidationError, "without a resolution"):
                with self.env.cr.savepoint():
                    ticket.write({"stage_id": stage.id})
            ticket.invalidate_cache()
            self.assertEqual(ticket.stage_id, self.stage_new)
            self.assertFalse(ticket.date_resolved)
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                ticket.write({"stage_id": self.stage_resolved.id, "resolution": "   "})
        count = self.env["customer.feedback"].search_count([])
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.create_feedback(stage_id=self.stage_closed.id)
        self.assertEqual(self.env["customer.feedback"].search_count([]), count)

    def test_cancel_needs_no_resolution(self):
        ticket = self.create_feedback()
        ticket.stage_id = self.stage_cancelled
        self.assertTrue(ticket.is_closed)
        self.assertTrue(ticket.date_closed)
        self.assertFalse(ticket.date_resolved)

    def test_dates_on_stage_changes(self):
        ticket = self.create_feedback()
        self.assertFalse(ticket.date_first_response)
        ticket.stage_id = self.stage_progress
        self.assertTrue(ticket.date_first_response, "leaving New is a first response")
        self.assertFalse(ticket.date_resolved)
        ticket.write({"stage_id": self.stage_resolved.id, "resolution": "Replaced the goods."})
        self.assertTrue(ticket.date_resolved)
        self.assertTrue(ticket.is_resolved)
        self.assertFalse(ticket.is_closed)
        resolved_on = ticket.date_resolved
        ticket.stage_id = self.stage_closed
        self.assertEqual(ticket.date_resolved, resolved_on, "closing keeps the resolution date")
        self.assertTrue(ticket.date_closed)
        self.assertTrue(ticket.is_closed)
        # Reopened: resolution measured again.
        ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.date_resolved)
        self.assertFalse(ticket.date_closed)
        self.assertFalse(ticket.is_closed)

    def test_first_response_on_message_to_customer(self):
        ticket = self.create_feedback()
        ticket.sudo(self.user_service).message_post(
            body="Internal note", message_type="comment", subtype="mail.mt_note")
        self.assertFalse(ticket.date_first_response, "an internal note is no response")
        ticket.sudo(self.user_service).message_post(
            body="We are looking into it.", message_type="comment", subtype="mail.mt_comment")
        self.assertTrue(ticket.date_first_response)
        self.assertEqual(ticket.stage_id, self.stage_new)

    def test_customer_message_is_no_response(self):
        ticket = self.create_feedback()
        ticket.message_post(body="Any news?", message_type="comment", subtype="mail.mt_comment",
                            author_id=self.contact.id)
        self.assertFalse(ticket.date_first_response)

    def test_acknowledgement_sent_on_new(self):
        ticket = self.create_feedback(contact_id=self.contact.id)
        template = self.stage_new.mail_template_id
        self.assertTrue(template)
        messages = ticket.message_ids.filtered(lambda m: self.contact in m.partner_ids)
        self.assertTrue(messages, "the contact receives the acknowledgement")
        self.assertIn(ticket.name, messages[0].subject)
        self.assertFalse(ticket.date_first_response, "the acknowledgement is no response")

    def test_stage_template_sent_on_enter(self):
        ticket = self.create_feedback(contact_id=self.contact.id)
        ticket.write({"stage_id": self.stage_resolved.id,
                      "resolution": "We sent the missing parts by express."})
        notices = ticket.message_ids.filtered(
            lambda m: self.contact in m.partner_ids and "resolved" in (m.subject or ""))
        self.assertEqual(len(notices), 1)
        self.assertIn("missing parts", notices.body)
        ticket.stage_id = self.stage_closed
        notices = ticket.message_ids.filtered(
            lambda m: self.contact in m.partner_ids and "resolved" in (m.subject or ""))
        self.assertEqual(len(notices), 1, "the closed stage has no template")

    def test_stage_cannot_be_resolved_and_cancelled(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["customer.feedback.stage"].create(
                {"name": "Odd", "is_resolved": True, "is_cancelled": True})
        self.assertFalse(self.env["customer.feedback.stage"].search([("name", "=", "Odd")]))
