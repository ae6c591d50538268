import logging
from collections import defaultdict
from email.utils import parseaddr

from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import html_escape, split_every

from odoo.addons.customer_mgmt.utils import settings
from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, allowed_groups

from .customer_feedback_sla_policy import FEEDBACK_TYPES, PRIORITIES

_logger = logging.getLogger(__name__)

# The type of a ticket created without a form that says it (e-mails, imports).
DEFAULT_FEEDBACK_TYPE = "inquiry"
CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("portal", "Web / Portal"),
    ("survey", "Survey"),
    ("review", "Online Review"),
    ("visit", "Visit"),
    ("other", "Other"),
]
SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("paused", "Paused"),
]
# Share of the promised working time after which a pending SLA target is at risk.
SLA_AT_RISK_RATIO = 0.75
# The SLA's dates on a ticket, per target: deadline, at-risk point, and the date meeting it.
SLA_TARGETS = (
    ("sla_response_deadline", "sla_response_risk_date", "date_first_response"),
    ("sla_resolution_deadline", "sla_resolution_risk_date", "date_resolved"),
)
# Fields whose change re-matches the SLA policy.
SLA_MATCH_FIELDS = ("feedback_type", "priority", "partner_id", "date_received")
# Fields whose change can change the SLA status.
SLA_STATUS_FIELDS = SLA_MATCH_FIELDS + (
    "date_first_response", "date_resolved", "date_closed", "stage_id",
    "sla_response_deadline", "sla_resolution_deadline")
# Fields whose change can change when the next escalation level fires.
SLA_SCHEDULE_FIELDS = SLA_MATCH_FIELDS + (
    "date_first_response", "date_resolved", "sla_response_deadline", "sla_resolution_deadline")
SERVICE_GROUP = "customer_mgmt.group_customer_service"
MANAGER_GROUP = "customer_mgmt.group_customer_manager"
# ir.config_parameter keys of the rating follow-up.
POOR_RATING_PARAM = "customer_feedback.rating_poor_threshold"
POOR_RATING_ACTION_PARAM = "customer_feedback.rating_poor_action"
# In Odoo 11 the customer rates 1 (highly dissatisfied), 5 (not satisfied) or 10 (satisfied).
DEFAULT_POOR_RATING = 5


def _dt(value):
    return value and fields.Datetime.from_string(value)


def _hours_between(start, end):
    if not start or not end:
        return 0.0
    delta = fields.Datetime.from_string(end) - fields.Datetime.from_string(start)
    return round(delta.total_seconds() / 3600.0, 2)


class CustomerFeedback(models.Model):
    """A customer's feedback or complaint, handled within a promised time and closed with a rating."""

    _name = "customer.feedback"
    _inherit = ["mail.thread", "mail.activity.mixin", "rating.mixin", "portal.mixin",
                "customer.feedback.assignment.mixin", "customer.feedback.merge.mixin",
                "customer.mask.linked.mixin"]
    _description = "Customer Feedback"
    # The e-mail copied from the contact or customer is masked as theirs (脱敏).
    _mask_linked_fields = {"email_from": "email"}
    _mask_linked_partners = ("contact_id", "partner_id")
    _order = "priority desc, date_received desc, id desc"
    _mail_post_access = "read"

    name = fields.Char(
        string="Reference", required=True, index=True, copy=False, readonly=True,
        default=lambda self: _("New"))
    subject = fields.Char(required=True, track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="restrict",
        domain="[('parent_id', '=', False)]", track_visibility="onchange", auto_join=True,
        help="The customer account (commercial partner); the person who spoke to us is the contact.")
    contact_id = fields.Many2one(
        "res.partner", string="Contact", index=True, ondelete="set null",
        domain="[('commercial_partner_id', '=', partner_id)]",
        help="The person who gave the feedback; replies and rating requests go to them.")
    email_from = fields.Char(string="E-mail", help="Address the feedback came from.")
    # No default: the window a ticket is logged from says its type (Complaints, a customer's
    # complaints, a survey answer, the portal's form), else the person logging it picks one;
    # tickets created without a form (e-mails, imports) are inquiries (create()).
    feedback_type = fields.Selection(
        FEEDBACK_TYPES, string="Type", required=True, index=True, track_visibility="onchange")
    category_id = fields.Many2one(
        "customer.feedback.category", string="Category", index=True, ondelete="restrict")
    channel = fields.Selection(CHANNELS, required=True, default="phone", index=True)
    priority = fields.Selection(
        PRIORITIES, required=True, default="1", index=True, track_visibility="onchange")
    tag_ids = fields.Many2many(
        "customer.feedback.tag", "customer_feedback_tag_rel", "feedback_id", "tag_id", string="Tags")
    description = fields.Html()
    user_id = fields.Many2one(
        "res.users", string="Assigned to", index=True, track_visibility="onchange",
        default=lambda self: self._default_user_id())
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", index=True, track_visibility="onchange",
        help="Defaults to the customer's sales team; its leader receives SLA escalations.")
    stage_id = fields.Many2one(
        "customer.feedback.stage", string="Stage", required=True, index=True,
        ondelete="restrict", track_visibility="onchange", copy=False,
        group_expand="_read_group_stage_ids", default=lambda self: self._default_stage_id())
    is_closed = fields.Boolean(
        related="stage_id.is_closed", store=True, index=True, readonly=True, string="Closed")
    is_resolved = fields.Boolean(
        related="stage_id.is_resolved", store=True, index=True, readonly=True, string="Resolved")
    root_cause = fields.Text(string="Root Cause")
    resolution = fields.Text(track_visibility="onchange")
    date_received = fields.Datetime(
        string="Received", required=True, index=True, default=fields.Datetime.now, copy=False)
    date_first_response = fields.Datetime(string="First Response", index=True, copy=False)
    date_resolved = fields.Datetime(string="Resolved on", index=True, copy=False)
    date_closed = fields.Datetime(string="Closed on", index=True, copy=False)
    # SLA
    sla_policy_id = fields.Many2one(
        "customer.feedback.sla.policy", string="SLA Policy", index=True, ondelete="set null",
        copy=False)
    sla_response_deadline = fields.Datetime(string="Response Deadline", index=True, copy=False)
    sla_resolution_deadline = fields.Datetime(string="Resolution Deadline", index=True, copy=False)
    sla_status = fields.Selection(
        SLA_STATUSES, string="SLA Status", default="on_track", required=True, index=True,
        copy=False, readonly=True,
        help="Breached: a deadline passed before its target was met. Paused: the ticket waits on "
             "the customer or a third party, the clock is stopped. At risk: more than 75% of "
             "the working time to a pending target is used. Refreshed on changes and by a "
             "scheduled action.")
    sla_response_risk_date = fields.Datetime(
        string="Response at Risk from", copy=False, readonly=True,
        help="When 75% of the working time to the first response is used.")
    sla_resolution_risk_date = fields.Datetime(
        string="Resolution at Risk from", copy=False, readonly=True,
        help="When 75% of the working time to resolution is used.")
    sla_paused_since = fields.Datetime(
        string="SLA Paused since", index=True, copy=False, readonly=True,
        help="The ticket entered a stage waiting on the customer or a third party then.")
    sla_paused_hours = fields.Float(
        string="Working Hours Paused", copy=False, readonly=True,
        help="Working hours the ticket spent waiting on the customer or a third party; the "
             "deadlines moved by as much.")
    sla_resume_stage_id = fields.Many2one(
        "customer.feedback.stage", string="Stage before the Pause", copy=False, readonly=True,
        ondelete="set null", help="Where a customer's reply moves the ticket back to.")
    sla_next_escalation_date = fields.Datetime(
        string="Next Escalation", index=True, copy=False, readonly=True)
    sla_next_escalation_id = fields.Many2one(
        "customer.feedback.sla.escalation", string="Next Escalation Level", copy=False,
        readonly=True, ondelete="set null")
    sla_escalation_log_ids = fields.One2many(
        "customer.feedback.sla.escalation.log", "feedback_id", string="Escalations",
        readonly=True)
    sla_escalated = fields.Boolean(
        string="Escalated", index=True, copy=False, readonly=True,
        help="A breach of this ticket was escalated to the team leader.")
    sla_response_escalated = fields.Boolean(
        string="Response Breach Escalated", index=True, copy=False, readonly=True)
    sla_resolution_escalated = fields.Boolean(
        string="Resolution Breach Escalated", index=True, copy=False, readonly=True)
    sla_response_met = fields.Boolean(
        string="Response SLA Met", compute="_compute_sla_metrics", store=True, compute_sudo=True,
        help="The first response came before its deadline (set once the ticket is answered).")
    sla_resolution_met = fields.Boolean(
        string="Resolution SLA Met", compute="_compute_sla_metrics", store=True, compute_sudo=True,
        help="The ticket was resolved before its deadline (set once the ticket is resolved).")
    response_hours = fields.Float(
        string="Hours to First Response", compute="_compute_sla_metrics", store=True,
        compute_sudo=True, group_operator="avg")
    resolution_hours = fields.Float(
        string="Hours to Resolution", compute="_compute_sla_metrics", store=True,
        compute_sudo=True, group_operator="avg")
    response_work_hours = fields.Float(
        string="Working Hours to First Response", compute="_compute_sla_work_hours",
        store=True, compute_sudo=True, group_operator="avg",
        help="Working hours of the SLA policy's calendar from receipt to the first response.")
    resolution_work_hours = fields.Float(
        string="Working Hours to Resolution", compute="_compute_sla_work_hours", store=True,
        compute_sudo=True, group_operator="avg",
        help="Working hours of the SLA policy's calendar from receipt to resolution, without "
             "the time paused.")
    # Origin
    interaction_id = fields.Many2one(
        "customer.interaction", string="Interaction", index=True, ondelete="set null")
    survey_user_input_id = fields.Many2one(
        "survey.user_input", string="Survey Answer", index=True, ondelete="set null")
    rating_handled_id = fields.Many2one(
        "rating.rating", string="Handled Rating", copy=False, readonly=True, ondelete="set null",
        help="Last poor rating whose follow-up was done: each rating is followed up once.")
    company_id = fields.Many2one(
        "res.company", string="Company", index=True,
        default=lambda self: self.env.user.company_id)
    color = fields.Integer(string="Color Index")

    # ------------------------------------------------------------ defaults

    @api.model
    def _default_user_id(self):
        """Customer service staff logging feedback handle it; others leave it to service."""
        if self.env.user.has_group(SERVICE_GROUP):
            return self.env.user
        return self.env["res.users"]

    @api.model
    def _default_stage_id(self):
        return self.env["customer.feedback.stage"].search(
            [("is_closed", "=", False), ("is_resolved", "=", False)], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        return stages.search([], order=order)

    # ------------------------------------------------------------ computes

    @api.depends("date_received", "date_first_response", "date_resolved",
                 "sla_response_deadline", "sla_resolution_deadline")
    def _compute_sla_metrics(self):
        for ticket in self:
            ticket.response_hours = _hours_between(ticket.date_received, ticket.date_first_response)
            ticket.resolution_hours = _hours_between(ticket.date_received, ticket.date_resolved)
            ticket.sla_response_met = bool(
                ticket.date_first_response and ticket.sla_response_deadline
                and ticket.date_first_response <= ticket.sla_response_deadline)
            ticket.sla_resolution_met = bool(
                ticket.date_resolved and ticket.sla_resolution_deadline
                and ticket.date_resolved <= ticket.sla_resolution_deadline)

    @api.depends("date_received", "date_first_response", "date_resolved", "sla_paused_hours",
                 "sla_policy_id.calendar_id", "sla_policy_id.tz")
    def _compute_sla_work_hours(self):
        cache = {}
        for ticket in self:
            working_time = ticket.sla_policy_id._sla_working_time(cache)
            received = _dt(ticket.date_received)
            if working_time is None or not received:
                ticket.response_work_hours = ticket.resolution_work_hours = 0.0
                continue
            ticket.response_work_hours = round(working_time.hours_between(
                received, _dt(ticket.date_first_response)), 2)
            resolved = _dt(ticket.date_resolved)
            ticket.resolution_work_hours = round(max(
                0.0, working_time.hours_between(received, resolved) - ticket.sla_paused_hours),
                2) if resolved else 0.0

    @api.multi
    def _compute_portal_url(self):
        for ticket in self:
            ticket.portal_url = "/my/feedback/%s" % ticket.id

    # ------------------------------------------------------------ constraints, onchanges

    @api.multi
    def _resolution_missing_message(self):
        """Why this ticket may not be in its stage yet (a resolved or closed stage without a
        resolution), or False when it may."""
        self.ensure_one()
        stage = self.stage_id
        needs_resolution = stage.is_resolved or (stage.is_closed and not stage.is_cancelled)
        if needs_resolution and not (self.resolution or "").strip():
            return _("The ticket %s cannot move to the stage %s without a resolution: describe "
                     "how the feedback was resolved first.") % (self.name, stage.name)
        return False

    @api.constrains("stage_id", "resolution")
    def _check_resolution(self):
        for ticket in self:
            message = ticket._resolution_missing_message()
            if message:
                raise ValidationError(message)

    @api.onchange("stage_id")
    def _onchange_stage_id(self):
        """A stage picked in the form's status bar that the ticket may not enter yet is put back
        at once, with the reason as a warning: the web client would otherwise keep showing it
        (and send it again with the next Save) after the server refused it. In a read-only
        form Odoo runs this before it saves the click."""
        message = self.stage_id and self._resolution_missing_message()
        if not message:
            return None
        origin = getattr(self, "_origin", self.browse())
        self.stage_id = origin.stage_id if origin else self._default_stage_id()
        return {"warning": {"title": _("The ticket stays in its stage"), "message": message}}

    @api.constrains("partner_id", "contact_id")
    def _check_contact(self):
        for ticket in self:
            if ticket.contact_id and ticket.partner_id \
                    and ticket.contact_id.commercial_partner_id != ticket.partner_id:
                raise ValidationError(
                    _("The contact %s does not belong to the customer %s of the ticket %s.")
                    % (ticket.contact_id.display_name, ticket.partner_id.display_name, ticket.name))

    @api.constrains("partner_id", "interaction_id")
    def _check_interaction(self):
        """A ticket's interaction is one of its customer: whoever reads the ticket sees the
        interaction's name (Odoo reads it as superuser)."""
        for ticket in self.sudo():
            if ticket.interaction_id and ticket.interaction_id.partner_id != ticket.partner_id:
                raise ValidationError(
                    _("The interaction linked to the ticket %s is one of another customer: link "
                      "an interaction of the ticket's customer.") % ticket.name)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        """The customer's team by default; a contact picked as customer becomes the contact."""
        if not self.partner_id:
            return
        commercial = self.partner_id.commercial_partner_id
        if commercial != self.partner_id:
            self.contact_id = self.partner_id
            self.partner_id = commercial
        if self.contact_id and self.contact_id.commercial_partner_id != self.partner_id:
            self.contact_id = False
        team = self._partner_team(self.partner_id)
        if team:
            self.team_id = team
        if not self.email_from:
            self.email_from = (self.contact_id or self.partner_id).email

    # ------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        vals = self._normalize_partner_vals(self._mask_linked_write_vals(dict(vals)))
        if not vals.get("feedback_type"):
            vals["feedback_type"] = self.default_get(["feedback_type"]).get(
                "feedback_type") or DEFAULT_FEEDBACK_TYPE
        if vals.get("name") in (None, False, "", "New", _("New")):
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code("customer.feedback") or _("New")
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        if partner and not vals.get("team_id"):
            vals["team_id"] = self._partner_team(partner).id
        if partner and not vals.get("email_from"):
            contact = self.env["res.partner"].browse(vals.get("contact_id"))
            vals["email_from"] = (contact or partner).email
        vals = self._assign_create_vals(vals)
        ticket = super().create(vals)
        ticket._sla_apply_policy()
        if ticket.stage_id.is_resolved or ticket.stage_id.is_closed or \
                ticket.stage_id != self._default_stage_id():
            ticket._stage_entered(ticket.stage_id, {ticket.id: self.env["customer.feedback.stage"]})
        ticket._sla_refresh_status()
        return ticket

    @api.multi
    def write(self, vals):
        vals = self._normalize_partner_vals(self._mask_linked_write_vals(dict(vals)))
        old_stages = {}
        if "stage_id" in vals:
            old_stages = {ticket.id: ticket.stage_id for ticket in self}
        result = super().write(vals)
        if any(name in vals for name in SLA_MATCH_FIELDS):
            self._sla_apply_policy()
        elif any(name in vals for name in SLA_SCHEDULE_FIELDS):
            self._sla_schedule_escalations()
        if old_stages:
            stage = self.env["customer.feedback.stage"].browse(vals["stage_id"])
            self.filtered(lambda t: old_stages[t.id] != stage)._stage_entered(stage, old_stages)
        if any(name in vals for name in SLA_STATUS_FIELDS):
            self._sla_refresh_status()
        return result

    @api.model
    def _normalize_partner_vals(self, vals):
        """Tickets belong to the customer account; the person stays as the contact."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            commercial = partner.commercial_partner_id
            if commercial != partner:
                vals["partner_id"] = commercial.id
                if not vals.get("contact_id"):
                    vals["contact_id"] = partner.id
        return vals

    @api.model
    def _partner_team(self, partner):
        partner = partner.commercial_partner_id
        return partner.team_id or partner.user_id.sale_team_id

    # ------------------------------------------------------------ actions

    @api.multi
    def get_access_action(self, access_uid=None):
        """Portal users follow links in notifications to the ticket's portal page."""
        self.ensure_one()
        user = self.env["res.users"].sudo().browse(access_uid) if access_uid else self.env.user
        if user.share:
            return {"type": "ir.actions.act_url", "url": self.portal_url,
                    "target": "self", "res_id": self.id}
        return super().get_access_action(access_uid)

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_assign_to_me(self):
        self.write({"user_id": self.env.user.id})

    # ------------------------------------------------------------ stages

    @api.multi
    def _stage_entered(self, stage, old_stages):
        """Dates, metrics and the rating request of tickets that just entered ``stage``."""
        if not self:
            return
        now = fields.Datetime.now()
        self.filtered(lambda t: not t.date_first_response).write({"date_first_response": now})
        if stage.is_resolved:
            self.filtered(lambda t: not t.date_resolved).write({"date_resolved": now})
        if stage.is_closed:
            self.filtered(lambda t: not t.date_closed).write({"date_closed": now})
        if not stage.is_closed and not stage.is_resolved:
            # Reopened: the resolution is measured again when it is resolved again.
            self.filtered(lambda t: t.date_resolved or t.date_closed).write(
                {"date_resolved": False, "date_closed": False})
        if stage.is_resolved and not stage.is_cancelled:
            newly_resolved = self.filtered(lambda t: not old_stages.get(t.id).is_resolved)
            newly_resolved._send_rating_request()
        self._sla_on_stage(stage, old_stages)

    @api.multi
    def _track_template(self, tracking):
        """The stage's e-mail goes to the customer when a ticket enters the stage."""
        res = super()._track_template(tracking)
        ticket = self[0]
        changes, _tracking_values = tracking[ticket.id]
        if "stage_id" in changes and ticket.stage_id.mail_template_id:
            res["stage_id"] = (ticket.stage_id.mail_template_id, {"composition_mode": "comment"})
        return res

    @api.multi
    def _message_track_post_template(self, tracking):
        """One ticket at a time: each gets the template of its own stage."""
        for ticket in self:
            super(CustomerFeedback, ticket)._message_track_post_template(
                {ticket.id: tracking[ticket.id]})
        return True

    # ------------------------------------------------------------ SLA

    @api.multi
    def _sla_apply_policy(self):
        """Match each ticket's SLA policy and set its deadlines in working time from receipt
        (plus the working time it was paused)."""
        Policy = self.env["customer.feedback.sla.policy"].sudo()
        policies = Policy.search([])
        cache = {}
        for ticket in self:
            partner = ticket.partner_id.commercial_partner_id
            policy = Policy._match(ticket.feedback_type, ticket.priority,
                                   partner.sudo().tier_id, ticket.company_id, policies)
            working_time = policy._sla_working_time(cache)
            received = _dt(ticket.date_received)
            values = {"sla_policy_id": policy.id}
            for kind, (deadline_field, risk_field, _done) in zip(
                    ("response", "resolution"), SLA_TARGETS):
                hours = policy["%s_hours" % kind] if policy else 0.0
                deadline = risk = None
                if hours and working_time is not None:
                    deadline = working_time.plan(received, hours + ticket.sla_paused_hours)
                    risk = working_time.plan(
                        received, SLA_AT_RISK_RATIO * hours + ticket.sla_paused_hours)
                values[deadline_field] = deadline and fields.Datetime.to_string(deadline)
                values[risk_field] = risk and fields.Datetime.to_string(risk)
            super(CustomerFeedback, ticket).write(values)
        self._sla_schedule_escalations(cache)

    @api.multi
    def _sla_compute_status(self, date_ref=None):
        """{ticket id: status} at date_ref (now by default), without writing anything.

        A breach stays a breach; otherwise a paused ticket is paused, and a pending target past
        its at-risk point (75% of its working time) is at risk.
        """
        now = _dt(date_ref or fields.Datetime.now())
        result = {}
        for ticket in self:
            ref = now
            if ticket.is_closed and ticket.date_closed:
                ref = min(ref, _dt(ticket.date_closed))
            if ticket.sla_paused_since:
                ref = min(ref, _dt(ticket.sla_paused_since))
            status = "paused" if ticket.sla_paused_since else "on_track"
            for deadline_field, risk_field, done_field in SLA_TARGETS:
                deadline, done = _dt(ticket[deadline_field]), _dt(ticket[done_field])
                if not deadline:
                    continue
                if done:
                    if done > deadline:
                        status = "breached"
                    continue
                risk = _dt(ticket[risk_field])
                if ref > deadline:
                    status = "breached"
                elif status == "on_track" and risk and ref > risk:
                    status = "at_risk"
            result[ticket.id] = status
        return result

    @api.multi
    def _sla_refresh_status(self, date_ref=None):
        """Store the SLA status: one write per status value, only for tickets that change."""
        statuses = self._sla_compute_status(date_ref)
        by_status = defaultdict(list)
        for ticket in self:
            if ticket.sla_status != statuses[ticket.id]:
                by_status[statuses[ticket.id]].append(ticket.id)
        for status, ids in by_status.items():
            super(CustomerFeedback, self.browse(ids)).write({"sla_status": status})
        return sum(len(ids) for ids in by_status.values())

    # ------------------------------------------------------------ SLA: paused clock

    @api.multi
    def _sla_on_stage(self, stage, old_stages, date_ref=None):
        """Entering a stage waiting on someone stops the clock; leaving it restarts it."""
        now = date_ref or fields.Datetime.now()
        if stage.sla_pause and not (stage.is_closed or stage.is_resolved):
            by_resume_stage = defaultdict(list)
            for ticket in self.filtered(lambda t: not t.sla_paused_since):
                old = old_stages.get(ticket.id) or self.env["customer.feedback.stage"]
                by_resume_stage[old.id if old and not old.sla_pause else False].append(ticket.id)
            for resume_stage_id, ids in by_resume_stage.items():
                super(CustomerFeedback, self.browse(ids)).write({
                    "sla_paused_since": now, "sla_resume_stage_id": resume_stage_id})
        else:
            self.filtered("sla_paused_since")._sla_resume(now)

    @api.multi
    def _sla_resume(self, date_ref):
        """Restart the clock at ``date_ref``: the working time paused is added to the ticket's
        total and the pending deadlines and at-risk points after the pause move by as much."""
        cache = {}
        now = _dt(date_ref)
        for ticket in self:
            since = _dt(ticket.sla_paused_since)
            working_time = ticket.sla_policy_id._sla_working_time(cache)
            hours = working_time.hours_between(since, now) if working_time else 0.0
            values = {"sla_paused_since": False,
                      "sla_paused_hours": round(ticket.sla_paused_hours + hours, 4)}
            for deadline_field, risk_field, done_field in SLA_TARGETS:
                if ticket[done_field]:
                    continue
                for name in (deadline_field, risk_field):
                    moment = _dt(ticket[name])
                    if moment and moment > since and hours:
                        values[name] = fields.Datetime.to_string(
                            working_time.plan(moment, hours))
            super(CustomerFeedback, ticket).write(values)
        self._sla_schedule_escalations(cache)
        self._sla_refresh_status(date_ref)

    @api.multi
    def _sla_customer_replied(self):
        """The customer answered: tickets waiting on them go back to work, clock restarted."""
        waiting = self.sudo().filtered(
            lambda t: t.stage_id.sla_pause == "customer" and not t.is_closed)
        in_progress = self.env.ref("customer_feedback.customer_feedback_stage_in_progress",
                                   raise_if_not_found=False)
        by_stage = defaultdict(list)
        for ticket in waiting:
            stage = ticket.stage_id.reply_stage_id or ticket.sla_resume_stage_id
            if not stage.active or stage.sla_pause or stage.is_closed:
                stage = in_progress if in_progress and in_progress.active \
                    else self._default_stage_id()
            by_stage[stage.id].append(ticket.id)
        for stage_id, ids in by_stage.items():
            waiting.browse(ids).write({"stage_id": stage_id})
        return waiting

    # ------------------------------------------------------------ SLA: escalation levels

    @api.multi
    def _sla_schedule_escalations(self, cache=None):
        """Store when the next escalation level of each ticket fires, and which one: the
        earliest level of its policy not fired yet whose target is pending."""
        cache = {} if cache is None else cache
        fired = set()
        if self.ids:
            self.env.cr.execute("""
                SELECT feedback_id, escalation_id FROM customer_feedback_sla_escalation_log
                 WHERE feedback_id = ANY(%s)""", (self.ids,))
            fired = set(self.env.cr.fetchall())
        by_values = defaultdict(list)
        for ticket in self.sudo():
            best = (None, False)
            if not ticket.is_closed and ticket.sla_policy_id:
                working_time = ticket.sla_policy_id._sla_working_time(cache)
                for level in ticket.sla_policy_id.escalation_ids:
                    if (ticket.id, level.id) in fired:
                        continue
                    when = level._trigger_date(ticket, working_time)
                    if when and (best[0] is None or when < best[0]):
                        best = (when, level.id)
            values = (best[0] and fields.Datetime.to_string(best[0]) or False, best[1])
            if values != (ticket.sla_next_escalation_date or False,
                          ticket.sla_next_escalation_id.id):
                by_values[values].append(ticket.id)
        for (when, level_id), ids in by_values.items():
            super(CustomerFeedback, self.browse(ids)).write({
                "sla_next_escalation_date": when, "sla_next_escalation_id": level_id})

    @api.model
    def _cron_escalate_sla_breaches(self, batch_limit=500, date_ref=None):
        """A cron calls this: refresh the SLA status of open tickets and fire the escalation
        levels that are due, each once per ticket and level.

        Only tickets past an at-risk point or a deadline can change status, and only those whose
        next level is due are escalated: both are indexed searches. Paused tickets wait.
        """
        now = date_ref or fields.Datetime.now()
        tickets = self.sudo().with_context(tracking_disable=True)
        open_ids = tickets.search([
            ("is_closed", "=", False), ("sla_paused_since", "=", False),
            ("sla_status", "!=", "breached"),
            "|", "&", ("date_first_response", "=", False), ("sla_response_risk_date", "<=", now),
            "&", ("date_resolved", "=", False), ("sla_resolution_risk_date", "<=", now),
        ]).ids
        runner = self.env["customer.batch.runner"]
        refreshed = sum(runner._run_batches(
            "Feedback SLA: statuses", split_every(batch_limit, open_ids),
            lambda ids: tickets.browse(ids)._sla_refresh_status(now)))
        domain = [("is_closed", "=", False), ("sla_paused_since", "=", False),
                  ("sla_next_escalation_date", "<=", now)]
        counts = defaultdict(int)
        for result in runner._run_batches(
                "Feedback SLA: escalation levels", self._sla_escalation_batches(
                    domain, batch_limit),
                lambda batch: batch._sla_escalate_levels(now)):
            for kind, count in result.items():
                counts[kind] += count
        _logger.info("Feedback SLA: refreshed %d statuses, fired %d escalation levels on first "
                     "responses and %d on resolutions", refreshed, counts["response"],
                     counts["resolution"])
        return {"refreshed": refreshed, "response": counts["response"],
                "resolution": counts["resolution"]}

    @api.model
    def _sla_escalation_batches(self, domain, batch_limit):
        """Batches of tickets with a level due, each searched once the previous one is done
        (a fired level is rescheduled away, so every batch is new work)."""
        while True:
            batch = self.sudo().with_context(tracking_disable=True).search(
                domain, limit=batch_limit, order="sla_next_escalation_date, id")
            if not batch:
                return
            yield batch

    @api.multi
    def _sla_escalation_user(self):
        """Team leader of the ticket, else of the customer, else a customer manager."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        leader = (self.team_id.user_id or partner.team_id.user_id
                  or partner.user_id.sale_team_id.user_id)
        if leader:
            return leader
        managers = self.env.ref(MANAGER_GROUP).users.filtered("active").sorted(
            lambda u: (u.id == SUPERUSER_ID, u.id))
        return managers[:1] or self.user_id or self.env.user

    @api.multi
    def _sla_escalate_levels(self, date_ref):
        """Fire the due level of each ticket: a record per ticket and level (a second run or a
        concurrent one inserts nothing), an activity for the level's recipient, a note on the
        ticket; then schedule the next level. Returns {target: levels fired}."""
        levels = {}
        for ticket in self:
            if ticket.sla_next_escalation_id and ticket.sla_next_escalation_date <= date_ref:
                levels[ticket.id] = ticket.sla_next_escalation_id
        fired = self._sla_fire(levels, date_ref)
        self._sla_schedule_escalations()
        counts = defaultdict(int)
        for level in fired.values():
            counts[level.target] += 1
        return dict(counts)

    @api.multi
    def _sla_fire(self, levels, date_ref):
        """Fire ``levels`` ({ticket id: level}) not fired yet; {ticket id: level} fired now."""
        if not levels:
            return {}
        tickets = self.browse(sorted(levels))
        recipients = {ticket.id: levels[ticket.id]._recipient_for(ticket) for ticket in tickets}
        inserted = execute_values(self.env.cr, """
            INSERT INTO customer_feedback_sla_escalation_log
                   (feedback_id, escalation_id, user_id, date, create_uid, write_uid,
                    create_date, write_date)
            VALUES %s ON CONFLICT (feedback_id, escalation_id) DO NOTHING
            RETURNING feedback_id""", [
                (ticket.id, levels[ticket.id].id, recipients[ticket.id].id, date_ref,
                 self.env.uid, self.env.uid) for ticket in tickets],
            template="(%s, %s, %s, %s, %s, %s, (now() at time zone 'UTC'), "
                     "(now() at time zone 'UTC'))", fetch=True)
        fired = {row[0]: levels[row[0]] for row in inserted}
        if not fired:
            return fired
        default_type = self.env.ref("customer_feedback.mail_activity_type_sla_breach",
                                    raise_if_not_found=False) \
            or self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        fired_tickets = self.browse(sorted(fired))
        self.env["mail.activity"]._customer_mgmt_create_bulk(self._name, [{
            "res_id": ticket.id, "user_id": recipients[ticket.id].id,
            "activity_type_id": (fired[ticket.id].activity_type_id or default_type).id,
            "date_deadline": today, "summary": fired[ticket.id]._summary_for(ticket),
        } for ticket in fired_tickets])
        flags = defaultdict(list)
        notes = []
        for ticket in fired_tickets:
            level = fired[ticket.id]
            deadline = ticket["sla_%s_deadline" % level.target]
            name = html_escape(recipients[ticket.id].name)
            if level.trigger == "breach":
                notes.append((ticket.id, _("SLA breach escalated to %s: the deadline was %s.")
                              % (name, deadline)))
                flags[level.target].append(ticket.id)
            else:
                notes.append((ticket.id, _("SLA escalation %s to %s: the deadline is %s.")
                              % (html_escape(level.name), name, deadline)))
        # One ticket at a time: a post empties the cache the whole batch would be re-read from.
        for ticket_id, body in notes:
            self.browse(ticket_id).message_post(body=body, subtype="mail.mt_note")
        for target, ids in flags.items():
            super(CustomerFeedback, self.browse(ids)).write({
                "sla_%s_escalated" % target: True, "sla_escalated": True,
                "sla_status": "breached"})
        return fired

    # ------------------------------------------------------------ rating

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def feedback_base_url(self):
        """Absolute links in the e-mails (templates cannot call private methods)."""
        return self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")

    def rating_get_partner_id(self):
        """Ask the person who gave the feedback, else the customer."""
        return self.contact_id or self.partner_id

    @api.multi
    def _send_rating_request(self):
        template = self.env.ref(
            "customer_feedback.customer_feedback_rating_request_template", raise_if_not_found=False)
        if not template:
            return
        for ticket in self:
            partner = ticket.rating_get_partner_id()
            if not partner.email:
                continue
            ticket.rating_send_request(template, lang=partner.lang or "en_US", force_send=False)

    @api.multi
    def rating_apply(self, rate, token=None, feedback=None, subtype=None):
        rating = super().rating_apply(rate, token=token, feedback=feedback, subtype=subtype)
        if rating:
            self.sudo()._rating_follow_up(rating)
        return rating

    @api.model
    def _rating_poor_threshold(self):
        return settings.get_float(self.env, POOR_RATING_PARAM, DEFAULT_POOR_RATING)

    @api.model
    def _rating_poor_action(self):
        """What a poor rating does: reopen the ticket, else schedule a follow-up."""
        return settings.get_text(self.env, POOR_RATING_ACTION_PARAM, "reopen")

    @api.multi
    def _rating_follow_up(self, rating):
        """A poor rating reopens the ticket or schedules a follow-up for its owner, once."""
        self.ensure_one()
        if not rating.rating or rating.rating > self._rating_poor_threshold() \
                or self.rating_handled_id == rating:
            return False
        action = self._rating_poor_action()
        self.rating_handled_id = rating
        user = self.user_id or self._sla_escalation_user()
        if action == "reopen" and (self.is_resolved or self.is_closed):
            stage = self.env.ref("customer_feedback.customer_feedback_stage_in_progress",
                                 raise_if_not_found=False)
            if not stage or not stage.active:
                stage = self.env["customer.feedback.stage"].search(
                    [("is_closed", "=", False), ("is_resolved", "=", False)], offset=1, limit=1) \
                    or self._default_stage_id()
            self.write({"stage_id": stage.id})
            body = _("The customer rated the resolution poorly: the ticket is reopened.")
        else:
            self._rating_schedule_follow_up(user, rating)
            body = _("The customer rated the resolution poorly: a follow-up is scheduled for %s.") \
                % html_escape(user.name)
        self.message_post(body=body, subtype="mail.mt_note")
        return True

    @api.multi
    def _rating_schedule_follow_up(self, user, rating):
        """A call for the owner to win the unhappy customer back."""
        self.ensure_one()
        self.env["mail.activity"].sudo().create({
            "res_model_id": self.env["ir.model"]._get(self._name).id,
            "res_id": self.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "user_id": user.id,
            "date_deadline": fields.Date.context_today(self),
            "summary": _("Follow up the poor rating of %s") % self.name,
            "note": tools.plaintext2html(rating.feedback or ""),
        })

    # ------------------------------------------------------------ mail

    @api.multi
    @api.returns("self", lambda value: value.id)
    def message_post(self, body="", subject=None, message_type="notification", **kwargs):
        """A message sent to the customer by an employee is the first response."""
        message = super().message_post(
            body=body, subject=subject, message_type=message_type, **kwargs)
        if message_type == "comment" and message.subtype_id == self.env.ref("mail.mt_comment"):
            author_users = message.author_id.user_ids
            if author_users and not any(author_users.mapped("share")):
                pending = self.filtered(lambda t: not t.date_first_response)
                if pending:
                    pending.sudo().write({"date_first_response": message.date})
            elif message.author_id:
                # The customer wrote on the portal (by e-mail: message_update).
                self._sla_customer_replied()
        return message

    @api.multi
    def message_get_suggested_recipients(self):
        recipients = super().message_get_suggested_recipients()
        for ticket in self:
            partner = ticket.contact_id or ticket.partner_id
            if partner:
                ticket._message_add_suggested_recipient(
                    recipients, partner=partner, reason=_("Customer"))
            elif ticket.email_from:
                ticket._message_add_suggested_recipient(
                    recipients, email=ticket.email_from, reason=_("Customer E-mail"))
        return recipients

    @api.model
    def message_new(self, msg, custom_values=None):
        """A ticket from an e-mail: the sender is matched to a customer by address.

        Unknown senders get a new contact (not a customer) from the From header, because a
        ticket always has a partner; customer service links it to the right customer later.
        """
        values = dict(custom_values or {})
        partner = self.env["res.partner"].browse(msg.get("author_id") or [])
        email_from = msg.get("from") or ""
        if not partner:
            name, address = parseaddr(email_from)
            if address:
                partner = self.env["res.partner"].search(
                    [("email", "=ilike", address)], limit=1)
                if not partner:
                    partner = self.env["res.partner"].create({
                        "name": name or address, "email": address, "customer": False})
        # mail.thread would name the ticket after the subject: the reference comes from the sequence.
        values["name"] = "New"
        values.setdefault("subject", msg.get("subject") or _("No Subject"))
        values.setdefault("channel", "email")
        values.setdefault("feedback_type", DEFAULT_FEEDBACK_TYPE)
        values.setdefault("email_from", email_from)
        values.setdefault("description", msg.get("body"))
        if partner:
            values.setdefault("partner_id", partner.id)
        create_context = dict(self.env.context, default_user_id=False)
        return super(CustomerFeedback, self.with_context(create_context)).message_new(
            msg, custom_values=values)

    @api.multi
    def message_update(self, msg, update_vals=None):
        """A customer's reply to a ticket waiting for them puts it back to work."""
        result = super().message_update(msg, update_vals=update_vals)
        self._sla_customer_replied()
        return result
