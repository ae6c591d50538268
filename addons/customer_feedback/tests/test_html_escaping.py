"""User-supplied text put into HTML by our code (chatter notes, activity notes, ticket
descriptions) is escaped: a user or a customer named like an HTML tag stays text."""
import re

from odoo import fields

from .common import FeedbackCase

PAYLOAD = "<img src=x onerror=alert(1)>"
# Partner names lose a trailing ">" when normalized: the escaped opening is the proof.
ESCAPED = "&lt;img src=x onerror=alert(1)"
# The tag itself, as the sanitizer would leave it (without its onerror).
RAW_TAG = re.compile(r"<img\s+src=[\"']?x\b")


class TestHtmlEscaping(FeedbackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in cls.users.values():
            user.name = PAYLOAD
        cls.env["ir.config_parameter"].sudo().set_param(
            "customer_feedback.rating_poor_action", "activity")

    def _html_since(self, message_id, activity_id, feedback_id):
        """{label: html} of what our code wrote since the given ids."""
        html = {}
        for message in self.env["mail.message"].search([("id", ">", message_id)]):
            html["message %d on %s" % (message.id, message.model)] = message.body or ""
        for activity in self.env["mail.activity"].search([("id", ">", activity_id)]):
            html["activity %s" % activity.summary] = activity.note or ""
        for ticket in self.env["customer.feedback"].search([("id", ">", feedback_id)]):
            html["ticket %s" % ticket.subject] = ticket.description or ""
        return html

    def _last_ids(self):
        return tuple(self.env[model].search([], order="id desc", limit=1).id or 0
                     for model in ("mail.message", "mail.activity", "customer.feedback"))

    def test_every_note_escapes_user_text(self):
        Feedback = self.env["customer.feedback"]
        resolved = self.env.ref("customer_feedback.customer_feedback_stage_resolved")
        pool_customer = self.create_customer("Taizhou Escaping Pool Trading Co., Ltd.")
        pool_customer.user_id = False
        survey = self.env.ref("customer_feedback.customer_satisfaction_survey")
        tag = self.env["res.partner.category"].create({"name": "Escaping Panel"})
        self.customer.write({"category_id": [(4, tag.id)], "email": "info@escaping.example.com"})

        def rated_poorly():
            ticket = self.create_feedback(contact_id=self.contact.id,
                                          user_id=self.user_service.id)
            ticket.write({"stage_id": resolved.id, "resolution": "Replaced the goods."})
            ticket.sudo().rating_apply(1, token=ticket.rating_ids.access_token, feedback=PAYLOAD)

        def sla_breached():
            team = self.env["crm.team"].create(
                {"name": "Escaping Team", "user_id": self.user_leader.id})
            ticket = self.create_feedback(user_id=self.user_service.id, team_id=team.id)
            level = ticket.sla_policy_id.escalation_ids.filtered(
                lambda l: l.target == "response" and l.trigger == "breach")[:1]
            ticket.sudo()._sla_fire({ticket.id: level}, ticket.date_received)

        def duplicate_flagged():
            self.create_contact(self.other_customer, PAYLOAD, email="dup.escaping@example.com")
            self.create_customer("Yangzhou Duplicate Escaping Trading Co., Ltd.",
                                 email="dup.escaping@example.com")

        def campaign_answered(action):
            campaign = self.env["customer.survey.campaign"].create({
                "name": "Escaping campaign %s" % action, "survey_id": survey.id,
                "nps_question_id": self.env.ref(
                    "customer_feedback.customer_survey_question_nps").id,
                "domain": "[('category_id', 'in', [%d])]" % tag.id,
                "detractor_action": action})
            campaign.action_send()
            user_input = campaign.user_input_ids
            Line = self.env["survey.user_input_line"]
            Line.create({
                "user_input_id": user_input.id, "answer_type": "suggestion",
                "question_id": campaign.nps_question_id.id,
                "value_suggested": self.env.ref(
                    "customer_feedback.customer_survey_label_nps_0").id})
            Line.create({
                "user_input_id": user_input.id, "answer_type": "free_text",
                "question_id": self.env.ref(
                    "customer_feedback.customer_survey_question_comment").id,
                "value_free_text": PAYLOAD})
            user_input.write({"state": "done"})

        def interaction_next_step():
            self.env["customer.interaction"].sudo(self.user_salesperson).create({
                "name": PAYLOAD, "partner_id": self.customer.id, "next_step": "Call back",
                "next_step_date": fields.Date.today()})

        triggers = {
            # customer_mgmt
            "archive verified": lambda: self.customer.sudo(
                self.user_salesperson).action_mark_verified(),
            "claimed from the pool": lambda: pool_customer.sudo(
                self.user_salesperson).action_claim(),
            "released to the pool": lambda: pool_customer._release_to_pool(
                PAYLOAD, author=self.user_salesperson),
            "contact changed": lambda: self.contact.write({"function": PAYLOAD}),
            "possible duplicate flagged": duplicate_flagged,
            "interaction next step": interaction_next_step,
            # customer_feedback
            "poor rating followed up": rated_poorly,
            "SLA breach escalated": sla_breached,
            "unhappy answer ticket": lambda: campaign_answered("ticket"),
            "unhappy answer activity": lambda: campaign_answered("activity"),
        }
        problems = []
        for name, trigger in sorted(triggers.items()):
            before = self._last_ids()
            trigger()
            html = self._html_since(*before)
            if not any(ESCAPED in body for body in html.values()):
                problems.append("%s: wrote no escaped user text (%s)" % (name, html))
            problems += ["%s: %s holds the raw tag: %s" % (name, label, body)
                         for label, body in html.items() if RAW_TAG.search(body)]
        self.assertFalse(problems, "\n".join(problems))
        self.assertTrue(Feedback.search([("channel", "=", "survey")]))
