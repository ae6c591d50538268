"""Mass e-mails of Odoo's composer skip the persons without the consent to marketing e-mail
and say how many; e-mails on one document (ticket replies, comments) are not filtered."""
import logging
from unittest.mock import patch

from odoo.addons.customer_privacy.models.customer_privacy_partner_mixin import (
    CustomerPrivacyPartnerMixin)

from .common import PrivacyCase

LOGGER = "odoo.addons.customer_privacy.wizards.mail_compose_message"


class TestConsentMassMail(PrivacyCase):
    """Li Si consented to marketing e-mail; Zhou Qi never did, Sun Ba withdrew, Wang Wu only
    consented to surveys; the company holds no one's personal information."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.silent = cls.create_contact(cls.company, "Zhou Qi", email="zhouqi@privacy.example.com")
        cls.withdrawn = cls.create_contact(cls.company, "Sun Ba", email="sunba@privacy.example.com")
        cls.create_consent(cls.contact, "marketing_email")
        cls.create_consent(cls.withdrawn, "marketing_email").action_withdraw()
        cls.create_consent(cls.individual, "survey")
        cls.partners = cls.company | cls.contact | cls.silent | cls.withdrawn | cls.individual
        cls.skipped = cls.silent | cls.withdrawn | cls.individual

    def composer(self, records, user=None, **values):
        """The wizard of the "Send e-mail" action on a selection of ``records``."""
        vals = {"subject": "Spring catalogue %s" % records._name, "body": "<p>New products</p>"}
        vals.update(values)
        return self.env["mail.compose.message"].sudo(user or self.user_salesperson).with_context(
            active_ids=records.ids, active_model=records._name,
            default_composition_mode="mass_mail", default_model=records._name).create(vals)

    def sent(self, composer):
        """{document id: recipient partners} of the e-mails the composer sends."""
        sent = {}
        mails = self.env["mail.mail"]
        original = type(mails).send

        def keep(records, *args, **kwargs):
            for mail in records:
                sent[mail.res_id] = mail.recipient_ids
            return True

        with patch.object(type(mails), "send", keep):
            composer.send_mail()
        self.assertIs(type(mails).send, original)
        return sent

    def test_partners_without_consent_are_skipped(self):
        with self.assertLogs(LOGGER, logging.INFO) as logs:
            sent = self.sent(self.composer(self.partners))
        self.assertEqual(set(sent), {self.company.id, self.contact.id})
        self.assertEqual(sent[self.contact.id], self.contact)
        self.assertIn("2 of 5 e-mails sent, 3 persons skipped without the consent to "
                      "marketing e-mail", logs.output[0])
        messages = self.env["mail.message"].search([
            ("model", "=", "res.partner"), ("res_id", "in", self.partners.ids),
            ("subject", "=", "Spring catalogue res.partner")])
        self.assertEqual(set(messages.mapped("res_id")), {self.company.id, self.contact.id})

    def test_template_of_the_send_email_action(self):
        template = self.env.ref("mail.email_template_partner")
        composer = self.composer(self.partners, template_id=template.id)
        self.assertEqual(set(self.sent(composer)), {self.company.id, self.contact.id})

    def test_additional_recipients_are_filtered(self):
        composer = self.composer(self.company, partner_ids=[(6, 0, self.partners.ids)])
        sent = self.sent(composer)
        self.assertEqual(sent[self.company.id], self.company | self.contact)

    def test_leads_about_persons_without_consent_are_skipped(self):
        """The leads' mass e-mail of crm writes to the lead's address: the lead's person
        decides; an address of nobody known becomes a partner (Odoo's template), without
        consent either."""
        Lead = self.env["crm.lead"]
        template = self.env.ref("crm.email_template_opportunity_mail")
        allowed = Lead.create({"name": "Privacy lead Li", "partner_id": self.contact.id,
                               "email_from": self.contact.email})
        silent = Lead.create({"name": "Privacy lead Zhou", "partner_id": self.silent.id,
                              "email_from": self.silent.email})
        unknown = Lead.create({"name": "Privacy lead by address",
                               "email_from": "someone@privacy.example.com"})
        leads = allowed | silent | unknown
        composer = self.composer(leads, user=self.env.user, template_id=template.id)
        self.assertEqual(composer.privacy_skipped_count, 1)
        self.assertEqual(set(self.sent(composer)), {allowed.id})
        self.assertTrue(self.env["res.partner"].search([("email", "=", unknown.email_from)]))

    def test_filter_is_set_based(self):
        calls = []
        original = CustomerPrivacyPartnerMixin._privacy_allows

        def counted(partners, purpose, contract_covers=False):
            calls.append(len(partners))
            return original(partners, purpose, contract_covers=contract_covers)

        composer = self.composer(self.partners)
        with patch.object(CustomerPrivacyPartnerMixin, "_privacy_allows", counted):
            values = composer.get_mail_values(self.partners.ids)
        self.assertEqual(calls, [5])
        self.assertEqual(set(values), {self.company.id, self.contact.id})

    def test_wizard_says_how_many_are_skipped(self):
        composer = self.composer(self.partners)
        self.assertEqual(composer.privacy_skipped_count, 3)
        # The whole search of the list, not only the selection.
        everyone = self.composer(self.contact, use_active_domain=True).with_context(
            active_domain=[("id", "in", self.partners.ids)])
        everyone.active_domain = str([("id", "in", self.partners.ids)])
        self.assertEqual(everyone.privacy_skipped_count, 3)
        self.assertEqual(self.composer(self.contact | self.company).privacy_skipped_count, 0)
        view = self.env["mail.compose.message"].fields_view_get(view_type="form")
        self.assertIn("privacy_skipped_count", view["arch"])

    def test_wizard_tells_nobody_else_who_consented(self):
        """The count is no oracle: partners the user may not read, and users who are not
        employees (a portal user creating the wizard over RPC), count nothing."""
        hidden = self.env["res.partner"].create({
            "name": "Hidden Ma", "is_company": False, "customer": True,
            "user_id": self.user_manager.id})
        self.assertEqual(self.composer(hidden, user=self.env.user).privacy_skipped_count, 1)
        self.assertEqual(self.composer(hidden, user=self.user_salesperson)
                         .privacy_skipped_count, 0)
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "login": "privacy_mass_portal", "name": "Portal Li Si", "partner_id": self.contact.id,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        composer = self.composer(self.partners, user=portal)
        self.assertEqual(composer.privacy_skipped_count, 0)

    def test_service_e_mails_are_not_filtered(self):
        """A reply on one ticket or a message on one partner reaches anyone concerned."""
        ticket = self.env["customer.feedback"].create({
            "subject": "Privacy late delivery", "partner_id": self.company.id,
            "contact_id": self.silent.id, "feedback_type": "complaint", "channel": "email"})
        for record in (ticket, self.silent):
            composer = self.env["mail.compose.message"].sudo(self.user_service).with_context(
                default_composition_mode="comment", default_model=record._name,
                default_res_id=record.id).create({
                    "subject": "About your delivery", "body": "<p>We are on it.</p>",
                    "partner_ids": [(6, 0, self.silent.ids)]})
            self.assertEqual(composer.privacy_skipped_count, 0)
            composer.send_mail()
            message = record.message_ids.filtered(
                lambda message: message.subject == "About your delivery")
            self.assertEqual(message.partner_ids, self.silent)

    def test_mass_e_mails_on_other_documents_are_not_filtered(self):
        """A mass e-mail to discussion channels is not marketing to the customer archive."""
        channel = self.env["mail.channel"].create({"name": "Privacy channel"})
        composer = self.composer(channel, user=self.env.user,
                                 partner_ids=[(6, 0, self.silent.ids)])
        self.assertEqual(composer.privacy_skipped_count, 0)
        self.assertEqual(self.sent(composer), {channel.id: self.silent})
