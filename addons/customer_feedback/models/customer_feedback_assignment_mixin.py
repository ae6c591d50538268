"""Automatic assignment of tickets within their team: round-robin or by category skill.

The team's members, their open tickets, limits, skills and leaves are read once per team
(``TicketAssigner``); the choice of each ticket's assignee is then made in memory, so a ticket
created, an import of thousands and a cron batch cost the same few queries per team.
"""
import logging
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import split_every

_logger = logging.getLogger(__name__)

# Context key holding the TicketAssigner shared by the rows of an import.
ASSIGNER_KEY = "customer_feedback_assigner"


class TicketAssigner(object):
    """Who gets each team's next ticket: the state of the teams, read once, updated in memory."""

    def __init__(self, env):
        self.env = env(user=SUPERUSER_ID, context=dict(env.context, active_test=True))
        self.teams = {}     # team id -> dict(method, order, limits, skills) or None
        self.loads = {}     # user id -> open tickets
        self.last = {}      # team id -> last assignee id
        self.dirty = set()  # teams whose last assignee changed

    def _load_team(self, team_id):
        env = self.env
        team = env["crm.team"].browse(team_id)
        if not team.exists() or team.feedback_assign_method == "none":
            self.teams[team_id] = None
            return
        users = env["res.users"].search(
            [("sale_team_id", "=", team_id), ("share", "=", False)], order="id")
        settings = {member.user_id.id: member for member in team.feedback_member_ids}
        limits, skills = {}, {}
        for user_id in users.ids:
            member = settings.get(user_id)
            limits[user_id] = (member and member.ticket_limit) or team.feedback_ticket_limit
            skills[user_id] = [(category.parent_left, category.parent_right)
                               for category in (member.category_ids if member else [])]
        new = [user_id for user_id in users.ids if user_id not in self.loads]
        if new:
            groups = env["customer.feedback"].read_group(
                [("is_closed", "=", False), ("user_id", "in", new)], ["user_id"], ["user_id"])
            self.loads.update(dict.fromkeys(new, 0))
            self.loads.update({group["user_id"][0]: group["user_id_count"] for group in groups})
        on_leave = self._on_leave(users.ids)
        self.teams[team_id] = {
            "method": team.feedback_assign_method,
            "order": [user_id for user_id in users.ids if user_id not in on_leave],
            "limits": limits,
            "skills": skills,
        }
        self.last[team_id] = team.feedback_last_user_id.id or 0

    def _on_leave(self, user_ids):
        """Users with a leave of their own (resource.calendar.leaves) covering now."""
        if not user_ids:
            return set()
        now = fields.Datetime.now()
        self.env.cr.execute(
            "SELECT r.user_id FROM resource_calendar_leaves l"
            " JOIN resource_resource r ON r.id = l.resource_id"
            " WHERE r.active AND r.user_id = ANY(%s) AND l.date_from <= %s AND l.date_to >= %s",
            (list(user_ids), now, now))
        return {row[0] for row in self.env.cr.fetchall()}

    def _skilled(self, state, user_id, category):
        if state["method"] != "skill" or not category:
            return True
        return any(left <= category.parent_left < right
                   for left, right in state["skills"][user_id])

    def pick(self, team_id, category_id=False):
        """The next available member of the team for a ticket of this category, or False."""
        if not team_id:
            return False
        if team_id not in self.teams:
            self._load_team(team_id)
        state = self.teams[team_id]
        if not state:
            return False
        category = self.env["customer.feedback.category"].browse(category_id or [])
        candidates = [
            user_id for user_id in state["order"]
            if (not state["limits"][user_id] or self.loads[user_id] < state["limits"][user_id])
            and self._skilled(state, user_id, category)]
        if not candidates:
            return False
        last = self.last[team_id]
        user_id = next((candidate for candidate in candidates if candidate > last), candidates[0])
        self.loads[user_id] += 1
        self.last[team_id] = user_id
        self.dirty.add(team_id)
        return user_id

    def flush(self):
        """Remember each team's last assignee, for the next round."""
        Team = self.env["crm.team"]
        for team_id in self.dirty:
            Team.browse(team_id).write({"feedback_last_user_id": self.last[team_id]})
        self.dirty = set()


class CustomerFeedbackAssignmentMixin(models.AbstractModel):
    """Tickets get an assignee of their team on creation, at import and by a cron."""

    _name = "customer.feedback.assignment.mixin"
    _description = "Ticket Assignment"

    @api.model
    def _assign_team_has_method(self, team_id):
        team = self.env["crm.team"].sudo().browse(team_id or [])
        return bool(team) and team.feedback_assign_method != "none"

    @api.model
    def _assign_create_vals(self, vals):
        """The assignee of a new ticket without one, when its team assigns automatically.

        A ticket its team cannot assign (every member at their limit) stays unassigned, for
        the team leader and the cron; the default assignee (the service agent) is not used.
        """
        if vals.get("user_id") or not self._assign_team_has_method(vals.get("team_id")):
            return vals
        stage = self.env["customer.feedback.stage"].browse(vals.get("stage_id") or [])
        if stage.is_closed:
            return vals
        assigner = self.env.context.get(ASSIGNER_KEY)
        own = not isinstance(assigner, TicketAssigner)  # a client cannot send one
        if own:
            assigner = TicketAssigner(self.env)
        vals = dict(vals, user_id=assigner.pick(vals["team_id"], vals.get("category_id")))
        if own:
            assigner.flush()
        return vals

    @api.model
    def load(self, fields, data):
        """An import shares one assigner between its rows: a few queries per team, not per row."""
        assigner = TicketAssigner(self.env)
        result = super(CustomerFeedbackAssignmentMixin,
                       self.with_context(**{ASSIGNER_KEY: assigner})).load(fields, data)
        if result.get("ids"):
            assigner.flush()
        return result

    @api.multi
    def _assign_tickets(self):
        """Give the open unassigned tickets an available member of their team, oldest first.

        Returns how many were assigned.
        """
        tickets = self.sudo().filtered(
            lambda ticket: not ticket.user_id and not ticket.is_closed and ticket.team_id)
        assigner = TicketAssigner(self.env)
        by_user = defaultdict(list)
        for ticket in tickets.sorted(lambda ticket: (ticket.date_received, ticket.id)):
            user_id = assigner.pick(ticket.team_id.id, ticket.category_id.id)
            if user_id:
                by_user[user_id].append(ticket.id)
        for user_id, ids in by_user.items():
            tickets.browse(ids).write({"user_id": user_id})
        assigner.flush()
        return sum(len(ids) for ids in by_user.values())

    @api.model
    def _cron_assign_tickets(self, batch_limit=500):
        """A cron calls this: assign the unassigned open tickets once members have room again."""
        teams = self.env["crm.team"].sudo().search([("feedback_assign_method", "!=", "none")])
        ids = self.sudo().search([
            ("is_closed", "=", False), ("user_id", "=", False), ("team_id", "in", teams.ids),
        ], order="date_received, id").ids
        assigned = sum(self.env["customer.batch.runner"]._run_batches(
            "Feedback: ticket assignment", split_every(batch_limit, ids),
            lambda batch: self.sudo().browse(batch)._assign_tickets()))
        _logger.info("Feedback assignment: %d of %d unassigned tickets assigned",
                     assigned, len(ids))
        return assigned
