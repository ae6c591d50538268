from odoo import fields, models


class CustomerTier(models.Model):
    """Per-tier period after which neglected customers go back to the public pool."""

    _inherit = "customer.tier"

    pool_release_days = fields.Integer(
        string="Pool Release After (Days)", default=0,
        help="Customers of this tier without interaction for this many days go back to the "
             "public pool; 0 uses the period of the Customers settings.")

    _sql_constraints = [
        ("pool_release_days_positive", "CHECK(pool_release_days >= 0)",
         "The pool release period of a tier cannot be negative."),
    ]
