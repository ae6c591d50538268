from odoo import api, models

# Fields of crm.team and res.users that decide which customers a team leader reads.
TEAM_ACCESS_FIELDS = ("user_id", "member_ids", "active")


class CrmTeam(models.Model):
    """Team leaders read their teams' customers: drop cached rule domains when teams change."""

    _inherit = "crm.team"

    @api.model
    def create(self, vals):
        team = super().create(vals)
        self.env["ir.rule"].clear_caches()
        return team

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if any(name in vals for name in TEAM_ACCESS_FIELDS):
            self.env["ir.rule"].clear_caches()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self.env["ir.rule"].clear_caches()
        return result


class ResUsers(models.Model):
    """A user moved to another sales team changes what its team leaders read."""

    _inherit = "res.users"

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "sale_team_id" in vals:
            self.env["ir.rule"].clear_caches()
        return result
