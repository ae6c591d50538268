"""A ticket links only an interaction of its own customer: whoever reads the ticket sees the
linked interaction's name, which Odoo reads as superuser."""
from odoo.exceptions import AccessError, ValidationError

from .common import FeedbackCase


class TestFeedbackOriginLinks(FeedbackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Interaction = cls.env["customer.interaction"]
        cls.own_interaction = Interaction.create(
            {"name": "Own call", "partner_id": cls.customer.id, "user_id": cls.user_salesperson.id})
        cls.hidden_interaction = Interaction.create(
            {"name": "Hidden strategy call", "partner_id": cls.other_customer.id,
             "user_id": cls.user_manager.id})
        cls.ticket = cls.create_feedback()

    def _state(self):
        tickets = self.env["customer.feedback"].search([], order="id")
        return tickets.read(["partner_id", "interaction_id"])

    def test_interaction_of_another_customer_refused(self):
        before = self._state()
        for user in (self.user_salesperson, self.user_service, self.user_manager):
            # A refused request is rolled back, as over RPC: the savepoint plays that part.
            with self.assertRaises((AccessError, ValidationError), msg=user.login), \
                    self.env.cr.savepoint():
                self.ticket.sudo(user).write({"interaction_id": self.hidden_interaction.id})
            with self.assertRaises((AccessError, ValidationError), msg=user.login), \
                    self.env.cr.savepoint():
                self.env["customer.feedback"].sudo(user).create({
                    "subject": "Forged origin", "partner_id": self.customer.id,
                    "interaction_id": self.hidden_interaction.id})
        # Changing the customer away from the interaction's is refused too.
        linked = self.create_feedback(interaction_id=self.own_interaction.id)
        with self.assertRaisesRegex(ValidationError, "one of another customer"), \
                self.env.cr.savepoint():
            linked.sudo(self.user_manager).write({"partner_id": self.other_customer.id})
        self.assertEqual(self._state(), before + linked.read(["partner_id", "interaction_id"]))
        values = self.ticket.sudo(self.user_salesperson).read(["interaction_id"])[0]
        self.assertFalse(values["interaction_id"])

    def test_interaction_of_the_customer_linked(self):
        self.ticket.sudo(self.user_salesperson).write({"interaction_id": self.own_interaction.id})
        self.assertEqual(self.ticket.interaction_id, self.own_interaction)
