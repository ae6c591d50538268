from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.customer_mgmt.utils.access import SALESPERSON, allowed_groups
from odoo.addons.customer_mgmt.utils.accounts import ACCOUNT_DOMAIN

ACTION_TYPES = [
    ("call", "Call"),
    ("visit", "Visit"),
    ("discount", "Discount"),
    ("gift", "Gift"),
    ("service", "Service"),
    ("other", "Other"),
]
OUTCOMES = [
    ("pending", "Pending"),
    ("won_back", "Won Back"),
    ("lost", "Lost"),
]


class CustomerRetentionAction(models.Model):
    """A measure taken to keep a customer at risk of churning (挽留措施), and its outcome."""

    _name = "customer.retention.action"
    _inherit = ["mail.thread"]
    _description = "Customer Retention Action"
    _order = "date desc, id desc"

    name = fields.Char(
        string="Summary", required=True, track_visibility="onchange",
        help="What was done, in a few words.")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade",
        domain=ACCOUNT_DOMAIN, track_visibility="onchange", auto_join=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible", required=True, index=True,
        default=lambda self: self.env.user, track_visibility="onchange")
    team_id = fields.Many2one(
        related="partner_id.team_id", string="Sales Team", store=True, readonly=True)
    date = fields.Date(
        required=True, index=True, default=fields.Date.context_today, track_visibility="onchange")
    action_type = fields.Selection(
        ACTION_TYPES, string="Measure", required=True, default="call", index=True,
        track_visibility="onchange")
    description = fields.Text()
    outcome = fields.Selection(
        OUTCOMES, required=True, default="pending", index=True, track_visibility="onchange",
        help="Won back: the customer ordered again or stays; lost: the customer left anyway.")
    date_closed = fields.Date(
        string="Closed On", index=True, copy=False, track_visibility="onchange",
        help="When the outcome was decided; set automatically when the outcome is chosen.")
    churn_risk_score = fields.Integer(
        string="Churn Risk at Start", readonly=True, group_operator="avg",
        help="The customer's churn-risk score when the action was recorded.")
    won_back_count = fields.Integer(
        compute="_compute_outcome_counts", store=True, string="Won Back (Count)")
    lost_count = fields.Integer(compute="_compute_outcome_counts", store=True, string="Lost (Count)")
    win_back_rate = fields.Float(
        compute="_compute_outcome_counts", store=True, group_operator="avg",
        string="Win-back Rate (%)",
        help="100 when won back, 0 when lost: averaged over the closed actions, it is the "
             "win-back rate won back / (won back + lost). Pending actions are left out of the "
             "analysis.")
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.user.company_id)

    @api.multi
    @api.depends("outcome")
    def _compute_outcome_counts(self):
        for action in self:
            action.won_back_count = int(action.outcome == "won_back")
            action.lost_count = int(action.outcome == "lost")
            action.win_back_rate = 100.0 if action.outcome == "won_back" else 0.0

    @api.constrains("date", "date_closed")
    def _check_dates(self):
        # As superuser: the record rules are checked after the constraints on create.
        for action in self.sudo():
            if action.date_closed and action.date and action.date_closed < action.date:
                raise ValidationError(
                    _("The retention action \"%(name)s\" cannot be closed (%(closed)s) before it "
                      "started (%(date)s).") % {
                        "name": action.name, "closed": action.date_closed, "date": action.date})

    @api.model
    def create(self, vals):
        action = super().create(self._outcome_vals(vals))
        if "churn_risk_score" not in vals:
            # Kept by the system: read and written as superuser once the action passed the
            # access checks of its creation, which follow its customer.
            action.sudo().churn_risk_score = action.partner_id.sudo().churn_risk_score
        return action

    @api.multi
    def write(self, vals):
        return super().write(self._outcome_vals(vals))

    @api.model
    def _outcome_vals(self, vals):
        """Closing an action dates it today; reopening it clears the date."""
        if "outcome" in vals:
            vals = dict(vals)
            if vals["outcome"] == "pending":
                vals["date_closed"] = False
            elif not vals.get("date_closed"):
                vals["date_closed"] = fields.Date.context_today(self)
        return vals

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_won_back(self):
        """The customer stays: close the action as won back."""
        self.write({"outcome": "won_back"})
        return True

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_lost(self):
        """The customer left anyway: close the action as lost."""
        self.write({"outcome": "lost"})
        return True

    @api.model
    def _win_back_rate(self, domain=None):
        """Win-back rate in percent: won back / (won back + lost) among the actions of domain."""
        groups = self.read_group(
            list(domain or []) + [("outcome", "in", ("won_back", "lost"))], ["outcome"], ["outcome"])
        counts = {group["outcome"]: group["outcome_count"] for group in groups}
        closed = counts.get("won_back", 0) + counts.get("lost", 0)
        return 100.0 * counts.get("won_back", 0) / closed if closed else 0.0
