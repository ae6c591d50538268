from .common import CustomerCase, UiLoadsMixin


class TestUiLoads(UiLoadsMixin, CustomerCase):
    """Every menu, action and view of customer_mgmt loads for the least privileged role."""

    addon = "customer_mgmt"

    def test_customer_master_flag(self):
        company = self.create_customer()
        contact = self.create_contact(company)
        customers = self.env["res.partner"].search([("is_customer_master", "=", True)])
        self.assertIn(company, customers)
        self.assertNotIn(contact, customers)
        self.assertTrue(company.is_customer_master)
        self.assertFalse(contact.is_customer_master)
