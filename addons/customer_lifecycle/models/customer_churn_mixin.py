"""Churn warning (流失预警): an explainable churn-risk score per customer account."""
import logging
from datetime import timedelta

from psycopg2 import sql
from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.tools import html_escape, split_every

from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, allowed_groups

from .customer_reminder_mixin import INTERNAL_GROUP, to_date

_logger = logging.getLogger(__name__)

# System parameters customer_lifecycle.<key> of the churn warning, and their defaults.
CHURN_DEFAULTS = {
    "churn_threshold": 60,
    "churn_default_interval_days": 90,
    "churn_weight_recency": 30,
    "churn_weight_frequency": 15,
    "churn_weight_revenue": 15,
    "churn_weight_interactions": 10,
    "churn_weight_complaints": 20,
    "churn_weight_satisfaction": 10,
}
CHURN_FACTORS = ("recency", "frequency", "revenue", "interactions", "complaints", "satisfaction")
# Complaints (recent or open) at which the complaint factor is full.
COMPLAINTS_FULL = 3.0
# Low satisfaction: NPS up to 6 (detractors), CSAT up to 2 of 5.
NPS_LOW, CSAT_LOW = 6, 2
# Lifecycle stages a high score moves to At risk: customers who bought and are not lost yet.
AT_RISK_FROM_CODES = (False, "new", "loyal")
REASONS_SHOWN = 3


def clamp(value):
    return max(0.0, min(1.0, value))


class CustomerChurnMixin(models.AbstractModel):
    """Churn-risk score of a customer account, its reasons and its retention actions."""

    _name = "customer.churn.mixin"
    _description = "Churn Risk of Customers"

    churn_risk_score = fields.Integer(
        string="Churn Risk", groups=INTERNAL_GROUP, readonly=True, index=True, copy=False,
        group_operator="avg",
        help="0 to 100, computed every night from the purchase recency against the usual "
             "interval, the decline of orders, revenue and interactions, complaints and low "
             "NPS/CSAT, with the weights of the settings.")
    churn_risk_reasons = fields.Text(
        string="Churn Risk Reasons", groups=INTERNAL_GROUP, readonly=True, copy=False,
        help="The factors that weigh most in the score, in words.")
    churn_risk_date = fields.Date(
        string="Churn Risk Computed On", groups=INTERNAL_GROUP, readonly=True, copy=False)
    retention_action_ids = fields.One2many(
        "customer.retention.action", "partner_id", string="Retention Actions",
        groups=INTERNAL_GROUP)
    retention_action_count = fields.Integer(
        compute="_compute_retention_action_count", string="Retention Actions (Count)",
        groups=INTERNAL_GROUP)

    @api.multi
    def _compute_retention_action_count(self):
        actions = self.env["customer.retention.action"]
        if not actions.check_access_rights("read", raise_exception=False):
            for partner in self:
                partner.retention_action_count = 0
            return
        groups = actions.read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        counts = {group["partner_id"][0]: group["partner_id_count"] for group in groups}
        for partner in self:
            partner.retention_action_count = counts.get(partner.id, 0)

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_retention_actions(self):
        """Open the retention actions of this customer."""
        self.ensure_one()
        self._lifecycle_check_access("read")
        self.env["customer.retention.action"].check_access_rights("read")
        action = self.env.ref("customer_lifecycle.customer_retention_action_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # -------------------------------------------------------------- scoring

    @api.model
    def _churn_param(self, key):
        return self._reminder_param(key, CHURN_DEFAULTS)

    @api.model
    def _churn_weights(self):
        """{factor: weight} from the settings; negative weights count as 0."""
        return {factor: max(self._churn_param("churn_weight_" + factor), 0)
                for factor in CHURN_FACTORS}

    @api.model
    def _churn_previous_year_orders(self, ids, today):
        """{partner id: (orders, revenue)} of the 12 months before the last 12, in one query."""
        day = fields.Date.to_string
        self.env.cr.execute("""
            SELECT cp.commercial_partner_id, COUNT(*), COALESCE(SUM(so.amount_untaxed), 0)
              FROM sale_order so
              JOIN res_partner cp ON cp.id = so.partner_id
             WHERE so.state IN ('sale', 'done')
               AND cp.commercial_partner_id = ANY(%(ids)s)
               AND COALESCE(so.confirmation_date, so.date_order)::date > %(d730)s
               AND COALESCE(so.confirmation_date, so.date_order)::date <= %(d365)s
             GROUP BY cp.commercial_partner_id
        """, {"ids": list(ids), "d730": day(today - timedelta(days=730)),
              "d365": day(today - timedelta(days=365))})
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    @api.model
    def _churn_factors(self, values, previous, today):
        """[(factor, 0..1, reason or None)] of one customer's signals (dict of read())."""
        factors = []
        # Purchase recency against the customer's usual interval between orders.
        last = values.get("last_order_date")
        if last:
            days = (today - to_date(last)).days
            usual = values.get("order_interval_days") or 0
            interval = usual or max(self._churn_param("churn_default_interval_days"), 1)
            value = clamp((float(days) / interval - 1.0) / 2.0)
            if usual:
                reason = _("no order for %(days)d days, usually every %(interval)d") % {
                    "days": days, "interval": usual}
            else:
                reason = _("no order for %d days") % days
            factors.append(("recency", value, reason))
        # Order frequency and revenue: last 12 months against the 12 before.
        previous_count, previous_revenue = previous
        count = values.get("order_count_12m") or 0
        if previous_count and count < previous_count:
            factors.append(("frequency", float(previous_count - count) / previous_count,
                            (_("1 order in 12 months, %(previous)d the 12 before") if count == 1
                             else _("%(current)d orders in 12 months, %(previous)d the 12 before"))
                            % {"current": count, "previous": previous_count}))
        revenue = values.get("revenue_12m") or 0.0
        if previous_revenue and revenue < previous_revenue:
            value = float(previous_revenue - revenue) / previous_revenue
            factors.append(("revenue", value, _("revenue down %d%% over 12 months") % round(
                100 * value)))
        # Fewer interactions: last 90 days against the 90 before.
        interactions = values.get("interaction_count_90d") or 0
        previous_interactions = values.get("interaction_count_prev_90d") or 0
        if previous_interactions and interactions < previous_interactions:
            factors.append((
                "interactions",
                float(previous_interactions - interactions) / previous_interactions,
                (_("1 interaction in 90 days, %(previous)d the 90 before") if interactions == 1
                 else _("%(current)d interactions in 90 days, %(previous)d the 90 before"))
                % {"current": interactions, "previous": previous_interactions}))
        # Complaints of the last 90 days and complaints still open.
        recent = values.get("complaint_count_90d") or 0
        still_open = values.get("open_complaint_count") or 0
        if recent or still_open:
            parts = []
            if recent:
                parts.append(_("1 complaint in 90 days") if recent == 1
                             else _("%d complaints in 90 days") % recent)
            if still_open:
                parts.append(_("1 open complaint") if still_open == 1
                             else _("%d open complaints") % still_open)
            factors.append(("complaints", clamp(max(recent, still_open) / COMPLAINTS_FULL),
                            ", ".join(parts)))
        # Low satisfaction in the latest survey answers (no date = no answer).
        satisfaction, parts = 0.0, []
        if values.get("last_nps_date") and values.get("last_nps_score", 10) <= NPS_LOW:
            satisfaction = (NPS_LOW + 1.0 - values["last_nps_score"]) / (NPS_LOW + 1.0)
            parts.append(_("last NPS score %d of 10") % values["last_nps_score"])
        if values.get("last_csat_date") and 0 < values.get("last_csat_score", 5) <= CSAT_LOW:
            satisfaction = max(satisfaction, (CSAT_LOW + 1.0 - values["last_csat_score"]) / CSAT_LOW)
            parts.append(_("last CSAT score %d of 5") % values["last_csat_score"])
        if parts:
            factors.append(("satisfaction", clamp(satisfaction), ", ".join(parts)))
        return factors

    @api.model
    def _churn_score(self, factors, weights):
        """(score 0..100, reasons text) of a customer's factors: weighted sum, top reasons."""
        total = sum(weights.values())
        if not total:
            return 0, False
        weighted = [(weights[factor] * value, reason) for factor, value, reason in factors
                    if weights.get(factor) and value > 0]
        score = int(round(100.0 * sum(w for w, _reason in weighted) / total))
        weighted.sort(key=lambda item: -item[0])
        reasons = "; ".join(reason for _w, reason in weighted[:REASONS_SHOWN] if reason)
        return min(score, 100), reasons or False

    @api.model
    def _churn_read_fields(self):
        names = ["churn_risk_score", "last_order_date", "order_interval_days", "order_count_12m",
                 "revenue_12m", "interaction_count_90d", "interaction_count_prev_90d",
                 "complaint_count_90d", "open_complaint_count", "last_nps_score", "last_nps_date",
                 "last_csat_score", "last_csat_date"]
        return names

    @api.multi
    def _churn_read_values(self):
        """The values the score needs, as ``read`` gives them, in one plain query: reading
        100,000 customers through the ORM cache costs more than scoring them."""
        names = self._churn_read_fields()
        if not all(self._fields[name].store and self._fields[name].column_type for name in names):
            return self.sudo().read(names, load="_classic_write")
        # In id order: the crossings, hence the leaders' lists, must not follow the rows'
        # physical order, which differs between two databases of the same data.
        self.env.cr.execute(sql.SQL(
            "SELECT id, {} FROM res_partner WHERE id IN %s ORDER BY id").format(
                sql.SQL(", ").join(sql.Identifier(name) for name in names)), (tuple(self.ids),))
        numeric = {name for name in names if self._fields[name].type in ("integer", "float")}
        return [{name: (value if value is not None else (0 if name in numeric else False))
                 for name, value in row.items()} for row in self.env.cr.dictfetchall()]

    @api.multi
    def _churn_compute(self, date_ref=None):
        """Score these customer accounts from their stored signals; return the threshold crossings.

        One read of the batch, one aggregate query for the previous year's orders and one
        UPDATE for all the scores. Returns {partner id: (score, reasons)} of the customers whose
        score was below the threshold and now reaches it.
        """
        today = self._reminder_today(date_ref)
        if not self:
            return {}
        weights = self._churn_weights()
        threshold = self._churn_param("churn_threshold")
        previous_year = self._churn_previous_year_orders(self.ids, today)
        rows, crossed = [], {}
        day = fields.Date.to_string(today)
        for values in self._churn_read_values():
            factors = self._churn_factors(values, previous_year.get(values["id"], (0, 0.0)), today)
            score, reasons = self._churn_score(factors, weights)
            rows.append((values["id"], score, reasons or None, day))
            if values["churn_risk_score"] < threshold <= score:
                crossed[values["id"]] = (score, reasons)
        execute_values(self.env.cr, """
            UPDATE res_partner p
               SET churn_risk_score = v.score, churn_risk_reasons = v.reasons,
                   churn_risk_date = v.day::date
              FROM (VALUES %s) AS v(id, score, reasons, day)
             WHERE p.id = v.id
        """, rows, template="(%s, %s, %s::text, %s)")
        self.invalidate_cache(["churn_risk_score", "churn_risk_reasons", "churn_risk_date"], self.ids)
        return crossed

    @api.model
    def _churn_at_risk_stage(self):
        stage = self.env.ref("customer_lifecycle.customer_lifecycle_stage_at_risk",
                             raise_if_not_found=False)
        return stage or self.env["customer.lifecycle.stage"].search(
            [("code", "=", "at_risk")], limit=1)

    @api.model
    def _churn_on_threshold_crossed(self, crossed, date_ref=None):
        """Customers whose risk reached the threshold: move them to At risk, warn the people.

        The salesperson (else the team leader) gets a "Retention" activity, never a second
        open one, and the team leader is notified in the chatter of each customer whose
        activity was scheduled. Returns (moved partners, activities created).
        """
        today = self._reminder_today(date_ref)
        partners = self.sudo().browse(list(crossed))
        threshold = self._churn_param("churn_threshold")
        moved = self.browse()
        stage = self._churn_at_risk_stage()
        if stage:
            movable = partners.filtered(
                lambda p: not p.lifecycle_stage_id.is_churned
                and p.lifecycle_stage_id.code in AT_RISK_FROM_CODES)
            by_reason = {}
            for partner in movable:
                by_reason.setdefault(crossed[partner.id][1], []).append(partner.id)
            for reasons, ids in by_reason.items():
                reason = _("Churn risk %(score)s reached the threshold %(threshold)d: %(reasons)s") % {
                    "score": ", ".join(sorted({str(crossed[pid][0]) for pid in ids})),
                    "threshold": threshold, "reasons": reasons or ""}
                moved |= self.sudo().browse(ids)._lifecycle_move(
                    stage, rule="churn_risk", reason=reason, date_ref=today)
        activity_type = self._reminder_activity_type("retention")
        deadline = today + timedelta(days=activity_type.days or 0)
        values_list = []
        for partner in partners:
            responsible = partner.user_id or partner.team_id.user_id
            if not responsible:
                continue
            score, reasons = crossed[partner.id]
            values_list.append({
                "res_id": partner.id, "user_id": responsible.id, "date_deadline": deadline,
                "summary": _("Retention: churn risk %d") % score,
                "note": "<p>%s</p>" % html_escape(reasons or ""),
            })
        activities = self._reminder_create_activities(activity_type, values_list)
        notified = partners.browse(activities.mapped("res_id")).filtered(lambda p: p.team_id.user_id)
        by_leader = {}
        for partner in notified:
            by_leader.setdefault(partner.team_id.user_id, []).append(partner)
        for leader, customers in by_leader.items():
            self._churn_notify_leader(leader, customers, crossed, threshold)
        return moved, activities

    @api.model
    def _churn_notify_leader(self, leader, customers, crossed, threshold):
        """One message in the team leader's inbox listing the customers that crossed the threshold.

        One per leader and run rather than one per customer: a bad night can put hundreds of
        customers at risk, and nobody reads hundreds of e-mails.
        """
        lines = "".join(
            '<li><a href="#model=res.partner&amp;id=%d">%s</a>: %s</li>' % (
                partner.id, html_escape(partner.display_name), html_escape(
                    _("churn risk %(score)d. %(reasons)s") % {
                        "score": crossed[partner.id][0],
                        "reasons": crossed[partner.id][1] or ""}))
            for partner in customers)
        body = "<p>%s</p><ul>%s</ul>" % (html_escape(
            _("Churn warning: %(count)d customers of your team reached the churn risk threshold "
              "%(threshold)d. Their salespeople have a retention activity.") % {
                  "count": len(customers), "threshold": threshold}), lines)
        self.env["mail.message"].sudo().with_context(mail_notify_force_send=False).create({
            "subject": _("Churn warning: %d customers at risk") % len(customers),
            "body": body,
            "message_type": "notification",
            "subtype_id": self.env.ref("mail.mt_note").id,
            "author_id": self.env.ref("base.partner_root").id,
            "partner_ids": [(4, leader.partner_id.id)],
            "needaction_partner_ids": [(4, leader.partner_id.id)],
        })

    @api.model
    def _churn_batch(self, partners, today):
        """One batch of the nightly scoring from the day's signals: crossed, moved, activities."""
        crossed = partners._churn_compute(date_ref=today)
        if not crossed:
            return 0, 0, 0
        moved, activities = self._churn_on_threshold_crossed(crossed, date_ref=today)
        return len(crossed), len(moved), len(activities)

    @api.model
    def _cron_compute_churn_risk(self, batch_limit=5000, date_ref=None):
        """A cron calls this: score the churn risk of every customer account, every night.

        The lifecycle signals are brought to the day first, once a day for this job and the
        lifecycle update (customer_lifecycle_signal_engine.py). Per batch: the scores are
        written in one UPDATE, and the customers crossing the threshold are moved to At risk
        with a retention activity for their salesperson and a notice to their team leader. A
        second run moves and schedules nothing more: only a score going from below to at or
        above the threshold counts.
        """
        today = self._reminder_today(date_ref)
        self.env["customer.lifecycle.signal.engine"]._ensure_signals(batch_limit, today)
        ids = self._lifecycle_customer_ids()
        results = self.env["customer.batch.runner"]._run_batches(
            "Churn risk", split_every(batch_limit, ids),
            lambda batch: self._churn_batch(self.sudo().browse(batch), today))
        crossed_count = sum(crossed for crossed, _moved, _activities in results)
        moved_count = sum(moved for _crossed, moved, _activities in results)
        activity_count = sum(activities for _crossed, _moved, activities in results)
        _logger.info("Churn risk scored for %d customers: %d crossed the threshold, %d moved to "
                     "At risk, %d retention activities", len(ids), crossed_count, moved_count,
                     activity_count)
        return {"customers": len(ids), "crossed": crossed_count, "moved": moved_count,
                "activities": activity_count}
