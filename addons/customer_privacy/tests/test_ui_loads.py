from odoo.addons.customer_mgmt.tests.common import CustomerCase, UiLoadsMixin


class TestUiLoads(UiLoadsMixin, CustomerCase):
    """Every menu, action and view of customer_privacy loads for the least privileged role."""

    addon = "customer_privacy"
