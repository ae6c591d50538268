from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RULE_KINDS = [
    ("no_followup", "No follow-up for N days"),
    ("no_order", "No won order within N days of the claim"),
]


class CustomerPoolRule(models.Model):
    """A release rule of a pool: when a held customer goes back to the pool by itself.

    A rule naming tiers applies to customers of those tiers; a rule naming none applies to
    the customers of every tier that no rule of the same kind of the pool names. A no-follow-up
    rule of 0 days follows the Pool Settings (release period, the tier's period, key accounts):
    it is the rule every company had before pools existed.
    """

    _name = "customer.pool.rule"
    _description = "Public Pool Release Rule"
    _order = "pool_id, sequence, id"

    pool_id = fields.Many2one(
        "customer.pool", string="Pool", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        RULE_KINDS, string="Rule", required=True, default="no_followup",
        help="No follow-up: no interaction (or creation) for the days given. No won order: "
             "no confirmed sale order nor won opportunity within the days given after the "
             "customer was claimed or assigned.")
    days = fields.Integer(
        string="Days", help="0 on a no-follow-up rule: the release period of the Pool Settings "
                            "and of the customer's tier.")
    tier_ids = fields.Many2many(
        "customer.tier", "customer_pool_rule_tier_rel", "rule_id", "tier_id", string="Tiers",
        help="Empty: every tier that no other rule of this kind in the pool names.")
    include_key_accounts = fields.Boolean(
        string="Release Key Accounts Too",
        help="By default, key accounts are never released by a rule.")

    @api.constrains("kind", "days")
    def _check_days(self):
        for rule in self:
            if rule.days < 0 or (rule.kind == "no_order" and rule.days <= 0):
                raise ValidationError(_(
                    "Days of the release rule \"%(rule)s\" must be positive (%(value)s).") % {
                        "rule": dict(self._fields["kind"]._description_selection(self.env))[
                            rule.kind], "value": rule.days})

    @api.multi
    def name_get(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        result = []
        for rule in self:
            if rule.kind == "no_followup" and not rule.days:
                name = _("no interaction for the release period of the Pool Settings")
            elif rule.kind == "no_followup":
                name = _("No follow-up for %d days") % rule.days
            else:
                name = _("No won order within %d days of the claim") % rule.days
            if rule.tier_ids:
                name = "%s (%s)" % (name, ", ".join(rule.tier_ids.mapped("name")))
            result.append((rule.id, name or kinds.get(rule.kind)))
        return result
