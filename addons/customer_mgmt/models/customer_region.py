from psycopg2 import sql

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..utils.accounts import account_domain


class CustomerRegion(models.Model):
    """Sales region grouping countries and provinces (e.g. East China = Shanghai, Jiangsu, ...)."""

    _name = "customer.region"
    _description = "Customer Region"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(index=True)
    sequence = fields.Integer(default=10, help="When several regions match an address, the first one wins.")
    parent_id = fields.Many2one("customer.region", string="Parent Region", index=True, ondelete="restrict")
    child_ids = fields.One2many("customer.region", "parent_id", string="Sub-regions")
    country_ids = fields.Many2many(
        "res.country", "customer_region_country_rel", "region_id", "country_id", string="Countries",
        help="Customers in these countries belong to this region unless their province matches another region.")
    state_ids = fields.Many2many(
        "res.country.state", "customer_region_state_rel", "region_id", "state_id", string="Provinces / States",
        help="Customers in these provinces belong to this region; a province match wins over a country match.")
    active = fields.Boolean(default=True)
    customer_count = fields.Integer(compute="_compute_customer_count", string="Customers")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a region must be unique."),
    ]

    @api.multi
    def _compute_customer_count(self):
        groups = self.env["res.partner"].read_group(
            account_domain(("region_id", "in", self.ids)),
            ["region_id"], ["region_id"])
        counts = {group["region_id"][0]: group["region_id_count"] for group in groups}
        for region in self:
            region.customer_count = counts.get(region.id, 0)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError(_("A region cannot be its own parent region (region %s).")
                                  % ", ".join(self.mapped("name")))

    @api.constrains("state_ids", "active")
    def _check_state_unique(self):
        """A province in two regions would make the automatic region ambiguous."""
        for region in self.filtered("active"):
            others = self.search([("id", "!=", region.id), ("state_ids", "in", region.state_ids.ids)])
            if others:
                shared = region.state_ids & others.mapped("state_ids")
                raise ValidationError(
                    _("The province %s already belongs to the region %s; a province can belong to one "
                      "region only.") % (", ".join(shared.mapped("name")), ", ".join(others.mapped("name"))))

    @api.model
    def create(self, vals):
        region = super().create(vals)
        self.clear_caches()
        self._recompute_partner_regions()
        return region

    @api.multi
    def write(self, vals):
        res = super().write(vals)
        self.clear_caches()
        if {"country_ids", "state_ids", "active", "sequence"} & set(vals):
            self._recompute_partner_regions()
        return res

    @api.multi
    def unlink(self):
        res = super().unlink()
        self.clear_caches()
        self._recompute_partner_regions()
        return res

    @api.model
    def _match_map(self):
        """Return ({state_id: region_id}, {country_id: region_id}) of the active regions, first sequence wins.

        Every create reads it: cached per registry under the ids and row versions (xmin) of the
        regions, which a rolled-back change restores, and cleared by our own changes (two in one
        transaction leave the same xmin).
        """
        self.env.cr.execute(
            "SELECT md5(string_agg(id::text || ':' || xmin::text, ',' ORDER BY id)) FROM customer_region")
        return self._match_map_of(self.env.cr.fetchone()[0], self.env.lang)

    @api.model
    @tools.ormcache("signature", "lang")
    def _match_map_of(self, signature, lang):
        """The map of the regions of this signature; the language orders the regions by name."""
        region_ids = self.sudo().with_context(active_test=True).search([]).ids
        rank = {region_id: index for index, region_id in enumerate(region_ids)}
        maps = []
        for table, column in (("customer_region_state_rel", "state_id"),
                              ("customer_region_country_rel", "country_id")):
            # Read in SQL: the records' cache may still hold values of a rolled-back change.
            self.env.cr.execute(sql.SQL("SELECT {}, region_id FROM {} WHERE region_id = ANY(%s)").format(
                sql.Identifier(column), sql.Identifier(table)), (region_ids,))
            matches = {}
            for key, region_id in sorted(self.env.cr.fetchall(), key=lambda row: rank[row[1]]):
                matches.setdefault(key, region_id)
            maps.append(tools.frozendict(matches))
        return tuple(maps)

    @api.model
    def _recompute_partner_regions(self):
        """Re-derive the automatic region of every partner after the region configuration changed.

        Two UPDATEs in SQL touching only the partners whose region changes: fast on hundreds
        of thousands of partners; the displayed region_id follows the automatic one unless set
        by hand.
        """
        by_state, by_country = self._match_map()
        cr = self.env.cr
        # One statement writing only the partners whose region changes: province first, then
        # country, else none (rewriting every partner for each region created took minutes).
        cr.execute("""
            UPDATE res_partner p SET region_auto_id = m.region_id
              FROM (SELECT p2.id, COALESCE(s.region_id, c.region_id) AS region_id
                      FROM res_partner p2
                      LEFT JOIN (SELECT unnest(%s::int[]) AS state_id,
                                        unnest(%s::int[]) AS region_id) s
                             ON s.state_id = p2.state_id
                      LEFT JOIN (SELECT unnest(%s::int[]) AS country_id,
                                        unnest(%s::int[]) AS region_id) c
                             ON c.country_id = p2.country_id) m
             WHERE p.id = m.id AND p.region_auto_id IS DISTINCT FROM m.region_id
        """, (list(by_state), list(by_state.values()), list(by_country), list(by_country.values())))
        cr.execute("""
            UPDATE res_partner SET region_id = region_auto_id
             WHERE region_manual_id IS NULL AND region_id IS DISTINCT FROM region_auto_id
            RETURNING id
        """)
        changed_ids = [row[0] for row in cr.fetchall()]
        partners = self.env["res.partner"].with_context(active_test=False)
        partners.invalidate_cache(["region_auto_id", "region_id"])
        if changed_ids and "region_id" in self.env["customer.profile.field"]._watched_field_names():
            partners._update_completeness_sql(changed_ids)
