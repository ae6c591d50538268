"""The customer portal over HTTP: two portal users of two companies, each sees only their own."""
import re

from .common import InProcessHttpCase

PASSWORD = "Portal-Feedback-2024"
RATING_LINK = re.compile(r'href="(/rating/[^"/]+/\d+)"')


class TestFeedbackPortal(InProcessHttpCase):
    """/my/feedback: list, detail, new ticket and rating, as portal users of two companies."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.company_a = Partner.create({
            "name": "Hangzhou Alpha Portal Trading Co., Ltd.", "is_company": True,
            "customer": True})
        self.company_b = Partner.create({
            "name": "Ningbo Beta Portal Trading Co., Ltd.", "is_company": True,
            "customer": True})
        self.user_a = self._portal_user(self.company_a, "Alice Portal", "portal_feedback_a")
        self.user_b = self._portal_user(self.company_b, "Bob Portal", "portal_feedback_b")
        Feedback = self.env["customer.feedback"]
        self.ticket_a = Feedback.create({
            "subject": "Alpha carton damaged", "partner_id": self.company_a.id,
            "contact_id": self.user_a.partner_id.id, "feedback_type": "complaint",
            "channel": "phone", "description": "<p>The cartons were crushed.</p>"})
        self.ticket_b = Feedback.create({
            "subject": "Beta invoice wrong", "partner_id": self.company_b.id,
            "contact_id": self.user_b.partner_id.id, "feedback_type": "complaint",
            "channel": "email"})
        self._sync()

    def _portal_user(self, company, name, login):
        contact = self.env["res.partner"].create({
            "name": name, "parent_id": company.id, "type": "contact",
            "email": "%s@example.com" % login})
        return self.env["res.users"].with_context(no_reset_password=True).create({
            "login": login, "password": PASSWORD, "partner_id": contact.id, "lang": "en_US",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})

    def _sync(self):
        """Keep what the test wrote when a request rolls back, and drop stale caches."""
        self.cr.commit()  # the test cursor only moves its savepoint
        self.env.cache.invalidate()

    def url_open(self, url, data=None, timeout=30):
        if url.startswith("/"):
            url = self.base_url + url
        response = super().url_open(url, data=data, timeout=timeout)
        self.env.cache.invalidate()
        return response

    def _post_message(self, ticket, message, token):
        """Post in the portal chatter of ``ticket`` as the browser does, from its page."""
        self.opener.headers["Referer"] = "%s/my/feedback/%d" % (self.base_url, ticket.id)
        return self.url_open("/mail/chatter_post", data={
            "res_model": "customer.feedback", "res_id": ticket.id, "message": message,
            "csrf_token": token})

    def _login(self, user):
        self.authenticate(user.login, PASSWORD)

    def _csrf_token(self, url):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        # The form's hidden field, else the token every page gives its JavaScript (chatter).
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text) \
            or re.search(r'csrf_token: "([^"]+)"', page.text)
        self.assertTrue(match, "no CSRF token on %s" % url)
        return match.group(1)

    # ------------------------------------------------------------------ list and detail
    def test_home_and_list_show_only_own_company(self):
        self._login(self.user_a)
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/feedback"', home.text)
        page = self.url_open("/my/feedback")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.ticket_a.name, page.text)
        self.assertIn("Alpha carton damaged", page.text)
        self.assertNotIn(self.ticket_b.name, page.text)
        self.assertNotIn("Beta invoice wrong", page.text)
        for sortby in ("date", "name", "subject", "stage"):
            page = self.url_open("/my/feedback?sortby=%s&filterby=open" % sortby)
            self.assertEqual(page.status_code, 200, sortby)
            self.assertIn("Alpha carton damaged", page.text)

    def test_list_is_paged(self):
        Feedback = self.env["customer.feedback"]
        for index in range(21):
            Feedback.create({"subject": "Paged question %02d" % index,
                             "partner_id": self.company_a.id, "feedback_type": "inquiry"})
        self._sync()
        self._login(self.user_a)
        first = self.url_open("/my/feedback?sortby=subject")
        second = self.url_open("/my/feedback/page/2?sortby=subject")
        self.assertEqual((first.status_code, second.status_code), (200, 200))
        self.assertIn("/my/feedback/page/2", first.text)
        # 22 tickets by subject: "Alpha..." and 19 paged ones first, the last 2 on page 2.
        self.assertIn("Paged question 18", first.text)
        self.assertNotIn("Paged question 19", first.text)
        self.assertIn("Paged question 20", second.text)
        self.assertNotIn("Alpha carton damaged", second.text)

    def test_detail_of_own_ticket_with_conversation(self):
        self.ticket_a.message_post(
            body="We are sending new cartons.", message_type="comment",
            subtype="mail.mt_comment")
        self.ticket_a.message_post(
            body="Internal: check the carrier first.", message_type="comment",
            subtype="mail.mt_note")
        self._sync()
        self._login(self.user_a)
        page = self.url_open("/my/feedback/%d" % self.ticket_a.id)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alpha carton damaged", page.text)
        self.assertIn("The cartons were crushed.", page.text)
        self.assertIn('data-res_model="customer.feedback"', page.text)
        self.assertIn('data-res_id="%d"' % self.ticket_a.id, page.text)
        messages = self.url_open_json("/mail/chatter_fetch", {
            "res_model": "customer.feedback", "res_id": self.ticket_a.id})
        bodies = " ".join(m["body"] for m in messages["result"]["messages"])
        self.assertIn("We are sending new cartons.", bodies)
        self.assertNotIn("check the carrier", bodies, "customers never see internal notes")

    def url_open_json(self, url, params):
        return self.opener.post(
            self.base_url + url, json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=30).json()

    def test_other_company_ticket_is_refused(self):
        self._login(self.user_a)
        page = self.url_open("/my/feedback/%d" % self.ticket_b.id)
        self.assertNotIn("Beta invoice wrong", page.text)
        self.assertTrue(page.url.endswith("/my/feedback"), page.url)
        missing = self.url_open("/my/feedback/%d" % (self.ticket_b.id + 100000))
        self.assertTrue(missing.url.endswith("/my/feedback"), missing.url)
        # Nor its conversation, nor posting on it.
        messages = self.url_open_json("/mail/chatter_fetch", {
            "res_model": "customer.feedback", "res_id": self.ticket_b.id})
        self.assertFalse(messages.get("result", {}).get("messages"))
        token = self._csrf_token("/my/feedback/%d" % self.ticket_a.id)
        count = len(self.ticket_b.message_ids)
        self._post_message(self.ticket_b, "Let me in", token)
        self.assertEqual(len(self.ticket_b.message_ids), count)
        # B reads their own ticket.
        self._login(self.user_b)
        page = self.url_open("/my/feedback/%d" % self.ticket_b.id)
        self.assertIn("Beta invoice wrong", page.text)

    def test_customer_replies_in_the_conversation(self):
        self._login(self.user_a)
        token = self._csrf_token("/my/feedback/%d" % self.ticket_a.id)
        response = self._post_message(self.ticket_a, "The new cartons arrived.", token)
        self.assertEqual(response.status_code, 200)
        message = self.ticket_a.message_ids.filtered(
            lambda m: "The new cartons arrived." in (m.body or ""))
        self.assertEqual(message.author_id, self.user_a.partner_id)

    def test_anonymous_visitor_is_sent_to_login(self):
        page = self.url_open("/my/feedback/%d" % self.ticket_a.id)
        self.assertIn("/web/login", page.url)
        self.assertNotIn("Alpha carton damaged", page.text)

    def test_portal_offers_every_active_language(self):
        """A Chinese customer gets Chinese pages: installing the addon put the active
        languages on the website, which Odoo created with English only."""
        chinese = self.env["res.lang"].search([("code", "=", "zh_CN")])
        self.assertTrue(chinese, "bin/test installs with --load-language=zh_CN")
        self.assertIn(chinese, self.env.ref("website.default_website").language_ids)
        english = self.env.ref("base.lang_en")
        website = self.env["website"].create({
            "name": "English only", "language_ids": [(6, 0, english.ids)],
            "default_lang_id": english.id})
        self.env["website"]._customer_feedback_offer_active_languages()
        self.assertEqual(website.language_ids, english | chinese)

    # ------------------------------------------------------------------ new ticket
    def test_create_ticket_from_portal(self):
        category = self.env.ref("customer_feedback.customer_feedback_category_delivery_late")
        self._login(self.user_a)
        token = self._csrf_token("/my/feedback/new")
        response = self.url_open("/my/feedback/new", data={
            "csrf_token": token,
            "subject": "Shipment three days late",
            "feedback_type": "complaint",
            "category_id": str(category.id),
            "description": "Order 42 arrived on Friday instead of Tuesday.",
            # Attempts to file the ticket for another company are ignored.
            "partner_id": str(self.company_b.id),
            "channel": "phone",
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn("Shipment three days late", response.text)
        ticket = self.env["customer.feedback"].search(
            [("subject", "=", "Shipment three days late")])
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.url.split("?")[0].endswith("/my/feedback/%d" % ticket.id))
        self.assertEqual(ticket.partner_id, self.company_a)
        self.assertEqual(ticket.contact_id, self.user_a.partner_id)
        self.assertEqual(ticket.channel, "portal")
        self.assertFalse(ticket.user_id, "portal tickets wait for customer service")
        self.assertEqual(ticket.feedback_type, "complaint")
        self.assertEqual(ticket.category_id, category)
        self.assertIn("Order 42 arrived", ticket.description)
        self.assertIn(self.user_a.partner_id, ticket.message_partner_ids)
        # B does not see it.
        self._login(self.user_b)
        self.assertNotIn("Shipment three days late", self.url_open("/my/feedback").text)

    def test_create_ticket_refused_without_subject_or_token(self):
        Feedback = self.env["customer.feedback"]
        count = Feedback.search_count([])
        self._login(self.user_a)
        token = self._csrf_token("/my/feedback/new")
        response = self.url_open("/my/feedback/new", data={
            "csrf_token": token, "subject": " ", "feedback_type": "complaint",
            "description": "No subject given."})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Please give a short subject.", response.text)
        self.assertIn("No subject given.", response.text)
        response = self.url_open("/my/feedback/new", data={
            "csrf_token": token, "subject": "Odd type", "feedback_type": "hack",
            "description": "Unknown type."})
        self.assertIn("Please choose a type of feedback.", response.text)
        response = self.url_open("/my/feedback/new", data={
            "subject": "No token", "feedback_type": "complaint", "description": "Forged."})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Feedback.search_count([]), count)

    # ------------------------------------------------------------------ rating
    def test_rate_resolved_ticket(self):
        self._login(self.user_a)
        page = self.url_open("/my/feedback/%d" % self.ticket_a.id)
        self.assertFalse(RATING_LINK.findall(page.text), "rating links on an open ticket")
        self.ticket_a.write({
            "resolution": "New cartons sent.",
            "stage_id": self.env.ref("customer_feedback.customer_feedback_stage_resolved").id})
        self._sync()
        page = self.url_open("/my/feedback/%d" % self.ticket_a.id)
        links = [link for link in RATING_LINK.findall(page.text) if link.endswith("/10")]
        self.assertEqual(len(links), 1, "no rating link on the resolved ticket")
        self.assertIn("New cartons sent.", page.text)
        rated = self.url_open(links[0])
        self.assertEqual(rated.status_code, 200)
        rating = self.ticket_a.rating_ids.filtered("consumed")
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.rating, 10.0)
        page = self.url_open("/my/feedback/%d" % self.ticket_a.id)
        self.assertFalse(RATING_LINK.findall(page.text), "a rated ticket offers no more links")
        self.assertIn("o_portal_feedback_rated", page.text)
        # B gets no rating link to A's ticket.
        self._login(self.user_b)
        self.assertNotIn(links[0], self.url_open("/my/feedback/%d" % self.ticket_a.id).text)
