import logging
import re

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..utils import settings
from ..utils.accounts import account_domain, is_account
from ..utils.access import INTERNAL_USER
from ..utils.normalize import normalize_name
from ..utils.markers import marked
from ..utils.phone import phone_key
from ..utils.registration import registration_key

_logger = logging.getLogger(__name__)

CODE_SEQUENCE = "customer_mgmt.customer_code"
CODE_PREFIX_PARAM = "customer_mgmt.customer_code_prefix"
DEFAULT_CODE_PREFIX = "C"
# Context key set while res.users creates its partner: internal partners are not customers.
INTERNAL_PARTNER_KEY = "customer_mgmt_internal_partner"
# Context key set while crm's merge wizard writes the merged values on the destination.
MERGE_KEY = "customer_mgmt_merge"
NAMING_TRIGGERS = ("name", "is_company", "company_type", "customer", "parent_id", "type", "customer_kind")
# Customer kinds whose names carry no legal-form suffix (government bodies, universities, hospitals).
NO_LEGAL_SUFFIX_KINDS = ("government", "institution")
# What name_search reads as a whole phone number, and as a whole registration number (USCC).
PHONE_TEXT = re.compile(r"\+?[\d\s().\-]{6,}")
REGISTRATION_TEXT = re.compile(r"[0-9A-Za-z]{15,20}")


def code_prefix(env):
    """The configured prefix of new customer codes (may be empty)."""
    return (settings.get_text(env, CODE_PREFIX_PARAM, DEFAULT_CODE_PREFIX) or "").strip()


class CustomerNamingMixin(models.AbstractModel):
    """Customer names: normalization, naming rules, short and former names, customer code."""

    _name = "customer.naming.mixin"
    _description = "Customer Names and Codes"

    short_name = fields.Char(
        string="Short Name", index=True, track_visibility="onchange",
        help="The usual abbreviation (简称); the name field keeps the full legal name.",
        groups=INTERNAL_USER)
    former_name_ids = fields.One2many(
        "res.partner.former.name", "partner_id", string="Former Names",
        help="Legal names the customer used before (曾用名), kept when the name changes.",
        groups=INTERNAL_USER)
    naming_issue = fields.Boolean(
        string="Naming Issue", index=True, copy=False, readonly=True,
        help="The name breaks a naming rule of severity Warn and should be reviewed.",
        groups=INTERNAL_USER)
    naming_issue_note = fields.Text(
        string="Naming Issue Details", copy=False, readonly=True, groups=INTERNAL_USER)
    customer_code = fields.Char(
        string="Customer Code", index=True, copy=False, track_visibility="onchange",
        help="Unique code given to every customer account from a sequence; "
             "contact persons have none.", groups=INTERNAL_USER)

    _sql_constraints = [
        ("customer_code_unique", "unique(customer_code)", "The customer code must be unique."),
    ]

    # ----------------------------------------------------------------- rules

    @api.model
    def _customer_mgmt_normalize_vals(self, vals):
        """Return a copy of vals with normalized names."""
        vals = dict(vals)
        for field_name in ("name", "short_name"):
            if isinstance(vals.get(field_name), str):
                vals[field_name] = normalize_name(vals[field_name])
        return vals

    @api.model
    def _customer_mgmt_rules(self):
        return self.env["customer.naming.rule"].sudo().with_context(active_test=True).search([])

    @api.model
    def _customer_mgmt_broken_rules(self, rules, name, is_company, customer_kind=False):
        """Return the (blocking, warning) rules among rules that the name breaks."""
        scope = ("both", "company" if is_company else "individual")
        if customer_kind in NO_LEGAL_SUFFIX_KINDS:
            # Public bodies have no legal form: the suffix rule would only raise false alarms.
            rules = rules.filtered(lambda r: r.kind != "legal_suffix")
        broken = rules.filtered(lambda r: r.applies_to in scope and r._is_broken_by(name))
        return (broken.filtered(lambda r: r.severity == "block"),
                broken.filtered(lambda r: r.severity == "warn"))

    @api.model
    def _customer_mgmt_check_name(self, rules, name, is_company, partner_type="contact",
                                  customer_kind=False):
        """Refuse a name that breaks a blocking rule; return the warning rules it breaks."""
        if not name and partner_type != "contact":
            return rules.browse()  # addresses may have no name
        blocking, warning = self._customer_mgmt_broken_rules(rules, name, is_company, customer_kind)
        if blocking:
            raise ValidationError(_("The name \"%s\" is refused:\n%s") % (
                name or "", "\n".join(blocking.mapped("message"))))
        return warning

    @api.multi
    def _customer_mgmt_update_naming_issue(self):
        """Flag the names that break warning rules (and unflag the others), set-based."""
        rules = self._customer_mgmt_rules()
        in_scope = self._customer_mgmt_in_scope()
        by_note = {}
        for partner in self:
            note = False
            if partner in in_scope and (partner.name or partner.type == "contact"):
                warning = self._customer_mgmt_broken_rules(
                    rules, partner.name, partner.is_company, partner.customer_kind)[1]
                note = "\n".join(warning.mapped("message")) or False
            if (partner.naming_issue_note or False) != note or partner.naming_issue != bool(note):
                by_note.setdefault(note, self.browse())
                by_note[note] |= partner
        for note, partners in by_note.items():
            partners.write({"naming_issue": bool(note), "naming_issue_note": note})

    @api.model
    def _customer_mgmt_recheck_naming_issues(self, batch_size=1000):
        """Refresh the naming issue flags of all customers and contacts, batch by batch."""
        partners = self.sudo().with_context(active_test=False).search(
            ["|", ("customer", "=", True), ("commercial_partner_id.customer", "=", True)])
        flagged_before = self.sudo().with_context(active_test=False).search_count(
            [("naming_issue", "=", True)])
        for start in range(0, len(partners), batch_size):
            batch = partners[start:start + batch_size]
            batch._customer_mgmt_update_naming_issue()
            batch.invalidate_cache()
        flagged = self.sudo().with_context(active_test=False).search_count(
            [("naming_issue", "=", True)])
        _logger.info("Naming rules re-checked on %d partners: %d flagged (%d before)",
                     len(partners), flagged, flagged_before)
        return flagged

    # ------------------------------------------------------------------- code

    @api.model
    def _customer_mgmt_next_code(self):
        """Next free customer code: configured prefix + sequence number."""
        prefix = code_prefix(self.env)
        sequence = self.env["ir.sequence"].sudo()
        for _attempt in range(100):
            code = prefix + sequence.next_by_code(CODE_SEQUENCE)
            # Skip codes taken by imported legacy data.
            if not self.sudo().with_context(active_test=False).search_count(
                    [("customer_code", "=", code)]):
                return code
        raise ValidationError(_("No free customer code found with the prefix \"%s\".") % prefix)

    @api.model
    def _customer_mgmt_assign_missing_codes(self):
        """Give codes to customers that existed before the addon was installed (set-based)."""
        partners = self.sudo().with_context(active_test=False).search(
            account_domain(("customer_code", "=", False)), order="id")
        internal = partners._customer_mgmt_internal_ids(partners.ids)
        ids = [pid for pid in partners.ids if pid not in internal]
        if not ids:
            return 0
        prefix = code_prefix(self.env)
        self.env.cr.execute("SELECT customer_code FROM res_partner WHERE customer_code IS NOT NULL")
        taken = {row[0] for row in self.env.cr.fetchall()}
        codes = iter(self._customer_mgmt_next_codes(CODE_SEQUENCE, len(ids)))
        values = []
        for partner_id in ids:
            code = prefix + next(codes)
            while code in taken:
                code = prefix + self._customer_mgmt_next_codes(CODE_SEQUENCE, 1)[0]
            taken.add(code)
            values.append((partner_id, code))
        execute_values(
            self.env.cr,
            "UPDATE res_partner p SET customer_code = v.code FROM (VALUES %s) AS v(id, code) "
            "WHERE p.id = v.id",
            values)
        self.invalidate_cache(["customer_code"], ids)
        _logger.info("Customer codes given to %d existing customers", len(ids))
        return len(ids)

    @api.model
    def _customer_mgmt_next_codes(self, sequence_code, count):
        """The next ``count`` numbers of a sequence, drawn in one query when it is a PostgreSQL
        sequence (giving codes to 100,000 existing customers one by one took minutes)."""
        sequence = self.env["ir.sequence"].sudo().search(
            [("code", "=", sequence_code), ("company_id", "in", [self.env.user.company_id.id, False])],
            order="company_id", limit=1)
        if not sequence or sequence.implementation != "standard" or sequence.use_date_range:
            return [self.env["ir.sequence"].sudo().next_by_code(sequence_code) for _i in range(count)]
        self.env.cr.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                            ("ir_sequence_%03d" % sequence.id, count))
        return [sequence.get_next_char(row[0]) for row in self.env.cr.fetchall()]

    @api.multi
    def _customer_mgmt_check_code_free(self, code):
        """Refuse a customer code another partner already has, naming the value."""
        if not code:
            return
        other = self.sudo().with_context(active_test=False).search(
            [("customer_code", "=", code), ("id", "not in", self.ids)], limit=1)
        if other:
            raise ValidationError(
                _("The customer code \"%s\" is already used by another partner.") % code)

    # -------------------------------------------------------------- onchange

    @api.onchange("name", "is_company", "company_type", "customer_kind")
    def _onchange_name_naming_rules(self):
        """Tell the user at once which naming rules the name breaks."""
        if not self.name:
            return
        origin = getattr(self, "_origin", self.browse())
        if origin.id and self._customer_mgmt_internal_ids([origin.id]):
            return
        if not (self.customer or self.parent_id.commercial_partner_id.customer):
            return
        name = normalize_name(self.name)
        blocking, warning = self._customer_mgmt_broken_rules(
            self._customer_mgmt_rules(), name, self.is_company, self.customer_kind)
        if blocking or warning:
            lines = blocking.mapped("message") + warning.mapped("message")
            message = _("The name \"%s\" breaks these naming rules:\n%s") % (name, "\n".join(lines))
            if blocking:
                message += "\n" + _("It cannot be saved like this.")
            return {"warning": {"title": _("Naming rules"), "message": message}}

    # ------------------------------------------------------- pipeline hooks

    @api.model
    def _naming_create_vals(self, vals, state):
        """Create step: refuse a blocking name, flag a warning one, give an account its code."""
        if state.in_scope:
            warning = self._customer_mgmt_check_name(
                self._customer_mgmt_rules(), vals.get("name"), state.is_company,
                vals.get("type", "contact"), vals.get("customer_kind"))
            vals["naming_issue"] = bool(warning)
            vals["naming_issue_note"] = "\n".join(warning.mapped("message")) or False
        if vals.get("customer_code"):
            self._customer_mgmt_check_code_free(vals["customer_code"])
        elif state.is_account:
            vals["customer_code"] = self._customer_mgmt_next_code()
        return vals

    @api.multi
    def _naming_write_vals(self, vals):
        """Write step shared by the partners: a code given by hand must be free and one's own."""
        if marked(self.env, MERGE_KEY):
            # The merge wizard copies every value onto the destination: keep its own code.
            vals.pop("customer_code", None)
        if vals.get("customer_code"):
            if len(self) > 1:
                raise ValidationError(_("Several partners cannot get the same customer code \"%s\".")
                                      % vals["customer_code"])
            self._customer_mgmt_check_code_free(vals["customer_code"])
        return vals

    @api.multi
    def _naming_partner_values(self, vals, state, rules):
        """Write step of one partner: refuse a blocking new name, update the naming issue flag,
        give a new customer account its code."""
        self.ensure_one()
        values = {}
        name = vals["name"] if "name" in vals else self.name
        kind = vals["customer_kind"] if "customer_kind" in vals else self.customer_kind
        partner_type = vals.get("type", self.type)
        note = False
        if state.in_scope and (name or partner_type == "contact"):
            was_in_scope = bool(self.customer or self.commercial_partner_id.customer)
            if (name != self.name or state.is_company != self.is_company
                    or kind != self.customer_kind or not was_in_scope):
                self._customer_mgmt_check_name(rules, name, state.is_company, partner_type, kind)
            warning = self._customer_mgmt_broken_rules(rules, name, state.is_company, kind)[1]
            note = "\n".join(warning.mapped("message")) or False
        if (self.naming_issue_note or False) != note or self.naming_issue != bool(note):
            values.update(naming_issue=bool(note), naming_issue_note=note)
        if (("customer" in vals or "parent_id" in vals) and state.is_account
                and not self.customer_code and not vals.get("customer_code")):
            values["customer_code"] = self._customer_mgmt_next_code()
        return values

    @api.multi
    def _naming_before_write(self, vals):
        """The legal names that a write of ``vals`` replaces (kept as former names, 曾用名)."""
        if "name" not in vals:
            return []
        return [{"partner_id": p.id, "name": p.name} for p in self
                if is_account(p) and p.is_company and p.name and p.name != vals["name"]]

    @api.model
    def _naming_after_write(self, former_names):
        """Keep the replaced legal names, credited to the user who renamed (a name already kept,
        e.g. by the registry check, is not kept twice)."""
        FormerName = self.env["res.partner.former.name"].sudo()
        kept = set()
        if former_names:
            kept = {(row.partner_id.id, row.name) for row in FormerName.search([
                ("partner_id", "in", [values["partner_id"] for values in former_names])])}
        for values in former_names:
            if (values["partner_id"], values["name"]) not in kept:
                FormerName.create(dict(values, user_id=self.env.uid))

    # -------------------------------------------------------------- searching

    @api.model
    def _customer_mgmt_name_domain(self, name, operator):
        """Domain matching short names, former names and customer codes, and a phone or
        registration number typed whole (matched on its indexed comparison form, so spacing,
        a country code or lower case do not matter)."""
        domain = ["|", "|", ("short_name", operator, name), ("customer_code", operator, name),
                  ("former_name_ids.name", operator, name)]
        text = name.strip()
        country = self._customer_mgmt_default_country()
        if PHONE_TEXT.fullmatch(text):
            key = phone_key(text, country)
            if key:
                domain = expression.OR([domain, [("phone_key", "=", key)],
                                        [("mobile_key", "=", key)]])
        key = (REGISTRATION_TEXT.fullmatch(re.sub(r"[\s.\-]", "", text))
               and registration_key(text, country))
        if key:
            domain = expression.OR([domain, [("registration_number", "=", key)]])
        return domain

    @api.model
    def name_search(self, name, args=None, operator="ilike", limit=100):
        """Also find partners by short name, former name and customer code (internal users: the
        fields are theirs only)."""
        result = super().name_search(name, args=args, operator=operator, limit=limit)
        if not name or operator not in ("=", "ilike", "=ilike", "like", "=like"):
            return result
        if not self.user_has_groups(INTERNAL_USER):
            return result
        if limit and len(result) >= limit:
            return result
        found = [row[0] for row in result]
        domain = expression.AND([
            args or [],
            self._customer_mgmt_name_domain(name, operator),
            [("id", "not in", found)],
        ])
        extra = self.search(domain, limit=limit and limit - len(result) or None)
        return result + extra.name_get()
