from odoo import fields, models


class CustomerFeedbackTag(models.Model):
    """Free tags to slice feedback tickets."""

    _name = "customer.feedback.tag"
    _description = "Feedback Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(string="Color Index")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "A feedback tag with this name already exists."),
    ]
