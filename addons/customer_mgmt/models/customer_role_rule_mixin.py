"""Configuration rules that bind users by their highest customer role (masking policies,
approval rules): the role lookup and the per-user cache they share."""
from odoo import api, models

from ..utils.access import DATA_ADMIN, MANAGER, SALESPERSON, SERVICE, TEAM_LEADER

# The customer roles from the most to the least privileged: a user follows the rules of their
# highest role only (a team leader is also a salesperson, but is not bound as one).
ROLE_ORDER = (DATA_ADMIN, MANAGER, TEAM_LEADER, SALESPERSON, SERVICE)


class CustomerRoleRuleMixin(models.AbstractModel):
    """Rules read per user through an ormcache: any change of a rule clears it."""

    _name = "customer.role.rule.mixin"
    _description = "Rules per Customer Role"

    @api.model
    def create(self, vals):
        record = super().create(vals)
        self.clear_caches()
        return record

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        self.clear_caches()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self.clear_caches()
        return result

    @api.model
    def _role_rule_group_ids(self, uid):
        """The user's highest customer role and their groups outside the customer roles."""
        group_ids = set(self.env["res.users"].sudo().browse(uid).groups_id.ids)
        roles = [self.env.ref(xmlid).id for xmlid in ROLE_ORDER]
        highest = next((group_id for group_id in roles if group_id in group_ids), None)
        return (group_ids - set(roles)) | ({highest} if highest else set())
