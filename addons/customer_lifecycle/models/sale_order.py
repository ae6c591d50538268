from odoo import api, models

from odoo.addons.customer_mgmt.utils.accounts import is_account


class SaleOrder(models.Model):
    """Confirming orders updates the lifecycle of their customers at once."""

    _inherit = "sale.order"

    @api.multi
    def action_confirm(self):
        result = super().action_confirm()
        if not self.env.context.get("lifecycle_skip_update"):
            self._lifecycle_update_customers()
        return result

    @api.multi
    def action_cancel(self):
        confirmed = self.filtered(lambda order: order.state in ("sale", "done"))
        result = super().action_cancel()
        if confirmed:
            # Only the signals: a cancelled order does not move a customer back by itself.
            confirmed._lifecycle_customers()._recompute_lifecycle_signals()
        return result

    @api.multi
    def _lifecycle_customers(self):
        """The customer accounts of these orders (their contacts' commercial partners)."""
        return self.sudo().mapped("partner_id.commercial_partner_id").filtered(is_account)

    @api.multi
    def _lifecycle_update_customers(self):
        """Recompute the signals of the orders' customer accounts and apply the automatic transitions."""
        partners = self._lifecycle_customers()
        if partners:
            partners._recompute_lifecycle_signals()
            partners.with_env(self.env)._apply_lifecycle_rules()

    @api.model
    def _customer_lifecycle_demo_count_in_yuan(self):
        """Demo data calls it once: the Chinese demo company and its orders count in yuan.

        Odoo's own demo invoices, in dollars, make the ORM refuse a change of the company
        currency; in a demo database they are sample data, so the currency is set beneath them.
        """
        company = self.env.ref("base.main_company")
        yuan = self.env.ref("base.CNY")
        yuan.active = True
        self.env.cr.execute("UPDATE res_company SET currency_id = %s WHERE id = %s",
                            (yuan.id, company.id))
        self.env.cr.execute("UPDATE account_move_line SET company_currency_id = %s"
                            " WHERE company_id = %s", (yuan.id, company.id))
        self.invalidate_cache()
        self.env.ref("product.list0").currency_id = yuan
