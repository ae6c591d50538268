from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SLA_PAUSES = [
    ("customer", "Waiting on Customer"),
    ("third_party", "Waiting on Third Party"),
]


class CustomerFeedbackStage(models.Model):
    """Stage of a feedback ticket; its flags drive dates, SLA and the rating request."""

    _name = "customer.feedback.stage"
    _description = "Feedback Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="The stage is folded in the kanban view when there are no tickets in it.")
    is_closed = fields.Boolean(
        string="Closed Stage", index=True,
        help="Tickets in this stage are finished: they no longer count as open and their SLA "
             "clock stops.")
    is_resolved = fields.Boolean(
        string="Resolved Stage", index=True,
        help="Entering this stage resolves the ticket: a resolution text is required, the "
             "resolution date is set and the customer is asked for a rating.")
    is_cancelled = fields.Boolean(
        string="Cancelled Stage",
        help="Tickets in this stage were dropped (duplicate, spam, withdrawn): they are closed "
             "without a resolution.")
    mail_template_id = fields.Many2one(
        "mail.template", string="E-mail Template",
        domain=[("model", "=", "customer.feedback")],
        help="E-mail sent to the customer when a ticket enters this stage.")
    sla_pause = fields.Selection(
        SLA_PAUSES, string="Pauses the SLA Clock",
        help="Tickets in this stage wait on someone else: the SLA clock stops while they are "
             "here and the deadlines move by the working time spent. A customer's reply moves "
             "a ticket waiting on the customer back.")
    reply_stage_id = fields.Many2one(
        "customer.feedback.stage", string="Stage on Customer Reply", ondelete="set null",
        domain=[("sla_pause", "=", False), ("is_closed", "=", False)],
        help="Where a customer's reply moves a ticket waiting in this stage; empty: back to the "
             "stage it came from.")
    active = fields.Boolean(default=True)

    @api.constrains("is_resolved", "is_cancelled", "is_closed", "sla_pause")
    def _check_flags(self):
        for stage in self:
            if stage.is_resolved and stage.is_cancelled:
                raise ValidationError(
                    _("The stage %s cannot be both a resolved and a cancelled stage.") % stage.name)
            if stage.sla_pause and (stage.is_resolved or stage.is_closed):
                raise ValidationError(
                    _("The stage %s cannot pause the SLA clock: it is a resolved or closed "
                      "stage, where the clock has stopped already.") % stage.name)
