"""The company registry extract (工商信息): one row per organisation, keyed by its USCC."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.normalize import normalize_name
from ..utils.registration import InvalidRegistration, clean_registration, registration_key

REGISTRY_STATUSES = [
    ("active", "Active (存续/在业)"),
    ("deregistered", "Deregistered (注销)"),
    ("revoked", "Revoked (吊销)"),
    ("moved_out", "Moved Out (迁出)"),
]
# Statuses of a company that no longer trades: its customers are flagged at risk.
RISK_STATUSES = ("deregistered", "revoked")


def split_former_names(text):
    """The former names of a registry row, one per line, normalised, without repeats."""
    names = []
    for line in (text or "").splitlines():
        name = normalize_name(line)
        if name and name not in names:
            names.append(name)
    return names


class CustomerRegistryRecord(models.Model):
    """A company as the business registry lists it: imported by data administrators, read by staff."""

    _name = "customer.registry.record"
    _description = "Company Registry Record"
    _order = "name, id"

    uscc = fields.Char(
        string="USCC", required=True, index=True,
        help="Unified Social Credit Code (统一社会信用代码), stored without spaces.")
    name = fields.Char(string="Registered Name", required=True, index=True)
    former_names = fields.Text(
        string="Former Names", help="Names the company was registered under before, one per line.")
    legal_representative = fields.Char(string="Legal Representative")
    registered_capital = fields.Float(
        string="Registered Capital (CNY)", digits=(16, 2),
        help="In yuan: 500万元 in the registry is imported as 5,000,000.")
    founding_date = fields.Date(string="Founding Date")
    status = fields.Selection(REGISTRY_STATUSES, string="Registry Status", required=True,
                              default="active", index=True)
    address = fields.Char(string="Registered Address")
    business_scope = fields.Text(string="Business Scope")
    source = fields.Char(string="Source", help="The file or service the row came from.")
    import_date = fields.Datetime(string="Imported On", default=fields.Datetime.now, index=True)

    _sql_constraints = [
        ("uscc_unique", "unique(uscc)", "Each USCC appears once in the company registry."),
    ]

    @api.model_cr
    def init(self):
        """The trigram index on the registered name when pg_trgm is there (like duplicate_key)."""
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if self.env.cr.fetchone():
            self.env.cr.execute(
                "CREATE INDEX IF NOT EXISTS customer_registry_record_name_trgm_idx "
                "ON customer_registry_record USING gin (name gin_trgm_ops)")

    @api.constrains("registered_capital")
    def _check_registered_capital(self):
        for record in self:
            if record.registered_capital < 0:
                raise ValidationError(_(
                    "Registered Capital of %s cannot be negative (%s).")
                    % (record.uscc, record.registered_capital))

    @api.constrains("founding_date")
    def _check_founding_date(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.founding_date and record.founding_date > today:
                raise ValidationError(_(
                    "Founding Date of %s cannot be in the future (%s).")
                    % (record.uscc, record.founding_date))

    @api.model
    def _registry_clean_vals(self, vals):
        """The values with the USCC compacted and checked, names normalised."""
        vals = dict(vals)
        if "uscc" in vals:
            try:
                vals["uscc"] = clean_registration(vals["uscc"] or "", "CN")
            except InvalidRegistration as error:
                raise ValidationError(_(
                    "USCC \"%s\" is not a valid Unified Social Credit Code.") % error.number)
        for name in ("name", "legal_representative"):
            if isinstance(vals.get(name), str):
                vals[name] = normalize_name(vals[name])
        if isinstance(vals.get("former_names"), str):
            vals["former_names"] = "\n".join(split_former_names(vals["former_names"])) or False
        return vals

    @api.model
    def create(self, vals):
        return super().create(self._registry_clean_vals(vals))

    @api.multi
    def write(self, vals):
        vals = self._registry_clean_vals(vals)
        if vals.get("name"):
            # A new registered name: the old one becomes a former name of the row.
            for record in self.filtered(lambda r: r.name and r.name != vals["name"]):
                names = split_former_names(vals.get("former_names", record.former_names))
                if record.name not in names:
                    names.append(record.name)
                super(CustomerRegistryRecord, record).write(
                    dict(vals, former_names="\n".join(names)))
            others = self.filtered(lambda r: not r.name or r.name == vals["name"])
            return super(CustomerRegistryRecord, others).write(vals) if others else True
        return super().write(vals)

    @api.multi
    def name_get(self):
        """The registered name with its USCC: a similar name's row is told apart at a glance."""
        return [(record.id, "%s (%s)" % (record.name, record.uscc)) for record in self]

    @api.model
    def _convert_records(self, records, log=lambda a: None):
        """An import (``load``) without ids updates the rows of the USCCs already known."""
        converted = list(super()._convert_records(records, log=log))
        keys = {registration_key(record.get("uscc"), "CN") for dbid, xid, record, info in converted
                if not dbid and not xid and record.get("uscc")}
        known = {row.uscc: row.id for row in self.search([("uscc", "in", list(keys - {False}))])}
        for dbid, xid, record, info in converted:
            if not dbid and not xid and record.get("uscc"):
                dbid = known.get(registration_key(record["uscc"], "CN"), False)
            yield dbid, xid, record, info

    # ------------------------------------------------------------------ lookups

    @api.model
    def _registry_search_name(self, name, threshold, limit=5):
        """Rows whose registered name or a former name is the name, else the most alike by trigram."""
        name = normalize_name(name or "")
        if not name:
            return self.browse()
        self.env.cr.execute("""
            SELECT id FROM customer_registry_record
             WHERE name = %(name)s
                OR %(name)s = ANY(string_to_array(coalesce(former_names, ''), E'\\n'))
             ORDER BY (name = %(name)s) DESC, id LIMIT %(limit)s""", {"name": name, "limit": limit})
        ids = [row[0] for row in self.env.cr.fetchall()]
        if not ids:
            self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            if self.env.cr.fetchone():
                self.env.cr.execute(
                    "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", (str(threshold),))
                self.env.cr.execute("""
                    SELECT id FROM customer_registry_record WHERE name %% %(name)s
                     ORDER BY similarity(name, %(name)s) DESC, id LIMIT %(limit)s""",
                                    {"name": name, "limit": limit})
                ids = [row[0] for row in self.env.cr.fetchall()]
        return self.browse(ids)
