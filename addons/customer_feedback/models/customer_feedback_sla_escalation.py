from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

TARGETS = [
    ("response", "First Response"),
    ("resolution", "Resolution"),
]
TRIGGERS = [
    ("percent", "Share of the Promised Time"),
    ("breach", "Breach"),
]
RECIPIENTS = [
    ("assignee", "Assignee"),
    ("team_leader", "Team Leader"),
    ("manager", "Service Manager"),
]
MANAGER_GROUP = "customer_mgmt.group_customer_manager"


class CustomerFeedbackSlaEscalation(models.Model):
    """One escalation level of an SLA policy: when it fires and who is told, once per ticket."""

    _name = "customer.feedback.sla.escalation"
    _description = "SLA Escalation Level"
    _order = "policy_id, sequence, id"

    policy_id = fields.Many2one(
        "customer.feedback.sla.policy", string="SLA Policy", required=True, index=True,
        ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    target = fields.Selection(
        TARGETS, required=True, default="resolution",
        help="The promise whose clock this level watches.")
    trigger = fields.Selection(
        TRIGGERS, required=True, default="breach",
        help="Share of the promised time: fires when that share of the working hours is used. "
             "Breach: fires when the deadline passes, plus the working hours below.")
    percent = fields.Float(
        string="Share (%)", default=80.0,
        help="Share of the promised working hours after which the level fires.")
    delay_hours = fields.Float(
        string="Working Hours after Breach", default=0.0,
        help="Working hours after the deadline at which the level fires (0: at the deadline).")
    recipient = fields.Selection(
        RECIPIENTS, string="Notify", required=True, default="team_leader",
        help="Assignee: the person the ticket is assigned to. Team leader: the leader of the "
             "ticket's team (else of the customer's team). Service manager: the user below, "
             "else the first member of the group below.")
    user_id = fields.Many2one("res.users", string="Manager", ondelete="set null")
    group_id = fields.Many2one(
        "res.groups", string="Manager Group", ondelete="set null",
        default=lambda self: self.env.ref(MANAGER_GROUP, raise_if_not_found=False))
    activity_type_id = fields.Many2one(
        "mail.activity.type", string="Activity Type", ondelete="set null",
        default=lambda self: self.env.ref("customer_feedback.mail_activity_type_sla_breach",
                                          raise_if_not_found=False))
    summary = fields.Char(
        translate=True, help="Summary of the activity; a sentence naming the ticket by default.")

    @api.constrains("trigger", "percent", "delay_hours")
    def _check_trigger(self):
        for level in self:
            if level.trigger == "percent" and not 0 < level.percent <= 100:
                raise ValidationError(
                    _("The escalation level %s fires at %s%% of the promised time: give a share "
                      "above 0 and at most 100 (after the deadline, use a breach level).")
                    % (level.name, level.percent))
            if level.delay_hours < 0:
                raise ValidationError(
                    _("The escalation level %s cannot fire %s working hours after the breach: "
                      "give 0 or more hours.") % (level.name, level.delay_hours))

    @api.multi
    def _trigger_date(self, ticket, working_time):
        """When this level fires on ``ticket`` (naive UTC), None when it cannot any more."""
        self.ensure_one()
        done = ticket.date_first_response if self.target == "response" else ticket.date_resolved
        deadline = ticket["sla_%s_deadline" % self.target]
        if done or not deadline or working_time is None:
            return None
        if self.trigger == "breach":
            return working_time.plan(fields.Datetime.from_string(deadline), self.delay_hours)
        hours = self.policy_id["%s_hours" % self.target]
        return working_time.plan(fields.Datetime.from_string(ticket.date_received),
                                 hours * self.percent / 100.0 + ticket.sla_paused_hours)

    @api.multi
    def _recipient_for(self, ticket):
        """Who this level tells about ``ticket``."""
        self.ensure_one()
        if self.recipient == "assignee" and ticket.user_id:
            return ticket.user_id
        if self.recipient == "manager":
            if self.user_id.active:
                return self.user_id
            members = self.group_id.users.filtered("active").sorted(
                lambda u: (u.id == 1, u.id))
            if members:
                return members[0]
        return ticket._sla_escalation_user()

    @api.multi
    def _summary_for(self, ticket):
        self.ensure_one()
        if self.summary:
            return "%s: %s" % (self.summary, ticket.name)
        if self.trigger == "breach" and self.target == "response":
            return _("SLA breached: first response overdue on %s") % ticket.name
        if self.trigger == "breach":
            return _("SLA breached: resolution overdue on %s") % ticket.name
        if self.target == "response":
            return _("SLA at risk: %s%% of the time to first response used on %s") \
                % (int(self.percent), ticket.name)
        return _("SLA at risk: %s%% of the time to resolution used on %s") \
            % (int(self.percent), ticket.name)
