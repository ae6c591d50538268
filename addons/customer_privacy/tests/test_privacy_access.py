"""Who does what through the ORM: data administrators handle requests and build packages;
salespeople and customer service record consents of the persons of the customers they read."""
from odoo.exceptions import AccessError

from .common import PrivacyCase


class TestPrivacyAccess(PrivacyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user("privacy_other", ["customer_mgmt.group_customer_salesperson"])
        cls.other_company = cls.create_customer(
            "Jiaxing Other Trading Co., Ltd.", user_id=cls.user_other.id)
        cls.other_contact = cls.create_contact(cls.other_company, "Qian Other")

    def test_only_data_admins_handle_requests(self):
        request = self.create_request()
        for role in ("service", "salesperson", "leader", "manager"):
            user = self.users[role]
            Request = self.env["customer.privacy.request"].sudo(user)
            with self.assertRaises(AccessError, msg=role):
                Request.search([])
            with self.assertRaises(AccessError, msg=role):
                Request.create({"partner_id": self.contact.id, "request_type": "access"})
            with self.assertRaises(AccessError, msg=role) as refused:
                request.sudo(user).action_build_package()
            self.assertIn("action_build_package", refused.exception.name)
        Request = self.env["customer.privacy.request"].sudo(self.user_data_admin)
        new = Request.create({"partner_id": self.contact.id, "request_type": "portability"})
        new.action_start()
        new.action_build_package()
        self.assertEqual(new.package_attachment_count, 2)

    def test_consents_of_the_customers_a_salesperson_reads(self):
        Consent = self.env["customer.privacy.consent"].sudo(self.user_salesperson)
        own = Consent.create({"partner_id": self.contact.id, "purpose": "sms",
                              "basis": "consent", "channel": "phone"})
        own.action_withdraw()
        hidden = self.create_consent(self.other_contact)
        self.assertFalse(Consent.search([("id", "=", hidden.id)]))
        with self.assertRaises(AccessError):
            Consent.create({"partner_id": self.other_contact.id, "purpose": "sms",
                            "basis": "consent", "channel": "phone"})
        with self.assertRaises(AccessError):
            hidden.sudo(self.user_salesperson).action_withdraw()
        self.assertEqual(hidden.state, "active")
        with self.assertRaises(AccessError):
            own.unlink()

    def test_service_records_consents_of_every_customer(self):
        Consent = self.env["customer.privacy.consent"].sudo(self.user_service)
        consent = Consent.create({"partner_id": self.other_contact.id, "purpose": "phone",
                                  "basis": "consent", "channel": "phone"})
        self.assertEqual(consent.partner_id, self.other_contact)
        with self.assertRaises(AccessError):
            self.env["customer.privacy.consent"].sudo(self.user_plain).search([])
