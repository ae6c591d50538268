from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerLifecycleStageActivity(models.Model):
    """An activity scheduled for the salesperson when a customer enters a stage."""

    _name = "customer.lifecycle.stage.activity"
    _description = "Lifecycle Stage Entry Activity"
    _order = "stage_id, sequence, id"

    stage_id = fields.Many2one(
        "customer.lifecycle.stage", string="Stage", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    activity_type_id = fields.Many2one(
        "mail.activity.type", string="Activity Type", required=True, ondelete="restrict")
    delay_days = fields.Integer(
        string="Delay (Days)", default=0,
        help="The activity is due this many days after the customer entered the stage.")
    summary = fields.Char(translate=True)

    @api.constrains("delay_days")
    def _check_delay_days(self):
        for line in self:
            if line.delay_days < 0:
                raise ValidationError(_("The delay of an entry activity cannot be negative (%s days).")
                                      % line.delay_days)
