import logging

from odoo import api, models

from .customer_naming_mixin import INTERNAL_PARTNER_KEY
from ..utils.markers import mark

_logger = logging.getLogger(__name__)


class ResUsers(models.Model):
    """Users' own partners are not customers: naming rules and codes skip them, and neither
    the customer lists, the completeness, the tiers nor the pool count them."""

    _inherit = "res.users"

    @api.model
    def create(self, vals):
        users = super(ResUsers, self.with_context(**mark(INTERNAL_PARTNER_KEY))).create(vals)
        users = self.browse(users.ids)
        if not vals.get("partner_id"):
            # Odoo creates the user's partner as a customer; an employee is none. Portal users'
            # partners stay as they are: a portal user is often a customer's contact.
            partners = users.filtered(lambda u: not u.share).mapped("partner_id")
            partners.filtered("customer").sudo().with_context(
                **mark(INTERNAL_PARTNER_KEY)).write({"customer": False})
        return users

    @api.model
    def _customer_mgmt_unmark_internal_partners(self):
        """Existing internal users' and companies' partners are no customers (called once, at installation)."""
        users = self.sudo().with_context(active_test=False).search([("share", "=", False)])
        companies = self.env["res.company"].sudo().search([])
        partners = (users.mapped("partner_id") | companies.mapped("partner_id")).filtered("customer")
        partners.with_context(**mark(INTERNAL_PARTNER_KEY)).write({"customer": False})
        _logger.info("Unmarked %d partners of internal users and companies as customers", len(partners))
        return len(partners)
