"""Which lists open on the user's own customers: a key of the user's context for the actions."""
from odoo import api, fields, models

from ..utils.access import SALESPERSON, TEAM_LEADER


class ResUsers(models.Model):
    """``context_customer_my_customers`` becomes ``customer_my_customers`` in every context
    (Odoo's context_get takes the ``context_*`` fields): the customer actions read it for
    their default "My Customers" filter."""

    _inherit = "res.users"

    context_customer_my_customers = fields.Boolean(
        string="Lists Open on My Customers", compute="_compute_context_customer_my_customers",
        help="Salespeople open the customer lists on their own customers; team leaders and "
             "managers, who work on their team's or all customers, open them unfiltered.")

    @api.multi
    def _compute_context_customer_my_customers(self):
        for user in self:
            user.context_customer_my_customers = (
                user.has_group(SALESPERSON) and not user.has_group(TEAM_LEADER))
