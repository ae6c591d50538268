from odoo import fields, models


class CustomerFeedbackSlaEscalationLog(models.Model):
    """An escalation level fired on a ticket: each level fires once per ticket."""

    _name = "customer.feedback.sla.escalation.log"
    _description = "SLA Escalation Record"
    _order = "date desc, id desc"
    _rec_name = "escalation_id"

    feedback_id = fields.Many2one(
        "customer.feedback", string="Ticket", required=True, index=True, ondelete="cascade",
        readonly=True, auto_join=True)
    escalation_id = fields.Many2one(
        "customer.feedback.sla.escalation", string="Escalation Level", required=True,
        index=True, ondelete="cascade", readonly=True)
    user_id = fields.Many2one("res.users", string="Notified", readonly=True, ondelete="set null")
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("feedback_escalation_unique", "UNIQUE(feedback_id, escalation_id)",
         "An escalation level fires once per ticket."),
    ]
