"""Shared base for customer_privacy's tests: persons, consents and requests."""
from odoo import fields

from odoo.addons.customer_mgmt.tests.common import CustomerCase


class PrivacyCase(CustomerCase):
    """A customer company of the test salesperson with a contact person, an individual
    customer, and factories of consents and requests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.create_customer(
            "Hangzhou Privacy Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.contact = cls.create_contact(
            cls.company, "Li Si", email="lisi@privacy.example.com")
        cls.individual = cls.env["res.partner"].create({
            "name": "Wang Wu", "is_company": False, "customer": True,
            "email": "wangwu@privacy.example.com", "user_id": cls.user_salesperson.id})

    @classmethod
    def create_consent(cls, partner, purpose="marketing_email", basis="consent", **values):
        vals = {"partner_id": partner.id, "purpose": purpose, "basis": basis,
                "date_given": "2026-01-05", "channel": "form", "evidence": "Signed form"}
        vals.update(values)
        return cls.env["customer.privacy.consent"].create(vals)

    @classmethod
    def create_request(cls, partner=None, request_type="access", **values):
        vals = {"partner_id": (partner or cls.contact).id, "request_type": request_type,
                "date_received": fields.Date.context_today(cls.env.user),
                "user_id": cls.user_data_admin.id}
        vals.update(values)
        return cls.env["customer.privacy.request"].create(vals)
