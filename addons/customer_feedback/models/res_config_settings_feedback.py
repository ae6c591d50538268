from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_feedback import (
    DEFAULT_POOR_RATING, POOR_RATING_ACTION_PARAM, POOR_RATING_PARAM)


class ResConfigSettings(models.TransientModel):
    """Settings of feedback tickets: what a poor rating of a resolved ticket does."""

    _inherit = "res.config.settings"

    # Odoo 11 has no config_parameter=: get_values/set_values store them as system parameters.
    customer_feedback_poor_rating_action = fields.Selection(
        [("reopen", "Reopen the ticket"), ("activity", "Schedule a follow-up for the owner")],
        string="On a Poor Rating", default="reopen",
        help="What happens when a customer rates the resolution of a ticket poorly.")
    customer_feedback_poor_rating_threshold = fields.Selection(
        [("1", "Highly dissatisfied"), ("5", "Not satisfied or worse")],
        string="Poor Rating", default=str(DEFAULT_POOR_RATING),
        help="Ratings at or below this level are followed up.")

    @api.constrains("customer_feedback_poor_rating_action")
    def _check_customer_feedback_poor_rating_action(self):
        for settings in self:
            if not settings.customer_feedback_poor_rating_action:
                raise ValidationError(_("Choose what a poor rating of a feedback ticket does."))

    @api.model
    def get_values(self):
        res = super().get_values()
        tickets = self.env["customer.feedback"]
        res.update(
            customer_feedback_poor_rating_action=tickets._rating_poor_action(),
            customer_feedback_poor_rating_threshold=str(int(tickets._rating_poor_threshold())),
        )
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(POOR_RATING_ACTION_PARAM, self.customer_feedback_poor_rating_action)
        params.set_param(POOR_RATING_PARAM, self.customer_feedback_poor_rating_threshold
                         or str(DEFAULT_POOR_RATING))
