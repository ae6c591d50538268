"""Ratings and survey answers as XML-RPC and JSON-RPC reach them (the ORM as each user), walked
field by field as each role on the tickets and customers it is not entitled to."""
import base64
from datetime import datetime, timedelta


from odoo import fields, models
from odoo.exceptions import AccessError

from .common import FeedbackCase, feedback_snapshot

FEEDBACK = "customer.feedback"
SKIPPED_FIELDS = set(models.MAGIC_COLUMNS) | {"display_name", "__last_update"}
# Rows compared before and after each attempt.
TABLES = ("customer_feedback", "rating_rating", "survey_user_input", "survey_user_input_line",
          "mail_activity")


class TestRatingSurveyAccess(FeedbackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_customer = cls.create_customer(
            "Jinhua Portal Trading Co., Ltd.", email="info@jinhua-portal.example.com")
        portal_contact = cls.create_contact(
            cls.portal_customer, "Zhou Portal", email="zhou.portal@example.com")
        cls.user_portal = cls.create_user(
            "portal", ["base.group_portal"], partner_id=portal_contact.id)
        cls.roles = {"service": cls.user_service, "salesperson": cls.user_salesperson,
                     "portal": cls.user_portal}
        # A resolved ticket of the salesperson's customer and one of a customer they do not
        # work: each asked its contact for a rating.
        cls.other_contact = cls.create_contact(
            cls.other_customer, "Wang Other", email="wang.other@example.com")
        resolved = cls.env.ref("customer_feedback.customer_feedback_stage_resolved")
        cls.own_ticket = cls.create_feedback(contact_id=cls.contact.id)
        cls.other_ticket = cls.create_feedback(
            customer=cls.other_customer, contact_id=cls.other_contact.id)
        (cls.own_ticket | cls.other_ticket).write(
            {"stage_id": resolved.id, "resolution": "Replaced the goods."})
        Rating = cls.env["rating.rating"]
        cls.own_rating = Rating.search([("res_model", "=", FEEDBACK),
                                        ("res_id", "=", cls.own_ticket.id)])
        cls.other_rating = Rating.search([("res_model", "=", FEEDBACK),
                                          ("res_id", "=", cls.other_ticket.id)])
        # A campaign invited both customers; the other customer answered as a promoter.
        tag = cls.env["res.partner.category"].create({"name": "Access Survey Panel"})
        (cls.customer | cls.other_customer).write({
            "category_id": [(4, tag.id)], "email": "info@panel.example.com"})
        cls.survey = cls.env.ref("customer_feedback.customer_satisfaction_survey")
        cls.nps_question = cls.env.ref("customer_feedback.customer_survey_question_nps")
        cls.campaign = cls.env["customer.survey.campaign"].create({
            "name": "Access campaign", "survey_id": cls.survey.id,
            "nps_question_id": cls.nps_question.id,
            "csat_question_id": cls.env.ref("customer_feedback.customer_survey_question_csat").id,
            "domain": "[('category_id', 'in', [%d])]" % tag.id,
        })
        cls.campaign.action_send()
        inputs = cls.campaign.user_input_ids
        cls.own_input = inputs.filtered(lambda ui: ui.customer_id == cls.customer)
        cls.other_input = inputs.filtered(lambda ui: ui.customer_id == cls.other_customer)
        cls.other_line = cls.env["survey.user_input_line"].create({
            "user_input_id": cls.other_input.id, "question_id": cls.nps_question.id,
            "answer_type": "suggestion",
            "value_suggested": cls.env.ref("customer_feedback.customer_survey_label_nps_10").id})
        cls.other_input.write({"state": "done"})

    # ------------------------------------------------------------------ helpers
    def _snapshot(self):
        return feedback_snapshot(self.cr, TABLES)

    def _attempt(self, problems, label, attempt):
        """Run ``attempt``; it must raise an AccessError and leave every row as it was."""
        before = self._snapshot()
        try:
            with self.cr.savepoint():
                attempt()
        except AccessError:
            pass
        except Exception as error:  # reported with the others below
            problems.append("%s: %s %s instead of an access error"
                            % (label, type(error).__name__, error))
        else:
            problems.append("%s: not refused" % label)
        # A refused write may leave fields to recompute in the user's environment.
        self.env.clear()
        if self._snapshot() != before:
            problems.append("%s: changed the database" % label)

    def _fields(self, model):
        """The stored fields a client can send to create and write."""
        return sorted(name for name, field in self.env[model]._fields.items()
                      if field.store and name not in SKIPPED_FIELDS
                      and field.type not in ("one2many", "many2many"))

    def _value(self, model, name, special):
        if name in special:
            return special[name]
        field = self.env[model]._fields[name]
        if field.type in ("char", "text", "html"):
            return "Forged"
        if field.type in ("integer", "float", "monetary"):
            return 7
        if field.type == "boolean":
            return True
        if field.type == "selection":
            return field.get_values(self.env)[-1]
        if field.type == "date":
            return fields.Date.today()
        if field.type == "datetime":
            return fields.Datetime.to_string(datetime.now() + timedelta(days=30))
        if field.type == "binary":
            return base64.b64encode(b"forged")
        if field.type == "many2one":
            return self.env[field.comodel_name].search([], limit=1).id
        raise AssertionError("no value for %s.%s (%s)" % (model, name, field.type))

    def _walk(self, model, unreadable, unwritable, create_values, special):
        """search_read, write and create of every field as each role on the records it may not
        read or write ({role: records}); returns the problems."""
        problems = []
        Model = self.env[model]
        names = {record.id: record.display_name for records in unwritable.values()
                 for record in records}
        for role, user in self.roles.items():
            for name in self._fields(model):
                value = self._value(model, name, special)
                for record in unreadable[role]:
                    try:
                        rows = Model.sudo(user).search_read(
                            [("id", "=", record.id), "|", (name, "=", False), (name, "!=", False)],
                            [name])
                    except AccessError:
                        rows = []
                    if rows:
                        problems.append("%s %s %s of %s: read %r"
                                        % (role, model, name, names[record.id], rows[0][name]))
                for record in unwritable[role]:
                    self._attempt(problems, "%s %s %s of %s: write"
                                  % (role, model, name, names[record.id]),
                                  lambda: record.sudo(user).write({name: value}))
                for values in create_values(role):
                    self._attempt(
                        problems, "%s create %s with %s=%r" % (role, model, name, value),
                        lambda: Model.sudo(user).create(dict(values, **{name: value})))
        return problems

    # ------------------------------------------------------------------ ratings
    def test_rating_fields_walk(self):
        feedback_model = self.env["ir.model"]._get(FEEDBACK)
        # Customer service handles every ticket: it is refused nothing but the tokens.
        not_entitled = {"service": self.env["rating.rating"],
                        "salesperson": self.other_rating,
                        "portal": self.own_rating | self.other_rating}
        foreign_ticket = {"service": self.env[FEEDBACK], "salesperson": self.other_ticket,
                          "portal": self.own_ticket}

        def create_values(role):
            values = [{"res_model_id": feedback_model.id, "res_id": 2 ** 31 - 1,
                       "partner_id": self.roles[role].partner_id.id, "rating": 1,
                       "consumed": True}]
            if foreign_ticket[role]:
                values.append(dict(values[0], res_id=foreign_ticket[role].id))
            return values

        special = {"res_model_id": feedback_model.id, "parent_res_model_id": feedback_model.id,
                   "res_model": FEEDBACK, "res_id": 2 ** 31 - 1, "rating": 1,
                   "message_id": False}
        problems = self._walk(
            "rating.rating", not_entitled, not_entitled, create_values, special)
        # Moving a rating one may change to a ticket one may not.
        self._attempt(problems, "salesperson moves a rating to another's ticket",
                      lambda: self.own_rating.sudo(self.user_salesperson).write(
                          {"res_id": self.other_ticket.id}))
        self.assertFalse(problems, "\n".join(problems))
        self.assertEqual(self.other_ticket.stage_id,
                         self.env.ref("customer_feedback.customer_feedback_stage_resolved"))
        self.assertFalse(self.other_ticket.activity_ids)

    def test_rating_entitled_staff_read_and_write_without_token(self):
        # The least privileged: a salesperson on their own customer's ticket.
        rating = self.own_rating.sudo(self.user_salesperson)
        rows = rating.search_read([("id", "in", (self.own_rating | self.other_rating).ids)],
                                  ["res_id", "access_token"])
        self.assertEqual([row["res_id"] for row in rows], [self.own_ticket.id])
        self.assertFalse(rows[0]["access_token"], "tokens are read by managers only")
        self.assertFalse(rating.access_token)
        self.assertFalse(self.own_ticket.sudo(self.user_service).rating_ids.access_token)
        rating.write({"feedback": "Called the customer back."})
        self.assertEqual(self.own_rating.feedback, "Called the customer back.")
        self.assertEqual(self.own_rating.sudo(self.user_manager).access_token,
                         self.own_rating.access_token)
        self.assertTrue(self.own_rating.access_token)

    def test_rating_token_not_searched_sorted_nor_grouped(self):
        token = self.other_rating.access_token
        Rating = self.env["rating.rating"]
        for role in ("service", "salesperson", "portal"):
            ratings = Rating.sudo(self.roles[role])
            with self.assertRaises(AccessError):
                ratings.search([("access_token", "=like", token[:1] + "%")])
            with self.assertRaises(AccessError):
                ratings.search([], order="access_token")
            with self.assertRaises(AccessError):
                ratings.read_group([], ["res_id"], ["access_token"])
            with self.assertRaises(AccessError):
                self.env[FEEDBACK].sudo(self.roles[role]).search(
                    [("rating_ids.access_token", "=", token)])
        self.assertEqual(Rating.sudo(self.user_manager).search([("access_token", "=", token)]),
                         self.other_rating)

    def test_rating_request_mail_sent_by_staff(self):
        """The rating e-mail of a ticket resolved by customer service carries the token."""
        ticket = self.create_feedback(contact_id=self.contact.id)
        ticket.sudo(self.user_service).write({
            "stage_id": self.env.ref("customer_feedback.customer_feedback_stage_resolved").id,
            "resolution": "Refunded."})
        rating = self.env["rating.rating"].search(
            [("res_model", "=", FEEDBACK), ("res_id", "=", ticket.id)])
        mail = self.env["mail.mail"].search([("model", "=", FEEDBACK), ("res_id", "=", ticket.id),
                                             ("subject", "ilike", "how did we handle")])
        self.assertTrue(rating.access_token)
        self.assertIn("/rating/%s/10" % rating.access_token, mail.body_html)

    # ------------------------------------------------------------------ survey answers
    def test_survey_answer_fields_walk(self):
        # Nobody writes campaign answers (only their token link does); reading follows the
        # customer: customer service all, salespeople their customers', portal users none.
        inputs = self.own_input | self.other_input
        unreadable = {"service": self.env["survey.user_input"], "salesperson": self.other_input,
                      "portal": inputs}

        def create_values(role):
            partner = self.roles[role].partner_id
            campaign_values = {
                "survey_id": self.survey.id, "campaign_id": self.campaign.id,
                "campaign_round": self.campaign.current_round + 1, "state": "done",
                "customer_id": self.other_customer.id, "partner_id": partner.id}
            return [campaign_values,
                    dict(campaign_values, customer_id=self.portal_customer.id),
                    # Not a campaign answer, but in another person's name.
                    {"survey_id": self.survey.id, "partner_id": self.other_contact.id}]

        special = {"survey_id": self.survey.id, "campaign_id": self.campaign.id,
                   "customer_id": self.other_customer.id, "state": "done",
                   "partner_id": self.other_contact.id,
                   "last_displayed_page_id": self.nps_question.page_id.id}
        problems = []
        for role, user in self.roles.items():
            rows = self.env["survey.user_input"].sudo(user).search_read(
                [("id", "in", inputs.ids)], ["token", "customer_id"])
            if sorted(row["id"] for row in rows) != sorted((inputs - unreadable[role]).ids):
                problems.append("%s reads the campaign answers %s" % (role, rows))
            if any(row["token"] for row in rows):
                problems.append("%s reads the token of a campaign answer" % role)
            # Through the lines too: none is added to or changed on a campaign answer.
            for user_input in inputs:
                self._attempt(problems, "%s adds a line to %s" % (role, user_input.display_name),
                              lambda: self.env["survey.user_input_line"].sudo(user).create({
                                  "user_input_id": user_input.id,
                                  "question_id": self.nps_question.id,
                                  "answer_type": "suggestion",
                                  "value_suggested": self.env.ref(
                                      "customer_feedback.customer_survey_label_nps_0").id}))
            self._attempt(problems, "%s changes a line of an answer" % role,
                          lambda: self.other_line.sudo(user).write({
                              "value_suggested": self.env.ref(
                                  "customer_feedback.customer_survey_label_nps_0").id}))
            rows = self.env["survey.user_input_line"].sudo(user).search_read(
                [("id", "=", self.other_line.id)], ["value_suggested"])
            if rows and role != "service":
                problems.append("%s reads the line of another customer's answer" % role)
        problems += self._walk("survey.user_input", unreadable,
                               {role: inputs for role in self.roles}, create_values, special)
        self.assertFalse(problems, "\n".join(problems))
        self.assertEqual(self.other_input.nps_score, 10)
        self.assertEqual(self.other_customer.last_nps_score, 10)
        self.assertEqual(self.own_input.state, "new")
        self.assertFalse(self.env[FEEDBACK].search([("survey_user_input_id", "in", inputs.ids)]))

    def test_own_answer_stays_own(self):
        """A portal user answers a survey in their own name, and cannot turn it into a campaign
        answer or another person's."""
        answer = self.env["survey.user_input"].sudo(self.user_portal).create({
            "survey_id": self.survey.id, "partner_id": self.user_portal.partner_id.id})
        answer.write({"state": "skip"})
        self.env["survey.user_input_line"].sudo(self.user_portal).create({
            "user_input_id": answer.id, "question_id": self.nps_question.id,
            "answer_type": "suggestion",
            "value_suggested": self.env.ref("customer_feedback.customer_survey_label_nps_0").id})
        problems = []
        for values in ({"campaign_id": self.campaign.id, "customer_id": self.customer.id},
                       {"partner_id": self.contact.id}):
            self._attempt(problems, "portal user turns their answer into %s" % values,
                          lambda: answer.write(dict(values, state="done")))
        line = answer.user_input_line_ids.sudo(self.user_portal)
        self._attempt(problems, "portal user moves their line to a campaign answer",
                      lambda: line.write({"user_input_id": self.own_input.id}))
        self.assertFalse(problems, "\n".join(problems))
        self.assertEqual(self.customer.last_nps_date, False)

    def test_survey_token_not_searched_sorted_nor_grouped(self):
        token = self.other_input.token
        for role in ("service", "salesperson", "portal"):
            inputs = self.env["survey.user_input"].sudo(self.roles[role])
            with self.assertRaises(AccessError):
                inputs.search([("token", "=like", token[:1] + "%")])
            with self.assertRaises(AccessError):
                inputs.search([], order="token desc")
            with self.assertRaises(AccessError):
                inputs.read_group([], ["survey_id"], ["token"])
            with self.assertRaises(AccessError):
                self.env["survey.user_input_line"].sudo(self.roles[role]).search(
                    [("user_input_id.token", "=", token)])
        self.assertEqual(
            self.env["survey.user_input"].sudo(self.user_manager).search([("token", "=", token)]),
            self.other_input)
