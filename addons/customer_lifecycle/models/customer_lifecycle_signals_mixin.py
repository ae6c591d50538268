import logging
from datetime import timedelta

from psycopg2 import sql

from odoo import api, fields, models

from odoo.addons.customer_mgmt.utils.accounts import account_sql

from .customer_reminder_mixin import INTERNAL_GROUP

_logger = logging.getLogger(__name__)

SIGNAL_FIELDS = (
    "first_order_date", "last_order_date", "order_count_12m", "revenue_12m",
    "order_interval_days", "interaction_count_90d", "interaction_count_prev_90d",
    "complaint_count_90d", "open_complaint_count",
)


class CustomerLifecycleSignalsMixin(models.AbstractModel):
    """Lifecycle signals of a customer account, aggregated from its real documents."""

    _name = "customer.lifecycle.signals.mixin"
    _description = "Lifecycle Signals of Customers"

    first_order_date = fields.Date(
        string="First Order", groups=INTERNAL_GROUP, readonly=True, index=True, copy=False,
        help="Date of the first confirmed sales order of the customer account or its contacts.")
    last_order_date = fields.Date(
        string="Last Order", groups=INTERNAL_GROUP, readonly=True, index=True, copy=False,
        help="Date of the latest confirmed sales order of the customer account or its contacts.")
    order_count_12m = fields.Integer(
        string="Orders (12 Months)", groups=INTERNAL_GROUP, readonly=True, index=True, copy=False,
        help="Confirmed sales orders in the last 12 months.")
    revenue_12m = fields.Float(
        string="Revenue (12 Months)", groups=INTERNAL_GROUP, readonly=True, index=True, copy=False,
        help="Untaxed amount of the confirmed sales orders of the last 12 months.")
    order_interval_days = fields.Integer(
        string="Usual Order Interval (Days)", groups=INTERNAL_GROUP, readonly=True, copy=False,
        help="Median number of days between two confirmed orders over the last 24 months; "
             "0 when there were fewer than two orders.")
    interaction_count_90d = fields.Integer(
        string="Interactions (90 Days)", groups=INTERNAL_GROUP, readonly=True, index=True,
        copy=False,
        help="Interactions logged with the customer in the last 90 days.")
    interaction_count_prev_90d = fields.Integer(
        string="Interactions (Previous 90 Days)", groups=INTERNAL_GROUP, readonly=True, copy=False,
        help="Interactions logged with the customer in the 90 days before the last 90 days.")
    complaint_count_90d = fields.Integer(
        string="Complaints (90 Days)", groups=INTERNAL_GROUP, readonly=True, index=True, copy=False,
        help="Complaints received from the customer in the last 90 days.")
    open_complaint_count = fields.Integer(
        string="Open Complaints", groups=INTERNAL_GROUP, readonly=True, index=True, copy=False,
        help="Complaints of the customer that are not closed yet.")
    lifecycle_signal_date = fields.Date(
        string="Signals Changed On", groups=INTERNAL_GROUP, readonly=True, copy=False,
        help="Reference date of the nightly computation that last changed the lifecycle "
             "signals (they are recomputed every night; unchanged figures keep their date).")

    @api.model
    def _lifecycle_customer_ids(self, ids=None):
        """Ids of the customer accounts among ``ids`` (all of them when None)."""
        query = sql.SQL("SELECT id FROM res_partner WHERE {account}").format(
            account=account_sql())
        params = []
        if ids is not None:
            query += sql.SQL(" AND id = ANY(%s)")
            params.append(list(ids))
        self.env.cr.execute(query + sql.SQL(" ORDER BY id"), params)
        return [row[0] for row in self.env.cr.fetchall()]

    @api.multi
    def _recompute_lifecycle_signals(self, date_ref=None):
        """Recompute the signals of these customer accounts (all of them when empty) in one statement."""
        date_ref = fields.Date.from_string(date_ref or fields.Date.context_today(self))
        ids = self._lifecycle_customer_ids(self.ids if self else None)
        if not ids:
            return 0
        complaint_cte = """
            complaints AS (
                SELECT cp.commercial_partner_id AS partner_id,
                       COUNT(*) FILTER (WHERE f.date_received::date > %(d90)s
                                          AND f.date_received::date <= %(ref)s) AS recent,
                       COUNT(*) FILTER (WHERE NOT COALESCE(f.is_closed, FALSE)) AS open
                  FROM customer_feedback f
                  JOIN res_partner cp ON cp.id = f.partner_id
                 WHERE f.feedback_type = 'complaint'
                   AND cp.commercial_partner_id = ANY(%(ids)s)
                   AND f.date_received::date <= %(ref)s
                 GROUP BY cp.commercial_partner_id)
        """
        query = """
            WITH orders AS (
                SELECT cp.commercial_partner_id AS partner_id,
                       COALESCE(so.confirmation_date, so.date_order)::date AS day,
                       so.amount_untaxed AS amount
                  FROM sale_order so
                  JOIN res_partner cp ON cp.id = so.partner_id
                 WHERE so.state IN ('sale', 'done')
                   AND cp.commercial_partner_id = ANY(%(ids)s)
                   AND COALESCE(so.confirmation_date, so.date_order)::date <= %(ref)s
            ), order_stats AS (
                SELECT partner_id, MIN(day) AS first_day, MAX(day) AS last_day,
                       COUNT(*) FILTER (WHERE day > %(d365)s) AS count_12m,
                       COALESCE(SUM(amount) FILTER (WHERE day > %(d365)s), 0) AS revenue_12m
                  FROM orders GROUP BY partner_id
            ), gaps AS (
                SELECT partner_id,
                       day - LAG(day) OVER (PARTITION BY partner_id ORDER BY day) AS gap
                  FROM orders WHERE day > %(d730)s
            ), intervals AS (
                SELECT partner_id, ROUND(percentile_cont(0.5) WITHIN GROUP (ORDER BY gap))::integer AS days
                  FROM gaps WHERE gap IS NOT NULL GROUP BY partner_id
            ), interactions AS (
                SELECT cp.commercial_partner_id AS partner_id,
                       COUNT(*) FILTER (WHERE i.date::date > %(d90)s) AS recent,
                       COUNT(*) FILTER (WHERE i.date::date <= %(d90)s) AS previous
                  FROM customer_interaction i
                  JOIN res_partner cp ON cp.id = i.partner_id
                 WHERE cp.commercial_partner_id = ANY(%(ids)s)
                   AND i.date::date > %(d180)s AND i.date::date <= %(ref)s
                 GROUP BY cp.commercial_partner_id
            ), """ + complaint_cte + """,
            signals AS (
                SELECT p.id,
                       os.first_day, os.last_day,
                       COALESCE(os.count_12m, 0) AS count_12m,
                       COALESCE(os.revenue_12m, 0) AS revenue_12m,
                       COALESCE(iv.days, 0) AS interval_days,
                       COALESCE(ia.recent, 0) AS inter_recent,
                       COALESCE(ia.previous, 0) AS inter_previous,
                       COALESCE(c.recent, 0) AS compl_recent,
                       COALESCE(c.open, 0) AS compl_open
                  FROM unnest(%(ids)s) AS p(id)
                  LEFT JOIN order_stats os ON os.partner_id = p.id
                  LEFT JOIN intervals iv ON iv.partner_id = p.id
                  LEFT JOIN interactions ia ON ia.partner_id = p.id
                  LEFT JOIN complaints c ON c.partner_id = p.id
            )
            UPDATE res_partner rp
               SET first_order_date = s.first_day,
                   last_order_date = s.last_day,
                   order_count_12m = s.count_12m,
                   revenue_12m = s.revenue_12m,
                   order_interval_days = s.interval_days,
                   interaction_count_90d = s.inter_recent,
                   interaction_count_prev_90d = s.inter_previous,
                   complaint_count_90d = s.compl_recent,
                   open_complaint_count = s.compl_open,
                   lifecycle_signal_date = %(ref)s
              FROM signals s
             WHERE rp.id = s.id
               -- Unchanged rows are left alone: rewriting every customer each night costs
               -- index maintenance on all of res_partner's indexes.
               AND (rp.lifecycle_signal_date IS NULL
                    OR (rp.first_order_date, rp.last_order_date, rp.order_count_12m,
                        rp.revenue_12m, rp.order_interval_days, rp.interaction_count_90d,
                        rp.interaction_count_prev_90d, rp.complaint_count_90d,
                        rp.open_complaint_count)
                       IS DISTINCT FROM
                       (s.first_day, s.last_day, s.count_12m, s.revenue_12m, s.interval_days,
                        s.inter_recent, s.inter_previous, s.compl_recent, s.compl_open))
        """
        day = fields.Date.to_string
        self.env.cr.execute(query, {
            "ids": ids,
            "ref": day(date_ref),
            "d90": day(date_ref - timedelta(days=90)),
            "d180": day(date_ref - timedelta(days=180)),
            "d365": day(date_ref - timedelta(days=365)),
            "d730": day(date_ref - timedelta(days=730)),
        })
        count = self.env.cr.rowcount
        self.browse(ids).invalidate_cache(fnames=list(SIGNAL_FIELDS) + ["lifecycle_signal_date"])
        _logger.debug("Lifecycle signals recomputed for %d customers", count)
        return count
