"""The consents page of the portal over HTTP, through the real server: a person sees and
withdraws their own consents, and only theirs."""
import re

from odoo import fields

from odoo.addons.customer_feedback.tests.common import InProcessHttpCase

PASSWORD = "Portal-Consent-2024"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class TestPortalConsent(InProcessHttpCase):
    """/my/consents as Alice (portal), whose colleague Carol, Bob of another company and an
    employee also have consents."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        company_a = Partner.create({"name": "Hangzhou Alpha Consent Trading Co., Ltd.",
                                    "is_company": True, "customer": True})
        company_b = Partner.create({"name": "Ningbo Beta Consent Trading Co., Ltd.",
                                    "is_company": True, "customer": True})
        self.alice = self._user(company_a, "Alice Consent", "portal_consent_alice")
        self.bob = self._user(company_b, "Bob Consent", "portal_consent_bob")
        self.employee = self._user(company_a, "Erin Employee", "portal_consent_erin",
                                   "customer_mgmt.group_customer_salesperson")
        carol = Partner.create({"name": "Carol Consent", "parent_id": company_a.id,
                                "email": "carol@consent.example.com"})
        person = self.alice.partner_id
        self.marketing = self._consent(person, "marketing_email")
        self.service = self._consent(person, "service", basis="contract")
        self.sms = self._consent(person, "sms")
        self.sms._withdraw(self.env.user, channel="phone")
        self.others = (self._consent(carol, "marketing_email")
                       | self._consent(self.bob.partner_id, "marketing_email")
                       | self._consent(self.employee.partner_id, "marketing_email"))
        self._sync()

    def _user(self, company, name, login, group="base.group_portal"):
        contact = self.env["res.partner"].create({
            "name": name, "parent_id": company.id, "email": "%s@example.com" % login})
        return self.env["res.users"].create({
            "login": login, "password": PASSWORD, "partner_id": contact.id, "lang": "en_US",
            "groups_id": [(6, 0, [self.env.ref(group).id])]})

    def _consent(self, partner, purpose, basis="consent"):
        return self.env["customer.privacy.consent"].create({
            "partner_id": partner.id, "purpose": purpose, "basis": basis,
            "date_given": "2026-01-05", "channel": "form", "evidence": "Signed form"})

    def _sync(self):
        """Keep what the test wrote when a request rolls back, and drop stale caches."""
        self.cr.commit()  # the test cursor only moves its savepoint
        self.env.cache.invalidate()

    def url_open(self, url, data=None, timeout=30):
        response = super().url_open(self.base_url + url, data=data, timeout=timeout)
        self.env.cache.invalidate()
        return response

    def _page(self, user):
        self.authenticate(user.login, PASSWORD)
        page = self.url_open("/my/consents")
        self.assertEqual(page.status_code, 200)
        return page

    def _withdraw(self, consent, token):
        return self.url_open("/my/consents/%d/withdraw" % consent.id,
                             data={"csrf_token": token})

    def _token(self, page):
        return CSRF.search(page.text).group(1)

    def _states(self):
        consents = self.marketing | self.service | self.sms | self.others
        return {consent.id: (consent.state, consent.date_withdrawn, consent.withdrawal_channel)
                for consent in consents}

    def test_home_and_page_show_only_own_consents(self):
        self.authenticate(self.alice.login, PASSWORD)
        home = self.url_open("/my/home")
        self.assertIn('href="/my/consents"', home.text)
        entry = re.search(r'<span class="badge">(\d+)</span>\s*<a href="/my/consents"',
                          home.text)
        self.assertEqual(entry.group(1), "3")
        page = self._page(self.alice)
        for consent in self.marketing | self.service | self.sms:
            self.assertIn("o_consent_%d" % consent.id, page.text)
        for consent in self.others:
            self.assertNotIn("o_consent_%d" % consent.id, page.text)
        self.assertNotIn("Carol Consent", page.text)
        for label in ("Marketing E-mail", "Contract", "Form", "Withdrawn", "Phone"):
            self.assertIn(label, page.text)
        # One button: the active consent; the contract says why it cannot be withdrawn.
        self.assertEqual(page.text.count("/withdraw\""), 1)
        self.assertIn("/my/consents/%d/withdraw" % self.marketing.id, page.text)
        self.assertIn("Lawful Basis \"Contract\": this processing rests on this basis",
                      page.text.replace("&quot;", "\""))

    def test_withdraw_own_consent(self):
        token = self._token(self._page(self.alice))
        response = self._withdraw(self.marketing, token)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my/consents?withdrawn=%d" % self.marketing.id),
                        response.url)
        self.assertIn("o_consent_withdrawn", response.text)
        self.assertEqual(self.marketing.state, "withdrawn")
        self.assertEqual(self.marketing.date_withdrawn, fields.Date.context_today(self.marketing))
        self.assertEqual(self.marketing.withdrawal_channel, "portal")
        self.assertEqual(self.marketing.withdrawn_by_id, self.alice)
        note = self.alice.partner_id.message_ids.filtered(
            lambda message: "on the portal" in (message.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Alice Consent withdrew their consent to Marketing E-mail", note.body)
        self.assertEqual(note.author_id, self.alice.partner_id)
        self.assertNotIn(self.alice.partner_id.id,
                         self.alice.partner_id._privacy_allows("marketing_email"))
        # Once withdrawn, no button; a second post is refused with the reason.
        self.assertNotIn("/my/consents/%d/withdraw" % self.marketing.id, response.text)
        again = self._withdraw(self.marketing, token)
        self.assertEqual(again.status_code, 403)
        self.assertIn("This consent was already withdrawn.", again.text)

    def test_other_peoples_consents_cannot_be_withdrawn_nor_seen(self):
        token = self._token(self._page(self.alice))
        before = self._states()
        missing = self.env["customer.privacy.consent"].browse(max(self.others.ids) + 1000)
        for consent in self.others | missing:
            response = self._withdraw(consent, token)
            self.assertEqual(response.status_code, 404, consent)
            self.assertIn("This consent is not one of yours, or it does not exist.",
                          response.text)
            self.assertNotIn("o_consent_%d" % consent.id, response.text)
        self.assertEqual(self._states(), before)
        self.assertFalse(self.alice.partner_id.message_ids.filtered(
            lambda message: "on the portal" in (message.body or "")))

    def test_withdrawal_needs_the_csrf_token(self):
        self._page(self.alice)
        before = self._states()
        for data in ({"purpose": "marketing_email"}, {"csrf_token": "forged"}):
            response = self.url_open("/my/consents/%d/withdraw" % self.marketing.id, data=data)
            self.assertEqual(response.status_code, 400)
        self.assertEqual(self._states(), before)
        # Nor by GET.
        response = self.url_open("/my/consents/%d/withdraw" % self.marketing.id)
        self.assertNotEqual(response.status_code, 200)
        self.assertEqual(self._states(), before)

    def test_other_bases_cannot_be_withdrawn(self):
        token = self._token(self._page(self.alice))
        before = self._states()
        response = self._withdraw(self.service, token)
        self.assertEqual(response.status_code, 403)
        self.assertIn("Lawful Basis \"Contract\": this processing rests on this basis, not on "
                      "your consent", response.text.replace("&quot;", "\""))
        self.assertEqual(self._states(), before)

    def test_internal_users_and_visitors_are_not_served(self):
        self.authenticate(self.employee.login, PASSWORD)
        self.assertNotIn('href="/my/consents"', self.url_open("/my/home").text)
        page = self.url_open("/my/consents")
        self.assertFalse(page.url.endswith("/my/consents"), page.url)
        token = self._token(self.url_open("/my/account"))
        before = self._states()
        self._withdraw(self.others[-1], token)
        self.assertEqual(self._states(), before)
        self.url_open("/web/session/logout")
        visitor = self.url_open("/my/consents")
        self.assertIn("/web/login", visitor.url)
        self.assertNotIn("o_consent_", visitor.text)

    def test_page_in_chinese(self):
        """In the person's language: the website offers the active languages."""
        self.alice.lang = "zh_CN"
        self._sync()
        page = self._page(self.alice)
        self.assertIn("/zh_CN/my/consents", page.url)
        for text in ("我的同意", "营销邮件", "合同", "已撤回"):
            self.assertIn(text, page.text)
        self.assertRegex(page.text, r"o_consent_withdraw\">\s*撤回\s*</button>")
        response = self._withdraw(self.service, self._token(page))
        self.assertIn("处理依据", response.text)
        response = self._withdraw(self.marketing, self._token(page))
        self.assertIn("/zh_CN/my/consents", response.url)
        self.assertIn("您已撤回", response.text)
        note = self.alice.partner_id.message_ids.filtered(
            lambda message: "门户" in (message.body or ""))
        self.assertEqual(len(note), 1)
