from odoo import api, fields, models, tools

from .customer_feedback import CHANNELS, SLA_STATUSES
from .customer_feedback_sla_policy import FEEDBACK_TYPES, PRIORITIES


class CustomerFeedbackReport(models.Model):
    """One row per ticket with the customer's segment: pivot and graph of the feedback."""

    _name = "customer.feedback.report"
    _description = "Feedback Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date_received desc"

    name = fields.Char(string="Reference", readonly=True)
    feedback_id = fields.Many2one("customer.feedback", string="Feedback", readonly=True)
    # Ticket
    feedback_type = fields.Selection(FEEDBACK_TYPES, string="Type", readonly=True)
    category_id = fields.Many2one("customer.feedback.category", string="Category", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    priority = fields.Selection(PRIORITIES, readonly=True)
    stage_id = fields.Many2one("customer.feedback.stage", string="Stage", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned to", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    sla_policy_id = fields.Many2one("customer.feedback.sla.policy", string="SLA Policy", readonly=True)
    sla_status = fields.Selection(SLA_STATUSES, string="SLA Status", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    date_first_response = fields.Datetime(string="First Response On", readonly=True)
    date_resolved = fields.Datetime(string="Resolved On", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    # Customer segment
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, auto_join=True)
    salesperson_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    customer_team_id = fields.Many2one("crm.team", string="Customer's Sales Team", readonly=True)
    industry_id = fields.Many2one("res.partner.industry", string="Industry", readonly=True)
    tier_id = fields.Many2one("customer.tier", string="Tier", readonly=True)
    region_id = fields.Many2one("customer.region", string="Region", readonly=True)
    country_id = fields.Many2one("res.country", string="Country", readonly=True)
    # Measures
    nbr = fields.Integer(string="# Feedback", readonly=True)
    complaint_count = fields.Integer(string="# Complaints", readonly=True)
    open_count = fields.Integer(string="# Open", readonly=True)
    breached_count = fields.Integer(string="# SLA Breached", readonly=True)
    response_hours = fields.Float(
        string="Hours to First Response", readonly=True, group_operator="avg",
        help="Hours from reception to the first response; empty while unanswered.")
    resolution_hours = fields.Float(
        string="Hours to Resolution", readonly=True, group_operator="avg",
        help="Hours from reception to resolution; empty while unresolved.")
    response_sla_met = fields.Float(
        string="Response SLA Met (%)", readonly=True, group_operator="avg",
        help="100 when the first response came before its deadline, 0 when it came late or the "
             "deadline passed unanswered, empty while still within the deadline or without SLA: "
             "the average is the compliance rate.")
    resolution_sla_met = fields.Float(
        string="Resolution SLA Met (%)", readonly=True, group_operator="avg",
        help="100 when the ticket was resolved before its deadline, 0 when late or the "
             "deadline passed unresolved, empty while still within the deadline or without SLA: "
             "the average is the compliance rate.")
    response_work_hours = fields.Float(
        string="Working Hours to First Response", readonly=True, group_operator="avg",
        help="Working hours of the SLA calendar from reception to the first response; empty "
             "while unanswered.")
    resolution_work_hours = fields.Float(
        string="Working Hours to Resolution", readonly=True, group_operator="avg",
        help="Working hours of the SLA calendar from reception to resolution, without the time "
             "paused; empty while unresolved.")
    paused_hours = fields.Float(
        string="Working Hours Paused", readonly=True,
        help="Working hours the tickets waited on the customer or a third party.")
    sla_attainment = fields.Float(
        string="SLA Attained (%)", readonly=True, group_operator="avg",
        help="100 when every target of the ticket was met in working time, 0 when one was "
             "missed, empty while still open within its deadlines or without SLA: the average "
             "is the attainment rate.")
    rating = fields.Float(
        string="Rating", readonly=True, group_operator="avg",
        help="Latest rating the customer gave (10 satisfied, 5 not satisfied, "
             "1 highly dissatisfied); empty when not rated.")
    rated_count = fields.Integer(string="# Rated", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # No user input in this statement: the table name is the model's own.
        self.env.cr.execute("""
            CREATE OR REPLACE VIEW %s AS (
                SELECT f.id AS id,
                       f.id AS feedback_id,
                       f.name AS name,
                       f.feedback_type AS feedback_type,
                       f.category_id AS category_id,
                       f.channel AS channel,
                       f.priority AS priority,
                       f.stage_id AS stage_id,
                       COALESCE(s.is_closed, FALSE) AS is_closed,
                       f.user_id AS user_id,
                       f.team_id AS team_id,
                       f.sla_policy_id AS sla_policy_id,
                       f.sla_status AS sla_status,
                       f.company_id AS company_id,
                       f.date_received AS date_received,
                       f.date_first_response AS date_first_response,
                       f.date_resolved AS date_resolved,
                       f.date_closed AS date_closed,
                       f.partner_id AS partner_id,
                       p.user_id AS salesperson_id,
                       p.team_id AS customer_team_id,
                       p.industry_id AS industry_id,
                       p.tier_id AS tier_id,
                       p.region_id AS region_id,
                       p.country_id AS country_id,
                       1 AS nbr,
                       CASE WHEN f.feedback_type = 'complaint' THEN 1 ELSE 0 END AS complaint_count,
                       CASE WHEN COALESCE(s.is_closed, FALSE) THEN 0 ELSE 1 END AS open_count,
                       CASE WHEN f.sla_status = 'breached' THEN 1 ELSE 0 END AS breached_count,
                       EXTRACT(EPOCH FROM (f.date_first_response - f.date_received)) / 3600.0
                           AS response_hours,
                       EXTRACT(EPOCH FROM (f.date_resolved - f.date_received)) / 3600.0
                           AS resolution_hours,
                       CASE WHEN f.sla_response_deadline IS NULL THEN NULL
                            WHEN f.date_first_response IS NOT NULL THEN
                                CASE WHEN f.date_first_response <= f.sla_response_deadline
                                     THEN 100.0 ELSE 0.0 END
                            WHEN f.sla_response_deadline < (NOW() AT TIME ZONE 'UTC') THEN 0.0
                            ELSE NULL END AS response_sla_met,
                       CASE WHEN f.sla_resolution_deadline IS NULL THEN NULL
                            WHEN f.date_resolved IS NOT NULL THEN
                                CASE WHEN f.date_resolved <= f.sla_resolution_deadline
                                     THEN 100.0 ELSE 0.0 END
                            WHEN f.sla_resolution_deadline < (NOW() AT TIME ZONE 'UTC') THEN 0.0
                            ELSE NULL END AS resolution_sla_met,
                       CASE WHEN f.date_first_response IS NOT NULL
                            THEN f.response_work_hours END AS response_work_hours,
                       CASE WHEN f.date_resolved IS NOT NULL
                            THEN f.resolution_work_hours END AS resolution_work_hours,
                       COALESCE(f.sla_paused_hours, 0.0) AS paused_hours,
                       CASE WHEN f.sla_policy_id IS NULL THEN NULL
                            WHEN f.sla_status = 'breached' THEN 0.0
                            WHEN (f.sla_response_deadline IS NULL
                                  OR f.date_first_response IS NOT NULL)
                             AND (f.sla_resolution_deadline IS NULL
                                  OR f.date_resolved IS NOT NULL) THEN 100.0
                            ELSE NULL END AS sla_attainment,
                       r.rating AS rating,
                       CASE WHEN r.rating IS NULL THEN 0 ELSE 1 END AS rated_count
                  FROM customer_feedback f
                  JOIN res_partner p ON p.id = f.partner_id
                  LEFT JOIN customer_feedback_stage s ON s.id = f.stage_id
                  LEFT JOIN LATERAL (
                        SELECT rr.rating
                          FROM rating_rating rr
                         WHERE rr.res_model = 'customer.feedback'
                           AND rr.res_id = f.id
                           AND rr.consumed
                         ORDER BY rr.write_date DESC, rr.id DESC
                         LIMIT 1
                  ) r ON TRUE
            )
        """ % self._table)
