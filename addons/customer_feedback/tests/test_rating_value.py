from .common import FeedbackCase


class TestRatingValue(FeedbackCase):
    """The rating value Odoo stores on each message: right for rated messages, hidden for
    tickets the user may not read, and one query for the messages without a rating."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls.create_feedback(user_id=cls.user_salesperson.id)
        cls.other_ticket = cls.create_feedback(cls.other_customer, user_id=cls.user_manager.id)
        cls.feedback_model_id = cls.env["ir.model"]._get_id("customer.feedback")

    def _message(self, ticket, body):
        return ticket.sudo().message_post(body=body, message_type="comment")

    def _rate(self, ticket, message, rating, consumed=True):
        return self.env["rating.rating"].sudo().create({
            "res_model_id": self.feedback_model_id, "res_id": ticket.id,
            "message_id": message.id, "rating": rating, "consumed": consumed})

    def _computed(self, messages, user):
        """(values, queries) of rating_value computed for the user, in cache only."""
        messages = messages.sudo(user)
        field = messages._fields["rating_value"]
        cr = self.env.cr
        before = cr.sql_log_count
        field.compute_value(messages)
        queries = cr.sql_log_count - before
        values = [messages.env.cache.get(message, field) for message in messages]
        messages.invalidate_cache(["rating_value"])
        return values, queries

    def test_rated_and_unrated_messages(self):
        rated = self._message(self.ticket, "Rated")
        pending = self._message(self.ticket, "Rating not given yet")
        unrated = self._message(self.ticket, "No rating")
        self._rate(self.ticket, rated, 8)
        self._rate(self.ticket, pending, 3, consumed=False)
        messages = rated | pending | unrated
        messages.invalidate_cache(["rating_value"])
        self.assertEqual(messages.mapped("rating_value"), [8.0, 0.0, 0.0], "stored on rating")
        values, __ = self._computed(messages, self.user_salesperson)
        self.assertEqual(values, [8.0, 0.0, 0.0])
        # A rating changed later is followed by its message.
        rated.rating_ids.sudo().write({"rating": 9})
        rated.invalidate_cache(["rating_value"])
        self.assertEqual(rated.rating_value, 9.0)

    def test_rating_of_unreadable_ticket_stays_hidden(self):
        message = self._message(self.other_ticket, "Rated by the other customer")
        rating = self._rate(self.other_ticket, message, 7)
        self.assertFalse(self.env["rating.rating"].sudo(self.user_salesperson).search(
            [("id", "=", rating.id)]), "the salesperson may not read this ticket's rating")
        self.assertEqual(self._computed(message, self.user_salesperson)[0], [0.0])
        self.assertEqual(self._computed(message, self.user_manager)[0], [7.0])

    def test_messages_without_rating_cost_one_query(self):
        messages = self.env["mail.message"]
        for index in range(5):
            messages |= self._message(self.ticket, "Note %d" % index)
        values, queries = self._computed(messages, self.user_salesperson)
        self.assertEqual(values, [0.0] * 5)
        self.assertEqual(queries, 1, "no rating search through the ticket rules")

    def test_new_message_of_salesperson_has_no_rating(self):
        customer = self.customer.sudo(self.user_salesperson)
        message = customer.message_post(body="Called the buyer", message_type="comment")
        self.assertEqual(message.rating_value, 0.0)
