"""The lifecycle signals are computed once a day, for the lifecycle update and the churn scoring."""
from datetime import date, datetime

from odoo import fields

from odoo.addons.customer_lifecycle.models.customer_lifecycle_signal_engine import (
    SIGNALS_DATE_PARAM)

from .common import LifecycleCase


class TestSignalEngine(LifecycleCase):

    def order_on(self, day):
        """An order confirmed on ``day``, without the immediate refresh of the signals."""
        order = self.create_order(confirm=False)
        order.with_context(lifecycle_skip_update=True).action_confirm()
        stamp = fields.Datetime.to_string(datetime.combine(day, datetime.min.time()))
        order.write({"date_order": stamp, "confirmation_date": stamp})
        return order

    def stored_figure_changes_behind_the_engine(self):
        """Change a stored signal directly, as if the data had changed after the night's run."""
        self.env.cr.execute("UPDATE res_partner SET interaction_count_90d = 42 WHERE id = %s",
                            (self.customer.id,))
        self.customer.invalidate_cache(["interaction_count_90d"])

    def signals_date(self):
        return self.env["ir.config_parameter"].sudo().get_param(SIGNALS_DATE_PARAM)

    def test_both_jobs_read_the_signals_of_the_day(self):
        self.order_on(date(2025, 1, 10))
        Partner = self.env["res.partner"]
        Partner._cron_update_lifecycle(date_ref="2025-01-11")
        self.assertEqual(self.customer.sudo().order_count_12m, 1, "computed by the first job")
        self.assertEqual(self.signals_date(), "2025-01-11")
        self.stored_figure_changes_behind_the_engine()
        Partner._cron_compute_churn_risk(date_ref="2025-01-11")
        self.assertEqual(self.customer.sudo().interaction_count_90d, 42,
                         "the churn scoring read the signals of the day, not computed again")
        Partner._cron_compute_churn_risk(date_ref="2025-01-12")
        self.assertEqual(self.customer.sudo().interaction_count_90d, 0, "a new day: computed")
        self.assertEqual(self.signals_date(), "2025-01-12")
        self.stored_figure_changes_behind_the_engine()
        Partner._cron_update_lifecycle(date_ref="2025-01-12")
        self.assertEqual(self.customer.sudo().interaction_count_90d, 42,
                         "the lifecycle update read what the churn scoring computed")

    def test_engine_computes_once_per_day(self):
        engine = self.env["customer.lifecycle.signal.engine"]
        self.assertTrue(engine._ensure_signals(1000, "2025-01-11"))
        self.assertFalse(engine._ensure_signals(1000, "2025-01-11"))
        self.assertFalse(engine._ensure_signals(1000, date(2025, 1, 11)), "a date is the same day")
        self.assertTrue(engine._ensure_signals(1, "2025-01-12"))
        self.assertEqual(self.customer.sudo().lifecycle_signal_date, "2025-01-11",
                         "unchanged figures keep the day they last changed")
