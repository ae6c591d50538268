"""Every public method customer_privacy adds declares its groups; other roles and portal
users are refused and nothing changes."""
from odoo.addons.customer_mgmt.tests.public_methods import PublicMethodGroupsMixin

from .common import PrivacyCase


class TestPublicMethods(PublicMethodGroupsMixin, PrivacyCase):

    addon = "customer_privacy"
    expected_methods = (
        ("res.partner", "action_open_privacy_consents"),
        ("res.partner", "action_reveal_id_number"),
        ("customer.privacy.consent", "action_withdraw"),
        ("customer.privacy.request", "action_build_package"),
        ("customer.privacy.request", "action_start"),
        ("customer.privacy.request", "action_anonymise"),
    )

    def method_records(self):
        return {
            "res.partner": lambda: self.contact,
            "customer.privacy.consent": lambda: self.create_consent(self.contact),
            "customer.privacy.request": lambda: self.create_request(self.contact),
        }
