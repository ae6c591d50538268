from odoo import api, models


class MailActivity(models.Model):
    """A revisit marked done is logged as an interaction, so the revisit reminder restarts."""

    _inherit = "mail.activity"

    @api.model
    def _customer_interaction_activity_types(self):
        types = super()._customer_interaction_activity_types()
        types["customer_lifecycle.mail_activity_type_revisit"] = "call"
        return types
