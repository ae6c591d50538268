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


class TestTicketEmailMasked(FeedbackCase):
    """A ticket's e-mail, copied from its customer, is masked as the customer's is."""

    EMAIL = "zhang.ticket@example.com"
    EMAIL_MASKED = "z***@example.com"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # No salesperson: a customer of the public pool, its e-mail masked for salespeople.
        cls.pool_customer = cls.create_customer("Wuxi Pool Ticket Co., Ltd.", email=cls.EMAIL)
        # Not the salesperson's ticket (its assignee sees its customer unmasked).
        cls.ticket = cls.create_feedback(cls.pool_customer, user_id=cls.user_manager.id)

    def test_read_and_onchange_masked_for_salesperson(self):
        self.assertEqual(self.ticket.email_from, self.EMAIL)
        Ticket = self.env["customer.feedback"].sudo(self.user_salesperson)
        row = Ticket.browse(self.ticket.id).read(["email_from"])[0]
        self.assertEqual(row["email_from"], self.EMAIL_MASKED)
        values = {"subject": "Form ticket", "partner_id": self.pool_customer.id,
                  "contact_id": False, "email_from": False, "team_id": False}
        spec = {"partner_id": "1", "contact_id": "", "email_from": "", "team_id": ""}
        value = Ticket.onchange(values, "partner_id", spec)["value"]
        self.assertEqual(value["email_from"], self.EMAIL_MASKED)
        # Saved from that form, the ticket keeps the real address.
        ticket = Ticket.create({"subject": "Form ticket", "partner_id": self.pool_customer.id,
                                "email_from": value["email_from"], "feedback_type": "complaint",
                                "user_id": self.user_manager.id})
        self.assertEqual(ticket.sudo().email_from, self.EMAIL)
        # Sent back unchanged on a save, it is dropped: the real one stays.
        ticket.write({"email_from": self.EMAIL_MASKED, "subject": "Form ticket 2"})
        self.assertEqual((ticket.sudo().email_from, ticket.sudo().subject),
                         (self.EMAIL, "Form ticket 2"))

    def test_manager_reads_the_real_address(self):
        row = self.env["customer.feedback"].sudo(self.user_manager).browse(
            self.ticket.id).read(["email_from"])[0]
        self.assertEqual(row["email_from"], self.EMAIL)
        value = self.env["customer.feedback"].sudo(self.user_manager).onchange(
            {"subject": "Form ticket", "partner_id": self.pool_customer.id, "contact_id": False,
             "email_from": False, "team_id": False},
            "partner_id", {"partner_id": "1", "contact_id": "", "email_from": "",
                           "team_id": ""})["value"]
        self.assertEqual(value["email_from"], self.EMAIL)
