"""The leaders' and managers' tiles of the "My Work" dashboard (customer_mgmt's
customer.dashboard.tile): churn warnings and team figures, of what the record rules let the
user read (their team for a team leader, the company for a manager)."""
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

from odoo.addons.customer_mgmt.utils.accounts import account_domain

OWNED = ("user_id", "!=", False)


class CustomerDashboardTile(models.Model):
    _inherit = "customer.dashboard.tile"

    @api.multi
    def _tile_churn_warnings(self):
        """Customers at or above the churn threshold, or in the At Risk (流失预警) stage."""
        Partner = self.env["res.partner"]
        threshold = Partner._churn_param("churn_threshold")
        stage = Partner._churn_at_risk_stage()
        domain = ["|", ("churn_risk_score", ">=", threshold),
                  ("lifecycle_stage_id", "=", stage.id if stage else False)]
        data = self._tile_customer_list(domain, self.name)
        data["tone"] = "danger" if data["value"] else "normal"
        return data

    @api.multi
    def _tile_team_customers(self):
        """Team figure: the customers held by each salesperson."""
        data = self._tile_customer_list([OWNED], self.name, context={"group_by": "user_id"})
        data["note"] = self._tile_breakdown("res.partner", account_domain(OWNED))
        return data

    @api.multi
    def _tile_team_followups_week(self):
        """Team figure: the interactions logged this week (from Monday), by salesperson."""
        today = fields.Date.from_string(self._tile_today())
        user_tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        monday = user_tz.localize(datetime.combine(today - timedelta(days=today.weekday()),
                                                   time.min))
        # Midnight of the user's Monday, in UTC as the interactions' dates are stored.
        domain = [("date", ">=", fields.Datetime.to_string(
            monday.astimezone(pytz.utc).replace(tzinfo=None)))]
        data = self._tile_list("customer.interaction", domain, self.name,
                               context={"group_by": "user_id"})
        data["note"] = self._tile_breakdown("customer.interaction", domain)
        return data
