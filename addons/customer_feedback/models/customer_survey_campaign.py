"""Satisfaction survey campaigns: personal survey invitations to a selection of customers."""
import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from odoo.addons.customer_mgmt.utils.access import MANAGER, TEAM_LEADER, allowed_groups
from odoo.addons.customer_mgmt.utils.accounts import ACCOUNT_DOMAIN

_logger = logging.getLogger(__name__)

NPS_MIN, NPS_MAX = 0, 10
CSAT_MIN, CSAT_MAX = 1, 5
NPS_PROMOTER_MIN = 9
NPS_DETRACTOR_MAX = 6
CSAT_SATISFIED_MIN = 4
CSAT_DISSATISFIED_MAX = 2

RECURRENCE_STEPS = {
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "yearly": relativedelta(years=1),
}


# Pure arithmetic, tested on its own (tests/test_nps_csat.py).

def nps_category(score):
    """Promoter (9-10), passive (7-8) or detractor (0-6); None for no answer."""
    if score is None or score is False:
        return None
    if score >= NPS_PROMOTER_MIN:
        return "promoter"
    if score <= NPS_DETRACTOR_MAX:
        return "detractor"
    return "passive"


def csat_category(score):
    """Satisfied (4-5), neutral (3) or dissatisfied (1-2); None for no answer."""
    if not score:
        return None
    if score >= CSAT_SATISFIED_MIN:
        return "satisfied"
    if score <= CSAT_DISSATISFIED_MAX:
        return "dissatisfied"
    return "neutral"


def nps_from_counts(promoters, passives, detractors):
    """Net Promoter Score: % promoters minus % detractors, -100..100; 0 when nobody answered."""
    total = promoters + passives + detractors
    if not total:
        return 0.0
    return round(100.0 * (promoters - detractors) / total, 1)


def csat_from_counts(satisfied, total):
    """CSAT: % of the answers that are satisfied (4-5); 0 when nobody answered."""
    if not total:
        return 0.0
    return round(100.0 * satisfied / total, 1)


def response_rate(sent, answered):
    """% of the invitations answered; 0 when nothing was sent."""
    if not sent:
        return 0.0
    return round(100.0 * answered / sent, 1)


def label_scores(labels, low, high):
    """Map the choices of a scale question to their scores: {label id: score}.

    ``labels`` are (id, quizz_mark) pairs in display order. The labels' scores ("Score for this
    choice") win when they are whole numbers of the scale, not all equal; otherwise the choices
    score low, low + 1, ... in display order (choices past the top of the scale score nothing).
    """
    marks = [mark for _label_id, mark in labels]
    if (len(labels) > 1 and len(set(marks)) > 1
            and all(mark == int(mark) and low <= mark <= high for mark in marks)):
        return {label_id: int(mark) for label_id, mark in labels}
    return {label_id: low + index for index, (label_id, _mark) in enumerate(labels)
            if low + index <= high}


class CustomerSurveyCampaign(models.Model):
    """A satisfaction survey sent to a selection of customers, once or on a recurrence."""

    _name = "customer.survey.campaign"
    _description = "Satisfaction Survey Campaign"
    _inherit = ["mail.thread"]
    _order = "next_send_date, id desc"

    name = fields.Char(required=True, track_visibility="onchange")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.user.company_id)
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user,
        track_visibility="onchange",
        help="Gets the follow-up activities of unhappy customers who have no salesperson.")
    survey_id = fields.Many2one(
        "survey.survey", string="Survey", required=True, ondelete="restrict",
        track_visibility="onchange")
    nps_question_id = fields.Many2one(
        "survey.question", string="NPS Question", ondelete="restrict",
        domain="[('survey_id', '=', survey_id), ('type', '=', 'simple_choice')]",
        help="\"How likely are you to recommend us?\": one answer among 11 choices scored 0 to "
             "10 (the choices' scores, else their order).")
    csat_question_id = fields.Many2one(
        "survey.question", string="CSAT Question", ondelete="restrict",
        domain="[('survey_id', '=', survey_id), ('type', '=', 'simple_choice')]",
        help="\"How satisfied are you?\": one answer among 5 choices scored 1 (very "
             "dissatisfied) to 5 (very satisfied), by the choices' scores, else their order.")
    domain = fields.Char(
        string="Target Customers", default="[]", required=True,
        help="Which customer accounts are invited (tier, tags, industry, region, lifecycle "
             "stage...). Each is invited at its own e-mail address, else at the first contact "
             "person's.")
    recurrence = fields.Selection(
        [("none", "Once"), ("monthly", "Monthly"), ("quarterly", "Quarterly"),
         ("yearly", "Yearly")],
        required=True, default="none", track_visibility="onchange")
    next_send_date = fields.Date(
        string="Next Sending", index=True, copy=False, track_visibility="onchange",
        help="The scheduled action sends the next round of invitations on this day.")
    last_send_date = fields.Date(string="Last Sending", readonly=True, copy=False)
    current_round = fields.Integer(
        readonly=True, copy=False,
        help="Each sending round invites every target customer once.")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        required=True, default="draft", index=True, copy=False, track_visibility="onchange")
    detractor_action = fields.Selection(
        [("ticket", "Open a complaint ticket"),
         ("activity", "Schedule a follow-up for the salesperson"),
         ("none", "Nothing")],
        string="Unhappy Customers", required=True, default="ticket",
        help="What happens when a customer answers 0-6 to the NPS question or 1-2 to the CSAT "
             "question.")
    user_input_ids = fields.One2many(
        "survey.user_input", "campaign_id", string="Invitations", readonly=True)
    target_count = fields.Integer(string="Targets", compute="_compute_target_count")
    # KPIs
    sent_count = fields.Integer(string="Sent", compute="_compute_kpis")
    answered_count = fields.Integer(string="Answered", compute="_compute_kpis")
    response_rate = fields.Float(
        string="Response Rate (%)", compute="_compute_kpis", digits=(16, 1))
    nps = fields.Float(
        string="NPS", compute="_compute_kpis", digits=(16, 1),
        help="% promoters (9-10) minus % detractors (0-6) among the NPS answers; 0 without "
             "answers.")
    nps_answer_count = fields.Integer(string="NPS Answers", compute="_compute_kpis")
    promoter_count = fields.Integer(string="Promoters", compute="_compute_kpis")
    passive_count = fields.Integer(string="Passives", compute="_compute_kpis")
    detractor_count = fields.Integer(string="Detractors", compute="_compute_kpis")
    csat = fields.Float(
        string="CSAT (%)", compute="_compute_kpis", digits=(16, 1),
        help="% of the CSAT answers that are satisfied (4-5); 0 without answers.")
    csat_answer_count = fields.Integer(string="CSAT Answers", compute="_compute_kpis")

    @api.multi
    @api.depends("domain")
    def _compute_target_count(self):
        partners = self.env["res.partner"].sudo()
        for campaign in self:
            try:
                campaign.target_count = partners.search_count(campaign._target_domain())
            except Exception:  # a domain being edited may be invalid
                campaign.target_count = 0

    @api.multi
    def _compute_kpis(self):
        """Three grouped counts over all the campaigns' invitations."""
        ids = [campaign_id for campaign_id in self.ids if campaign_id]
        counts = {}
        if ids:
            inputs = self.env["survey.user_input"].sudo()
            groupings = [
                ([("campaign_id", "in", ids)], "state"),
                ([("campaign_id", "in", ids), ("state", "=", "done")], "nps_category"),
                ([("campaign_id", "in", ids), ("state", "=", "done")], "csat_category"),
            ]
            for domain, field in groupings:
                for row in inputs.read_group(domain, ["campaign_id", field],
                                             ["campaign_id", field], lazy=False):
                    key = (row["campaign_id"][0], field, row[field])
                    counts[key] = row["__count"]
        for campaign in self:
            def count(field, value, campaign_id=campaign.id):
                return counts.get((campaign_id, field, value), 0)
            sent = sum(count("state", state) for state in ("new", "skip", "done"))
            answered = count("state", "done")
            promoters = count("nps_category", "promoter")
            passives = count("nps_category", "passive")
            detractors = count("nps_category", "detractor")
            satisfied = count("csat_category", "satisfied")
            csat_total = satisfied + sum(
                count("csat_category", value) for value in ("neutral", "dissatisfied"))
            campaign.sent_count = sent
            campaign.answered_count = answered
            campaign.response_rate = response_rate(sent, answered)
            campaign.promoter_count = promoters
            campaign.passive_count = passives
            campaign.detractor_count = detractors
            campaign.nps_answer_count = promoters + passives + detractors
            campaign.nps = nps_from_counts(promoters, passives, detractors)
            campaign.csat_answer_count = csat_total
            campaign.csat = csat_from_counts(satisfied, csat_total)

    @api.constrains("survey_id", "nps_question_id", "csat_question_id")
    def _check_questions(self):
        for campaign in self:
            for question, low, high in (
                    (campaign.nps_question_id, NPS_MIN, NPS_MAX),
                    (campaign.csat_question_id, CSAT_MIN, CSAT_MAX)):
                if not question:
                    continue
                if question.survey_id != campaign.survey_id:
                    raise ValidationError(_(
                        "The question \"%s\" is not a question of the campaign's survey.")
                        % question.question)
                if question.type != "simple_choice" or len(question.labels_ids) != high - low + 1:
                    raise ValidationError(_(
                        "The question \"%s\" must be a multiple choice question with only one "
                        "answer and %d choices (scores %d to %d).")
                        % (question.question, high - low + 1, low, high))
            if campaign.nps_question_id and campaign.nps_question_id == campaign.csat_question_id:
                raise ValidationError(_("The NPS and the CSAT questions must be different."))

    @api.constrains("domain")
    def _check_domain(self):
        for campaign in self:
            try:
                self.env["res.partner"].search(campaign._target_domain(), limit=1)
            except Exception:
                raise ValidationError(
                    _("The target customers of the campaign \"%s\" are not a valid filter.")
                    % campaign.name)

    @api.onchange("survey_id")
    def _onchange_survey_id(self):
        """Propose the survey's NPS and CSAT questions by their number of choices."""
        questions = self.survey_id.page_ids.mapped("question_ids").filtered(
            lambda question: question.type == "simple_choice")
        if self.nps_question_id not in questions:
            self.nps_question_id = questions.filtered(
                lambda question: len(question.labels_ids) == NPS_MAX - NPS_MIN + 1)[:1]
        if self.csat_question_id not in questions:
            self.csat_question_id = questions.filtered(
                lambda question: len(question.labels_ids) == CSAT_MAX - CSAT_MIN + 1)[:1]

    @api.multi
    def unlink(self):
        self.check_access_rights("unlink")
        self.check_access_rule("unlink")
        if self.sudo().mapped("user_input_ids"):
            raise UserError(_("A campaign that has sent invitations cannot be deleted: its "
                              "answers would lose their campaign. Archive it instead."))
        return super().unlink()

    # Actions

    @api.multi
    @allowed_groups(MANAGER)
    def action_send(self):
        """Invite now every target customer not yet invited in the current round."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        if any(campaign.state == "done" for campaign in self):
            raise UserError(_("A campaign that is done sends no more invitations."))
        for campaign in self.sudo():
            campaign._check_survey_sendable()
            values = {"state": "running"}
            if not campaign.current_round:
                today = fields.Date.context_today(campaign)
                values.update(current_round=1, last_send_date=today)
                # The first round goes now: the scheduled action starts the next one later.
                values["next_send_date"] = campaign._next_date_after(today)
            campaign.write(values)
            round_ = campaign.current_round
            campaign._invite(campaign._pending_customers(round_), round_)
            campaign._post_round_summary(round_)
        return True

    @api.multi
    @allowed_groups(MANAGER)
    def action_start(self):
        """Let the scheduled action send the invitations from the next sending date on."""
        self.check_access_rights("write")
        for campaign in self:
            if not campaign.next_send_date:
                raise UserError(_("Set the date of the next sending of the campaign \"%s\" first.")
                                % campaign.name)
            campaign._check_survey_sendable()
        self.write({"state": "running"})
        return True

    @api.multi
    @allowed_groups(MANAGER)
    def action_done(self):
        """Stop the campaign: no more invitations; answers still count."""
        self.write({"state": "done", "next_send_date": False})
        return True

    @api.multi
    @allowed_groups(MANAGER)
    def action_reopen(self):
        self.write({"state": "draft"})
        return True

    @api.multi
    @allowed_groups(TEAM_LEADER)
    def action_open_answers(self):
        """The campaign's invitations and answers."""
        self.ensure_one()
        action = self.env.ref("customer_feedback.customer_survey_user_input_action").read()[0]
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {
            "search_default_completed": not self.env.context.get("survey_answers_all")}
        return action

    @api.multi
    @allowed_groups(TEAM_LEADER)
    def action_open_targets(self):
        """The customers the campaign invites."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Target Customers"),
            "res_model": "res.partner",
            "view_mode": "tree,form",
            "domain": self._target_domain(),
        }

    # Business methods

    @api.multi
    def _target_domain(self):
        """The campaign's filter, on customer accounts only."""
        self.ensure_one()
        domain = safe_eval(self.domain or "[]", {"context_today": fields.Date.context_today})
        return expression.AND([ACCOUNT_DOMAIN, domain])

    @api.multi
    def _next_date(self, date):
        """The sending date one recurrence period after ``date`` (a string), or False."""
        self.ensure_one()
        step = RECURRENCE_STEPS.get(self.recurrence)
        if not step:
            return False
        return fields.Date.to_string(fields.Date.from_string(date) + step)

    @api.multi
    def _next_date_after(self, day):
        """The next sending date moved period by period past ``day`` (missed periods are not
        caught up one by one), or False when the campaign does not recur."""
        self.ensure_one()
        next_date = self.next_send_date or day
        while next_date and next_date <= day:
            next_date = self._next_date(next_date)
        return next_date

    @api.multi
    def _check_survey_sendable(self):
        self.ensure_one()
        if not self.survey_id.page_ids.mapped("question_ids"):
            raise UserError(_("The survey \"%s\" has no question to send.") % self.survey_id.title)
        if self.survey_id.stage_id.closed:
            raise UserError(_("The survey \"%s\" is closed: reopen it to send invitations.")
                            % self.survey_id.title)

    @api.model
    def _campaign_filter_recipients(self, partners):
        """Hook for the addons that decide who may be surveyed (customer_privacy: consent):
        (the partners that may be invited, how many were left out). Here: all of them."""
        return partners, 0

    @api.model
    def _recipients_of(self, customers, filtered=True):
        """{customer: partner to invite}: the customer when it has an e-mail address, else its
        first contact person with one. Customers that opted out of mailings are left out, and
        (``filtered``) the partners ``_campaign_filter_recipients`` leaves out."""
        partners = self.env["res.partner"].sudo()

        def allowed(found):
            return self._campaign_filter_recipients(found)[0] if filtered else found

        recipients = {}
        for customer in allowed(customers.filtered(
                lambda customer: customer.email and not customer.opt_out)):
            recipients[customer.id] = customer.id
        missing = [customer.id for customer in customers if customer.id not in recipients
                   and not customer.opt_out]
        if missing:
            domain = [("parent_id", "in", missing), ("email", "!=", False),
                      ("type", "in", ["contact", "other"]), ("opt_out", "=", False)]
            for contact in allowed(partners.search(domain, order="id")):
                recipients.setdefault(contact.parent_id.id, contact.id)
        return recipients

    @api.multi
    def _invited_customer_ids(self, round_, customers=None):
        """The ids of the customers this campaign invited in round ``round_`` (among
        ``customers`` when given)."""
        self.ensure_one()
        domain = [("campaign_id", "=", self.id), ("campaign_round", "=", round_)]
        if customers is not None:
            domain.append(("customer_id", "in", customers.ids))
        rows = self.env["survey.user_input"].sudo().search(domain).read(
            ["customer_id"], load="_classic_write")  # ids: search_read would name each customer
        return {row["customer_id"] for row in rows if row["customer_id"]}

    @api.multi
    def _pending_customers(self, round_):
        """The target customers not yet invited in round ``round_``, in id order."""
        self.ensure_one()
        customers = self.env["res.partner"].sudo().search(self._target_domain(), order="id")
        invited = self._invited_customer_ids(round_)
        return customers.filtered(lambda customer: customer.id not in invited)

    @api.multi
    def _invite(self, customers, round_):
        """Invite those of ``customers`` not yet invited in round ``round_``: one personal
        invitation each (a survey answer with its own token) and its e-mail queued. Safe to run
        again on the same customers. Returns how many were invited."""
        self.ensure_one()
        campaign = self.sudo()
        invited = campaign._invited_customer_ids(round_, customers)
        customers = customers.filtered(lambda customer: customer.id not in invited)
        recipients = campaign._recipients_of(customers)
        emails = {partner.id: partner.email for partner in
                  self.env["res.partner"].sudo().browse(list(recipients.values()))}
        inputs = self.env["survey.user_input"].sudo()
        new_inputs = inputs
        for customer in customers:
            partner_id = recipients.get(customer.id)
            if not partner_id:
                continue
            new_inputs |= inputs.create({
                "survey_id": campaign.survey_id.id,
                "type": "link",
                "state": "new",
                "partner_id": partner_id,
                "email": emails[partner_id],
                "campaign_id": campaign.id,
                "campaign_round": round_,
                "customer_id": customer.id,
            })
        campaign._queue_invitation_mails(new_inputs)
        return len(new_inputs)

    @api.model
    def _queue_invitation_mails(self, user_inputs):
        """Queue the invitation e-mail of each of ``user_inputs``, rendered in one pass."""
        if not user_inputs:
            return
        template = self.env.ref("customer_feedback.mail_template_customer_survey_invitation")
        mails = self.env["mail.mail"].sudo()
        # One generate_email per language: Odoo 11 compiles each template field once per call,
        # where send_mail, called per invitation, compiles them again for each. A call must not
        # mix languages: Odoo 11 groups the records by template, and a template in another
        # language's context is the same record, so all would be written in the first one's.
        # The values are then those send_mail passes to mail.mail.
        by_lang = defaultdict(list)
        for user_input in user_inputs:
            by_lang[user_input.partner_id.lang].append(user_input.id)
        rendered = {}
        for ids in by_lang.values():
            rendered.update(template.generate_email(ids))
        for user_input in user_inputs:
            values = rendered[user_input.id]
            values["recipient_ids"] = [(4, pid) for pid in values.get("partner_ids", [])]
            attachment_ids = values.pop("attachment_ids", [])
            values.pop("attachments", None)  # reports printed by the template: ours prints none
            if attachment_ids:
                values["attachment_ids"] = [(6, 0, attachment_ids)]
            if "email_from" in values and not values["email_from"]:
                values.pop("email_from")
            mails.create(values)

    @api.multi
    def _post_round_summary(self, round_):
        """Say in the chatter how many invitations round ``round_`` sent and skipped, counted
        from the database so that a round finished in several runs says it once and whole."""
        self.ensure_one()
        sent = len(self._invited_customer_ids(round_))
        pending = self._pending_customers(round_)
        reachable = len(self._recipients_of(pending, filtered=False))
        # Reachable but left out by _campaign_filter_recipients (no consent, or withdrawn).
        refused = reachable - len(self._recipients_of(pending)) if reachable else 0
        skipped = len(pending) - reachable
        if refused:
            self.message_post(body=_(
                "Round %d: %d invitations sent, %d customers without e-mail address skipped, "
                "%d customers skipped without the consent to surveys (or after its "
                "withdrawal).") % (round_, sent, skipped, refused))
        elif sent or skipped:
            self.message_post(body=_(
                "Round %d: %d invitations sent, %d customers without e-mail address skipped.")
                % (round_, sent, skipped))
        _logger.info("Survey campaign %s round %d: %d invitations sent, %d customers without "
                     "e-mail skipped, %d skipped without consent", self.id, round_, sent,
                     skipped, refused)
        return sent

    @api.model
    def _cron_send_due_campaigns(self, batch_limit=500, date_ref=None):
        """A cron calls this: send the new round of every running campaign due on ``date_ref``
        (today by default), ``batch_limit`` invitations per committed batch, then move the
        campaign's next sending date one period on (past ``date_ref``).

        The round is closed (counter, dates, summary) in a last batch: a run that dies half-way
        leaves the campaign due, and the next run invites only the customers still pending."""
        date_ref = date_ref or fields.Date.context_today(self)
        runner = self.env["customer.batch.runner"]
        campaigns = self.sudo().search([
            ("state", "=", "running"),
            ("next_send_date", "!=", False),
            ("next_send_date", "<=", date_ref),
        ])
        sent = 0
        for campaign in campaigns:
            round_ = campaign.current_round + 1
            try:
                campaign._check_survey_sendable()
            except UserError as error:
                _logger.warning("Survey campaign %s not sent: %s", campaign.id, error.name)
                continue
            pending = campaign._pending_customers(round_)
            runner._run_batches(
                "Survey campaign %d: invitations" % campaign.id,
                (pending[start:start + batch_limit]
                 for start in range(0, len(pending), batch_limit)),
                lambda customers, campaign=campaign: campaign._invite(customers, round_))
            sent += sum(runner._run_batches(
                "Survey campaign %d: round" % campaign.id, campaign,
                lambda batch: batch._close_due_round(round_, date_ref)))
        _logger.info("Survey campaigns: %d campaigns due, %d invitations sent",
                     len(campaigns), sent)
        return {"campaigns": len(campaigns), "sent": sent}

    @api.multi
    def _close_due_round(self, round_, date_ref):
        """Record round ``round_`` of this due campaign as sent on ``date_ref`` and post its
        summary, once; the number of invitations of the round (0 when it was closed before)."""
        self.ensure_one()
        if self.current_round >= round_:
            return 0
        self.write({
            "current_round": round_,
            "last_send_date": date_ref,
            "next_send_date": self._next_date_after(date_ref),
        })
        return self._post_round_summary(round_)
