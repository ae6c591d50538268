from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _customer_lifecycle_demo_count_in_yuan(self):
        """Demo data calls it once: the Chinese demo company counts in yuan.

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
