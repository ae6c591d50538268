from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Settings field -> key of LIFECYCLE_DEFAULTS (system parameter customer_lifecycle.<key>).
LIFECYCLE_SETTINGS = {
    "lifecycle_loyal_order_count": "loyal_order_count",
    "lifecycle_loyal_revenue": "loyal_revenue",
    "lifecycle_churn_days": "churn_days",
    "lifecycle_tier_follow_revenue": "tier_follow_revenue",
}


class ResConfigSettings(models.TransientModel):
    """Thresholds of the automatic lifecycle transitions."""

    _inherit = "res.config.settings"

    lifecycle_loyal_order_count = fields.Integer(
        string="Loyal After (Orders in 12 Months)", default=3,
        help="New customers become loyal at this many confirmed orders in 12 months.")
    lifecycle_loyal_revenue = fields.Float(
        string="Loyal After (Revenue in 12 Months)", default=100000.0,
        help="New customers also become loyal when their 12-month revenue reaches this amount.")
    lifecycle_churn_days = fields.Integer(
        string="Churned After (Days Without Order)", default=365,
        help="Customers without a confirmed order for this many days are churned.")
    lifecycle_tier_follow_revenue = fields.Boolean(
        string="Tiers Follow Revenue",
        help="Customers get the tier of the highest 12-month revenue threshold they reach, "
             "unless their tier is locked.")

    @api.constrains("lifecycle_loyal_order_count", "lifecycle_loyal_revenue", "lifecycle_churn_days")
    def _check_lifecycle_settings(self):
        for settings in self:
            if settings.lifecycle_loyal_order_count < 1:
                raise ValidationError(_("Loyal customers need at least one order (%s given).")
                                      % settings.lifecycle_loyal_order_count)
            if settings.lifecycle_loyal_revenue < 0:
                raise ValidationError(_("The loyal revenue threshold cannot be negative (%s).")
                                      % settings.lifecycle_loyal_revenue)
            if settings.lifecycle_churn_days < 1:
                raise ValidationError(_("Customers are churned after at least one day without "
                                        "order (%s given).") % settings.lifecycle_churn_days)

    @api.model
    def get_values(self):
        res = super().get_values()
        Partner = self.env["res.partner"]
        for name, key in LIFECYCLE_SETTINGS.items():
            res[name] = Partner._lifecycle_param(key)
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, key in LIFECYCLE_SETTINGS.items():
            value = self[name]
            if isinstance(value, bool):
                value = "1" if value else "0"
            params.set_param("customer_lifecycle.%s" % key, str(value))
