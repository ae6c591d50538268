"""The registry-walking attack suite on the models and fields of customer_privacy."""
from odoo import fields

from odoo.addons.customer_mgmt.tests import guard_common


class TestGuardCustomerPrivacy(guard_common.GuardCase):
    addon = "customer_privacy"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_person = cls.create_contact(cls.own_customer, "Guard Person")
        cls.hidden_person = cls.create_contact(cls.hidden_customer, "Hidden Guard Person")

    def record_factories(self):
        factories = super().record_factories()
        env = self.env
        today = fields.Date.context_today(env.user)
        factories.update({
            "customer.privacy.consent": lambda: env["customer.privacy.consent"].create({
                "partner_id": self.own_person.id, "purpose": "survey", "basis": "consent",
                "date_given": today, "channel": "form"}),
            "customer.privacy.request": lambda: env["customer.privacy.request"].create({
                "partner_id": self.own_person.id, "request_type": "access",
                "date_received": today}),
            "customer.privacy.access.log": lambda: env["customer.privacy.access.log"].browse(
                env["customer.privacy.access.log"].search([], order="id desc", limit=1).id
                if env["customer.privacy.access.log"]._log([{
                    "action": "id_revealed", "partner_id": self.own_person.id}]) else 0),
            "customer.feedback": lambda: env["customer.feedback"].create({
                "subject": "Guard complaint", "partner_id": self.own_customer.id,
                "feedback_type": "complaint", "channel": "phone"}),
            "customer.privacy.retention.policy": lambda: env[
                "customer.privacy.retention.policy"].create({
                    "name": "Guard policy", "category": "closed_tickets"}),
            "customer.privacy.retention.report": lambda: env.ref(
                "customer_privacy.customer_privacy_retention_policy_closed_tickets"
            )._record_report("dry_run", env.ref(
                "customer_privacy.customer_privacy_retention_policy_closed_tickets")._select()),
        })
        return factories

    def hidden_records(self):
        hidden = super().hidden_records()
        hidden["customer.privacy.consent"] = self.env["customer.privacy.consent"].create({
            "partner_id": self.hidden_person.id, "purpose": "survey", "basis": "consent",
            "date_given": fields.Date.context_today(self.env.user), "channel": "form"})
        # A file of the other salesperson's customer, unreadable as evidence of a consent.
        hidden["ir.attachment"] = self.env["ir.attachment"].create({
            "name": "hidden-evidence.txt", "datas_fname": "hidden-evidence.txt",
            "res_model": "res.partner", "res_id": self.hidden_customer.id,
            "datas": "aGlkZGVu"})
        return hidden
