"""Every public method customer_lifecycle adds declares its groups; other roles and portal
users are refused and nothing changes."""
import itertools

from odoo.addons.customer_mgmt.tests.public_methods import PublicMethodGroupsMixin

from .common import LifecycleCase


class TestPublicMethods(PublicMethodGroupsMixin, LifecycleCase):

    addon = "customer_lifecycle"
    expected_methods = (
        ("res.partner", "action_lifecycle_move"),
        ("customer.retention.action", "action_won_back"),
        ("customer.lifecycle.move", "action_move"),
        ("customer.monthly.report", "action_send"),
    )

    def method_records(self):
        months = ("%d-%02d-01" % (2300 + n // 12, 1 + n % 12) for n in itertools.count())
        return {
            "res.partner": lambda: self.customer,
            "customer.lifecycle.stage": lambda: self.env["customer.lifecycle.stage"].create(
                {"name": "Methods stage"}),
            "customer.retention.action": lambda: self.env["customer.retention.action"].create({
                "name": "Methods call", "partner_id": self.customer.id}),
            "customer.lifecycle.move": lambda: self.env["customer.lifecycle.move"].create({
                "partner_ids": [(6, 0, self.customer.ids)],
                "stage_id": self.env["customer.lifecycle.stage"].search(
                    [("allow_manual_move", "=", True)], limit=1).id,
                "reason": "Test"}),
            "customer.monthly.report": lambda: self.env["customer.monthly.report"].create(
                {"date_start": next(months)}),
        }
