"""The registry-walking attack suite on the models and fields of customer_lifecycle."""
import itertools

from odoo import fields

from odoo.addons.customer_mgmt.tests import guard_common


class TestGuardCustomerLifecycle(guard_common.GuardCase):
    addon = "customer_lifecycle"

    def record_factories(self):
        factories = super().record_factories()
        env = self.env
        today = fields.Date.context_today(env.user)
        stage = env["customer.lifecycle.stage"].search([], limit=1)
        months = ("%d-%02d-01" % (2200 + n // 12, 1 + n % 12) for n in itertools.count())
        factories.update({
            "customer.lifecycle.stage": lambda: env["customer.lifecycle.stage"].create(
                {"name": "Guard Stage"}),
            "customer.lifecycle.stage.activity": lambda: env[
                "customer.lifecycle.stage.activity"].create({
                    "stage_id": stage.id,
                    "activity_type_id": env.ref("mail.mail_activity_data_todo").id}),
            "customer.lifecycle.transition": lambda: env["customer.lifecycle.transition"].create(
                {"partner_id": self.own_customer.id, "to_stage_id": stage.id, "date": today}),
            "customer.retention.action": lambda: env["customer.retention.action"].create({
                "name": "Guard retention call", "partner_id": self.own_customer.id,
                "user_id": self.user_salesperson.id, "date": today}),
            "customer.holiday": lambda: env["customer.holiday"].create(
                {"name": "Guard Day", "date": today}),
            # One report per month and company: each record of its own month.
            "customer.monthly.report": lambda: env["customer.monthly.report"].create(
                {"date_start": next(months)}),
        })
        return factories
