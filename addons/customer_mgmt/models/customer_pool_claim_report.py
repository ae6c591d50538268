from odoo import api, fields, models, tools

from .customer_pool_log import POOL_LOG_ACTIONS


class CustomerPoolClaimReport(models.Model):
    """Claims and assignments with the days to the first follow-up and to the first win."""

    _name = "customer.pool.claim.report"
    _description = "Public Pool Claims Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "partner_id"

    date = fields.Datetime(string="Claimed On", readonly=True)
    action = fields.Selection(POOL_LOG_ACTIONS, readonly=True)
    pool_id = fields.Many2one("customer.pool", string="Pool", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    salesperson_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    first_followup_date = fields.Datetime(string="First Follow-up", readonly=True)
    days_to_followup = fields.Integer(string="Days to First Follow-up", readonly=True,
                                      group_operator="avg")
    first_win_date = fields.Datetime(string="First Won Opportunity", readonly=True)
    days_to_win = fields.Integer(string="Days to First Win", readonly=True, group_operator="avg")
    claim_count = fields.Integer(string="Claims and Assignments", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW customer_pool_claim_report AS
            SELECT l.id, l.date, l.action, l.pool_id, l.partner_id, l.salesperson_id,
                   l.company_id, f.first_followup_date,
                   (f.first_followup_date::date - l.date::date) AS days_to_followup,
                   w.first_win_date, (w.first_win_date::date - l.date::date) AS days_to_win,
                   1 AS claim_count, CASE WHEN w.first_win_date IS NULL THEN 0 ELSE 1 END
                   AS won_count
              FROM customer_pool_log l
              LEFT JOIN LATERAL (
                   SELECT min(i.date) AS first_followup_date FROM customer_interaction i
                    WHERE i.partner_id = l.partner_id AND i.date >= l.date) f ON TRUE
              LEFT JOIN LATERAL (
                   SELECT min(o.date_closed) AS first_win_date FROM crm_lead o
                     JOIN res_partner op ON op.id = o.partner_id
                    WHERE op.commercial_partner_id = l.partner_id AND o.probability = 100
                      AND o.date_closed >= l.date) w ON TRUE
             WHERE l.action IN ('claim', 'assign')
        """)
