from psycopg2.extras import execute_values

from odoo import api, fields, models

# The automatic rules that move customers, as their transitions name them (the stored values
# are the codes the nightly job and the churn scoring write).
TRANSITION_RULES = [
    ("intention", "Intention shown (opportunity or quotation)"),
    ("first_order", "First order"),
    ("loyal", "Repeat orders (loyal)"),
    ("churn_risk", "Churn risk reached the threshold"),
    ("churned", "No order for too long"),
    ("won_back", "Won back by a new order"),
]


class CustomerLifecycleTransition(models.Model):
    """One move of a customer between lifecycle stages: the history the funnel is built on."""

    _name = "customer.lifecycle.transition"
    _description = "Customer Lifecycle Transition"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade",
        auto_join=True)
    from_stage_id = fields.Many2one(
        "customer.lifecycle.stage", string="From Stage", index=True, ondelete="set null")
    to_stage_id = fields.Many2one(
        "customer.lifecycle.stage", string="To Stage", required=True, index=True, ondelete="restrict")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    rule = fields.Selection(
        TRANSITION_RULES, string="Automatic Rule", index=True,
        help="The automatic rule that moved the customer; empty for manual moves.")
    is_manual = fields.Boolean(
        string="Manual", compute="_compute_is_manual", store=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.user, index=True)
    reason = fields.Text()
    is_win_back = fields.Boolean(
        string="Won Back", index=True,
        help="The customer came back from an at-risk or churned stage.")
    days_in_previous_stage = fields.Integer(
        string="Days in Previous Stage", group_operator="avg",
        help="How long the customer stayed in the stage it left.")
    transition_count = fields.Integer(string="Transitions", default=1, readonly=True)
    # Stored copies for the analysis, set when the transition is recorded.
    salesperson_id = fields.Many2one("res.users", string="Salesperson", index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.user.company_id)

    @api.depends("rule")
    def _compute_is_manual(self):
        for transition in self:
            transition.is_manual = not transition.rule

    @api.model
    def _insert_automatic(self, values_list):
        """Record the automatic moves of a nightly run in one INSERT (thousands at a time)."""
        if not values_list:
            return
        company_id = self.env.user.company_id.id
        uid = self.env.uid
        execute_values(self.env.cr, """
            INSERT INTO customer_lifecycle_transition
                   (partner_id, from_stage_id, to_stage_id, date, rule, is_manual, user_id, reason,
                    is_win_back, days_in_previous_stage, transition_count, salesperson_id, team_id,
                    company_id, create_uid, write_uid, create_date, write_date)
            VALUES %s""", [(
                vals["partner_id"], vals["from_stage_id"] or None, vals["to_stage_id"],
                vals["date"], vals["rule"], False, vals["user_id"] or None,
                vals["reason"] or None, bool(vals["is_win_back"]), vals["days_in_previous_stage"],
                1, vals["salesperson_id"] or None, vals["team_id"] or None, company_id, uid, uid,
            ) for vals in values_list],
            template="(%s, %s, %s, %s::date, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                     "(now() at time zone 'UTC'), (now() at time zone 'UTC'))",
            page_size=1000)
        self.invalidate_cache()
