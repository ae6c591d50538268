from datetime import date, datetime

from odoo import fields

from .common import LifecycleCase


class TestSignals(LifecycleCase):
    """Lifecycle signals aggregated from orders, interactions and complaints at fixed dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.create_contact(cls.customer, "Li Si")
        cls.other = cls.create_customer("Ningbo Other Signals Trading Co., Ltd.")

    def order_on(self, day, amount=1000.0, partner=None, confirm=True):
        """An order dated ``day``, confirmed without the immediate lifecycle update."""
        order = self.create_order(customer=partner or self.customer, amount=amount, confirm=False)
        if confirm:
            order.with_context(lifecycle_skip_update=True).action_confirm()
        stamp = fields.Datetime.to_string(datetime.combine(day, datetime.min.time().replace(hour=10)))
        order.write({"date_order": stamp, "confirmation_date": stamp if confirm else False})
        return order

    def test_order_signals(self):
        """First/last order, 12-month count and revenue, usual interval; contacts' orders count."""
        self.order_on(date(2024, 1, 10), 500.0)
        self.order_on(date(2025, 3, 1), 1000.0)
        self.order_on(date(2025, 4, 1), 2000.0, partner=self.contact)
        self.order_on(date(2025, 5, 12), 4000.0)
        self.order_on(date(2025, 5, 20), 9999.0, confirm=False)  # a quotation does not count
        cancelled = self.order_on(date(2025, 5, 21), 7777.0)
        cancelled.action_cancel()
        self.customer._recompute_lifecycle_signals(date_ref="2025-06-01")
        self.assertEqual(self.customer.first_order_date, "2024-01-10")
        self.assertEqual(self.customer.last_order_date, "2025-05-12")
        self.assertEqual(self.customer.order_count_12m, 3)
        self.assertEqual(self.customer.revenue_12m, 7000.0)
        # Gaps 416, 31, 41 days: the median is 41.
        self.assertEqual(self.customer.order_interval_days, 41)
        self.assertEqual(self.customer.lifecycle_signal_date, "2025-06-01")
        self.assertEqual(self.contact.order_count_12m, 0, "contacts carry no signals")
        self.assertFalse(self.other.first_order_date)
        # The next night changes nothing: the row is not rewritten and keeps its date.
        self.customer._recompute_lifecycle_signals(date_ref="2025-06-02")
        self.assertEqual(self.customer.lifecycle_signal_date, "2025-06-01")
        self.assertEqual(self.customer.order_count_12m, 3)
        # A new order changes the figures: rewritten, with the new date.
        self.order_on(date(2025, 6, 2), 1000.0)
        self.customer._recompute_lifecycle_signals(date_ref="2025-06-02")
        self.assertEqual(self.customer.lifecycle_signal_date, "2025-06-02")
        self.assertEqual(self.customer.order_count_12m, 4)

    def test_orders_after_reference_date_ignored(self):
        self.order_on(date(2025, 3, 1))
        self.order_on(date(2025, 7, 1))
        self.customer._recompute_lifecycle_signals(date_ref="2025-06-01")
        self.assertEqual(self.customer.last_order_date, "2025-03-01")
        self.assertEqual(self.customer.order_count_12m, 1)
        self.assertEqual(self.customer.order_interval_days, 0, "one order has no interval")
        # Later, the year-old order leaves the 12 months.
        self.customer._recompute_lifecycle_signals(date_ref="2026-03-15")
        self.assertEqual(self.customer.order_count_12m, 1)
        self.assertEqual(self.customer.revenue_12m, 1000.0)
        self.assertEqual(self.customer.order_interval_days, 122)

    def test_interaction_signals(self):
        Interaction = self.env["customer.interaction"]
        for day in ("2025-05-30", "2025-04-01", "2025-02-01", "2024-12-20", "2024-06-01", "2025-06-02"):
            Interaction.create({"name": "Call", "partner_id": self.customer.id,
                                "date": day + " 08:00:00", "user_id": self.user_salesperson.id})
        self.customer._recompute_lifecycle_signals(date_ref="2025-06-01")
        self.assertEqual(self.customer.interaction_count_90d, 2)
        self.assertEqual(self.customer.interaction_count_prev_90d, 2)

    def test_complaint_signals(self):
        if "customer.feedback" not in self.env.registry:
            self.skipTest("customer_feedback has no ticket model yet")
        Feedback = self.env["customer.feedback"]
        values = {"partner_id": self.customer.id, "feedback_type": "complaint"}
        Feedback.create(dict(values, subject="Late delivery", date_received="2025-05-20 09:00:00"))
        closed = Feedback.create(dict(values, subject="Broken box", date_received="2025-05-25 09:00:00"))
        Feedback.create(dict(values, subject="Old", date_received="2024-01-05 09:00:00"))
        Feedback.create(dict(values, subject="Idea", feedback_type="suggestion",
                             date_received="2025-05-26 09:00:00"))
        closed_stage = self.env.ref("customer_feedback.customer_feedback_stage_closed")
        closed.write({"stage_id": closed_stage.id, "resolution": "Replaced the box."})
        self.customer._recompute_lifecycle_signals(date_ref="2025-06-01")
        self.assertEqual(self.customer.complaint_count_90d, 2)
        self.assertEqual(self.customer.open_complaint_count, 2)

    def test_recompute_all_customers_when_empty(self):
        self.order_on(date(2025, 5, 1), partner=self.other)
        self.env["res.partner"].browse()._recompute_lifecycle_signals(date_ref="2025-06-01")
        self.assertEqual(self.other.last_order_date, "2025-05-01")
        self.assertEqual(self.customer.order_count_12m, 0)
