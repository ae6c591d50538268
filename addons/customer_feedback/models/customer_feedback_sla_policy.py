from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.res.res_partner import _tz_get

from .customer_feedback_calendar_day import DEFAULT_TZ

FEEDBACK_TYPES = [
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("inquiry", "Inquiry"),
    ("praise", "Praise"),
    ("other", "Other"),
]
PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]
# Criteria of a policy: a policy with more of them set is more specific.
SLA_CRITERIA = ("feedback_type", "priority", "tier_id")


class CustomerFeedbackSlaPolicy(models.Model):
    """Promised working hours to first response and to resolution for a kind of ticket."""

    _name = "customer.feedback.sla.policy"
    _description = "Feedback SLA Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10,
        help="Among the policies matching a ticket equally specifically, the first by "
             "sequence applies.")
    active = fields.Boolean(default=True)
    feedback_type = fields.Selection(
        FEEDBACK_TYPES, string="Type", help="Leave empty for every type.")
    priority = fields.Selection(PRIORITIES, help="Leave empty for every priority.")
    tier_id = fields.Many2one(
        "customer.tier", string="Customer Tier", ondelete="cascade",
        help="Leave empty for every customer tier.")
    response_hours = fields.Float(
        string="Hours to First Response", required=True, default=24.0,
        help="Working hours from receipt to the first answer to the customer, on the working "
             "calendar. 0 = no response target.")
    resolution_hours = fields.Float(
        string="Hours to Resolution", required=True, default=72.0,
        help="Working hours from receipt to resolution, on the working calendar, not counting "
             "the time the ticket waits on the customer or a third party. 0 = no resolution "
             "target.")
    calendar_id = fields.Many2one(
        "resource.calendar", string="Working Calendar", required=True, ondelete="restrict",
        default=lambda self: self._default_calendar_id(),
        help="Working hours, public holidays and make-up working days the promised hours are "
             "counted in.")
    tz = fields.Selection(
        _tz_get, string="Time Zone", required=True, default=DEFAULT_TZ,
        help="Time zone of the service team: the calendar's hours are local hours there.")
    escalation_ids = fields.One2many(
        "customer.feedback.sla.escalation", "policy_id", string="Escalation Levels", copy=True,
        default=lambda self: self._default_escalation_ids())
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.user.company_id)
    description = fields.Text(translate=True)

    @api.model
    def _default_calendar_id(self):
        return self.env.ref("customer_feedback.resource_calendar_china_standard",
                            raise_if_not_found=False)

    @api.model
    def _default_escalation_ids(self):
        """A breach of each promise goes to the team leader, once."""
        return [
            (0, 0, {"name": _("First response breached"), "sequence": 10, "target": "response",
                    "trigger": "breach", "recipient": "team_leader"}),
            (0, 0, {"name": _("Resolution breached"), "sequence": 20, "target": "resolution",
                    "trigger": "breach", "recipient": "team_leader"}),
        ]

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for policy in self:
            if policy.response_hours < 0 or policy.resolution_hours < 0:
                raise ValidationError(
                    _("The SLA policy %s cannot promise a negative number of hours.") % policy.name)
            if policy.response_hours and policy.resolution_hours \
                    and policy.resolution_hours < policy.response_hours:
                raise ValidationError(
                    _("The SLA policy %s promises a resolution (%s h) before the first response "
                      "(%s h).") % (policy.name, policy.resolution_hours, policy.response_hours))

    @api.multi
    def _sla_working_time(self, cache):
        """The working time of the policy's calendar, shared through ``cache`` (a dict) by the
        policies of one calendar and time zone; None without a policy."""
        if not self or not self.calendar_id:
            return None
        key = (self.calendar_id.id, self.tz)
        if key not in cache:
            cache[key] = self.calendar_id._sla_working_time(self.tz)
        return cache[key]

    @api.multi
    def _specificity(self):
        self.ensure_one()
        return sum(1 for name in SLA_CRITERIA if self[name])

    @api.model
    def _match(self, feedback_type, priority, tier, company=None, policies=None):
        """The most specific active policy matching the criteria (then the first by sequence).

        ``policies`` are the candidates already read (all active ones by default), so that
        matching many tickets costs one query.
        """
        if policies is None:
            policies = self.search([])
        candidates = policies.filtered(lambda p: (
            p.feedback_type in (False, feedback_type)
            and p.priority in (False, priority)
            and (not p.tier_id or p.tier_id == tier)
            and (not company or not p.company_id or p.company_id == company)))
        if not candidates:
            return self.browse()
        return candidates.sorted(lambda p: (-p._specificity(), p.sequence, p.id))[0]
