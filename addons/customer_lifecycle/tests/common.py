"""Shared base for customer_lifecycle's tests: factories on top of customer_mgmt's roles."""
from odoo import fields

from odoo.addons.customer_mgmt.tests.common import CustomerCase


class LifecycleCase(CustomerCase):
    """Adds a product, a customer of the test salesperson and a sales order factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({
            "name": "Lifecycle Test Product", "type": "service", "list_price": 1000.0})
        cls.customer = cls.create_customer(
            "Suzhou Lifecycle Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        # The stages the tests move customers through.
        cls.potential = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_potential")
        cls.new = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_new")
        cls.loyal = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_loyal")

    @classmethod
    def create_order(cls, customer=None, amount=1000.0, date=None, confirm=True):
        """Create (and confirm) a sales order of one line at a given order date."""
        customer = customer or cls.customer
        order = cls.env["sale.order"].create({
            "partner_id": customer.id,
            "user_id": customer.user_id.id or cls.env.uid,
            "order_line": [(0, 0, {
                "product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount})],
        })
        if confirm:
            order.action_confirm()
        if date:
            order.write({"date_order": fields.Datetime.to_string(date), "confirmation_date": fields.Datetime.to_string(date)})
        return order
