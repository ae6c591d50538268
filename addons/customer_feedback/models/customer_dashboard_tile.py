"""The tickets' tiles of the "My Work" dashboard (customer_mgmt's customer.dashboard.tile)."""
from odoo import api, models

OPEN = [("is_closed", "=", False)]


class CustomerDashboardTile(models.Model):
    _inherit = "customer.dashboard.tile"

    @api.model
    def _tile_tickets(self, domain, name):
        return self._tile_list("customer.feedback", OPEN + domain, name)

    @api.multi
    def _tile_tickets_new(self):
        stage = self.env.ref("customer_feedback.customer_feedback_stage_new")
        return self._tile_tickets([("stage_id", "=", stage.id)], self.name)

    @api.multi
    def _tile_tickets_mine(self):
        return self._tile_tickets([("user_id", "=", self.env.uid)], self.name)

    @api.multi
    def _tile_tickets_sla_breached(self):
        data = self._tile_tickets([("sla_status", "=", "breached")], self.name)
        data["tone"] = "danger" if data["value"] else "normal"
        return data

    @api.multi
    def _tile_tickets_sla_at_risk(self):
        data = self._tile_tickets([("sla_status", "=", "at_risk")], self.name)
        data["tone"] = "warning" if data["value"] else "normal"
        return data

    @api.multi
    def _tile_team_tickets_open(self):
        """Team figure: the open tickets the leader reads (their team's), by assignee."""
        return self._tile_list("customer.feedback", OPEN, self.name,
                               context={"group_by": "user_id"})

    @api.multi
    def _tile_tickets_unassigned_my_teams(self):
        """Tickets the automatic assignment could not place: the leader finds someone."""
        data = self._tile_tickets([("user_id", "=", False), ("team_id.user_id", "=", self.env.uid)],
                                  self.name)
        data["tone"] = "warning" if data["value"] else "normal"
        return data
