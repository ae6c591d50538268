import logging

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..utils import settings
from ..utils.accounts import is_account
from ..utils.access import INTERNAL_USER
from ..utils.normalize import normalize_name

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


def code_prefix(env):
    """The configured prefix of new customer codes (may be empty)."""
    return (settings.get_text(env, CODE_PREFIX_PARAM, DEFAULT_CODE_PREFIX) or "").strip()


class ResPartner(models.Model):
    """Customer names: normalization, naming rules, short and former names, customer code."""

    _inherit = "res.partner"

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

    # ------------------------------------------------------------------ scope

    @api.model
    def _customer_mgmt_internal_ids(self, partner_ids):
        """Ids of the partners of users and companies: no naming rules, no customer code."""
        partner_ids = [pid for pid in partner_ids if isinstance(pid, int)]
        if not partner_ids:
            return set()
        users = self.env["res.users"].sudo().with_context(active_test=False).search(
            [("partner_id", "in", partner_ids)])
        companies = self.env["res.company"].sudo().search([("partner_id", "in", partner_ids)])
        return set(users.mapped("partner_id").ids) | set(companies.mapped("partner_id").ids)

    @api.model
    def _customer_mgmt_create_state(self, vals):
        """(in scope, is company, is customer account) of a partner about to be created."""
        if self.env.context.get(INTERNAL_PARTNER_KEY):
            return False, False, False
        missing = [f for f in ("customer", "is_company") if f not in vals]
        defaults = self.default_get(missing) if missing else {}
        customer = vals.get("customer", defaults.get("customer"))
        if "is_company" in vals:
            is_company = vals["is_company"]
        elif "company_type" in vals:
            is_company = vals["company_type"] == "company"
        else:
            is_company = defaults.get("is_company")
        parent = self.browse(vals.get("parent_id") or [])
        in_scope = bool(customer or parent.commercial_partner_id.customer)
        return in_scope, bool(is_company), bool(customer and not parent)

    @api.multi
    def _customer_mgmt_in_scope(self):
        """The partners naming rules and validation apply to: customers and their contacts."""
        if self.env.context.get(INTERNAL_PARTNER_KEY):
            return self.browse()
        internal = self._customer_mgmt_internal_ids(self.ids)
        return self.filtered(lambda p: p.id not in internal and (
            p.customer or p.commercial_partner_id.customer or p.parent_id.customer))

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

    @api.multi
    def _customer_mgmt_assign_code(self):
        """Give a code to the customer accounts that have none (contacts never get one)."""
        candidates = self.filtered(lambda p: is_account(p) and not p.customer_code)
        if not candidates or self.env.context.get(INTERNAL_PARTNER_KEY):
            return
        internal = self._customer_mgmt_internal_ids(candidates.ids)
        for partner in candidates.filtered(lambda p: p.id not in internal):
            # Not under the merge key, which drops customer codes from writes.
            partner.with_context(**{MERGE_KEY: False}).write({"customer_code": partner._customer_mgmt_next_code()})

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

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        vals = self._customer_mgmt_normalize_vals(vals)
        in_scope, is_company, is_account = self._customer_mgmt_create_state(vals)
        if in_scope:
            warning = self._customer_mgmt_check_name(
                self._customer_mgmt_rules(), vals.get("name"), is_company,
                vals.get("type", "contact"), vals.get("customer_kind"))
            vals["naming_issue"] = bool(warning)
            vals["naming_issue_note"] = "\n".join(warning.mapped("message")) or False
        if vals.get("customer_code"):
            self._customer_mgmt_check_code_free(vals["customer_code"])
        elif is_account:
            vals["customer_code"] = self._customer_mgmt_next_code()
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        vals = self._customer_mgmt_normalize_vals(vals)
        if self.env.context.get(MERGE_KEY):
            # The merge wizard copies every value onto the destination: keep its own code.
            vals.pop("customer_code", None)
        if vals.get("customer_code"):
            if len(self) > 1:
                raise ValidationError(_("Several partners cannot get the same customer code \"%s\".")
                                      % vals["customer_code"])
            self._customer_mgmt_check_code_free(vals["customer_code"])
        triggers = [key for key in NAMING_TRIGGERS if key in vals]
        renamed = self.browse()
        if triggers:
            self._customer_mgmt_check_write(vals)
            if "name" in vals:
                renamed = self.filtered(
                    lambda p: p.is_company and p.customer and not p.parent_id and p.name
                    and p.name != vals["name"])
                former_names = [{"partner_id": p.id, "name": p.name} for p in renamed]
        result = super(ResPartner, self).write(vals)
        if renamed:
            FormerName = self.env["res.partner.former.name"].sudo()
            for values in former_names:
                values["user_id"] = self.env.uid
                FormerName.create(values)
        if triggers:
            self._customer_mgmt_update_naming_issue()
        if "customer" in vals or "parent_id" in vals:
            self._customer_mgmt_assign_code()
        return result

    @api.multi
    def _customer_mgmt_check_write(self, vals):
        """Check the naming rules against the values the partners will have after the write."""
        if self.env.context.get(INTERNAL_PARTNER_KEY):
            return
        internal = self._customer_mgmt_internal_ids(self.ids)
        rules = None
        parent = self.browse(vals["parent_id"] or []) if "parent_id" in vals else None
        for partner in self.filtered(lambda p: p.id not in internal):
            name = vals["name"] if "name" in vals else partner.name
            if "is_company" in vals:
                is_company = bool(vals["is_company"])
            elif "company_type" in vals:
                is_company = vals["company_type"] == "company"
            else:
                is_company = partner.is_company
            customer = vals["customer"] if "customer" in vals else partner.customer
            kind = vals["customer_kind"] if "customer_kind" in vals else partner.customer_kind
            new_parent = partner.parent_id if parent is None else parent
            in_scope = bool(customer or new_parent.commercial_partner_id.customer)
            was_in_scope = bool(partner.customer or partner.commercial_partner_id.customer)
            changed = (name != partner.name or is_company != partner.is_company
                       or kind != partner.customer_kind or (in_scope and not was_in_scope))
            if in_scope and changed:
                if rules is None:
                    rules = self._customer_mgmt_rules()
                self._customer_mgmt_check_name(
                    rules, name, is_company, vals.get("type", partner.type), kind)

    # -------------------------------------------------------------- searching

    @api.model
    def _customer_mgmt_name_domain(self, name, operator):
        """Domain matching short names, former names and customer codes."""
        return ["|", "|", ("short_name", operator, name), ("customer_code", operator, name),
                ("former_name_ids.name", operator, name)]

    @api.model
    def name_search(self, name, args=None, operator="ilike", limit=100):
        """Also find partners by short name, former name and customer code (internal users: the
        fields are theirs only)."""
        result = super(ResPartner, self).name_search(name, args=args, operator=operator, limit=limit)
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
