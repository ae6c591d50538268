"""Shared base for customer_feedback's tests: factories on top of customer_mgmt's roles."""
from odoo.addons.customer_mgmt.tests.common import CustomerCase


class FeedbackCase(CustomerCase):
    """Adds customers owned by the test salesperson and a ticket factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.create_customer(
            "Hangzhou Feedback Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.contact = cls.create_contact(cls.customer, "Li Feedback", email="li.feedback@example.com")
        cls.other_customer = cls.create_customer(
            "Ningbo Other Trading Co., Ltd.", user_id=cls.user_manager.id)

    @classmethod
    def create_feedback(cls, customer=None, **values):
        """Create a feedback ticket (a complaint by default) for a customer."""
        customer = customer or cls.customer
        vals = {
            "subject": "Late delivery",
            "partner_id": customer.id,
            "feedback_type": "complaint",
            "channel": "phone",
            "description": "<p>The goods arrived a week late.</p>",
        }
        vals.update(values)
        return cls.env["customer.feedback"].create(vals)
