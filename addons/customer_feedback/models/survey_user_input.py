"""Survey answers of a satisfaction campaign: their customer, NPS and CSAT scores, follow-up."""
import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html_escape

from .customer_survey_campaign import (
    CSAT_DISSATISFIED_MAX, CSAT_MAX, CSAT_MIN, NPS_MAX, NPS_MIN, csat_category, label_scores,
    nps_category)

_logger = logging.getLogger(__name__)


class SurveyUserInput(models.Model):
    """Campaign answers are created by the campaign and answered through their token link only.

    Odoo lets every user, portal user and visitor create and write any survey answer: the
    record rules (security/customer_survey_security.xml) keep campaign answers to the
    campaign's code and the token routes (both superuser), and other answers to their author.
    The tokens of campaign answers are read by survey managers only.
    """

    _name = "survey.user_input"
    _inherit = ["survey.user_input", "customer.secret.token.mixin"]
    _secret_token_field = "token"
    _secret_token_group = "survey.group_survey_manager"
    _secret_token_domain = [("campaign_id", "!=", False)]

    campaign_id = fields.Many2one(
        "customer.survey.campaign", string="Campaign", index=True, ondelete="set null",
        readonly=True)
    campaign_round = fields.Integer(readonly=True)
    customer_id = fields.Many2one(
        "res.partner", string="Customer", index=True, ondelete="set null", readonly=True,
        auto_join=True, help="The customer account the invitation was sent for.")
    date_done = fields.Datetime(
        string="Completed On", readonly=True, copy=False, index=True,
        help="When the survey was completed.")
    nps_score = fields.Integer(
        string="NPS Score", compute="_compute_scores", store=True, compute_sudo=True)
    nps_category = fields.Selection(
        [("promoter", "Promoter"), ("passive", "Passive"), ("detractor", "Detractor")],
        string="NPS Category", compute="_compute_scores", store=True, compute_sudo=True,
        index=True, help="Empty when the NPS question was not answered.")
    csat_score = fields.Integer(
        string="CSAT Score", compute="_compute_scores", store=True, compute_sudo=True,
        help="1 (very dissatisfied) to 5 (very satisfied); 0 when not answered.")
    csat_category = fields.Selection(
        [("satisfied", "Satisfied"), ("neutral", "Neutral"), ("dissatisfied", "Dissatisfied")],
        string="CSAT Category", compute="_compute_scores", store=True, compute_sudo=True,
        index=True)
    # Analysis: averaged in pivots, these give the NPS and the CSAT of any group of answers.
    nps_points = fields.Integer(
        string="NPS", compute="_compute_scores", store=True, compute_sudo=True,
        group_operator="avg",
        help="100 for a promoter, 0 for a passive, -100 for a detractor: their average is the NPS.")
    csat_points = fields.Integer(
        string="CSAT (%)", compute="_compute_scores", store=True, compute_sudo=True,
        group_operator="avg",
        help="100 for a satisfied answer, else 0: their average is the CSAT.")
    customer_industry_id = fields.Many2one(
        related="customer_id.industry_id", string="Industry", store=True, readonly=True,
        compute_sudo=True)
    customer_tier_id = fields.Many2one(
        related="customer_id.tier_id", string="Tier", store=True, readonly=True,
        compute_sudo=True)
    customer_region_id = fields.Many2one(
        related="customer_id.region_id", string="Region", store=True, readonly=True,
        compute_sudo=True)
    customer_user_id = fields.Many2one(
        related="customer_id.user_id", string="Salesperson", store=True, readonly=True,
        compute_sudo=True)
    campaign_followup_done = fields.Boolean(
        readonly=True, copy=False,
        help="The answer has updated its customer and followed up an unhappy customer once.")

    @api.multi
    @api.depends("user_input_line_ids.value_suggested", "user_input_line_ids.skipped",
                 "campaign_id.nps_question_id", "campaign_id.csat_question_id")
    def _compute_scores(self):
        scales = {}

        def scores_of(question, low, high):
            if question.id not in scales:
                scales[question.id] = label_scores(
                    [(label.id, label.quizz_mark) for label in question.labels_ids], low, high)
            return scales[question.id]

        for user_input in self:
            campaign = user_input.campaign_id
            nps = csat = None
            for line in user_input.user_input_line_ids:
                if line.skipped or not line.value_suggested:
                    continue
                if line.question_id == campaign.nps_question_id:
                    nps = scores_of(line.question_id, NPS_MIN, NPS_MAX).get(line.value_suggested.id)
                elif line.question_id == campaign.csat_question_id:
                    csat = scores_of(line.question_id, CSAT_MIN, CSAT_MAX).get(
                        line.value_suggested.id)
            user_input.nps_score = nps or 0
            user_input.nps_category = nps_category(nps)
            user_input.csat_score = csat or 0
            user_input.csat_category = csat_category(csat)
            user_input.nps_points = {"promoter": 100, "detractor": -100}.get(
                user_input.nps_category, 0)
            user_input.csat_points = 100 if user_input.csat_category == "satisfied" else 0

    @api.model
    def create(self, vals):
        user_input = super().create(vals)
        if user_input.state == "done":
            if not vals.get("date_done"):
                user_input._set_date_done()
            if user_input.campaign_id:
                user_input._campaign_process_answers()
        return user_input

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        # The rules are checked before a write: check again what the answer became.
        if self._uid != SUPERUSER_ID:
            self.check_access_rule("write")
        if vals.get("state") == "done":
            if not vals.get("date_done"):
                self._set_date_done()
            self.sudo().filtered("campaign_id")._campaign_process_answers()
        return result

    @api.multi
    def check_access_rule(self, operation):
        try:
            super().check_access_rule(operation)
        except AccessError:
            campaign_inputs = self.sudo().filtered("campaign_id")
            if operation == "read" or not campaign_inputs:
                raise
            raise AccessError(_(
                "Satisfaction campaign answers are given only through the invitation link sent "
                "to the customer: the answer of %(customer)s to %(campaign)s cannot be changed.")
                % {"customer": campaign_inputs[0].customer_id.display_name,
                   "campaign": campaign_inputs[0].campaign_id.display_name})

    # Business methods

    @api.multi
    def _set_date_done(self):
        """The completion date is the system's: set as superuser, whoever completes the answer."""
        self.sudo().write({"date_done": fields.Datetime.now()})

    @api.multi
    def _campaign_process_answers(self):
        """Once per completed campaign answer: update the customer's latest NPS and CSAT and
        follow up an unhappy customer (complaint ticket or activity)."""
        inputs = self.sudo().filtered(
            lambda ui: ui.campaign_id and ui.customer_id and ui.state == "done"
            and not ui.campaign_followup_done)
        if not inputs:
            return
        inputs._campaign_update_customers()
        unhappy = inputs.filtered(lambda ui: ui._campaign_is_unhappy())
        for action in ("ticket", "activity"):
            todo = unhappy.filtered(lambda ui: ui.campaign_id.detractor_action == action)
            if todo:
                getattr(todo, "_campaign_followup_%s" % action)()
        inputs.write({"campaign_followup_done": True})

    @api.multi
    def _campaign_is_unhappy(self):
        self.ensure_one()
        return self.nps_category == "detractor" or (
            self.csat_score and self.csat_score <= CSAT_DISSATISFIED_MAX)

    @api.multi
    def _campaign_update_customers(self):
        """Write each customer's latest answer, grouped by value: one write per distinct score."""
        latest = {"nps": {}, "csat": {}}
        for user_input in self.sorted(lambda ui: (ui.date_done or "", ui.id)):
            date = fields.Date.to_string(fields.Datetime.from_string(user_input.date_done))
            customer = user_input.customer_id
            if user_input.nps_category:
                latest["nps"][customer] = (user_input.nps_score, date)
            if user_input.csat_category:
                latest["csat"][customer] = (user_input.csat_score, date)
        for kind in ("nps", "csat"):
            score_field, date_field = "last_%s_score" % kind, "last_%s_date" % kind
            groups = {}
            for customer, (score, date) in latest[kind].items():
                if customer[date_field] and customer[date_field] > date:
                    continue  # a newer answer is already known
                groups.setdefault((score, date), self.env["res.partner"].sudo())
                groups[(score, date)] |= customer
            for (score, date), customers in groups.items():
                customers.write({score_field: score, date_field: date})

    @api.multi
    def _campaign_followup_ticket(self):
        """One complaint ticket per unhappy answer."""
        tickets = self.env["customer.feedback"].sudo()
        for user_input in self:
            lang = user_input.campaign_id.user_id.lang or self.env.user.lang
            vals = user_input.with_context(lang=lang)._campaign_ticket_values()
            tickets |= tickets.create(vals)
        _logger.info("Survey campaigns: %d complaint tickets opened for unhappy answers",
                     len(tickets))
        return tickets

    @api.multi
    def _campaign_ticket_values(self):
        self.ensure_one()
        contact = self.partner_id if self.partner_id != self.customer_id else False
        return {
            "subject": _("Detractor in survey %s") % self.campaign_id.name,
            "partner_id": self.customer_id.id,
            "contact_id": contact and contact.id,
            "feedback_type": "complaint",
            "channel": "survey",
            "priority": "2",
            "survey_user_input_id": self.id,
            "description": self._campaign_answer_summary(),
        }

    @api.multi
    def _campaign_followup_activity(self):
        """One follow-up activity per unhappy answer, for the customer's salesperson."""
        activity_type = self.env.ref("customer_feedback.mail_activity_type_survey_followup")
        model = self.env["ir.model"]._get("res.partner")
        activities = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        for user_input in self:
            user = user_input.customer_id.user_id or user_input.campaign_id.user_id
            lang = user.lang or self.env.user.lang
            activities |= activities.create({
                "res_model_id": model.id,
                "res_id": user_input.customer_id.id,
                "activity_type_id": activity_type.id,
                "user_id": user.id,
                "summary": user_input.with_context(lang=lang)._campaign_activity_summary(),
                "note": user_input._campaign_answer_summary(),
                "date_deadline": fields.Date.context_today(self),
            })
        _logger.info("Survey campaigns: %d follow-up activities scheduled for unhappy answers",
                     len(activities))
        return activities

    @api.multi
    def _campaign_activity_summary(self):
        self.ensure_one()
        return _("Unhappy customer in survey %s: call them back") % self.campaign_id.name

    @api.multi
    def _campaign_answer_summary(self):
        """The scores and the written comments of the answer, as HTML."""
        self.ensure_one()
        items = []
        if self.nps_category:
            items.append(_("NPS score: %d / 10") % self.nps_score)
        if self.csat_category:
            items.append(_("CSAT score: %d / 5") % self.csat_score)
        for line in self.user_input_line_ids:
            text = line.value_free_text or line.value_text
            if text:
                items.append("%s: %s" % (line.question_id.question, text))
        return "<ul>%s</ul>" % "".join("<li>%s</li>" % html_escape(item) for item in items)

    @api.model_cr
    def init(self):
        """A customer is invited once per campaign round."""
        super().init()
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS survey_user_input_campaign_round_customer_uniq
                ON survey_user_input (campaign_id, campaign_round, customer_id)
             WHERE campaign_id IS NOT NULL AND customer_id IS NOT NULL
        """)
