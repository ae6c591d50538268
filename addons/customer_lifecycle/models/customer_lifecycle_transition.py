from odoo import api, fields, models


class CustomerLifecycleTransition(models.Model):
    """One move of a customer between lifecycle stages: the history the funnel is built on."""

    _name = "customer.lifecycle.transition"
    _description = "Customer Lifecycle Transition"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade")
    from_stage_id = fields.Many2one(
        "customer.lifecycle.stage", string="From Stage", index=True, ondelete="set null")
    to_stage_id = fields.Many2one(
        "customer.lifecycle.stage", string="To Stage", required=True, index=True, ondelete="restrict")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    rule = fields.Char(
        string="Automatic Rule", index=True,
        help="Code of the automatic rule that moved the customer; empty for manual moves.")
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
