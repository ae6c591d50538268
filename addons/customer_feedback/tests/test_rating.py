from .common import FeedbackCase


class TestRating(FeedbackCase):
    """Resolved tickets ask the customer for a rating; poor ratings are followed up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_progress = cls.env.ref("customer_feedback.customer_feedback_stage_in_progress")
        cls.stage_resolved = cls.env.ref("customer_feedback.customer_feedback_stage_resolved")
        cls.stage_closed = cls.env.ref("customer_feedback.customer_feedback_stage_closed")
        cls.template = cls.env.ref("customer_feedback.customer_feedback_rating_request_template")

    def _resolve(self, ticket):
        ticket.write({"stage_id": self.stage_resolved.id, "resolution": "Replaced the goods."})

    def _ratings(self, ticket):
        return self.env["rating.rating"].search(
            [("res_model", "=", "customer.feedback"), ("res_id", "=", ticket.id)])

    def _rating_mails(self, ticket):
        return self.env["mail.mail"].search([
            ("model", "=", "customer.feedback"), ("res_id", "=", ticket.id),
            ("subject", "ilike", "how did we handle")])

    def test_rating_request_on_resolve(self):
        ticket = self.create_feedback(contact_id=self.contact.id, user_id=self.user_service.id)
        self.assertFalse(self._ratings(ticket))
        self._resolve(ticket)
        rating = self._ratings(ticket)
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.contact, "the person who complained rates")
        self.assertEqual(rating.rated_partner_id, self.user_service.partner_id)
        mails = self._rating_mails(ticket)
        self.assertEqual(len(mails), 1)
        self.assertIn("/rating/%s/1" % rating.access_token, mails.body_html)
        self.assertEqual(mails.recipient_ids, self.contact)
        # Closing a resolved ticket asks nothing more.
        ticket.stage_id = self.stage_closed
        self.assertEqual(len(self._rating_mails(ticket)), 1)
        self.assertEqual(len(self._ratings(ticket)), 1)

    def test_no_request_without_address(self):
        ticket = self.create_feedback()     # the company has no e-mail
        self._resolve(ticket)
        self.assertFalse(self._rating_mails(ticket))

    def test_poor_rating_reopens_once(self):
        ticket = self.create_feedback(contact_id=self.contact.id)
        self._resolve(ticket)
        rating = self._ratings(ticket)
        ticket.sudo().rating_apply(1, token=rating.access_token, feedback="Still broken")
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertFalse(ticket.date_resolved)
        self.assertEqual(ticket.rating_handled_id, rating)
        self.assertTrue(ticket.message_ids.filtered(lambda m: "reopened" in (m.body or "")))
        self.assertEqual(ticket.rating_last_value, 1)
        # The same rating submitted again (feedback form after the smiley) changes nothing.
        ticket.write({"stage_id": self.stage_resolved.id})
        ticket.sudo().rating_apply(1, token=rating.access_token, feedback="Still broken")
        self.assertEqual(ticket.stage_id, self.stage_resolved)
        # Re-resolved: a new rating request, a new rating.
        self.assertEqual(len(self._ratings(ticket)), 2)

    def test_good_rating_keeps_resolved(self):
        ticket = self.create_feedback(contact_id=self.contact.id)
        self._resolve(ticket)
        rating = self._ratings(ticket)
        ticket.sudo().rating_apply(10, token=rating.access_token)
        self.assertEqual(ticket.stage_id, self.stage_resolved)
        self.assertFalse(ticket.rating_handled_id)

    def test_poor_rating_follow_up_activity(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "customer_feedback.rating_poor_action", "activity")
        ticket = self.create_feedback(contact_id=self.contact.id, user_id=self.user_service.id)
        self._resolve(ticket)
        rating = self._ratings(ticket)
        ticket.sudo().rating_apply(5, token=rating.access_token, feedback="Slow")
        self.assertEqual(ticket.stage_id, self.stage_resolved)
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_service)
        ticket.sudo().rating_apply(5, token=rating.access_token, feedback="Slow")
        self.assertEqual(len(ticket.activity_ids), 1)

    def test_threshold_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "customer_feedback.rating_poor_threshold", "1")
        ticket = self.create_feedback(contact_id=self.contact.id)
        self._resolve(ticket)
        ticket.sudo().rating_apply(5, token=self._ratings(ticket).access_token)
        self.assertEqual(ticket.stage_id, self.stage_resolved, "5 is not poor with threshold 1")

    def test_smiley_click_is_followed_up(self):
        """Odoo's /rating/<token>/<rate> route writes the rating without rating_apply."""
        rating_class = type(self.env["rating.rating"])
        if not any(cls.__module__.endswith("customer_feedback.models.rating_rating")
                   for cls in rating_class.__mro__):
            self.skipTest("models/rating_rating.py is not imported yet")
        ticket = self.create_feedback(contact_id=self.contact.id)
        self._resolve(ticket)
        rating = self._ratings(ticket)
        rating.sudo().write({"rating": 1, "consumed": True})
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertEqual(ticket.rating_handled_id, rating)

    def test_settings_round_trip(self):
        if "customer_feedback_poor_rating_action" not in self.env["res.config.settings"]._fields:
            self.skipTest("models/res_config_settings_feedback.py is not imported yet")
        settings = self.env["res.config.settings"].create({
            "customer_feedback_poor_rating_action": "activity",
            "customer_feedback_poor_rating_threshold": "1",
        })
        # Not execute(): it resets the environments, which would leave this test class's
        # environment out of cache invalidation for the following tests.
        settings.set_values()
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("customer_feedback.rating_poor_action"), "activity")
        self.assertEqual(params.get_param("customer_feedback.rating_poor_threshold"), "1")
        values = self.env["res.config.settings"].default_get(
            ["customer_feedback_poor_rating_action", "customer_feedback_poor_rating_threshold"])
        self.assertEqual(values["customer_feedback_poor_rating_action"], "activity")
        self.assertEqual(values["customer_feedback_poor_rating_threshold"], "1")
