from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

ASSIGN_METHODS = [
    ("none", "No Automatic Assignment"),
    ("round_robin", "Round-Robin"),
    ("skill", "By Category Skill"),
]


class CrmTeam(models.Model):
    """How the team's new tickets find an assignee (customer.feedback.assignment.mixin)."""

    _inherit = "crm.team"

    feedback_assign_method = fields.Selection(
        ASSIGN_METHODS, string="Ticket Assignment", required=True, default="none",
        help="Round-robin: new tickets go in turn to the available members. By category skill: "
             "in turn to the available members who handle the ticket's category (any member "
             "for a ticket without category). Available: active, in the team, under their "
             "open-ticket limit and not on leave today.")
    feedback_ticket_limit = fields.Integer(
        string="Open Tickets per Member", default=20,
        help="Default limit of open tickets per member (0: no limit); a member's own limit "
             "replaces it.")
    feedback_member_ids = fields.One2many(
        "customer.feedback.team.member", "team_id", string="Ticket Assignment Members",
        help="Per member: their own open-ticket limit and the categories they handle.")
    feedback_last_user_id = fields.Many2one(
        "res.users", string="Last Ticket Assignee", readonly=True, ondelete="set null",
        copy=False, help="The round-robin continues after this member.")

    @api.constrains("feedback_ticket_limit")
    def _check_feedback_ticket_limit(self):
        for team in self:
            if team.feedback_ticket_limit < 0:
                raise ValidationError(
                    _("The open tickets per member of the team %s cannot be negative (%d): use 0 "
                      "for no limit.") % (team.name, team.feedback_ticket_limit))
