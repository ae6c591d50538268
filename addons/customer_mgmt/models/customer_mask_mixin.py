"""Masking of contact data (脱敏) on res.partner: who sees which phone, mobile and e-mail masked.

The policies (customer.mask.policy) give, for the current user, the masked fields per
condition; ``_mask_map`` turns them into {partner id: {field: format}} with one query. Every
path reading partners as the user applies it: ``read`` (so search_read and the web client),
``name_get`` with the e-mail, exports, read_group (no grouping by a masked field), the chatter's
tracking values, the change history and the timeline, the values an onchange copies from a
partner. Searching: a full number still finds its customer (duplicate checks), which then
shows masked; a fragment (``ilike``) matches only the partners whose value the user sees
unmasked, so a guessed number is not confirmed digit by digit. Code reading records as the
system (sudo, attribute access in the ORM) sees the real values.
"""
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..utils.access import CUSTOMER_STAFF, INTERNAL_USER, allowed_groups
from ..utils.markers import mark, marked
from ..utils.masking import (DERIVED_FIELDS, MASK_CHAR, MASKABLE_FIELDS, export_masked,
                             mask_value, masked_values_sent_back)
from ..utils.phone import phone_key
from .customer_duplicate_mixin import email_comparison_key

CONDITION_SQL = {
    # Customer accounts (and their contacts: the account_* columns are the account's).
    "customer": "p.account_customer",
    "pool": "p.account_customer AND p.account_user_id IS NULL",
    "not_own": "p.account_customer AND p.account_user_id IS DISTINCT FROM %(uid)s",
    "other_team": """p.account_customer
        AND p.account_user_id IS DISTINCT FROM %(uid)s
        AND COALESCE(holder_team.user_id, 0) <> %(uid)s
        AND COALESCE(account_team.user_id, 0) <> %(uid)s
        AND (p.account_team_id IS NULL OR p.account_team_id <> ALL(%(team_ids)s))""",
}
# The searchable masked fields and the comparison key a whole value is compared on (the
# duplicate check's keys).
SEARCH_KEY_FIELDS = {"phone": "phone_key", "mobile": "mobile_key", "email": "email_key",
                     "phone_key": "phone_key", "mobile_key": "mobile_key",
                     "email_key": "email_key"}
LIKE_OPERATORS = ("like", "ilike", "=like", "=ilike", "not like", "not ilike")
# The marker (utils/markers.py) of the search finding which partners a fragment matches (not
# rewritten again).
RAW_SEARCH_KEY = "customer_mgmt_mask_raw_search"


class CustomerMaskMixin(models.AbstractModel):
    """The masked contact fields of partners for the current user, and the reveal."""

    _name = "customer.mask.mixin"
    _description = "Masking of Contact Data"

    contact_masked = fields.Boolean(
        string="Contact Data Masked", compute="_compute_contact_masked",
        help="Some of the phone, mobile or e-mail are masked for you; Show number reveals one "
             "(logged, limited per day).", groups=INTERNAL_USER)

    @api.multi
    def _compute_contact_masked(self):
        """Masked for the reader (not stored: it depends on who reads)."""
        masks = self._mask_map()
        for partner in self:
            partner.contact_masked = bool(masks.get(partner.id))

    # ------------------------------------------------------------------ the masks

    @api.multi
    def _mask_map(self, field_names=None):
        """{partner id: {field: format}} of these partners' fields masked for the user.

        ``field_names`` limits the work to the fields asked (derived fields count for their
        source field); without it every maskable field is considered.
        """
        if self.env.uid == SUPERUSER_ID:
            return {}
        rules = self.env["customer.mask.policy"]._mask_rules()
        if field_names is not None:
            wanted = {DERIVED_FIELDS.get(name, name) for name in field_names}
            rules = [rule for rule in rules if rule[1] in wanted]
        ids = [pid for pid in self.ids if isinstance(pid, int)]
        if not rules or not ids:
            return {}
        matched = self._mask_condition_ids({rule[0] for rule in rules}, ids)
        candidates = set().union(*matched.values())
        exempt = self._mask_exempt_partner_ids(sorted(candidates)) if candidates else set()
        result = {}
        for condition, field_name, mask_format in rules:
            for pid in matched[condition] - exempt:
                result.setdefault(pid, {}).setdefault(field_name, mask_format)
        return result

    @api.model
    def _mask_condition_ids(self, conditions, ids):
        """{condition: ids matching it} for these partner ids, in one query."""
        conditions = sorted(conditions)
        user = self.env.user
        team_ids = list(set(user.sale_team_id.ids) | set(
            self.env["crm.team"].sudo().search([("user_id", "=", user.id)]).ids)) or [0]
        # The condition texts are fixed here; the values are query parameters.
        columns = ", ".join("COALESCE(%s, FALSE)" % CONDITION_SQL[condition]
                            for condition in conditions)
        self.env.cr.execute("""
            SELECT p.id, %s
              FROM res_partner p
              LEFT JOIN res_users holder ON holder.id = p.account_user_id
              LEFT JOIN crm_team holder_team ON holder_team.id = holder.sale_team_id
              LEFT JOIN crm_team account_team ON account_team.id = p.account_team_id
             WHERE p.id = ANY(%%(ids)s)""" % columns,
                            {"ids": ids, "uid": self.env.uid, "team_ids": team_ids})
        matched = {condition: set() for condition in conditions}
        for row in self.env.cr.fetchall():
            for condition, hit in zip(conditions, row[1:]):
                if hit:
                    matched[condition].add(row[0])
        return matched

    @api.model
    def _mask_exempt_partner_ids(self, partner_ids):
        """Hook: ids of these partners shown unmasked to the user whatever the policies say
        (customer_feedback: the customers of the user's open tickets)."""
        return set()

    @api.model
    def _mask_masked_field_names(self):
        """Every field (derived ones included) some policy of the user masks."""
        if self.env.uid == SUPERUSER_ID:
            return set()
        masked = {rule[1] for rule in self.env["customer.mask.policy"]._mask_rules()}
        return masked | {name for name, source in DERIVED_FIELDS.items() if source in masked}

    @api.multi
    def _mask_read_rows(self, rows):
        """The rows of ``read`` with the masked values of the user replaced, in place."""
        if not rows:
            return rows
        names = [name for name in rows[0]
                 if name in MASKABLE_FIELDS or name in DERIVED_FIELDS]
        if not names:
            return rows
        masks = self.browse([row["id"] for row in rows])._mask_map(names)
        if not masks:
            return rows
        real = {}
        if "email_formatted" in names:
            real = {partner.id: partner.email for partner in self.sudo().browse(list(masks))}
        for row in rows:
            formats = masks.get(row["id"])
            if not formats:
                continue
            for name in names:
                source = DERIVED_FIELDS.get(name, name)
                if source not in formats:
                    continue
                row[name] = self._mask_one(name, formats[source], row[name], real.get(row["id"]))
        return rows

    @api.model
    def _mask_one(self, name, mask_format, value, email=None):
        """The masked value of one field (e-mail in a formatted address: only the address)."""
        if name == "email_formatted":
            if value and email:
                return value.replace(email, mask_value(mask_format, email))
            return value
        return mask_value(mask_format, value)

    @api.model
    def _mask_copied_values(self, values, partner_id, field_map):
        """Mask in place the values copied from a partner into another record's form (an
        onchange result): ``field_map`` is {form field: partner field}; a value is masked
        when it is the partner's real value and that field is masked for the user."""
        names = [name for name, source in field_map.items()
                 if isinstance(values.get(name), str) and values[name]]
        if not names or not isinstance(partner_id, int):
            return values
        formats = self.browse(partner_id)._mask_map(
            [field_map[name] for name in names]).get(partner_id)
        if not formats:
            return values
        real = self.sudo().browse(partner_id)
        for name in names:
            source = field_map[name]
            if source in formats and values[name] == real[source]:
                values[name] = mask_value(formats[source], values[name])
        return values

    # ------------------------------------------------------------------ searching

    @api.model
    def _where_calc(self, domain, active_test=True):
        """Every search of partners (search, search_count, read_group, name_search, paths from
        other models): fragments of masked values rewritten by ``_mask_search_domain``."""
        if domain and self.env.uid != SUPERUSER_ID and not marked(self.env, RAW_SEARCH_KEY):
            domain = self._mask_search_domain(domain)
        return super()._where_calc(domain, active_test=active_test)

    @api.model
    def _mask_search_domain(self, domain):
        """The domain with each ``like`` leaf on a field masked for the user restricted to the
        partners the user sees it unmasked on, or whose comparison key is the value's."""
        def targeted(leaf):
            return (isinstance(leaf, (list, tuple)) and len(leaf) == 3
                    and leaf[0] in SEARCH_KEY_FIELDS and leaf[1] in LIKE_OPERATORS
                    and isinstance(leaf[2], str) and leaf[2])
        if not any(targeted(leaf) for leaf in domain):
            return domain
        masked_fields = self._mask_masked_field_names()
        result = []
        for leaf in domain:
            if targeted(leaf) and leaf[0] in masked_fields:
                result.extend(self._mask_search_leaf(tuple(leaf)))
            else:
                result.append(leaf)
        return result

    @api.model
    def _mask_search_leaf(self, leaf):
        """One ``like`` leaf as a domain: the partners it matches on which the field is masked
        are left out, unless (positive operators) the value is their whole number or address
        (the same comparison key): a search finds no more than before, only fewer."""
        name, operator, value = leaf
        raw = self.with_context(active_test=False, **mark(RAW_SEARCH_KEY))
        matched = raw._search([leaf])
        masked = self.browse(matched)._mask_map([DERIVED_FIELDS.get(name, name)])
        if not masked:
            return [leaf]
        key_field = SEARCH_KEY_FIELDS[name]
        key = False if operator.startswith("not") else self._mask_search_key(key_field, value)
        excluded = [partner.id for partner in self.sudo().browse(sorted(masked))
                    if not key or partner[key_field] != key]
        return ["&", leaf, ("id", "not in", excluded)] if excluded else [leaf]

    @api.model
    def _mask_search_key(self, key_field, value):
        """The comparison key of a searched value, as the duplicate check computes it."""
        text = value.replace("%", "").strip()
        if key_field == "email_key":
            return email_comparison_key(text)
        return phone_key(text, self._customer_mgmt_default_country())

    @api.model
    def name_search(self, name, args=None, operator="ilike", limit=100):
        """Odoo also finds partners by a fragment of their e-mail (in SQL): a partner whose
        e-mail is masked for the user is left out when only its e-mail matched."""
        result = super().name_search(name, args=args, operator=operator, limit=limit)
        if (not name or not result or self.env.uid == SUPERUSER_ID
                or operator not in ("ilike", "like", "=ilike", "=like")):
            return result
        masks = self.browse([row[0] for row in result])._mask_map(["email"])
        suspects = sorted(pid for pid, formats in masks.items() if "email" in formats)
        if not suspects:
            return result
        text = name.split(" / ")[-1]
        found_otherwise = expression.OR([
            [("display_name", operator, text)], [("ref", operator, text)],
            [("vat", operator, text)],
            [("email_key", "=", email_comparison_key(text.strip()) or False)],
            self._customer_mgmt_name_domain(name, operator)])
        kept = set(self.with_context(active_test=False).search(
            expression.AND([[("id", "in", suspects)], found_otherwise])).ids)
        return [row for row in result if row[0] in kept or row[0] not in suspects]

    # ------------------------------------------------------------------ other read paths

    @api.multi
    def name_get(self):
        """With ``show_email`` the name holds the e-mail: masked like the field."""
        result = super().name_get()
        if not self.env.context.get("show_email"):
            return result
        masks = self._mask_map(["email"])
        if not masks:
            return result
        emails = {partner.id: partner.email for partner in self.sudo().browse(list(masks))}
        masked = []
        for partner_id, name in result:
            mask_format = masks.get(partner_id, {}).get("email")
            email = emails.get(partner_id)
            if mask_format and email:
                name = name.replace(email, mask_value(mask_format, email))
            masked.append((partner_id, name))
        return masked

    @api.multi
    def message_get_suggested_recipients(self):
        """The chatter's suggested recipients show ``name<e-mail>``: the e-mail masked."""
        result = super().message_get_suggested_recipients()
        partner_ids = {row[0] for rows in result.values() for row in rows if row[0]}
        masks = self.browse(sorted(partner_ids))._mask_map(["email"]) if partner_ids else {}
        masks = {pid: formats["email"] for pid, formats in masks.items() if "email" in formats}
        if not masks:
            return result
        emails = {partner.id: partner.email for partner in self.sudo().browse(list(masks))}
        for res_id, rows in result.items():
            result[res_id] = [
                (pid, text.replace(emails[pid], mask_value(masks[pid], emails[pid]))
                 if pid in masks and emails.get(pid) and text else text) + tuple(rest)
                for pid, text, *rest in rows]
        return result

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """No grouping by a field masked for the user: the groups would show its values."""
        groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
        masked = self._mask_masked_field_names()
        for spec in groupbys:
            name = spec.split(":")[0].strip()
            if name in masked:
                raise UserError(_(
                    "Customers cannot be grouped by %(field)s (\"%(value)s\"): its values are "
                    "masked for you.") % {
                        "field": self._fields[name].get_description(self.env)["string"],
                        "value": spec})
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)

    @api.multi
    def _export_rows(self, fields, batch_invalidate=True):
        """Exports (and the nested partners of an export) show the masked values."""
        names = [path[0] for path in fields if path and len(path) == 1 and (
            path[0] in MASKABLE_FIELDS or path[0] in DERIVED_FIELDS)]
        masks = self._mask_map(names) if names else {}
        if not masks:
            return super()._export_rows(fields, batch_invalidate=batch_invalidate)
        email = {}
        if "email_formatted" in names:
            email = {partner.id: partner.email for partner in self.sudo().browse(list(masks))}

        def export(partners, batch):
            return super(CustomerMaskMixin, partners)._export_rows(
                fields, batch_invalidate=batch_invalidate and batch)

        def mask_cell(partner, name, formats, cell):
            source = DERIVED_FIELDS.get(name, name)
            if name not in names or source not in formats:
                return cell
            return self._mask_one(name, formats[source], cell, email.get(partner.id))

        return export_masked(self, fields, masks, export, mask_cell)

    # ------------------------------------------------------------------ save step

    @api.multi
    def _mask_write_vals(self, vals):
        """Write step (first): a masked value sent back unchanged (the form saving
        138****5678) is dropped, so the real number stays."""
        names = [name for name in MASKABLE_FIELDS
                 if isinstance(vals.get(name), str) and MASK_CHAR in vals[name]]
        if not names or not self:
            return vals
        masks = self._mask_map(names)
        if not masks:
            return vals
        unchanged = masked_values_sent_back(vals, names, masks, self.sudo().browse(self.ids))
        if not unchanged:
            return vals
        return {key: value for key, value in vals.items() if key not in unchanged}

    # ------------------------------------------------------------------ reveal

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_reveal_contact(self, field_name=None):
        """Show number / 查看号码: one masked value of one record, logged and limited per day."""
        self.ensure_one()
        field_name = field_name or self.env.context.get("reveal_field")
        if field_name not in MASKABLE_FIELDS:
            raise UserError(_(
                "Field \"%(value)s\" cannot be revealed: only the phone, mobile and e-mail "
                "are masked.") % {"value": field_name})
        self.check_access_rights("read")
        self.check_access_rule("read")
        value = self.sudo()[field_name] or ""
        if value and self._mask_map([field_name]).get(self.id, {}).get(field_name):
            self.env["customer.mask.reveal.log"]._log_reveal(self, field_name)
        wizard = self.env["customer.mask.reveal.wizard"].create({
            "partner_id": self.id, "field_name": field_name, "value": value})
        return {
            "type": "ir.actions.act_window",
            "name": _("Show Number"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
