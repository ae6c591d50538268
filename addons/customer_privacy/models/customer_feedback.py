"""Tickets in customer_privacy: when the retention policy removed their contact data."""
from odoo import fields, models


class CustomerFeedback(models.Model):
    _inherit = "customer.feedback"

    privacy_anonymised_on = fields.Datetime(
        string="Contact Data Removed On", readonly=True, copy=False, index=True,
        groups="customer_mgmt.group_customer_data_admin",
        help="When the retention policy removed the contact data copied on the closed ticket "
             "(irreversible); it is not picked again.")
