from odoo.tools.misc import formatLang

from .common import LifecycleCase


class TestDemoCompany(LifecycleCase):
    """The demo company is Chinese: its amounts are in yuan, in English as in Chinese."""

    def test_demo_company_counts_in_yuan(self):
        self.env["sale.order"]._customer_lifecycle_demo_count_in_yuan()
        company = self.env.ref("base.main_company")
        yuan = self.env.ref("base.CNY")
        self.assertEqual(company.currency_id, yuan)
        self.assertEqual(self.env.ref("product.list0").currency_id, yuan)
        order = self.create_order(amount=1234.0)
        self.assertEqual(order.currency_id, yuan)
        shown = formatLang(self.env(context={"lang": "en_US"}), order.amount_total,
                           currency_obj=order.currency_id)
        self.assertIn(yuan.symbol, shown)
        self.assertNotIn("$", shown)
        self.assertEqual(
            self.env["account.move.line"].search_count([
                ("company_id", "=", company.id), ("company_currency_id", "!=", yuan.id)]), 0)
