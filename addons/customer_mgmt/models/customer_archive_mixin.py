import logging

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html_escape, split_every

from ..utils import settings
from ..utils.access import INTERNAL_USER, SALESPERSON, allowed_groups
from ..utils.accounts import account_sql, is_account
from ..utils.markers import marked

_logger = logging.getLogger(__name__)

CUSTOMER_KINDS = [
    ("enterprise", "Enterprise"),
    ("individual", "Individual"),
    ("government", "Government"),
    ("institution", "Public Institution"),
    ("other", "Other"),
]
CUSTOMER_SOURCES = [
    ("referral", "Referral"),
    ("exhibition", "Exhibition"),
    ("website", "Website"),
    ("cold_call", "Cold Call"),
    ("advertising", "Advertising"),
    ("partner_channel", "Partner Channel"),
    ("other", "Other"),
]
SIZE_CLASSES = [
    ("micro", "Micro"),
    ("small", "Small"),
    ("medium", "Medium"),
    ("large", "Large"),
]
CREDIT_RATINGS = [
    ("AAA", "AAA - Excellent"),
    ("AA", "AA - Very good"),
    ("A", "A - Good"),
    ("B", "B - Fair"),
    ("C", "C - Poor"),
]
RISK_LEVELS = [
    ("normal", "Normal Risk"),  # not "Normal": the tier of that name translates differently
    ("watch", "Watch"),
    ("high", "High"),
]
# Upper bounds (exclusive) of the micro, small and medium classes, in employees.
SIZE_THRESHOLD_PARAMS = (
    ("customer_mgmt.size_micro_max", 20),
    ("customer_mgmt.size_small_max", 300),
    ("customer_mgmt.size_medium_max", 1000),
)
SENSITIVE_GROUP = "customer_mgmt.group_customer_salesperson"
COMPLETENESS_BATCH = 1000
# Marker (utils/markers.py) of writes that change no completeness input (the handover).
COMPLETENESS_UNCHANGED_KEY = "customer_mgmt_completeness_unchanged"


class CustomerArchiveMixin(models.AbstractModel):
    """Customer archive (客户档案): profile, business, credit and risk, tier, region, completeness."""

    _name = "customer.archive.mixin"
    _description = "Customer Archive"

    # Archive
    customer_kind = fields.Selection(
        CUSTOMER_KINDS, string="Customer Type", index=True, track_visibility="onchange",
        help="Enterprise, individual, government, public institution or other organisation.",
        groups=INTERNAL_USER)
    customer_source = fields.Selection(
        CUSTOMER_SOURCES, string="Customer Source", index=True, track_visibility="onchange",
        help="How the customer came to us.", groups=INTERNAL_USER)
    founding_date = fields.Date(string="Founding Date", groups=INTERNAL_USER)
    archive_currency_id = fields.Many2one(
        "res.currency", string="Archive Currency", compute="_compute_archive_currency_id",
        help="Currency of the amounts of the archive: the company's currency.",
        groups=INTERNAL_USER)
    registered_capital = fields.Monetary(
        string="Registered Capital", currency_field="archive_currency_id", groups=SENSITIVE_GROUP)
    employee_count = fields.Integer(string="Employees", track_visibility="onchange", groups=INTERNAL_USER)
    size_class = fields.Selection(
        SIZE_CLASSES, string="Size", compute="_compute_size_class", store=True, index=True,
        compute_sudo=True,
        help="Derived from the number of employees, with the thresholds of the Customers settings.",
        groups=INTERNAL_USER)
    annual_revenue = fields.Monetary(
        string="Annual Revenue", currency_field="archive_currency_id", groups=SENSITIVE_GROUP)
    # Business
    business_scope = fields.Text(string="Business Scope", groups=INTERNAL_USER)
    main_products = fields.Text(string="Main Products", groups=INTERNAL_USER)
    main_needs = fields.Text(string="Main Needs", groups=INTERNAL_USER)
    competitors = fields.Text(string="Competitors", groups=INTERNAL_USER)
    # Credit and risk
    credit_rating = fields.Selection(
        CREDIT_RATINGS, string="Credit Rating", track_visibility="onchange", groups=SENSITIVE_GROUP)
    credit_note = fields.Text(string="Credit Notes", groups=SENSITIVE_GROUP)
    risk_level = fields.Selection(
        RISK_LEVELS, string="Credit Risk Level", default="normal", index=True, track_visibility="onchange",
        help="Watch or High lists the customer under Customers > Credit Risk Customers.",
        groups=INTERNAL_USER)
    risk_reason = fields.Text(string="Risk Reason", groups=SENSITIVE_GROUP)
    # Classification
    tier_id = fields.Many2one(
        "customer.tier", string="Tier", index=True, ondelete="restrict", track_visibility="onchange",
        groups=INTERNAL_USER)
    is_key_account = fields.Boolean(
        related="tier_id.is_key_account", string="Key Account", readonly=True, store=False,
        groups=INTERNAL_USER)
    region_auto_id = fields.Many2one(
        "customer.region", string="Automatic Region", compute="_compute_region_auto_id", store=True,
        compute_sudo=True, help="Region matching the province, else the country.",
        groups=INTERNAL_USER)
    region_manual_id = fields.Many2one(
        "customer.region", string="Region Chosen by Hand", ondelete="set null",
        help="Set when someone chose the region by hand: it then wins over the automatic region.",
        groups=INTERNAL_USER)
    region_id = fields.Many2one(
        "customer.region", string="Region", compute="_compute_region_id", inverse="_inverse_region_id",
        store=True, index=True, compute_sudo=True, track_visibility="onchange",
        help="Set from the province or the country; choose another region to override it, "
             "clear it to go back to the automatic region.", groups=INTERNAL_USER)
    # Verification
    last_verified_date = fields.Date(
        string="Last Verified On", index=True, copy=False,
        help="When someone last checked the archive with the customer; reminders use it.",
        groups=INTERNAL_USER)
    last_verified_uid = fields.Many2one("res.users", string="Last Verified By", copy=False,
                                        groups=INTERNAL_USER)
    # Completeness
    completeness = fields.Integer(
        string="Completeness (%)", compute="_compute_completeness", store=True, index=True,
        compute_sudo=True, copy=False, group_operator="avg",
        help="Share of the required profile fields (Customers > Configuration) that are filled in; "
             "100 for partners that are not customer accounts.", groups=INTERNAL_USER)
    completeness_missing_ids = fields.Many2many(
        "customer.profile.field", "res_partner_profile_field_missing_rel", "partner_id", "profile_field_id",
        string="Missing Profile Fields", compute="_compute_completeness", store=True, compute_sudo=True,
        copy=False, groups=INTERNAL_USER)
    completeness_missing = fields.Text(
        string="Missing Information", compute="_compute_completeness_missing",
        help="Required profile fields that are still empty.", groups=INTERNAL_USER)

    @api.multi
    @api.depends("company_id")
    def _compute_archive_currency_id(self):
        default_currency = self.env.user.company_id.currency_id
        for partner in self:
            partner.archive_currency_id = partner.company_id.currency_id or default_currency

    @api.model
    def _get_size_thresholds(self):
        """Return the (micro, small, medium) upper bounds from the settings, defaults if unset."""
        return tuple(settings.get_int(self.env, key, default)
                     for key, default in SIZE_THRESHOLD_PARAMS)

    @api.model
    def _size_class_for(self, employee_count, thresholds):
        """Size class of a number of employees; none when the number is unknown (0)."""
        if not employee_count or employee_count <= 0:
            return False
        micro_max, small_max, medium_max = thresholds
        if employee_count < micro_max:
            return "micro"
        if employee_count < small_max:
            return "small"
        if employee_count < medium_max:
            return "medium"
        return "large"

    @api.multi
    @api.depends("employee_count")
    def _compute_size_class(self):
        thresholds = self._get_size_thresholds()
        for partner in self:
            partner.size_class = self._size_class_for(partner.employee_count, thresholds)

    @api.multi
    @api.depends("state_id", "country_id")
    def _compute_region_auto_id(self):
        by_state, by_country = self.env["customer.region"]._match_map()
        Region = self.env["customer.region"]
        for partner in self:
            region_id = by_state.get(partner.state_id.id) or by_country.get(partner.country_id.id)
            partner.region_auto_id = Region.browse(region_id) if region_id else Region

    @api.multi
    @api.depends("region_auto_id", "region_manual_id")
    def _compute_region_id(self):
        # Not merged with the automatic region: the inverse compares the two.
        for partner in self:
            partner.region_id = partner.region_manual_id or partner.region_auto_id

    @api.multi
    def _inverse_region_id(self):
        for partner in self:
            manual = partner.region_id if partner.region_id != partner.region_auto_id else False
            partner.region_manual_id = manual

    @api.multi
    @api.depends()  # configurable fields: triggered by _update_completeness(), see write()
    def _compute_completeness(self):
        targets = self._completeness_targets(self.env["customer.profile.field"]._get_profile_config())
        ProfileField = self.env["customer.profile.field"]
        for partner in self:
            score, missing = targets[partner.id]
            partner.completeness = score
            partner.completeness_missing_ids = ProfileField.browse(sorted(missing))

    @api.multi
    @api.depends("completeness_missing_ids")
    def _compute_completeness_missing(self):
        for partner in self:
            partner.completeness_missing = ", ".join(partner.completeness_missing_ids.mapped("name"))

    @api.constrains("employee_count")
    def _check_employee_count(self):
        for partner in self:
            if partner.employee_count < 0:
                raise ValidationError(
                    _("The number of employees of %s cannot be negative (%s).")
                    % (partner.display_name, partner.employee_count))

    @api.constrains("registered_capital", "annual_revenue")
    def _check_archive_amounts(self):
        for partner in self.sudo():
            if partner.registered_capital < 0:
                raise ValidationError(
                    _("The registered capital of %s cannot be negative (%s).")
                    % (partner.display_name, partner.registered_capital))
            if partner.annual_revenue < 0:
                raise ValidationError(
                    _("The annual revenue of %s cannot be negative (%s).")
                    % (partner.display_name, partner.annual_revenue))

    @api.constrains("founding_date")
    def _check_founding_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.founding_date and partner.founding_date > today:
                raise ValidationError(
                    _("The founding date of %s cannot be in the future (%s).")
                    % (partner.display_name, partner.founding_date))

    @api.multi
    def _archive_after_write(self, vals):
        """After-write step: the completeness of partners whose profile fields were written."""
        # The handover replaces one salesperson by another: filled fields stay filled.
        if (set(vals) & self.env["customer.profile.field"]._watched_field_names()
                and not marked(self.env, COMPLETENESS_UNCHANGED_KEY)):
            self._update_completeness()

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_mark_verified(self):
        """Record that the archive was checked today, so verification reminders restart."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        self.write({"last_verified_date": today, "last_verified_uid": self.env.uid})
        self.message_post(
            body=html_escape(
                _("Customer archive verified on %s by %s.") % (today, self.env.user.name)),
            subtype="mail.mt_note")
        return True

    @api.model
    def _archive_region_vals(self, vals):
        """An empty region means "automatic": clear the manual choice instead of storing nothing."""
        if "region_id" in vals and not vals["region_id"]:
            vals = dict(vals, region_manual_id=False)
            del vals["region_id"]
        return vals

    @api.multi
    def _completeness_targets(self, config):
        """{partner id: (score, frozenset of missing profile field ids)} from the cached values.

        Set-based: the first value read prefetches the whole recordset; contacts and
        non-customers stop at the customer flag and the parent.
        """
        targets = {}
        for partner in self:
            # Only customer accounts have an archive to complete; contacts follow their company.
            if not is_account(partner):
                targets[partner.id] = (100, frozenset())
                continue
            scope = "company" if partner.is_company else "individual"
            applicable = [(profile_id, name) for profile_id, name, applies_to in config
                          if applies_to in ("all", scope)]
            if not applicable:
                targets[partner.id] = (100, frozenset())
                continue
            missing = frozenset(profile_id for profile_id, name in applicable if not partner[name])
            score = int(round(100.0 * (len(applicable) - len(missing)) / len(applicable)))
            targets[partner.id] = (score, missing)
        return targets

    @api.multi
    def _update_completeness(self):
        """Recompute the completeness of these partners, writing only the scores that changed.

        Per batch of COMPLETENESS_BATCH partners: one prefetch of the partners, one query for
        the stored scores and one grouped write per distinct result, whatever the batch size
        (a salesperson handover writes user_id on thousands of customers at once).
        """
        fnames = ["completeness", "completeness_missing_ids"]
        config = self.env["customer.profile.field"]._get_profile_config()
        partners = self.sudo().with_context(active_test=False, prefetch_fields=False)
        cr = self.env.cr
        for ids in split_every(COMPLETENESS_BATCH, [pid for pid in self.ids if isinstance(pid, int)]):
            cr.execute("""
                SELECT p.id, p.completeness,
                       ARRAY(SELECT m.profile_field_id FROM res_partner_profile_field_missing_rel m
                              WHERE m.partner_id = p.id)
                  FROM res_partner p WHERE p.id IN %s""", (tuple(ids),))
            stored = {pid: [score, set(missing)] for pid, score, missing in cr.fetchall()}
            if not stored:
                continue
            batch = partners.browse(list(stored))
            # One query for every value the score reads (field by field otherwise).
            batch.read(list({"customer", "parent_id", "is_company"} | {
                name for __, name, __ in config}), load="_classic_write")
            targets = batch._completeness_targets(config)
            changed = {}
            for pid, target in targets.items():
                if stored[pid][0] != target[0] or stored[pid][1] != target[1]:
                    changed.setdefault(target, []).append(pid)
            for (score, missing), pids in changed.items():
                partners.browse(pids)._write({
                    "completeness": score,
                    "completeness_missing_ids": [(6, 0, sorted(missing))],
                })
            # Whatever sits in the caches (also the ORM's pending computation) is now stale.
            batch.invalidate_cache(fnames, list(stored))
            for field_name in fnames:
                batch._recompute_done(self._fields[field_name])

    @api.model
    def _recompute_completeness_all(self):
        """Recompute every partner's completeness after the required-field list changed."""
        count = self._update_completeness_sql()
        _logger.info("Recomputed the profile completeness of all partners in SQL (%d changed)", count)

    @api.model
    def _completeness_filled_sql(self, name):
        """SQL condition on ``p`` that holds when the partner field ``name`` counts as filled.

        The same test as ``not partner[name]`` in Python: empty text, no value, zero and no
        linked record are empty.
        """
        field = self._fields[name]
        column = sql.SQL("p.{}").format(sql.Identifier(name))
        if field.type == "many2many":
            return sql.SQL("EXISTS (SELECT 1 FROM {rel} r WHERE r.{col1} = p.id)").format(
                rel=sql.Identifier(field.relation), col1=sql.Identifier(field.column1))
        if field.type in ("char", "text", "html", "selection"):
            return sql.SQL("COALESCE({} <> '', FALSE)").format(column)
        if field.type in ("integer", "float", "monetary"):
            return sql.SQL("COALESCE({} <> 0, FALSE)").format(column)
        return sql.SQL("{} IS NOT NULL").format(column)

    @api.model
    def _update_completeness_sql(self, ids=None):
        """Completeness of the partners ``ids`` (all when None) in three statements, whatever
        their number: install and configuration changes touch every partner, and Python took
        minutes per 100,000 there. Returns how many scores changed.

        The score is computed as ``_completeness_targets`` does (float arithmetic rounded
        half to even, as Python's ``round``); a test compares both on every field type.
        """
        config = self.env["customer.profile.field"]._get_profile_config()
        scope = {"all": sql.SQL("TRUE"), "company": sql.SQL("COALESCE(p.is_company, FALSE)"),
                 "individual": sql.SQL("NOT COALESCE(p.is_company, FALSE)")}
        missing_terms, applicable_terms, params = [], [], []
        for profile_id, name, applies_to in config:
            missing_terms.append(sql.SQL("CASE WHEN {} AND NOT {} THEN %s END").format(
                scope[applies_to], self._completeness_filled_sql(name)))
            params.append(profile_id)
            applicable_terms.append(sql.SQL("({})::int").format(scope[applies_to]))
        missing = (sql.SQL("array_remove(ARRAY[{}]::int[], NULL)").format(
            sql.SQL(", ").join(missing_terms)) if config else sql.SQL("ARRAY[]::int[]"))
        applicable = sql.SQL(" + ").join(applicable_terms) if config else sql.SQL("0")
        where = sql.SQL("p.id = ANY(%s)") if ids is not None else sql.SQL("TRUE")
        if ids is not None:
            params.append(list(ids))
        cr = self.env.cr
        cr.execute("DROP TABLE IF EXISTS customer_completeness_todo")
        cr.execute(sql.SQL("""
            CREATE TEMP TABLE customer_completeness_todo ON COMMIT DROP AS
            SELECT id, CASE WHEN NOT account OR applicable = 0 THEN 100
                            ELSE round(100.0::float8 * (applicable - cardinality(missing))
                                       / applicable)::int END AS score,
                       CASE WHEN account THEN missing ELSE ARRAY[]::int[] END AS missing
              FROM (SELECT p.id, COALESCE({account}, FALSE) AS account,
                           {missing} AS missing, {applicable} AS applicable
                      FROM res_partner p WHERE {where}) s
        """).format(missing=missing, applicable=applicable, where=where,
                    account=account_sql("p", active=False)), params)
        cr.execute("""
            UPDATE res_partner p SET completeness = t.score
              FROM customer_completeness_todo t
             WHERE p.id = t.id AND p.completeness IS DISTINCT FROM t.score""")
        changed = cr.rowcount
        cr.execute("""
            DELETE FROM res_partner_profile_field_missing_rel r
             USING customer_completeness_todo t
             WHERE r.partner_id = t.id AND NOT r.profile_field_id = ANY(t.missing)""")
        cr.execute("""
            INSERT INTO res_partner_profile_field_missing_rel (partner_id, profile_field_id)
            SELECT t.id, m.profile_field_id
              FROM customer_completeness_todo t, unnest(t.missing) AS m(profile_field_id)
            ON CONFLICT DO NOTHING""")
        cr.execute("DROP TABLE customer_completeness_todo")
        partners = self.env["res.partner"]
        partners.invalidate_cache(["completeness", "completeness_missing_ids"], ids)
        for name in ("completeness", "completeness_missing_ids"):
            # Nothing the ORM still plans to compute for them is current any more.
            todo = self.env.field_todo(self._fields[name])
            if todo:
                todo._recompute_done(self._fields[name])
        return changed

    @api.model
    def _recompute_size_class_all(self):
        """Re-derive every size class in one UPDATE after the thresholds changed."""
        micro_max, small_max, medium_max = self._get_size_thresholds()
        self.env.cr.execute("""
            UPDATE res_partner p SET size_class = s.size_class
              FROM (SELECT id, CASE
                        WHEN COALESCE(employee_count, 0) <= 0 THEN NULL
                        WHEN employee_count < %s THEN 'micro'
                        WHEN employee_count < %s THEN 'small'
                        WHEN employee_count < %s THEN 'medium'
                        ELSE 'large' END AS size_class
                      FROM res_partner) s
             WHERE p.id = s.id AND p.size_class IS DISTINCT FROM s.size_class
        """, (micro_max, small_max, medium_max))
        _logger.info("Recomputed the size class of %d partners", self.env.cr.rowcount)
        self.invalidate_cache(["size_class"])
