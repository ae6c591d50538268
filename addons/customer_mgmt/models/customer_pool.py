from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.accounts import account_domain
from .customer_pool_settings_mixin import pool_param


class CustomerPool(models.Model):
    """A public pool (公海池): the customers without salesperson that its members may claim.

    Members are the users it serves: every user of the company when it names neither users
    nor teams, else the users named and the members and leaders of the teams named. Regions
    and teams decide which released customers land in it (see ``_pool_route_sql``).
    """

    _name = "customer.pool"
    _description = "Public Pool"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10, help="Released customers go to the first pool, in this order, whose teams "
                         "or regions match the customer; else to the default pool.")
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    is_default = fields.Boolean(
        string="Default Pool",
        help="Released customers that no other pool's teams or regions match land here; one "
             "default pool per company.")
    team_ids = fields.Many2many(
        "crm.team", "customer_pool_crm_team_rel", "pool_id", "team_id", string="Sales Teams",
        help="Teams whose members and leaders the pool serves, and whose customers it takes "
             "back when they are released.")
    user_ids = fields.Many2many(
        "res.users", "customer_pool_member_rel", "pool_id", "user_id", string="Members",
        help="Users the pool serves besides the teams' members. Without teams nor members the "
             "pool serves every user of the company.")
    region_ids = fields.Many2many(
        "customer.region", "customer_pool_region_rel", "pool_id", "region_id",
        string="Regions", help="Released customers of these regions land in this pool.")
    admin_ids = fields.Many2many(
        "res.users", "customer_pool_admin_rel", "pool_id", "user_id",
        string="Pool Administrators",
        domain=lambda self: [("groups_id", "in", self.env.ref(
            "customer_mgmt.group_customer_team_leader").ids)],
        help="Team leaders or managers who assign the pool's customers to its members, take "
             "customers back into it and read its log.")
    max_customers = fields.Integer(
        string="Maximum Customers per Salesperson",
        help="The most customer accounts a member may hold when claiming from or being "
             "assigned by this pool. 0 uses the Pool Settings.")
    cooldown_days = fields.Integer(
        string="Wait Before Claiming Again (Days)",
        help="Days before a salesperson may claim again a customer they held when it went "
             "back to the pool. 0 uses the Pool Settings.")
    protection_days = fields.Integer(
        string="New Customer Protection (Days)",
        help="New customer protection period: no release rule of this pool releases a customer "
             "within this many days of its creation or of its last claim or assignment.")
    rule_ids = fields.One2many("customer.pool.rule", "pool_id", string="Release Rules")
    customer_count = fields.Integer(
        string="Customers in the Pool", compute="_compute_customer_count")

    @api.multi
    def _compute_customer_count(self):
        default_pools = self.filtered("is_default")
        domain = account_domain(("user_id", "=", False))
        counts = {group["pool_id"][0]: group["pool_id_count"]
                  for group in self.env["res.partner"].sudo().read_group(
                      domain + [("pool_id", "in", self.ids)], ["pool_id"], ["pool_id"])}
        unassigned = self.env["res.partner"].sudo().search_count(
            domain + [("pool_id", "=", False)]) if default_pools else 0
        for pool in self:
            pool.customer_count = counts.get(pool.id, 0) + (unassigned if pool.is_default else 0)

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        for pool in self.filtered(lambda p: p.is_default and p.active):
            others = self.sudo().search([("is_default", "=", True), ("company_id", "=", pool.company_id.id),
                                  ("id", "!=", pool.id)])
            if others:
                raise ValidationError(_(
                    "%(company)s already has a default pool (%(pool)s): a company has one "
                    "default pool, so %(new)s cannot be one too.") % {
                        "company": pool.company_id.name, "pool": others[0].name,
                        "new": pool.name})

    @api.constrains("admin_ids")
    def _check_admins(self):
        """Only team leaders and managers may assign, take back and read the pool log."""
        leaders = self.env.ref("customer_mgmt.group_customer_team_leader").sudo().users
        for pool in self:
            others = pool.sudo().admin_ids - leaders
            if others:
                raise ValidationError(_(
                    "%(users)s cannot administer the pool %(pool)s (Pool Administrators): pool "
                    "administrators are team leaders or managers.") % {
                        "users": ", ".join(others.mapped("name")), "pool": pool.name})

    @api.constrains("max_customers", "cooldown_days", "protection_days")
    def _check_limits(self):
        labels = self.fields_get(["max_customers", "cooldown_days", "protection_days"], ["string"])
        for pool in self:
            for name in labels:
                if pool[name] < 0:
                    raise ValidationError(_("%(field)s cannot be negative (%(value)s).") % {
                        "field": labels[name]["string"], "value": pool[name]})

    @api.model
    def create(self, vals):
        pool = super().create(vals)
        self.env["ir.rule"].clear_caches()
        return pool

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        self.env["ir.rule"].clear_caches()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self.env["ir.rule"].clear_caches()
        return result

    @api.model
    def _default_pool(self, company=None):
        """The default pool of the company (of the user's company), any default pool else."""
        company = company or self.env.user.company_id
        pools = self.sudo().search([("is_default", "=", True)])
        return pools.filtered(lambda p: p.company_id == company)[:1] or pools[:1]

    @api.multi
    def _pool_limit(self, key):
        """The pool's own holding limit or cooldown, else the Pool Settings' one."""
        self.ensure_one()
        own = {"max_customers": self.max_customers, "cooldown_days": self.cooldown_days}[key]
        return own or pool_param(self.env, key)

    @api.multi
    def _served_user_ids(self):
        """Ids of the active internal users this pool serves, in one query."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT u.id FROM res_users u
              JOIN res_company_users_rel cu ON cu.user_id = u.id AND cu.cid = %(company)s
             WHERE u.active AND u.share IS NOT TRUE AND (
                   (NOT EXISTS (SELECT 1 FROM customer_pool_member_rel WHERE pool_id = %(pool)s)
                    AND NOT EXISTS (SELECT 1 FROM customer_pool_crm_team_rel WHERE pool_id = %(pool)s))
                OR EXISTS (SELECT 1 FROM customer_pool_member_rel
                            WHERE pool_id = %(pool)s AND user_id = u.id)
                OR EXISTS (SELECT 1 FROM customer_pool_crm_team_rel r
                             JOIN crm_team t ON t.id = r.team_id
                            WHERE r.pool_id = %(pool)s
                              AND (t.id = u.sale_team_id OR t.user_id = u.id)))
        """, {"company": self.company_id.id, "pool": self.id})
        return [row[0] for row in self.env.cr.fetchall()]

    @api.multi
    def _is_administered_by(self, user):
        """Customer managers administer every pool; others the pools naming them."""
        self.ensure_one()
        return (user.has_group("customer_mgmt.group_customer_manager")
                or user in self.sudo().admin_ids)
