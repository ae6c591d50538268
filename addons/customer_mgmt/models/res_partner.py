import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_customer_master = fields.Boolean(
        string="Is a Customer Account",
        compute="_compute_is_customer_master",
        search="_search_is_customer_master",
        help="A commercial entity flagged as customer: what the Customers app manages.",
    )

    @api.multi
    @api.depends("customer", "parent_id", "is_company")
    def _compute_is_customer_master(self):
        for partner in self:
            partner.is_customer_master = partner.customer and not partner.parent_id

    @api.model
    def _search_is_customer_master(self, operator, value):
        positive = (operator == "=") == bool(value)
        domain = ["&", ("customer", "=", True), ("parent_id", "=", False)]
        return domain if positive else ["!"] + domain

    @api.model
    def _customer_mgmt_assign_missing_codes(self):
        """Give codes to customers that existed before the addon was installed (set-based)."""
        from psycopg2.extras import execute_values
        from .res_partner_naming import CODE_PREFIX_PARAM, CODE_SEQUENCE, DEFAULT_CODE_PREFIX
        partners = self.sudo().with_context(active_test=False).search(
            [("customer", "=", True), ("parent_id", "=", False), ("customer_code", "=", False)],
            order="id")
        internal = partners._customer_mgmt_internal_ids(partners.ids)
        ids = [pid for pid in partners.ids if pid not in internal]
        if not ids:
            return 0
        prefix = (self.env["ir.config_parameter"].sudo().get_param(
            CODE_PREFIX_PARAM, DEFAULT_CODE_PREFIX) or "").strip()
        self.env.cr.execute("SELECT customer_code FROM res_partner WHERE customer_code IS NOT NULL")
        taken = {row[0] for row in self.env.cr.fetchall()}
        sequence = self.env["ir.sequence"].sudo()
        values = []
        for partner_id in ids:
            code = prefix + sequence.next_by_code(CODE_SEQUENCE)
            while code in taken:
                code = prefix + sequence.next_by_code(CODE_SEQUENCE)
            taken.add(code)
            values.append((partner_id, code))
        execute_values(
            self.env.cr,
            "UPDATE res_partner p SET customer_code = v.code FROM (VALUES %s) AS v(id, code) "
            "WHERE p.id = v.id",
            values)
        self.invalidate_cache(["customer_code"], ids)
        _logger.info("Customer codes given to %d existing customers", len(ids))
        return len(ids)
