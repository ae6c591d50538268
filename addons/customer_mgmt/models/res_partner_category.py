from odoo import api, fields, models

from ..utils.access import CUSTOMER_STAFF, allowed_groups
from ..utils.accounts import account_domain

POSITIVE_OPERATORS = ("ilike", "like", "=ilike", "=like", "=")


class ResPartnerCategory(models.Model):
    """Tags with a dimension, shown as "Industry-Manufacturing" (行业-制造业)."""

    _inherit = "res.partner.category"

    dimension_id = fields.Many2one(
        "customer.tag.dimension", string="Dimension", index=True, ondelete="restrict",
        help="Classification axis of the tag; its name prefixes the tag, e.g. Industry-Manufacturing.")
    customer_count = fields.Integer(compute="_compute_customer_count", string="Customers")

    @api.multi
    def _compute_customer_count(self):
        # Tags are few; search_count applies the user's record rules to the count.
        Partner = self.env["res.partner"]
        for tag in self:
            tag.customer_count = Partner.search_count(
                account_domain(("category_id", "in", tag.ids)))

    @api.multi
    def name_get(self):
        result = super().name_get()
        if self.env.context.get("partner_category_display") == "short":
            return result
        dimensions = {tag.id: tag.dimension_id.name for tag in self if tag.dimension_id}
        return [(tag_id, "%s-%s" % (dimensions[tag_id], name) if tag_id in dimensions else name)
                for tag_id, name in result]

    @api.model
    def name_search(self, name, args=None, operator="ilike", limit=100):
        """Find tags by name, by dimension name, or by "Dimension-Tag" as displayed."""
        if not name or operator not in POSITIVE_OPERATORS:
            return super().name_search(name, args=args, operator=operator, limit=limit)
        name = name.split(" / ")[-1]
        domain = ["|", ("name", operator, name), ("dimension_id.name", operator, name)]
        if "-" in name:
            dimension, tag = name.split("-", 1)
            domain = ["|"] + domain + [
                "&", ("dimension_id.name", operator, dimension.strip()), ("name", operator, tag.strip())]
        return self.search(domain + (args or []), limit=limit).name_get()

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_customers(self):
        """Open the customers carrying this tag."""
        self.ensure_one()
        action = self.env.ref("customer_mgmt.res_partner_action_customer").read()[0]
        action["domain"] = account_domain(("category_id", "in", self.ids))
        action["context"] = {"default_customer": True, "default_is_company": True,
                             "default_category_id": [(6, 0, self.ids)]}
        return action
