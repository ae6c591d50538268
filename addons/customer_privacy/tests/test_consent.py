"""Lawful basis and consent: records, withdrawal, the set-based check, and the channels that
skip the persons without the consent they need (survey campaigns, greeting reminders)."""
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import PrivacyCase


class TestConsent(PrivacyCase):

    def test_state_follows_the_withdrawal(self):
        consent = self.create_consent(self.contact)
        self.assertEqual(consent.state, "active")
        self.assertEqual(self.contact.privacy_consent_count, 1)
        consent.sudo(self.user_salesperson).action_withdraw()
        self.assertEqual(consent.state, "withdrawn")
        self.assertTrue(consent.date_withdrawn)
        self.assertEqual(consent.withdrawn_by_id, self.user_salesperson)
        self.assertEqual(consent.withdrawal_channel, "form")
        self.contact.invalidate_cache()
        self.assertEqual(self.contact.privacy_consent_count, 0)
        with self.assertRaises(UserError):
            consent.action_withdraw()

    def test_company_refused_with_field_and_value(self):
        with self.assertRaises(ValidationError) as refused, self.env.cr.savepoint():
            self.create_consent(self.company)
        self.assertIn("Person", refused.exception.name)
        self.assertIn(self.company.name, refused.exception.name)
        self.assertFalse(self.env["customer.privacy.consent"].search(
            [("partner_id", "=", self.company.id)]))

    def test_withdrawal_before_given_refused(self):
        with self.assertRaises(ValidationError) as refused:
            self.create_consent(self.contact, date_withdrawn="2025-12-31")
        self.assertIn("Withdrawn On", refused.exception.name)
        self.assertIn("2025-12-31", refused.exception.name)

    def test_refused_in_chinese(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_privacy"], ["zh_CN"])
        with self.assertRaises(ValidationError) as refused:
            self.env["customer.privacy.consent"].with_context(lang="zh_CN").create({
                "partner_id": self.company.id, "purpose": "survey", "basis": "consent",
                "date_given": "2026-01-05", "channel": "form"})
        self.assertIn("个人", refused.exception.name)
        self.assertIn(self.company.name, refused.exception.name)

    def test_bad_types_refused(self):
        Consent = self.env["customer.privacy.consent"].sudo(self.user_salesperson)
        for field, value in (("purpose", "fax"), ("date_given", "yesterday"),
                             ("partner_id", "Li Si")):
            vals = {"partner_id": self.contact.id, "purpose": "survey", "basis": "consent",
                    "date_given": "2026-01-05", "channel": "form"}
            vals[field] = value
            with self.assertRaises((ValidationError, AccessError), msg=field) as refused:
                with mute_logger("odoo.sql_db"):
                    Consent.create(vals)
            self.assertIn(str(value), str(refused.exception))

    def test_privacy_allows_is_set_based(self):
        other = self.create_contact(self.company, "Zhou Qi")
        self.create_consent(self.contact, "survey")
        withdrawn = self.create_consent(other, "survey")
        withdrawn.action_withdraw()
        partners = self.company | self.contact | other | self.individual
        partners.invalidate_cache()
        before = self.env.cr.sql_log_count
        allowed = partners._privacy_allows("survey")
        self.assertLessEqual(self.env.cr.sql_log_count - before, 3)
        self.assertEqual(allowed, {self.company.id, self.contact.id})
        # A contract for the service covers surveys unless the person withdrew them.
        self.create_consent(self.individual, "service", basis="contract")
        self.create_consent(other, "service", basis="contract")
        self.assertEqual(partners._privacy_allows("survey", contract_covers=True),
                         {self.company.id, self.contact.id, self.individual.id})
        self.assertEqual(partners._privacy_allows("marketing_email"), {self.company.id})

    def test_smart_button_opens_the_persons_consents(self):
        self.create_consent(self.contact)
        self.create_consent(self.individual)
        action = self.contact.sudo(self.user_salesperson).action_open_privacy_consents()
        consents = self.env["customer.privacy.consent"].search(action["domain"])
        self.assertEqual(consents.mapped("partner_id"), self.contact)
        self.assertEqual(action["context"]["default_partner_id"], self.contact.id)


class TestConsentChannels(PrivacyCase):
    """Survey campaigns and greeting reminders skip the persons without consent, and count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("customer_feedback.customer_satisfaction_survey")
        cls.tag = cls.env["res.partner.category"].create({"name": "Privacy Panel"})
        # A company at its own address: no one's personal information, invited.
        cls.own_mail = cls.create_customer(
            "Ningbo Own Mail Trading Co., Ltd.", email="info@ningbo.example.com",
            category_id=[(6, 0, cls.tag.ids)])
        cls.company.category_id = cls.tag
        cls.individual.category_id = cls.tag
        # A second company whose contact withdrew the consent to surveys.
        cls.withdrawn_company = cls.create_customer(
            "Wenzhou Withdrawn Trading Co., Ltd.", category_id=[(6, 0, cls.tag.ids)])
        cls.withdrawn_contact = cls.create_contact(
            cls.withdrawn_company, "Sun Ba", email="sunba@wenzhou.example.com")

    def campaign(self):
        return self.env["customer.survey.campaign"].create({
            "name": "Privacy survey", "survey_id": self.survey.id,
            "domain": "[('category_id', 'in', [%d])]" % self.tag.id})

    def set_survey_mode(self, mode):
        self.env["ir.config_parameter"].sudo().set_param("customer_privacy.survey_consent", mode)

    def invited(self, campaign):
        return campaign.user_input_ids.mapped("partner_id")

    def test_campaign_skips_and_counts(self):
        self.set_survey_mode("consent")
        self.create_consent(self.contact, "survey")
        self.create_consent(self.withdrawn_contact, "survey").action_withdraw()
        campaign = self.campaign()
        campaign.action_send()
        # Li Si consented; Wang Wu (individual) never did; Sun Ba withdrew.
        self.assertEqual(self.invited(campaign), self.own_mail | self.contact)
        summary = campaign.message_ids.filtered(lambda message: "Round 1" in message.body)
        self.assertIn("2 invitations sent, 0 customers without e-mail address skipped, "
                      "2 customers skipped without the consent to surveys", summary.body)

    def test_campaign_contract_covers_surveys_by_default(self):
        self.create_consent(self.individual, "service", basis="contract")
        self.create_consent(self.withdrawn_contact, "service", basis="contract")
        self.create_consent(self.withdrawn_contact, "survey").action_withdraw()
        campaign = self.campaign()
        campaign.action_send()
        self.assertEqual(self.invited(campaign), self.own_mail | self.individual)

    def test_campaign_without_check(self):
        self.set_survey_mode("none")
        campaign = self.campaign()
        campaign.action_send()
        self.assertEqual(self.invited(campaign),
                         self.own_mail | self.contact | self.individual | self.withdrawn_contact)

    def test_campaign_cron_reports_the_skipped(self):
        self.set_survey_mode("consent")
        campaign = self.campaign()
        campaign.write({"next_send_date": "2026-03-01"})
        campaign.action_start()
        self.env["customer.survey.campaign"]._cron_send_due_campaigns(date_ref="2026-03-02")
        self.assertEqual(self.invited(campaign), self.own_mail)
        summary = campaign.message_ids.filtered(lambda message: "Round 1" in message.body)
        self.assertIn("3 customers skipped without the consent to surveys", summary.body)

    def test_greetings_skip_persons_without_consent(self):
        key_tier = self.env["customer.tier"].create({"name": "Privacy Key", "is_key_account": True})
        self.company.write({"tier_id": key_tier.id})
        consenting = self.create_contact(self.company, "Zheng Shi", birthday="1980-03-12")
        silent = self.create_contact(self.company, "Feng Jiu", birthday="1981-03-12")
        withdrawn = self.create_contact(self.company, "Chen Shi", birthday="1982-03-12")
        self.create_consent(consenting, "marketing_email")
        self.create_consent(withdrawn, "marketing_email").action_withdraw()
        greeting = self.env.ref("customer_lifecycle.mail_activity_type_greeting")
        self.env["res.partner"]._cron_key_account_greetings(date_ref="2026-03-10")
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("activity_type_id", "=", greeting.id),
            ("res_id", "in", (consenting | silent | withdrawn).ids)])
        self.assertEqual(activities.mapped("res_id"), consenting.ids)
        # The count the cron logs.
        rows = [{"id": partner.id} for partner in (consenting | silent | withdrawn | self.company)]
        kept, skipped = self.env["res.partner"]._reminder_allowed_rows(rows)
        self.assertEqual(skipped, 2)
        self.assertEqual([row["id"] for row in kept], [consenting.id, self.company.id])
        # Switched off: everyone is greeted.
        self.env["ir.config_parameter"].sudo().set_param(
            "customer_privacy.greeting_consent", "False")
        self.env["res.partner"]._cron_key_account_greetings(date_ref="2026-03-10")
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("activity_type_id", "=", greeting.id),
            ("res_id", "in", (consenting | silent | withdrawn).ids)])
        self.assertEqual(len(activities), 3)
