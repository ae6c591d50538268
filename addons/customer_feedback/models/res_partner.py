"""res.partner in customer_feedback: the customer's tickets, ratings and survey answers."""
from odoo import models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["customer.feedback.partner.mixin", "customer.survey.partner.mixin", "res.partner"]
