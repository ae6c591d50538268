from .common import FeedbackCase

NEW_MAIL = """Return-Path: <{from_addr}>
To: feedback@example.com
From: {from_name} <{from_addr}>
Subject: {subject}
Message-ID: <{msg_id}@mail.example.com>
Date: Mon, 2 Mar 2026 09:00:00 +0800
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

The pallets arrived broken. 货物破损，请尽快处理。
"""

REPLY_MAIL = """Return-Path: <{from_addr}>
To: feedback@example.com
From: {from_name} <{from_addr}>
Subject: Re: {subject}
Message-ID: <{msg_id}-reply@mail.example.com>
In-Reply-To: {parent_id}
References: {parent_id}
Date: Mon, 2 Mar 2026 10:00:00 +0800
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Here are the photos you asked for.
"""


class TestMailGateway(FeedbackCase):
    """E-mails open tickets for the matching customer; replies thread into them."""

    def _process(self, template, model="customer.feedback", **values):
        raw = template.format(**values)
        return self.env["mail.thread"].message_process(model, raw.encode("utf-8"))

    def test_known_sender_opens_ticket_for_customer(self):
        ticket_id = self._process(NEW_MAIL, from_name="Li Feedback",
                                  from_addr="li.feedback@example.com",
                                  subject="Broken pallets", msg_id="fb-1")
        ticket = self.env["customer.feedback"].browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.contact_id, self.contact)
        self.assertEqual(ticket.subject, "Broken pallets")
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.feedback_type, "inquiry", "an e-mail says no type: an inquiry")
        self.assertTrue(ticket.name.startswith("FB"), ticket.name)
        self.assertIn("货物破损", ticket.description)
        self.assertTrue(ticket.sla_policy_id, "the SLA applies to e-mailed tickets too")
        self.assertFalse(ticket.user_id, "the gateway user is not made responsible")
        incoming = ticket.message_ids.filtered(lambda m: m.message_id == "<fb-1@mail.example.com>")
        self.assertEqual(incoming.author_id, self.contact)

    def test_reply_threads_into_ticket(self):
        ticket_id = self._process(NEW_MAIL, from_name="Li Feedback",
                                  from_addr="li.feedback@example.com",
                                  subject="Broken pallets", msg_id="fb-2")
        ticket = self.env["customer.feedback"].browse(ticket_id)
        ticket.write({"stage_id": self.env.ref(
            "customer_feedback.customer_feedback_stage_waiting").id})
        count = self.env["customer.feedback"].search_count([])
        reply_id = self._process(REPLY_MAIL, from_name="Li Feedback",
                                 from_addr="li.feedback@example.com", subject="Broken pallets",
                                 msg_id="fb-2", parent_id="<fb-2@mail.example.com>")
        self.assertEqual(reply_id, ticket.id)
        self.assertEqual(self.env["customer.feedback"].search_count([]), count)
        self.assertTrue(ticket.message_ids.filtered(lambda m: "photos" in (m.body or "")))
        self.assertEqual(ticket.stage_id, self.env.ref(
            "customer_feedback.customer_feedback_stage_in_progress"),
            "the customer's reply puts a waiting ticket back in progress")

    def test_unknown_sender_gets_a_contact(self):
        ticket_id = self._process(NEW_MAIL, from_name="Zhou Stranger",
                                  from_addr="zhou.stranger@example.org",
                                  subject="Question about prices", msg_id="fb-3")
        ticket = self.env["customer.feedback"].browse(ticket_id)
        partner = ticket.partner_id
        self.assertEqual(partner.email, "zhou.stranger@example.org")
        self.assertEqual(partner.name, "Zhou Stranger")
        self.assertFalse(partner.customer, "an unknown sender is not made a customer")
        self.assertEqual(ticket.email_from, "Zhou Stranger <zhou.stranger@example.org>")

    def test_alias_routes_to_feedback(self):
        alias = self.env.ref("customer_feedback.mail_alias_customer_feedback")
        self.assertEqual(alias.alias_name, "feedback")
        self.assertEqual(alias.alias_model_id.model, "customer.feedback")
        self.env["ir.config_parameter"].sudo().set_param("mail.catchall.domain", "example.com")
        ticket_id = self._process(NEW_MAIL, model=None, from_name="Li Feedback",
                                  from_addr="li.feedback@example.com",
                                  subject="Through the alias", msg_id="fb-4")
        ticket = self.env["customer.feedback"].browse(ticket_id)
        self.assertEqual(ticket.subject, "Through the alias")
        self.assertEqual(ticket.partner_id, self.customer)
