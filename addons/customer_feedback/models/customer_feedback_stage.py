from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
    active = fields.Boolean(default=True)

    @api.constrains("is_resolved", "is_cancelled")
    def _check_flags(self):
        for stage in self:
            if stage.is_resolved and stage.is_cancelled:
                raise ValidationError(
                    _("The stage %s cannot be both a resolved and a cancelled stage.") % stage.name)
