from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_churn_mixin import CHURN_DEFAULTS
from .customer_reminder_mixin import PARAM_PREFIX, REMINDER_DEFAULTS

# Settings field -> (key of the system parameter customer_lifecycle.<key>, defaults).
CHURN_SETTINGS = {
    "churn_threshold": ("churn_threshold", CHURN_DEFAULTS),
    "churn_default_interval_days": ("churn_default_interval_days", CHURN_DEFAULTS),
    "churn_weight_recency": ("churn_weight_recency", CHURN_DEFAULTS),
    "churn_weight_frequency": ("churn_weight_frequency", CHURN_DEFAULTS),
    "churn_weight_revenue": ("churn_weight_revenue", CHURN_DEFAULTS),
    "churn_weight_interactions": ("churn_weight_interactions", CHURN_DEFAULTS),
    "churn_weight_complaints": ("churn_weight_complaints", CHURN_DEFAULTS),
    "churn_weight_satisfaction": ("churn_weight_satisfaction", CHURN_DEFAULTS),
    "reminder_verification_days": ("verification_days", REMINDER_DEFAULTS),
    "reminder_greeting_days_before": ("greeting_days_before", REMINDER_DEFAULTS),
    "reminder_data_quality_review": ("data_quality_review", REMINDER_DEFAULTS),
    "reminder_data_quality_completeness_min": ("data_quality_completeness_min", REMINDER_DEFAULTS),
}
WEIGHT_SETTINGS = [name for name in CHURN_SETTINGS if name.startswith("churn_weight_")]


class ResConfigSettings(models.TransientModel):
    """Settings of the churn warning (weights, threshold) and of the follow-up reminders."""

    _inherit = "res.config.settings"

    churn_threshold = fields.Integer(
        string="At-risk Threshold", default=60,
        help="Customers whose churn risk reaches this score (0-100) move to At risk and their "
             "salesperson gets a retention activity.")
    churn_default_interval_days = fields.Integer(
        string="Expected Order Interval (Days)", default=90,
        help="How often a customer with a single order is expected to order again.")
    churn_weight_recency = fields.Integer(
        string="Weight: Purchase Recency", default=30,
        help="Days since the last order against the customer's usual interval between orders.")
    churn_weight_frequency = fields.Integer(
        string="Weight: Fewer Orders", default=15,
        help="Orders of the last 12 months against the 12 months before.")
    churn_weight_revenue = fields.Integer(
        string="Weight: Revenue Decline", default=15,
        help="Revenue of the last 12 months against the 12 months before.")
    churn_weight_interactions = fields.Integer(
        string="Weight: Fewer Interactions", default=10,
        help="Interactions of the last 90 days against the 90 days before.")
    churn_weight_complaints = fields.Integer(
        string="Weight: Complaints", default=20,
        help="Complaints of the last 90 days and complaints still open.")
    churn_weight_satisfaction = fields.Integer(
        string="Weight: Low Satisfaction", default=10,
        help="Latest NPS score of 6 or less, or latest CSAT score of 2 or less.")
    reminder_verification_days = fields.Integer(
        string="Verify Customer Data Every (Days)", default=180,
        help="Customers not verified for this many days get a verification activity for their "
             "salesperson. 0 switches the reminder off.")
    reminder_greeting_days_before = fields.Integer(
        string="Greeting Reminder (Days Before)", default=3,
        help="Salespeople are reminded this many days before birthdays, company anniversaries "
             "and holidays of their key accounts.")
    reminder_data_quality_review = fields.Boolean(
        string="Monthly Data-quality Review", default=True,
        help="Data administrators get a monthly summary of incomplete profiles, naming issues "
             "and possible duplicates.")
    reminder_data_quality_completeness_min = fields.Integer(
        string="Complete Profile From (%)", default=100,
        help="The data-quality review counts customer profiles below this completeness.")

    @api.constrains(*CHURN_SETTINGS)
    def _check_churn_settings(self):
        labels = self.fields_get(list(CHURN_SETTINGS), ["string"])
        for settings in self:
            for name in CHURN_SETTINGS:
                if name != "reminder_data_quality_review" and settings[name] < 0:
                    raise ValidationError(_("%(field)s cannot be negative (%(value)s).") % {
                        "field": labels[name]["string"], "value": settings[name]})
            for name in ("churn_threshold", "reminder_data_quality_completeness_min"):
                if settings[name] > 100:
                    raise ValidationError(_("%(field)s is at most 100 (%(value)s).") % {
                        "field": labels[name]["string"], "value": settings[name]})
            if not sum(settings[name] for name in WEIGHT_SETTINGS):
                raise ValidationError(_("At least one churn-risk weight must be above 0."))
            if not settings.churn_default_interval_days:
                raise ValidationError(_("The expected order interval must be at least one day."))

    @api.model
    def get_values(self):
        res = super().get_values()
        Partner = self.env["res.partner"]
        for name, (key, defaults) in CHURN_SETTINGS.items():
            res[name] = Partner._reminder_param(key, defaults)
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, _defaults) in CHURN_SETTINGS.items():
            params.set_param(PARAM_PREFIX + key, str(self[name]))
