from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerFeedbackTeamMember(models.Model):
    """A team member's own open-ticket limit and skills, for the ticket assignment."""

    _name = "customer.feedback.team.member"
    _description = "Ticket Assignment Member"
    _order = "team_id, user_id"
    _rec_name = "user_id"

    team_id = fields.Many2one(
        "crm.team", string="Sales Team", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", string="Member", required=True, index=True, ondelete="cascade",
        domain="[('share', '=', False)]")
    ticket_limit = fields.Integer(
        string="Open Tickets Limit",
        help="Open tickets this member may hold; 0: the team's default.")
    category_ids = fields.Many2many(
        "customer.feedback.category", "customer_feedback_team_member_category_rel",
        "member_id", "category_id", string="Skills",
        help="Feedback categories this member handles (with their subcategories), for the "
             "assignment by category skill.")

    _sql_constraints = [
        ("team_user_unique", "UNIQUE(team_id, user_id)",
         "A member has one line of ticket assignment settings per team."),
    ]

    @api.constrains("ticket_limit")
    def _check_ticket_limit(self):
        for member in self:
            if member.ticket_limit < 0:
                raise ValidationError(
                    _("The open tickets limit of %s cannot be negative (%d): use 0 for the "
                      "team's default.") % (member.user_id.name, member.ticket_limit))

    @api.constrains("team_id", "user_id")
    def _check_member_of_team(self):
        for member in self.sudo():
            if member.user_id.sale_team_id != member.team_id:
                raise ValidationError(
                    _("%s is not a member of the sales team %s: add them to the team's members "
                      "first.") % (member.user_id.name, member.team_id.name))
