import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from odoo.addons.customer_mgmt.models.base_guard import system_write
from odoo.addons.customer_mgmt.utils import settings
from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, SALESPERSON, allowed_groups
from odoo.addons.customer_mgmt.utils.accounts import account_sql, is_account, is_account_values
from odoo.addons.customer_mgmt.utils.markers import mark, marked

from .customer_reminder_mixin import INTERNAL_GROUP

_logger = logging.getLogger(__name__)

# System parameters of the automatic transitions (customer_lifecycle.<key>) and their defaults.
LIFECYCLE_DEFAULTS = {
    "loyal_order_count": 3,
    "loyal_revenue": 100000.0,
    "churn_days": 365,
    "tier_follow_revenue": False,
}
WIN_BACK_CODES = ("at_risk", "churned")
# Marker (utils/markers.py) of the stage writes `_lifecycle_move` makes itself.
LIFECYCLE_MOVING_KEY = "lifecycle_moving"


class CustomerLifecycleMixin(models.AbstractModel):
    """Lifecycle stage of a customer account, its history and the automatic transitions."""

    _name = "customer.lifecycle.mixin"
    _description = "Lifecycle Stage of Customers"

    lifecycle_stage_id = fields.Many2one(
        "customer.lifecycle.stage", string="Lifecycle Stage", groups=INTERNAL_GROUP, index=True,
        copy=False, track_visibility="onchange", group_expand="_read_group_lifecycle_stage_ids",
        ondelete="restrict",
        help="Where the customer stands; moved automatically from its sales documents unless "
             "the lifecycle is locked.")
    # The stage once more, for the 360 header: a form shows each field with one widget only.
    lifecycle_stage_label_id = fields.Many2one(
        related="lifecycle_stage_id", string="Lifecycle Stage", readonly=True,
        groups=INTERNAL_GROUP)
    lifecycle_stage_date = fields.Date(
        string="In Stage Since", groups=INTERNAL_GROUP, readonly=True, copy=False, index=True)
    lifecycle_locked = fields.Boolean(
        string="Lifecycle Locked", groups=INTERNAL_GROUP, copy=False, track_visibility="onchange",
        help="Automatic rules do not move this customer; manual moves still do.")
    tier_locked = fields.Boolean(
        string="Tier Locked", groups=INTERNAL_GROUP, copy=False, track_visibility="onchange",
        help="The tier does not follow the 12-month revenue even when tiers follow revenue.")
    lifecycle_transition_ids = fields.One2many(
        "customer.lifecycle.transition", "partner_id", string="Lifecycle Transitions",
        groups=INTERNAL_GROUP, readonly=True)
    lifecycle_transition_count = fields.Integer(
        compute="_compute_lifecycle_transition_count", string="Transitions", groups=INTERNAL_GROUP)
    lifecycle_stage_days = fields.Integer(
        compute="_compute_lifecycle_stage_days", string="Days in Stage", groups=INTERNAL_GROUP)

    @api.model
    def _read_group_lifecycle_stage_ids(self, stages, domain, order):
        """Show every stage in the kanban, even empty ones."""
        return stages.search([], order=order)

    @api.multi
    def _compute_lifecycle_transition_count(self):
        groups = self.env["customer.lifecycle.transition"].read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        counts = {group["partner_id"][0]: group["partner_id_count"] for group in groups}
        for partner in self:
            partner.lifecycle_transition_count = counts.get(partner.id, 0)

    @api.multi
    def _compute_lifecycle_stage_days(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        for partner in self:
            since = fields.Date.from_string(partner.lifecycle_stage_date)
            partner.lifecycle_stage_days = (today - since).days if since else 0

    @api.model
    def _lifecycle_create_vals(self, vals):
        """A new customer account starts as potential in its INSERT: not a move (no transition),
        not tracked (``_get_tracked_fields``), and no UPDATE after the create."""
        if vals.get("lifecycle_stage_id") or not is_account_values(vals):
            return vals
        potential = self.env["customer.lifecycle.stage"]._get_by_code("potential")
        if not potential:
            return vals
        return dict(vals, lifecycle_stage_id=potential.id,
                    lifecycle_stage_date=fields.Date.context_today(self))

    @api.model
    def _get_tracked_fields(self, updated_fields):
        """The stage is tracked when written (manual moves): a create's start is not a move."""
        tracked = super()._get_tracked_fields(updated_fields)
        if "lifecycle_stage_id" not in updated_fields:
            tracked.pop("lifecycle_stage_id", None)
        return tracked

    @api.multi
    def _lifecycle_start(self, day=None):
        """Customer accounts without a stage start as potential customers (the nightly job:
        accounts made from other partners, or older than the addon): not a move, so no
        transition and no tracking message."""
        potential = self.env["customer.lifecycle.stage"]._get_by_code("potential")
        ids = [pid for pid in self.ids if isinstance(pid, int)]
        if not (potential and ids):
            return
        self.env.cr.execute(sql.SQL(
            "UPDATE res_partner SET lifecycle_stage_id = %s, lifecycle_stage_date = %s "
            "WHERE id = ANY(%s) AND lifecycle_stage_id IS NULL AND {}").format(
                account_sql("res_partner", active=False)),
            (potential.id, day or fields.Date.context_today(self), ids))
        if self.env.cr.rowcount:
            self.invalidate_cache(["lifecycle_stage_id", "lifecycle_stage_date"], ids)

    @api.multi
    def _lifecycle_write_vals(self, vals):
        """Write step: the stage written outside ``_lifecycle_move`` is a manual move (kanban
        drag & drop), made after the write of the other values; returns (vals, stage)."""
        if "lifecycle_stage_id" not in vals or marked(self.env, LIFECYCLE_MOVING_KEY):
            return vals, None
        vals = dict(vals)
        return vals, self.env["customer.lifecycle.stage"].browse(vals.pop("lifecycle_stage_id"))

    @api.multi
    def _lifecycle_manual_move(self, stage):
        """After-write step: move by hand, checked and with a reason, as the kanban does."""
        self._lifecycle_check_access("write")
        self._lifecycle_check_manual_move(stage)
        reason = self.env.context.get("lifecycle_reason") or _("Moved by hand in the kanban")
        self.with_context(lifecycle_force=True)._lifecycle_move(stage, reason=reason)

    @api.multi
    def _lifecycle_check_manual_move(self, stage):
        """Refuse manual moves into stages reserved for automatic rules, or of contacts."""
        if not stage.allow_manual_move:
            raise UserError(_("Customers cannot be moved by hand into the stage %s: only the "
                              "automatic rules move customers there.") % stage.name)
        contacts = self.filtered(lambda p: not is_account(p))
        if contacts:
            raise UserError(_("Only customer accounts have a lifecycle stage: %s is not one.")
                            % contacts[0].display_name)

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_lifecycle_move(self):
        """Open the wizard that moves the customer by hand, asking for a reason."""
        self._lifecycle_check_access("write")
        action = self.env.ref("customer_lifecycle.customer_lifecycle_move_action").read()[0]
        action["context"] = {"active_model": "res.partner", "active_ids": self.ids,
                             "active_id": self[:1].id}
        return action

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_lifecycle_transitions(self):
        """Open the lifecycle transitions of the customer."""
        self.ensure_one()
        self._lifecycle_check_access("read")
        self.env["customer.lifecycle.transition"].check_access_rights("read")
        action = self.env.ref("customer_lifecycle.customer_lifecycle_transition_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.multi
    def _lifecycle_check_access(self, operation):
        """Buttons called over RPC name their records: refuse those the user may not read or edit."""
        self.check_access_rights(operation)
        self.check_access_rule(operation)

    # ------------------------------------------------------------------ business methods

    @api.model
    def _lifecycle_param(self, key):
        """Threshold of the automatic transitions, from the system parameters."""
        return settings.get_typed(self.env, "customer_lifecycle.%s" % key, LIFECYCLE_DEFAULTS[key])

    @api.multi
    def _lifecycle_move(self, stage, rule=None, reason=None, date_ref=None):
        """Move these customer accounts to ``stage``, record the transitions, schedule entry activities.

        Locked customers are skipped unless the context has ``lifecycle_force``; customers already
        in the stage are skipped. Returns the partners moved.
        """
        if isinstance(stage, int):
            stage = self.env["customer.lifecycle.stage"].browse(stage)
        if not stage:
            return self.browse()
        date_ref = date_ref or fields.Date.context_today(self)
        if not isinstance(date_ref, str):
            date_ref = fields.Date.to_string(date_ref)
        force = self.env.context.get("lifecycle_force")
        # Column by column for these partners only: a nightly batch moves hundreds of customers,
        # and prefetching every column of every partner in the batch's cache took seconds.
        partners = self.sudo().with_context(prefetch_fields=False).browse(self.ids).filtered(
            lambda p: is_account(p) and p.lifecycle_stage_id != stage
            and (force or not p.lifecycle_locked))
        if not partners:
            return self.browse()
        day = fields.Date.from_string(date_ref)
        Transition = self.env["customer.lifecycle.transition"].sudo()
        user = self.env.user
        to_win_back = stage.code not in WIN_BACK_CODES and not stage.is_churned
        values = []
        for partner in partners:
            previous = partner.lifecycle_stage_id
            since = fields.Date.from_string(partner.lifecycle_stage_date)
            values.append({
                "partner_id": partner.id,
                "from_stage_id": previous.id,
                "to_stage_id": stage.id,
                "date": date_ref,
                "rule": rule or False,
                "user_id": user.id,
                "reason": reason or False,
                "is_win_back": bool(previous) and to_win_back and (
                    previous.code in WIN_BACK_CODES or previous.is_churned),
                "days_in_previous_stage": max((day - since).days, 0) if since else 0,
                "salesperson_id": partner.user_id.id,
                "team_id": partner.team_id.id,
            })
        if rule:
            Transition._insert_automatic(values)
        else:
            for vals in values:
                Transition.create(vals)
        if rule:
            # Automatic moves touch many customers at once: one UPDATE, no per-partner write (the
            # transition rows above are their history); manual moves go through the ORM as the
            # user, so the chatter tracks who moved the customer.
            self.env.cr.execute(
                "UPDATE res_partner SET lifecycle_stage_id = %s, lifecycle_stage_date = %s, "
                "write_uid = %s, write_date = (now() at time zone 'UTC') WHERE id IN %s",
                (stage.id, date_ref, user.id, tuple(partners.ids)))
            partners.invalidate_cache(["lifecycle_stage_id", "lifecycle_stage_date"])
        else:
            system_write(self.browse(partners.ids).with_context(**mark(LIFECYCLE_MOVING_KEY)), {
                "lifecycle_stage_id": stage.id, "lifecycle_stage_date": date_ref})
        partners._lifecycle_schedule_activities(stage, date_ref)
        _logger.info("Lifecycle: moved %d customers to %s (rule %s)", len(partners), stage.name, rule)
        return self.browse(partners.ids)

    @api.multi
    def _lifecycle_schedule_activities(self, stage, date_ref):
        """One activity per entry activity of the stage for each salesperson, never a second open one."""
        lines = stage.activity_ids
        partners = self.filtered("user_id")
        if not lines or not partners or self.env.context.get("lifecycle_no_activity"):
            return
        Activity = self.env["mail.activity"].sudo()
        existing = {(a.res_id, a.activity_type_id.id) for a in Activity.search([
            ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            ("activity_type_id", "in", lines.mapped("activity_type_id").ids)])}
        day = fields.Date.from_string(date_ref)
        values = []
        for partner in partners:
            for line in lines:
                key = (partner.id, line.activity_type_id.id)
                if key in existing:
                    continue
                existing.add(key)
                values.append({
                    "res_id": partner.id,
                    "activity_type_id": line.activity_type_id.id,
                    "summary": line.summary or line.activity_type_id.summary or stage.name,
                    "note": stage.playbook or False,
                    "user_id": partner.user_id.id,
                    "date_deadline": day + timedelta(days=line.delay_days),
                })
        Activity._customer_mgmt_create_bulk("res.partner", values)

    @api.multi
    def _apply_lifecycle_rules(self, date_ref=None):
        """Apply the automatic transitions to these customer accounts (all when empty), from their signals.

        Each rule is one pass over the set, in funnel order, so that a customer may go through several
        stages at once (e.g. Potential → New → Loyal); a second run moves nobody.
        """
        date_ref = fields.Date.from_string(date_ref or fields.Date.context_today(self))
        day = fields.Date.to_string(date_ref)
        Stage = self.env["customer.lifecycle.stage"]
        stages = {code: Stage._get_by_code(code)
                  for code in ("potential", "intention", "new", "loyal", "at_risk", "churned")}
        ids = self._lifecycle_customer_ids(self.ids if self else None)
        if not ids:
            return {}
        Partner = self.browse(ids)
        cr = self.env.cr
        moved = defaultdict(int)
        churn_limit = fields.Date.to_string(date_ref - timedelta(days=self._lifecycle_param("churn_days")))
        loyal_count = self._lifecycle_param("loyal_order_count")
        loyal_revenue = self._lifecycle_param("loyal_revenue")
        stage_ids = {code: stage.id or 0 for code, stage in stages.items()}

        def run(rule, target, query, params):
            if not stages[target]:
                return
            cr.execute(query, dict(params, ids=ids))
            partner_ids = [row[0] for row in cr.fetchall()]
            if partner_ids:
                done = Partner.browse(partner_ids)._lifecycle_move(
                    stages[target], rule=rule, date_ref=day)
                moved[rule] += len(done)

        Partner._lifecycle_start(day)
        # Potential → Intention: an open opportunity or a quotation, and no order yet.
        run("intention", "intention", """
            SELECT p.id FROM res_partner p
             WHERE p.id = ANY(%(ids)s) AND p.lifecycle_stage_id = %(potential)s
               AND p.first_order_date IS NULL
               AND (EXISTS (SELECT 1 FROM crm_lead l JOIN res_partner lp ON lp.id = l.partner_id
                             WHERE lp.commercial_partner_id = p.id AND l.active
                               AND l.type = 'opportunity' AND COALESCE(l.probability, 0) < 100)
                    OR EXISTS (SELECT 1 FROM sale_order so JOIN res_partner sp ON sp.id = so.partner_id
                                WHERE sp.commercial_partner_id = p.id AND so.state IN ('draft', 'sent')))
        """, {"potential": stage_ids["potential"]})
        # → New at the first confirmed order.
        run("first_order", "new", """
            SELECT id FROM res_partner
             WHERE id = ANY(%(ids)s) AND first_order_date IS NOT NULL
               AND (lifecycle_stage_id IS NULL OR lifecycle_stage_id IN %(before)s)
        """, {"before": (stage_ids["potential"], stage_ids["intention"])})
        # At risk / Churned → back on a new order (won back).
        cr.execute("""
            SELECT id FROM res_partner
             WHERE id = ANY(%(ids)s) AND lifecycle_stage_id IN %(lost)s
               AND last_order_date > lifecycle_stage_date AND last_order_date > %(churn_limit)s
        """, {"ids": ids, "lost": (stage_ids["at_risk"], stage_ids["churned"]), "churn_limit": churn_limit})
        back = Partner.sudo().browse([row[0] for row in cr.fetchall()])
        if back:
            loyal = back.filtered(
                lambda p: p.order_count_12m >= loyal_count or p.revenue_12m >= loyal_revenue)
            for target, group in (("loyal", loyal), ("new", back - loyal)):
                if group and stages[target]:
                    moved["won_back"] += len(Partner.browse(group.ids)._lifecycle_move(
                        stages[target], rule="won_back", reason=_("New order after %s") % (
                            ", ".join(group.mapped("lifecycle_stage_id.name"))), date_ref=day))
        # New → Loyal at N orders or revenue X in 12 months.
        run("loyal", "loyal", """
            SELECT id FROM res_partner
             WHERE id = ANY(%(ids)s) AND lifecycle_stage_id = %(new)s
               AND (order_count_12m >= %(count)s OR revenue_12m >= %(revenue)s)
        """, {"new": stage_ids["new"], "count": loyal_count, "revenue": loyal_revenue})
        # → Churned after D days without an order.
        run("churned", "churned", """
            SELECT id FROM res_partner
             WHERE id = ANY(%(ids)s) AND last_order_date <= %(churn_limit)s
               AND lifecycle_stage_id IN %(active)s
        """, {"churn_limit": churn_limit,
              "active": (stage_ids["new"], stage_ids["loyal"], stage_ids["at_risk"])})
        if self._lifecycle_param("tier_follow_revenue"):
            moved["tier"] = Partner.sudo()._lifecycle_update_tiers()
        return dict(moved)

    @api.multi
    def _lifecycle_update_tiers(self):
        """Give unlocked customers the tier of the highest 12-month revenue threshold they reach."""
        tiers = self.env["customer.tier"].sudo().search(
            [("revenue_threshold_12m", ">", 0)], order="revenue_threshold_12m desc")
        if not tiers or not self:
            return 0
        self.env.cr.execute("""
            SELECT p.id, (SELECT t.id FROM customer_tier t
                           WHERE t.id = ANY(%(tiers)s) AND t.revenue_threshold_12m <= p.revenue_12m
                           ORDER BY t.revenue_threshold_12m DESC, t.id LIMIT 1) AS target
              FROM res_partner p
             WHERE p.id = ANY(%(ids)s) AND NOT COALESCE(p.tier_locked, FALSE)
        """, {"tiers": tiers.ids, "ids": self.ids})
        by_tier = defaultdict(list)
        for partner_id, target in self.env.cr.fetchall():
            if target:
                by_tier[target].append(partner_id)
        changed = 0
        for tier_id, partner_ids in by_tier.items():
            partners = self.browse(partner_ids).filtered(lambda p: p.tier_id.id != tier_id)
            if partners:
                partners.write({"tier_id": tier_id})
                changed += len(partners)
        return changed

    @api.model
    def _lifecycle_update_batch(self, partners, date_ref):
        """One batch of the nightly update: signals, then the moves they call for."""
        partners._recompute_lifecycle_signals(date_ref=date_ref)
        return partners._apply_lifecycle_rules(date_ref=date_ref)

    @api.model
    def _lifecycle_demo_history(self, days_ago):
        """Demo data calls this: replay past nightly updates for the customers of the demo
        data (those with an XML id), so that history shows without replaying it for every
        customer of a database the demo is installed on."""
        demo_ids = self.env["ir.model.data"].sudo().search(
            [("model", "=", "res.partner")]).mapped("res_id")
        partners = self.sudo().with_context(lifecycle_no_activity=True).browse(
            self._lifecycle_customer_ids(demo_ids))
        today = fields.Date.from_string(fields.Date.context_today(self))
        for days in days_ago:
            self._lifecycle_update_batch(partners, fields.Date.to_string(today - timedelta(days=days)))

    @api.model
    def _cron_update_lifecycle(self, batch_limit=1000, date_ref=None):
        """A cron calls this: bring every customer's lifecycle signals to the day, then move them.

        The signals are computed once a day by the signal engine, for this job and the churn
        scoring, whichever runs first (customer_lifecycle_signal_engine.py).
        """
        computed = self.env["customer.lifecycle.signal.engine"]._ensure_signals(
            batch_limit, date_ref)
        ids = self._lifecycle_customer_ids()
        totals = defaultdict(int)
        for moved in self.env["customer.batch.runner"]._run_batches(
                "Lifecycle update", split_every(batch_limit, ids),
                lambda batch: self.sudo().browse(batch)._apply_lifecycle_rules(date_ref=date_ref)):
            for rule, count in moved.items():
                totals[rule] += count
        _logger.info("Lifecycle: signals of %d customers %s, transitions: %s", len(ids),
                     "recomputed" if computed else "already computed for the day",
                     dict(totals) or "none")
        return {"customers": len(ids), "moved": dict(totals)}
