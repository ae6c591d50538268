"""Every HTTP route of our addons, and Odoo's rating, survey and chatter routes on our records,
walked from Odoo's routing map and called as a visitor and as another customer's portal user,
with no token, a forged one, a used one and one sent to someone else: each answers 403/404 or a
clear page, never crashes, shows nothing of the victim's and changes nothing."""
import inspect
import re
import uuid

import requests

import odoo
from odoo import http
from odoo.tests.common import get_db_name

from .common import InProcessHttpCase, feedback_snapshot

PASSWORD = "Portal-Routes-2024"
OUR_CONTROLLERS = ("odoo.addons.customer_mgmt.", "odoo.addons.customer_feedback.",
                   "odoo.addons.customer_lifecycle.")
ANSWERED = {200, 301, 302, 303, 403, 404}
# JSON-RPC errors that refuse the call, as opposed to crashes.
REFUSALS = {"odoo.exceptions.AccessError", "odoo.exceptions.AccessDenied",
            "odoo.exceptions.MissingError", "odoo.http.SessionExpiredException",
            "werkzeug.exceptions.Forbidden", "werkzeug.exceptions.NotFound"}
TABLES = ("customer_feedback", "rating_rating", "survey_user_input", "survey_user_input_line",
          "mail_message", "mail_activity", "mail_followers")
ROUTE_ARG = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


class TestSecurityRoutes(InProcessHttpCase):

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        resolved = self.env.ref("customer_feedback.customer_feedback_stage_resolved")
        # The victim: a customer with an open ticket, a rated one and one waiting for its rating.
        self.victim = Partner.create({
            "name": "Hangzhou Victim Routes Trading Co., Ltd.", "is_company": True,
            "customer": True, "email": "info@victim-routes.example.com"})
        self.victim_contact = Partner.create({
            "name": "Victim Contact", "parent_id": self.victim.id, "type": "contact",
            "email": "contact@victim-routes.example.com"})
        Feedback = self.env["customer.feedback"]
        values = {"partner_id": self.victim.id, "contact_id": self.victim_contact.id,
                  "feedback_type": "complaint", "channel": "phone"}
        self.ticket = Feedback.create(dict(
            values, subject="Victim secret subject",
            description="<p>Victim secret description</p>"))
        self.ticket.message_subscribe(partner_ids=self.victim_contact.ids)
        self.rated_ticket = Feedback.create(dict(values, subject="Victim rated ticket"))
        self.pending_ticket = Feedback.create(dict(values, subject="Victim pending ticket"))
        (self.rated_ticket | self.pending_ticket).write(
            {"stage_id": resolved.id, "resolution": "Replaced the goods."})
        self.used_rating = self.rated_ticket.rating_ids
        self.used_rating.write({"rating": 10, "consumed": True})
        self.pending_rating = self.pending_ticket.rating_ids
        # A campaign invited the victim (not answered yet) and another customer (answered).
        tag = self.env["res.partner.category"].create({"name": "Routes Survey Panel"})
        Partner.create({
            "name": "Ningbo Answered Routes Trading Co., Ltd.", "is_company": True,
            "customer": True, "email": "info@answered-routes.example.com",
            "category_id": [(6, 0, tag.ids)]})
        self.victim.category_id = tag
        self.survey = self.env.ref("customer_feedback.customer_satisfaction_survey")
        self.page = self.env.ref("customer_feedback.customer_survey_page_satisfaction")
        self.nps_question = self.env.ref("customer_feedback.customer_survey_question_nps")
        campaign = self.env["customer.survey.campaign"].create({
            "name": "Routes campaign", "survey_id": self.survey.id,
            "nps_question_id": self.nps_question.id,
            "csat_question_id": self.env.ref("customer_feedback.customer_survey_question_csat").id,
            "domain": "[('category_id', 'in', [%d])]" % tag.id})
        campaign.action_send()
        self.pending_input = campaign.user_input_ids.filtered(
            lambda ui: ui.customer_id == self.victim)
        self.done_input = campaign.user_input_ids - self.pending_input
        self.env["survey.user_input_line"].create({
            "user_input_id": self.done_input.id, "question_id": self.nps_question.id,
            "answer_type": "suggestion",
            "value_suggested": self.env.ref("customer_feedback.customer_survey_label_nps_10").id})
        self.done_input.write({"state": "done"})
        # The attacker: a portal user of another customer.
        attacker = Partner.create({
            "name": "Wenzhou Attacker Trading Co., Ltd.", "is_company": True, "customer": True})
        attacker_contact = Partner.create({
            "name": "Attacker Contact", "parent_id": attacker.id, "type": "contact",
            "email": "attacker@example.com"})
        self.attacker = self.env["res.users"].create({
            "login": "routes_attacker", "password": PASSWORD, "partner_id": attacker_contact.id,
            "lang": "en_US", "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        self._sync()

    def _sync(self):
        self.cr.commit()  # the test cursor only moves its savepoint
        self.env.cache.invalidate()

    # ------------------------------------------------------------------ helpers
    def _routes(self):
        """The rules of Odoo's routing map to attack, with their endpoint's function."""
        modules = [""] + odoo.conf.server_wide_modules + sorted(
            self.env.registry._init_modules - {"web"})
        routing = http.routing_map(
            modules, False, converters=type(self.env["ir.http"])._get_converters())
        for rule in routing.iter_rules():
            function = rule.endpoint.method.__func__
            parameters = inspect.signature(function).parameters
            on_a_model = {"model", "res_model"} & set(parameters)
            if (function.__module__.startswith(OUR_CONTROLLERS)
                    or rule.rule.startswith(("/rating/", "/survey/"))
                    or (rule.rule.startswith("/mail/") and on_a_model)):
                yield rule, function

    def _tokens(self, rule):
        """(kind, token) to try on a route; None stands for no token."""
        if rule.rule.startswith("/survey/"):
            used, sent = self.done_input.token, self.pending_input.token
        else:
            used, sent = self.used_rating.access_token, self.pending_rating.access_token
        return [("no", None), ("forged", uuid.uuid4().hex), ("used", used),
                ("another customer's", sent)]

    def _url(self, rule, token):
        def value(match):
            converter, args, name = match.groups()
            if converter == "model":
                return str({'"survey.survey"': self.survey.id, '"survey.page"': self.page.id}[args])
            if name == "token":
                return token
            return str({"res_model": "customer.feedback", "prev": "prev", "rate": 1, "page": 1,
                        "partner_id": self.victim_contact.id}.get(name, self.ticket.id))
        return ROUTE_ARG.sub(value, rule.rule)

    def _params(self, rule, function, token):
        """The parameters the attacker sends, as far as the endpoint takes them."""
        nps_tag = "%d_%d_%d" % (self.survey.id, self.page.id, self.nps_question.id)
        params = {
            "res_model": "customer.feedback", "model": "customer.feedback",
            "res_id": self.ticket.id, "message": "Forged message", "feedback": "Forged comment",
            "page_id": self.page.id, "button_submit": "finish",
            nps_tag: self.env.ref("customer_feedback.customer_survey_label_nps_0").id,
            "subject": "", "description": "", "partner_id": self.victim.id,
            "follower_ids": self.ticket.message_follower_ids.ids,
            "follower_id": self.ticket.message_follower_ids[:1].id,
        }
        if token is not None:
            params.update(token=token, access_token=token)
        parameters = inspect.signature(function).parameters
        takes_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
        in_url = {match[2] for match in ROUTE_ARG.findall(rule.rule)}
        return {name: value for name, value in params.items()
                if name not in in_url and (takes_any or name in parameters)}

    def _browse_as(self, user):
        """A new browser session, signed in as ``user`` (None: a visitor); its CSRF token."""
        self.session = odoo.http.root.session_store.new()
        self.session.db = get_db_name()
        odoo.http.root.session_store.save(self.session)
        self.opener = requests.Session()
        self.opener.cookies["session_id"] = self.session.sid
        if user:
            self.authenticate(user.login, PASSWORD)
        page = self.opener.get(self.base_url + "/web/login", timeout=30)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _snapshot(self):
        return feedback_snapshot(self.cr, TABLES)

    def _call(self, rule, url, params, csrf):
        """The responses of the route to each method it takes: [(method, status, text)]."""
        routing = rule.endpoint.routing
        methods = [method.upper() for method in routing.get("methods") or ("GET", "POST")]
        results = []
        if routing["type"] == "json":
            response = self.opener.post(self.base_url + url, timeout=30, json={
                "jsonrpc": "2.0", "method": "call", "params": params})
            results.append(("JSON", response.status_code, response.text, response))
            return results
        for method in methods:
            if method == "GET":
                response = self.opener.get(self.base_url + url, params=params, timeout=30,
                                           allow_redirects=False)
            else:
                data = dict(params, csrf_token=csrf)
                response = self.opener.post(self.base_url + url, data=data, timeout=30,
                                            allow_redirects=False)
            results.append((method, response.status_code, response.text, response))
        return results

    # ------------------------------------------------------------------ the walk
    def test_every_route_refuses_and_changes_nothing(self):
        secrets = ["Victim secret subject", "Victim secret description",
                   self.pending_rating.access_token, self.pending_input.token]
        routes = list(self._routes())
        paths = {rule.rule for rule, _function in routes}
        # The walk reaches our portal and the rating, survey and chatter routes on our records.
        for path in ("/my/feedback/<int:feedback_id>", "/rating/<string:token>/<int:rate>",
                     "/mail/chatter_post", "/mail/view", "/customer_mgmt/import_template",
                     '/survey/submit/<model("survey.survey"):survey>'):
            self.assertIn(path, paths)
        problems = []
        for identity, user in (("a visitor", None), ("another customer's portal user",
                                                     self.attacker)):
            csrf = self._browse_as(user)
            for rule, function in routes:
                has_token_arg = "<string:token>" in rule.rule
                for kind, token in self._tokens(rule):
                    if has_token_arg and token is None:
                        continue
                    if kind == "another customer's" and user is None:
                        continue  # a visitor holding the link is its customer
                    url = self._url(rule, token)
                    params = self._params(rule, function, token)
                    before = self._snapshot()
                    for method, status, text, response in self._call(rule, url, params, csrf):
                        label = "%s %s as %s with %s token" % (method, url, identity, kind)
                        if status not in ANSWERED:
                            problems.append("%s: HTTP %s" % (label, status))
                        if method == "JSON" and status == 200 and "error" in response.json():
                            name = response.json()["error"]["data"]["name"]
                            if name not in REFUSALS:
                                problems.append("%s: %s" % (label, name))
                        # The token sent is echoed in links: the other secrets must not show.
                        leaked = [secret for secret in secrets
                                  if secret in text and secret != token]
                        if leaked:
                            problems.append("%s: shows %s" % (label, leaked))
                    self.env.cache.invalidate()
                    if self._snapshot() != before:
                        problems.append("%s %s as %s with %s token changed the database"
                                        % (rule.rule, params, identity, kind))
                        self._sync()
        self.assertFalse(problems, "\n".join(problems))
        self.assertEqual(self.rated_ticket.stage_id,
                         self.env.ref("customer_feedback.customer_feedback_stage_resolved"))
        self.assertEqual(self.victim.last_nps_date, False)
        self.assertEqual(self.done_input.nps_score, 10)

    # ------------------------------------------------------------------ single use
    def test_rating_link_rates_once(self):
        """A smiley rates, the comment form adds one comment, then the link changes nothing."""
        self._browse_as(None)
        token = self.pending_rating.access_token
        page = self.opener.get(self.base_url + "/rating/%s/1" % token, timeout=30)
        self.assertEqual(page.status_code, 200)
        self.env.cache.invalidate()
        self.assertEqual(self.pending_rating.rating, 1)
        in_progress = self.env.ref("customer_feedback.customer_feedback_stage_in_progress")
        self.assertEqual(self.pending_ticket.stage_id, in_progress, "a poor rating reopens")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.opener.post(self.base_url + "/rating/%s/1/submit_feedback" % token,
                                    data={"csrf_token": csrf, "feedback": "Still broken."},
                                    timeout=30)
        self.assertEqual(response.status_code, 200)
        self.env.cache.invalidate()
        self.assertEqual(self.pending_rating.feedback, "Still broken.")
        self.assertTrue(self.pending_ticket.message_ids.filtered(
            lambda m: "Still broken." in (m.body or "")))
        # Resolved again: the used link neither rates again nor reopens the ticket.
        self.pending_ticket.write({"stage_id": self.env.ref(
            "customer_feedback.customer_feedback_stage_resolved").id})
        self._sync()
        count = len(self.pending_ticket.message_ids)
        for method, url, data in (
                ("get", "/rating/%s/1" % token, None),
                ("get", "/rating/%s/10" % token, None),
                ("post", "/rating/%s/1/submit_feedback" % token,
                 {"csrf_token": csrf, "feedback": "Again."})):
            response = getattr(self.opener, method)(self.base_url + url, data=data, timeout=30)
            self.assertEqual(response.status_code, 200, url)
            self.assertIn('data-reason="already_rated"', response.text, url)
            self.assertIn(self.pending_ticket.name, response.text)
            self.env.cache.invalidate()
            self.assertEqual(self.pending_rating.rating, 1)
            self.assertEqual(self.pending_rating.feedback, "Still broken.")
            self.assertEqual(self.pending_ticket.stage_id.is_resolved, True, url)
            self.assertEqual(len(self.pending_ticket.message_ids), count)

    def test_used_link_page_in_the_customer_language(self):
        if not self.env["res.lang"].search([("code", "=", "zh_CN")]):
            self.skipTest("Chinese is not installed")
        self.victim_contact.lang = "zh_CN"
        self._sync()
        self._browse_as(None)
        response = self.opener.get(
            self.base_url + "/rating/%s/10" % self.used_rating.access_token, timeout=30)
        self.assertIn("此反馈已评价", response.text)

    def test_rating_link_of_another_customer_is_refused(self):
        """Signed in as another customer, the victim's link rates nothing."""
        self._browse_as(self.attacker)
        response = self.opener.get(
            self.base_url + "/rating/%s/1" % self.pending_rating.access_token, timeout=30)
        self.assertEqual(response.status_code, 403)
        self.assertIn('data-reason="rating_not_yours"', response.text)
        self.env.cache.invalidate()
        self.assertFalse(self.pending_rating.consumed)

    def test_used_survey_invitation_answers_nothing(self):
        """A completed invitation shows the thank-you page and takes no new answer."""
        self._browse_as(None)
        fill = self.opener.get(self.base_url + "/survey/fill/%d/%s" % (
            self.survey.id, self.done_input.token), timeout=30)
        self.assertEqual(fill.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', fill.text) \
            or re.search(r'csrf_token: "([^"]+)"', fill.text)
        response = self.opener.post(self.base_url + "/survey/submit/%d" % self.survey.id, data={
            "csrf_token": csrf.group(1), "page_id": self.page.id, "token": self.done_input.token,
            "button_submit": "finish",
            "%d_%d_%d" % (self.survey.id, self.page.id, self.nps_question.id):
                self.env.ref("customer_feedback.customer_survey_label_nps_0").id,
        }, timeout=30)
        self.assertEqual(response.status_code, 200)
        self.assertIn("/survey/fill/", response.json()["redirect"])
        self.env.cache.invalidate()
        self.assertEqual(self.done_input.nps_score, 10)
        # The survey of a campaign is not answered without an invitation.
        start = self.opener.get(self.base_url + "/survey/start/%d" % self.survey.id, timeout=30)
        self.assertEqual(start.status_code, 403)
        self.assertIn('data-reason="survey_by_invitation"', start.text)

    def test_mail_routes_answer_malformed_ids_clearly(self):
        """An employee's mail links with an id that is no number: a redirect, never a 500."""
        employee = self.env["res.users"].create({
            "login": "routes_employee", "password": PASSWORD, "lang": "en_US",
            "name": "Routes Employee",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])]})
        self._sync()
        self._browse_as(employee)
        for route in ("/mail/view", "/mail/follow", "/mail/unfollow", "/mail/assign"):
            for res_id in ("abc", "1 OR 1=1", ""):
                response = self.opener.get(self.base_url + route, timeout=30, params={
                    "model": "customer.feedback", "res_id": res_id, "token": "x"},
                    allow_redirects=False)
                self.assertIn(response.status_code, ANSWERED, "%s?res_id=%r: HTTP %s" % (
                    route, res_id, response.status_code))
        self.assertFalse(self.env["mail.followers"].search(
            [("partner_id", "=", employee.partner_id.id), ("res_model", "=", "customer.feedback")]))
