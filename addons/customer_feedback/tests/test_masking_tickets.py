"""Customer service sees the phones of its open tickets' customers unmasked (customer_mgmt
masks them otherwise)."""
from .common import FeedbackCase

PHONE = "13812345678"
PHONE_MASKED = "138****5678"


class TestMaskingTickets(FeedbackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.company_id.country_id = cls.env.ref("base.cn")
        cls.customer.write({"phone": PHONE})
        cls.contact.write({"mobile": PHONE})

    def _phones(self, user):
        partners = self.env["res.partner"].sudo(user).browse((self.customer | self.contact).ids)
        return [(row["phone"], row["mobile"]) for row in partners.read(["phone", "mobile"])]

    def test_open_ticket_unmasks_its_customer_for_its_assignee(self):
        self.assertEqual(self._phones(self.user_service),
                         [(PHONE_MASKED, False), (False, PHONE_MASKED)])
        ticket = self.create_feedback(user_id=self.user_service.id)
        self.assertEqual(self._phones(self.user_service),
                         [(self.customer.phone, False), (False, self.contact.mobile)])
        # Not another service agent's ticket.
        other = self.create_user("mask_service_other", ["customer_mgmt.group_customer_service"])
        self.assertEqual(self._phones(other), [(PHONE_MASKED, False), (False, PHONE_MASKED)])
        # Closed: masked again.
        cancelled = self.env["customer.feedback.stage"].search(
            [("is_closed", "=", True), ("is_cancelled", "=", True)], limit=1)
        ticket.write({"stage_id": cancelled.id})
        self.assertTrue(ticket.is_closed)
        self.assertEqual(self._phones(self.user_service),
                         [(PHONE_MASKED, False), (False, PHONE_MASKED)])
