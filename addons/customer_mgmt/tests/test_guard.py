"""The registry-walking attack suite on the models and fields of customer_mgmt."""
from odoo import fields

from . import guard_common


class TestGuardCustomerMgmt(guard_common.GuardCase):
    addon = "customer_mgmt"

    def record_factories(self):
        factories = super().record_factories()
        env = self.env
        now = fields.Datetime.now()
        name_field = env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "=", "website")])
        factories.update({
            "customer.tag.dimension": lambda: env["customer.tag.dimension"].create(
                {"name": "Guard Dimension"}),
            "customer.region": lambda: env["customer.region"].create({"name": "Guard Region"}),
            "customer.tier": lambda: env["customer.tier"].create({"name": "Guard Tier"}),
            "customer.export.log": lambda: env["customer.export.log"].create(
                {"user_id": self.user_manager.id, "date": now, "model": "res.partner"}),
            "customer.interaction": lambda: env["customer.interaction"].create({
                "name": "Guard visit", "partner_id": self.own_customer.id, "channel": "meeting",
                "date": now, "user_id": self.user_salesperson.id}),
            "customer.profile.field": lambda: env["customer.profile.field"].search(
                [("field_id", "=", name_field.id)], limit=1) or env[
                    "customer.profile.field"].create(
                        {"field_id": name_field.id, "applies_to": "company"}),
            "customer.duplicate.pair": lambda: env["customer.duplicate.pair"].create({
                "partner_a_id": self.own_customer.id,
                "partner_b_id": self.create_customer("Guard Twin Trading Co., Ltd.").id,
                "reason": "name", "state": "open"}),
            "customer.naming.rule": lambda: env["customer.naming.rule"].create({
                "name": "Guard rule", "applies_to": "company", "kind": "forbidden_pattern",
                "severity": "warn", "message": "Guard message", "pattern": "guardword"}),
            "res.partner.former.name": lambda: env["res.partner.former.name"].create({
                "partner_id": self.own_customer.id, "name": "Guard Former Co., Ltd.",
                "date": now}),
            "res.partner.category": lambda: env["res.partner.category"].create(
                {"name": "Guard Tag"}),
            "mail.channel": lambda: env["mail.channel"].create(
                {"name": "guard-private", "public": "private"}),
        })
        return factories

    def hidden_records(self):
        hidden = super().hidden_records()
        hidden["customer.interaction"] = self.env["customer.interaction"].create({
            "name": "Hidden visit", "partner_id": self.hidden_customer.id, "channel": "meeting",
            "date": fields.Datetime.now(), "user_id": self.user_other.id})
        hidden["mail.channel"] = self.env["mail.channel"].create(
            {"name": "guard-hidden", "public": "private"})
        return hidden
