"""The "My Work" dashboard (我的工作): one kanban card per tile, its figures for the current user.

A tile is a data record (code, title, the roles it concerns); its figures are computed, not
stored, for whoever reads it. Each code is served by a method ``_tile_<code>`` of this model
returning a dict: ``value`` (the count), ``action`` (the list the click opens) and optionally
``display`` (the value as shown), ``note`` (a line under it) and ``tone`` (normal, warning,
danger). Other addons add their tiles in their own data file and their ``_tile_<code>``
methods in their own ``customer_dashboard_tile.py`` (``_inherit``); nothing here knows them.
Counts are the ``search_count`` of the very domain the click opens, as the user, or SQL
restricted by ``ir.rule._readable_subquery``: a tile counts what its list shows.
"""
import logging
from datetime import timedelta

from psycopg2 import sql

from odoo import _, api, fields, models

from ..utils.access import CUSTOMER_STAFF, allowed_groups
from ..utils.accounts import account_domain
from .customer_pool_settings_mixin import pool_param

_logger = logging.getLogger(__name__)

TONES = [("normal", "Normal"), ("warning", "Warning"), ("danger", "Danger")]
# Documents whose activities are follow-ups: customers and their planned interactions.
FOLLOW_UP_MODELS = ("res.partner", "customer.interaction")


class CustomerDashboardTile(models.Model):
    _name = "customer.dashboard.tile"
    _description = "My Work Dashboard Tile"
    _order = "sequence, id"

    name = fields.Char(string="Title", required=True, translate=True, readonly=True)
    code = fields.Char(
        required=True, readonly=True,
        help="Selects the method _tile_<code> that computes the tile for the current user.")
    sequence = fields.Integer(default=10, readonly=True)
    icon = fields.Char(default="fa-tasks", readonly=True, help="A Font Awesome icon class.")
    group_ids = fields.Many2many(
        "res.groups", "customer_dashboard_tile_group_rel", "tile_id", "group_id",
        string="Roles", readonly=True,
        help="The tile is shown to users in any of these groups (to everyone when empty).")
    value = fields.Integer(compute="_compute_figures", help="The count, for the current user.")
    value_display = fields.Char(string="Shown Value", compute="_compute_figures")
    note = fields.Char(compute="_compute_figures")
    tone = fields.Selection(TONES, compute="_compute_figures")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Each dashboard tile has its own code."),
    ]

    @api.multi
    def _compute_figures(self):
        for tile in self:
            data = tile._tile_data()
            tile.value = data.get("value", 0)
            tile.value_display = data.get("display") or str(tile.value)
            tile.note = data.get("note") or False
            tile.tone = data.get("tone") or "normal"

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_open(self):
        """Open the list behind the tile, filtered as its count is."""
        self.ensure_one()
        self.check_access_rule("read")
        return self._tile_data().get("action") or False

    @api.multi
    def _tile_data(self):
        """The figures and the action of this tile, for the current user."""
        self.ensure_one()
        method = getattr(self, "_tile_%s" % self.code, None)
        if method is None:
            _logger.warning("Dashboard tile %s has no method _tile_%s", self.id, self.code)
            return {"value": 0}
        return method()

    # ------------------------------------------------------------------ helpers of every tile

    @api.model
    def _tile_list(self, model, domain, name, views=("tree", "form"), context=None):
        """A tile counting the records of domain, and the list of exactly them."""
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": ",".join(views),
            "views": [(False, view) for view in views],
            "domain": domain,
            "context": dict(context or {}, create=False),
            "target": "current",
        }
        return {"value": self.env[model].search_count(domain), "action": action}

    @api.model
    def _tile_customer_list(self, domain, name, context=None):
        """A tile over customer accounts, opening the customers' list."""
        return self._tile_list("res.partner", account_domain(*domain), name,
                               views=("tree", "kanban", "form"), context=context)

    @api.model
    def _tile_breakdown(self, model, domain, groupby="user_id", limit=3):
        """The largest groups of domain as "name count · ...", read as the user (read_group)."""
        groups = self.env[model].read_group(domain, [groupby], [groupby])
        groups = sorted(groups, key=lambda group: -group["%s_count" % groupby])
        parts = ["%s %d" % (group[groupby][1] if group[groupby] else _("None"),
                            group["%s_count" % groupby]) for group in groups[:limit]]
        if len(groups) > limit:
            parts.append("…")
        return " · ".join(parts)

    @api.model
    def _tile_today(self):
        return fields.Date.context_today(self)

    # ------------------------------------------------------------------ customer_mgmt tiles

    @api.model
    def _follow_up_domain(self, operator):
        return [("user_id", "=", self.env.uid), ("res_model", "in", list(FOLLOW_UP_MODELS)),
                ("date_deadline", operator, self._tile_today())]

    @api.multi
    def _tile_followups_today(self):
        return self._tile_list("mail.activity", self._follow_up_domain("="), self.name)

    @api.multi
    def _tile_followups_overdue(self):
        data = self._tile_list("mail.activity", self._follow_up_domain("<"), self.name)
        data["tone"] = "danger" if data["value"] else "normal"
        return data

    @api.multi
    def _tile_pool_return(self):
        """My customers going back to the public pool within the warning days of the settings."""
        Partner = self.env["res.partner"]
        deadlines = Partner._pool_release_deadlines()
        if not deadlines:
            data = self._tile_customer_list([("id", "in", [])], self.name)
            data["note"] = _("The automatic release is off.")
            return data
        days = pool_param(self.env, "warning_days")
        inner, params = deadlines
        now = fields.Datetime.from_string(fields.Datetime.now())
        query = sql.SQL("SELECT c.id, c.deadline FROM ({inner}) c "
                        "WHERE c.user_id = %s AND c.deadline <= %s").format(inner=inner)
        params = params + [self.env.uid, fields.Datetime.to_string(now + timedelta(days=days))]
        readable = self.env["ir.rule"]._readable_subquery("res.partner")
        if readable:
            query = sql.SQL("{query} AND c.id IN ({readable})").format(
                query=query, readable=sql.SQL(readable[0]))
            params += list(readable[1])
        self.env.cr.execute(query, params)
        rows = self.env.cr.fetchall()
        data = self._tile_customer_list([("id", "in", [row[0] for row in rows])], self.name)
        if rows:
            nearest = min(fields.Datetime.from_string(row[1]) if isinstance(row[1], str)
                          else row[1] for row in rows)
            remaining = (nearest.date() - now.date()).days
            data["note"] = (_("The nearest goes back in %d days.") % remaining if remaining > 0
                            else _("The nearest goes back at the next release run."))
            data["tone"] = "warning"
        else:
            data["note"] = _("None within %d days.") % days
        return data

    @api.multi
    def _tile_claim_quota(self):
        """How many more customers I may claim: the holding limit minus what I hold."""
        user = self.env.user
        maximum = pool_param(self.env, "max_customers")
        held = self.env["res.partner"]._pool_held_count(user)
        data = self._tile_customer_list([("user_id", "=", user.id)], _("My Customers"))
        if not maximum:
            data.update(value=0, display=_("No limit"),
                        note=_("You hold %d customers.") % held)
            return data
        remaining = max(maximum - held, 0)
        data.update(value=remaining, tone="danger" if not remaining else "normal",
                    note=_("You hold %(held)d of at most %(max)d customers.") % {
                        "held": held, "max": maximum})
        return data
