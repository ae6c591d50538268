"""Which changes of a customer need approval (审批): one res.partner field per rule, for the
users whose highest customer role is among the rule's groups."""
from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..utils.access import DATA_ADMIN

APPROVAL_SCOPES = [
    ("company", "Companies"),
    ("all", "Companies and individuals"),
]
APPROVAL_CONDITIONS = [
    ("always", "Every change"),
    ("other_team", "New salesperson in another sales team"),
]
# Field types whose value a request keeps as JSON and writes back as is.
APPROVABLE_TYPES = ("char", "text", "selection", "integer", "float", "monetary", "boolean",
                    "date", "datetime", "many2one")


class CustomerChangeApprovalRule(models.Model):
    """A field of customer accounts whose changes by some roles wait for a reviewer."""

    _name = "customer.change.approval.rule"
    _inherit = "customer.role.rule.mixin"
    _description = "Change Approval Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    field_id = fields.Many2one(
        "ir.model.fields", string="Field", required=True, ondelete="cascade",
        domain=[("model", "=", "res.partner"), ("store", "=", True),
                ("ttype", "in", APPROVABLE_TYPES)],
        help="The customer field whose changes need approval.")
    field_name = fields.Char(related="field_id.name", readonly=True, store=True)
    partner_scope = fields.Selection(
        APPROVAL_SCOPES, string="Applies To", required=True, default="all",
        help="Which customer accounts the rule applies to.")
    condition = fields.Selection(
        APPROVAL_CONDITIONS, required=True, default="always",
        help="Which changes need approval; \"another sales team\" is for the salesperson field.")
    group_ids = fields.Many2many(
        "res.groups", string="Roles", required=True,
        help="Users whose highest customer role is one of these ask for approval. Data "
             "administrators always write directly.")

    @api.constrains("field_id", "condition")
    def _check_field(self):
        for rule in self:
            if rule.field_id.model != "res.partner" or rule.field_id.ttype not in APPROVABLE_TYPES:
                raise ValidationError(_(
                    "Field \"%(value)s\" cannot need approval: choose a simple field of the "
                    "customer (text, number, date, selection or a single link).") % {
                        "value": rule.field_id.field_description or rule.field_id.name})
            if rule.condition == "other_team" and rule.field_id.name != "user_id":
                raise ValidationError(_(
                    "Condition \"another sales team\" only applies to the salesperson, not to "
                    "field \"%(value)s\".") % {"value": rule.field_id.field_description})

    @api.model
    def _approval_rules(self):
        """((rule id, field, scope, condition)) of the rules binding the current user."""
        return self._approval_rules_of_user(self.env.uid)

    @api.model
    @tools.ormcache("uid")
    def _approval_rules_of_user(self, uid):
        """Cached per user; cleared when rules or a user's groups change. A user follows the
        rules of their highest customer role (a team leader is also a salesperson)."""
        allowed = self._role_rule_group_ids(uid)
        if not allowed or self.env.ref(DATA_ADMIN).id in allowed:
            return ()
        rules = self.sudo().search([("group_ids", "in", sorted(allowed))])
        return tuple((rule.id, rule.field_name, rule.partner_scope, rule.condition)
                     for rule in rules)
