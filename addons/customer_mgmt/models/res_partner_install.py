"""res.partner's table: our indexes, and our stored computed columns created and filled set-based."""
import logging

from psycopg2 import sql as psycopg2_sql
from psycopg2.extras import execute_values

from odoo import api, models, tools
from odoo.tools import split_every

from ..utils.phone import phone_key
from ..utils.trigram import create_trigram_index, ensure_pg_trgm

_logger = logging.getLogger(__name__)

# Stored computed fields whose columns install creates and fills set-based (see _auto_init).
PREFILLED_FIELDS = (
    "duplicate_key", "phone_key", "mobile_key", "email_key", "duplicate_keys_date",
    "size_class", "region_auto_id",
    "region_id", "completeness", "completeness_missing_ids", "account_user_id",
    "account_customer", "account_team_id", "account_pool_id",
)
PREFILL_BATCH = 10000
# Columns name_search matches a fragment in (see customer_naming_mixin.name_search).
NAME_SEARCH_COLUMNS = ("display_name", "email", "ref", "vat", "short_name", "customer_code",
                       "former_codes")


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model_cr
    def init(self):
        """Indexes the ORM cannot declare: registration numbers unique among active partners,
        and pg_trgm's trigram indexes when the database allows the extension."""
        super().init()
        cr = self.env.cr
        cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS res_partner_registration_number_active_uniq "
            "ON res_partner (registration_number) "
            "WHERE active AND registration_number IS NOT NULL")
        if not ensure_pg_trgm(cr):
            return
        # Similar names at create and in the nightly scan; name_search's fragments (Odoo's
        # four columns, then our names): without trigram indexes each reads the whole table.
        for column in ("duplicate_key",) + NAME_SEARCH_COLUMNS:
            create_trigram_index(cr, "res_partner", column)

    @api.model_cr_context
    def _auto_init(self):
        """Create our stored computed columns ahead of the ORM and fill them set-based.

        Left to the ORM, installing on a filled database recomputes them and writes them one
        partner at a time (hours at 100,000 customers). Regions and completeness need their
        configuration records, whose creation fills them (customer.region, profile fields).
        """
        cr = self.env.cr
        columns = tools.table_columns(cr, self._table)
        self._customer_mgmt_add_default_columns(columns)
        created = []
        for name in PREFILLED_FIELDS:
            field = self._fields[name]
            exists = (tools.table_exists(cr, field.relation) if field.type == "many2many"
                      else name in columns)
            if not exists:
                field.update_db(self, columns)  # the same DDL the ORM would run
                created.append(name)
        result = super()._auto_init()
        if created:
            self._customer_mgmt_prefill(created)
        return result

    @api.model
    def _customer_mgmt_add_default_columns(self, columns):
        """Add the new columns that have a default with PostgreSQL's default, then drop it.

        The ORM adds such a column empty and then writes the default into every row with an
        UPDATE: on 300,000 partners each of those rewrites the table and all its indexes
        (minutes per column). PostgreSQL stores a column default given with ADD COLUMN for
        the existing rows without rewriting them, so the ORM then finds nothing to fill.
        """
        cr = self.env.cr
        for name, field in self._fields.items():
            if (name in columns or not field.store or not field.column_type or field.manual
                    or not field.default or field.type == "boolean" and not field.default(self)):
                continue
            if field.type in ("many2one", "many2many", "one2many", "binary") or field.translate:
                continue
            value = field.convert_to_column(
                field.convert_to_write(field.default(self), self), self)
            if value is None:
                continue
            identifier = psycopg2_sql.Identifier(name)
            cr.execute(psycopg2_sql.SQL("ALTER TABLE res_partner ADD COLUMN {} {} DEFAULT %s").format(
                identifier, psycopg2_sql.SQL(field.column_type[1])), (value,))
            cr.execute(psycopg2_sql.SQL("ALTER TABLE res_partner ALTER COLUMN {} DROP DEFAULT").format(
                identifier))
            cr.execute(psycopg2_sql.SQL("COMMENT ON COLUMN res_partner.{} IS %s").format(
                identifier), (field.string,))
            _logger.info("Added column res_partner.%s with its default for the existing rows", name)

    @api.model
    def _customer_mgmt_prefill(self, names):
        """Fill the just-created columns ``names`` of all existing partners in a few statements."""
        cr = self.env.cr
        if {"account_user_id", "account_customer", "account_team_id"} & set(names):
            cr.execute("""
                UPDATE res_partner p
                   SET account_user_id = a.user_id, account_customer = a.customer,
                       account_team_id = a.team_id
                  FROM res_partner a
                 WHERE a.id = COALESCE(p.commercial_partner_id, p.id)
            """)
        if "account_pool_id" in names and "pool_id" in tools.table_columns(cr, self._table):
            cr.execute("""
                UPDATE res_partner p SET account_pool_id = a.pool_id
                  FROM res_partner a
                 WHERE a.id = COALESCE(p.commercial_partner_id, p.id) AND a.pool_id IS NOT NULL
            """)
        if "size_class" in names and "employee_count" in tools.table_columns(cr, self._table):
            self._recompute_size_class_all()
        if "duplicate_key" in names:
            self._customer_mgmt_prefill_duplicate_keys()
        _logger.info("Filled %s of the existing partners set-based", ", ".join(names))

    @api.model
    def _customer_mgmt_prefill_duplicate_keys(self):
        """Duplicate keys of every partner: the keys are Python functions, the rest is SQL."""
        from .customer_duplicate_mixin import company_duplicate_key, email_comparison_key
        cr = self.env.cr
        default_country = self._customer_mgmt_default_country()
        cr.execute("""
            SELECT p.id, p.is_company, p.name, p.phone, p.mobile, p.email,
                   COALESCE(pc.code, cc.code, parc.code, parcc.code, compc.code)
              FROM res_partner p
              LEFT JOIN res_country pc ON pc.id = p.country_id
              LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
              LEFT JOIN res_country cc ON cc.id = c.country_id
              LEFT JOIN res_partner par ON par.id = p.parent_id
              LEFT JOIN res_country parc ON parc.id = par.country_id
              LEFT JOIN res_partner parcp ON parcp.id = par.commercial_partner_id
              LEFT JOIN res_country parcc ON parcc.id = parcp.country_id
              LEFT JOIN res_company comp ON comp.id = p.company_id
              LEFT JOIN res_partner compp ON compp.id = comp.partner_id
              LEFT JOIN res_country compc ON compc.id = compp.country_id
        """)
        rows = cr.fetchall()
        for batch in split_every(PREFILL_BATCH, rows):
            values = []
            for pid, is_company, name, phone, mobile, email, country in batch:
                region = country or default_country
                values.append((pid, (is_company and company_duplicate_key(name)) or None,
                               phone_key(phone, region) or None,
                               phone_key(mobile, region) or None,
                               email_comparison_key(email) or None))
            execute_values(cr, """
                UPDATE res_partner p
                   SET duplicate_key = v.dkey, phone_key = v.pkey, mobile_key = v.mkey,
                       email_key = v.ekey
                  FROM (VALUES %s) AS v(id, dkey, pkey, mkey, ekey)
                 WHERE p.id = v.id""", values, page_size=1000)
