"""Customer codes of merged customers, kept on the customer they were merged into."""
from odoo import api, fields, models
from odoo.osv import expression

from ..utils.access import INTERNAL_USER


class CustomerMergeMixin(models.AbstractModel):
    """Former customer codes (of customers merged into this one), searchable by name_search."""

    _name = "customer.merge.mixin"
    _description = "Customer Merge"

    former_codes = fields.Char(
        string="Former Customer Codes", readonly=True, copy=False,
        help="Customer codes of the customers merged into this one, still found by a search.",
        groups=INTERNAL_USER)

    @api.model
    def _customer_mgmt_name_domain(self, name, operator):
        """Also match a former customer code (the codes are kept in one text, hence ilike)."""
        domain = super()._customer_mgmt_name_domain(name, operator)
        code_operator = "ilike" if operator in ("=", "=ilike", "ilike") else operator
        return expression.OR([domain, [("former_codes", code_operator, name)]])

    @api.multi
    def _merge_former_codes(self, codes):
        """The former codes text of this customer with ``codes`` added (each once)."""
        self.ensure_one()
        kept = [code for code in (self.sudo().former_codes or "").split(", ") if code]
        kept += [code for code in codes if code and code not in kept
                 and code != self.sudo().customer_code]
        return ", ".join(kept) or False
