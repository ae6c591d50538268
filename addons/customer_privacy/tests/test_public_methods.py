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
        ("customer.privacy.retention.policy", "action_dry_run"),
        ("customer.privacy.retention.report", "action_confirm"),
    )

    def method_records(self):
        return {
            "res.partner": lambda: self.contact,
            "customer.privacy.consent": lambda: self.create_consent(self.contact),
            "customer.privacy.request": lambda: self.create_request(self.contact),
            "customer.privacy.retention.policy": lambda: self.env.ref(
                "customer_privacy.customer_privacy_retention_policy_closed_tickets"),
            "customer.privacy.retention.report": lambda: self.env.ref(
                "customer_privacy.customer_privacy_retention_policy_closed_tickets"
            )._record_report("dry_run", self.env.ref(
                "customer_privacy.customer_privacy_retention_policy_closed_tickets")._select()),
        }
