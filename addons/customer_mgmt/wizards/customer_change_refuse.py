"""The reason of a refused change request, told to the requester."""
from odoo import api, fields, models

from ..utils.access import DATA_ADMIN, TEAM_LEADER, allowed_groups


class CustomerChangeRefuseWizard(models.TransientModel):
    """Refuse change requests with a reason."""

    _name = "customer.change.refuse.wizard"
    _description = "Refuse Change Requests"

    request_ids = fields.Many2many("customer.change.request", string="Requests",
                                   required=True)
    reason = fields.Text(string="Refusal Reason", required=True)

    @api.multi
    @allowed_groups(TEAM_LEADER, DATA_ADMIN)
    def action_confirm(self):
        """Refuse the requests; the requester is notified on the customer."""
        self.ensure_one()
        self.request_ids._refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
