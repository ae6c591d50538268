"""Who sees which contact field masked (脱敏策略): per role and condition, one field each."""
from odoo import api, fields, models, tools

from ..utils.masking import MASK_FORMATS
MASK_CONDITIONS = [
    ("pool", "Customers in the public pool (until claimed)"),
    ("not_own", "Customers the user does not hold"),
    ("other_team", "Customers outside the user's sales team"),
    ("customer", "Every customer"),
]
MASK_FIELDS = [("phone", "Phone"), ("mobile", "Mobile"), ("email", "Email")]


class CustomerMaskPolicy(models.Model):
    """One masked field for the users of a role, on the customers matching a condition."""

    _name = "customer.mask.policy"
    _inherit = "customer.role.rule.mixin"
    _description = "Contact Data Masking Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    group_id = fields.Many2one(
        "res.groups", string="Role", required=True, ondelete="cascade",
        help="The users of this role see the field masked. For the customer roles, a user "
             "follows the policies of their highest role only.")
    condition = fields.Selection(
        MASK_CONDITIONS, required=True, default="pool",
        help="Which customers (and their contacts) the field is masked on.")
    field_name = fields.Selection(MASK_FIELDS, string="Field", required=True)
    mask_format = fields.Selection(
        MASK_FORMATS, string="Format", required=True, default="phone",
        help="How the masked value looks.")

    @api.model
    def _mask_rules(self):
        """[(condition, field, format)] of the current user's policies, in their order."""
        return self._mask_rules_of_user(self.env.uid)

    @api.model
    @tools.ormcache("uid")
    def _mask_rules_of_user(self, uid):
        """Cached per user; Odoo clears the caches when policies or a user's groups change."""
        allowed = self._role_rule_group_ids(uid)
        if not allowed:
            return ()
        policies = self.sudo().search([("group_id", "in", sorted(allowed))])
        return tuple((policy.condition, policy.field_name, policy.mask_format)
                     for policy in policies)
