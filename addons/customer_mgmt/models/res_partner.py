"""The one create and write of res.partner in customer_mgmt: every step of a customer save, in order.

The concerns are abstract mixins (customer_*_mixin.py: naming, contact validation, duplicates,
archive, history, account access, pool, masking, registry, change approval) holding fields, computes and the
hooks called here; none of them overrides create or write. The guard
(base_guard.py) has already refused system-maintained fields and bad values of the client's call.

create: normalise → salesperson → region → validate → naming and code → duplicate flag
        → one super().create → completeness, duplicate note
write:  masked values sent back unchanged dropped → gated fields to change requests → normalise → salesperson → region → shared checks → per-partner values (validation,
        naming issues, codes, new owners, comparison keys) → one super().write per distinct set of values
        (one in the common case) → former names, notes on companies, completeness
"""
from collections import namedtuple

from odoo import api, models

from .customer_naming_mixin import INTERNAL_PARTNER_KEY, NAMING_TRIGGERS
from ..utils.markers import marked
from .customer_contact_validation_mixin import COUNTRY_FIELDS, PHONE_FIELDS
from .customer_duplicate_mixin import DUPLICATE_KEY_FIELDS, DUPLICATE_KEY_SOURCES

# What the rules need to know of a partner as it will be once saved.
PartnerState = namedtuple("PartnerState", "customer is_company in_scope is_account internal")
VALIDATED_FIELDS = PHONE_FIELDS + COUNTRY_FIELDS + ("email", "registration_number")


class ResPartner(models.Model):
    """The customer: the concerns' fields and hooks, and the one create and write."""

    _name = "res.partner"
    _inherit = ["customer.merge.mixin", "customer.naming.mixin",
                "customer.contact.validation.mixin",
                "customer.duplicate.mixin", "customer.conflict.mixin", "customer.archive.mixin",
                "customer.history.mixin",
                "customer.account.access.mixin", "customer.pool.mixin", "customer.prefetch.mixin",
                "customer.mask.mixin", "customer.registry.partner.mixin",
                "customer.change.approval.mixin", "res.partner"]

    @api.model
    def create(self, vals):
        vals = self._customer_mgmt_normalize_vals(vals)
        vals = self._default_account_salesperson(vals)
        self._check_salesperson_assignment(vals)
        vals = self._archive_region_vals(vals)
        state = self._customer_mgmt_create_state(vals)
        vals = self._validation_create_vals(vals, state)
        vals = self._naming_create_vals(vals, state)
        duplicates = self._duplicate_create_check(vals, state)
        creator = self._history_create_context()
        if duplicates:
            vals["possible_duplicate"] = True
            # The duplicate note says it was created: one message, not a second one.
            creator = creator.with_context(mail_create_nolog=True)
        partner = super(ResPartner, creator).create(vals).with_env(self.env)
        partner._update_completeness()
        if duplicates:
            partner._duplicate_post_created(duplicates)
        return partner

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        # Masking holds on every read as the user (search_read and the web client too).
        return self._mask_read_rows(super().read(fields, load=load))

    @api.multi
    def write(self, vals):
        vals = self._mask_write_vals(vals)
        vals = self._approval_write_vals(vals)
        vals = self._customer_mgmt_normalize_vals(vals)
        unowned = self._access_write_check(vals)
        if unowned and unowned == self:
            vals, unowned = dict(vals, user_id=self.env.uid), self.browse()
        vals = self._archive_region_vals(vals)
        vals = self._naming_write_vals(vals)
        vals = self._validation_write_vals(vals)
        former_names = self._naming_before_write(vals)
        contact_changes = self._history_before_write(vals)

        sync = self._account_sync_by_sql(vals)
        target = self.with_context(recompute=False) if sync else self
        result = True
        for partners, partner_vals in target._customer_mgmt_split_write(vals, unowned):
            # Keys computed in the values are not computed again by the ORM.
            keys = [self._fields[name] for name in DUPLICATE_KEY_FIELDS if name in partner_vals]
            with partners.env.protecting(keys, partners):
                result = super(ResPartner, partners).write(partner_vals) and result
        if sync:
            # The ORM would recompute the account fields of every contact of these accounts
            # record by record: they are copied in one UPDATE, the rest is recomputed as usual.
            self._sync_account_fields()
            self.recompute()

        self._naming_after_write(former_names)
        self._history_after_write(contact_changes)
        self._archive_after_write(vals)
        return result

    @api.multi
    def _customer_mgmt_split_write(self, vals, unowned):
        """[(partners, values)] of a write: the values the partners get, grouped when equal.

        Phones and registration numbers are read in each partner's country, naming flags and
        codes are the partner's own: partners that end up with the same values share one
        ``super().write`` (all of them, unless a write mixes countries or makes new accounts).
        """
        validate = any(name in vals for name in VALIDATED_FIELDS)
        naming = any(name in vals for name in NAMING_TRIGGERS)
        keys = any(name in vals for name in DUPLICATE_KEY_SOURCES)  # validated or naming fields
        if not (validate or naming or unowned):
            return [(self, vals)]
        states = self._customer_mgmt_write_states(vals)
        rules = self._customer_mgmt_rules() if naming else None
        groups = {}
        for partner in self:
            delta = {}
            if validate:
                delta.update(partner._validation_partner_values(vals, states[partner.id]))
            if naming:
                delta.update(partner._naming_partner_values(vals, states[partner.id], rules))
            if partner in unowned:
                delta["user_id"] = self.env.uid
            if keys:
                delta.update(partner._duplicate_write_keys(dict(vals, **delta)))
            key = tuple(sorted(delta.items()))
            groups.setdefault(key, [self.browse(), delta])
            groups[key][0] |= partner
        self._validation_check_registration_unique(
            [(partners, delta) for partners, delta in groups.values()])
        return [(partners, dict(vals, **delta)) for partners, delta in groups.values()]

    # ------------------------------------------------------------------ scope

    @api.model
    def _customer_mgmt_internal_ids(self, partner_ids):
        """Ids of the partners of users and companies: no naming rules, no customer code."""
        partner_ids = [pid for pid in partner_ids if isinstance(pid, int)]
        if not partner_ids:
            return set()
        # Archived users included; one statement, as a search per model costs two.
        self.env.cr.execute("""
            SELECT partner_id FROM res_users WHERE partner_id = ANY(%(ids)s)
             UNION SELECT partner_id FROM res_company WHERE partner_id = ANY(%(ids)s)
        """, {"ids": partner_ids})
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _customer_mgmt_create_state(self, vals):
        """The PartnerState of a partner about to be created from ``vals``."""
        if marked(self.env, INTERNAL_PARTNER_KEY):
            return PartnerState(bool(vals.get("customer")), bool(vals.get("is_company")),
                                False, False, True)
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
        return PartnerState(bool(customer), bool(is_company), in_scope,
                            bool(customer and not parent), False)

    @api.multi
    def _customer_mgmt_write_states(self, vals):
        """{partner id: PartnerState} of these partners as ``vals`` will leave them."""
        internal_context = marked(self.env, INTERNAL_PARTNER_KEY)
        internal = set() if internal_context else self._customer_mgmt_internal_ids(self.ids)
        new_parent = self.browse(vals["parent_id"] or []) if "parent_id" in vals else None
        states = {}
        for partner in self:
            if internal_context or partner.id in internal:
                states[partner.id] = PartnerState(partner.customer, partner.is_company, False,
                                                  False, True)
                continue
            if "is_company" in vals:
                is_company = bool(vals["is_company"])
            elif "company_type" in vals:
                is_company = vals["company_type"] == "company"
            else:
                is_company = partner.is_company
            customer = vals["customer"] if "customer" in vals else partner.customer
            parent = partner.parent_id if new_parent is None else new_parent
            in_scope = bool(customer or parent.customer or parent.commercial_partner_id.customer)
            states[partner.id] = PartnerState(bool(customer), is_company, in_scope,
                                              bool(customer and not parent), False)
        return states

    @api.multi
    def _customer_mgmt_in_scope(self):
        """The partners naming rules and validation apply to: customers and their contacts."""
        if marked(self.env, INTERNAL_PARTNER_KEY):
            return self.browse()
        internal = self._customer_mgmt_internal_ids(self.ids)
        return self.filtered(lambda p: p.id not in internal and (
            p.customer or p.commercial_partner_id.customer or p.parent_id.customer))
