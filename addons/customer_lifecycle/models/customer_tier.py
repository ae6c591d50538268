from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerTier(models.Model):
    """Tiers may follow the customers' 12-month revenue."""

    _inherit = "customer.tier"

    revenue_threshold_12m = fields.Float(
        string="Revenue Threshold (12 Months)", index=True,
        help="When tiers follow revenue (lifecycle settings), customers whose 12-month revenue "
             "reaches this amount get this tier, the highest threshold reached winning. "
             "0: the tier is never given automatically.")

    @api.constrains("revenue_threshold_12m")
    def _check_revenue_threshold_12m(self):
        for tier in self:
            if tier.revenue_threshold_12m < 0:
                raise ValidationError(_("The revenue threshold of the tier %s cannot be negative (%s).")
                                      % (tier.name, tier.revenue_threshold_12m))
