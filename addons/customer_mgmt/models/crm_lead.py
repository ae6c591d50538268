"""Lead conflict check (撞单): a lead's company, phones, e-mail and registration number compared
with the customers and with the other open leads, on every save and on conversion."""
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..utils import settings
from ..utils.access import SALESPERSON, allowed_groups
from ..utils.masking import mask_for_note
from ..utils.phone import phone_key
from ..utils.markers import mark, marked
from ..utils.registration import registration_key
from .customer_duplicate_mixin import MAX_MATCHES, company_duplicate_key, email_comparison_key

LEAD_CONFLICT_PARAM = "customer_mgmt.lead_conflict_mode"
LEAD_CONFLICT_MODES = ("warn", "block")
DEFAULT_LEAD_CONFLICT_MODE = "warn"
# The lead's fields compared, and the kind of key each gives.
CONFLICT_FIELDS = (("partner_name", "name"), ("phone", "phone"), ("mobile", "phone"),
                   ("email_from", "email"), ("registration_number", "registration"))
CONFLICT_TRIGGERS = tuple(name for name, _kind in CONFLICT_FIELDS) + (
    "country_id", "partner_id", "contact_name")
# Set while a lead is converted: the conversion checks the customer itself.
SKIP_KEY = "customer_mgmt_skip_lead_conflict"
# The lead's contact fields, masked as the same field of its customer (partner_id).
LEAD_MASK_FIELDS = {"phone": "phone", "mobile": "mobile", "email_from": "email"}


def lead_conflict_mode(env):
    """The Lead Conflict Check setting: warn (default) or block."""
    return settings.get_selection(env, LEAD_CONFLICT_PARAM, DEFAULT_LEAD_CONFLICT_MODE,
                                  LEAD_CONFLICT_MODES)


class CrmLead(models.Model):
    """Leads compared with customers and other open leads: warned or refused, and converted
    only onto customers the user may work."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "customer.mask.linked.mixin"]
    # The lead's phones and e-mail are masked as its customer's (customer_mask_linked_mixin).
    _mask_linked_fields = LEAD_MASK_FIELDS

    registration_number = fields.Char(
        string="Registration Number", copy=False, index=True,
        help="The company's registration number, in China the Unified Social Credit Code "
             "(统一社会信用代码): compared with the customers' and given to the customer created "
             "from the lead.")
    conflict_company_key = fields.Char(
        string="Company Comparison Key", compute="_compute_conflict_keys", store=True,
        compute_sudo=True, index=True, copy=False,
        help="The company name without legal form, punctuation and spacing, as customers' names "
             "are compared.")
    conflict_phone_key = fields.Char(
        string="Phone Comparison Key", compute="_compute_conflict_keys", store=True,
        compute_sudo=True, index=True, copy=False)
    conflict_mobile_key = fields.Char(
        string="Mobile Comparison Key", compute="_compute_conflict_keys", store=True,
        compute_sudo=True, index=True, copy=False)
    conflict_email_key = fields.Char(
        string="E-mail Comparison Key", compute="_compute_conflict_keys", store=True,
        compute_sudo=True, index=True, copy=False)
    conflict_partner_ids = fields.Many2many(
        "res.partner", "crm_lead_conflict_partner_rel", "lead_id", "partner_id",
        string="Matching Customers", compute="_compute_conflicts",
        help="Customers with the same company name, phone, e-mail or registration number that "
             "you may read.")
    conflict_lead_ids = fields.Many2many(
        "crm.lead", "crm_lead_conflict_lead_rel", "lead_id", "match_id",
        string="Matching Leads", compute="_compute_conflicts",
        help="Other open leads and opportunities with the same keys that you may read.")
    conflict_hidden_note = fields.Text(
        string="Matches Hidden From You", compute="_compute_conflicts",
        help="Who holds the matching customers and leads you cannot see, or the pool they are "
             "in: never their name, phone or e-mail.")

    @api.model_cr
    def init(self):
        """pg_trgm's trigram index on the company key, when the extension is installed."""
        super().init()
        if self.env["res.partner"]._duplicate_trigram_enabled():
            self.env.cr.execute(
                "CREATE INDEX IF NOT EXISTS crm_lead_conflict_company_key_trgm_idx "
                "ON crm_lead USING gin (conflict_company_key gin_trgm_ops)")

    @api.multi
    @api.depends("partner_name", "phone", "mobile", "email_from", "country_id")
    def _compute_conflict_keys(self):
        for lead in self:
            region = lead._conflict_region({"country_id": lead.country_id.id})
            lead.conflict_company_key = company_duplicate_key(lead.partner_name)
            lead.conflict_phone_key = phone_key(lead.phone, region)
            lead.conflict_mobile_key = phone_key(lead.mobile, region)
            lead.conflict_email_key = email_comparison_key(lead.email_from)

    @api.multi
    def _compute_conflicts(self):
        """What the reader may learn of the matches: links to readable ones, holders of others."""
        for lead in self:
            lead._conflict_set_fields(lead._conflict_search(lead._conflict_form_values()))

    @api.onchange(*(CONFLICT_TRIGGERS + ("user_id",)))
    def _onchange_conflict_warning(self):
        """Warn while typing when the lead's company or contact is worked already."""
        result = self._conflict_search(self._conflict_form_values())
        self._conflict_set_fields(result)
        message = self._conflict_text(result)
        if message:
            return {"warning": {"title": _("Possible lead conflict"), "message": message}}
        return None

    @api.model
    def create(self, vals):
        vals = self._mask_linked_write_vals(vals)
        vals = self._conflict_clean_registration(vals)
        result = None
        if not self._conflict_skipped():
            values = {name: vals.get(name) for name in CONFLICT_TRIGGERS}
            values["partner_id"] = vals.get("partner_id") or self.env.context.get(
                "default_partner_id")
            values["user_id"] = vals.get("user_id", self.env.context.get(
                "default_user_id", self.env.uid))
            result = self.browse()._conflict_check(values)
        lead = super().create(vals)
        if result:
            lead._conflict_post_note(result)
        return lead

    @api.multi
    def write(self, vals):
        vals = self._mask_linked_write_vals(vals)
        vals = self._conflict_clean_registration(vals, self[:1])
        results = []
        if not self._conflict_skipped() and any(name in vals for name in CONFLICT_TRIGGERS):
            for lead in self:
                values = {name: vals[name] if name in vals else lead._conflict_value(name)
                          for name in CONFLICT_TRIGGERS + ("user_id",)}
                if not lead._conflict_keys_change(values):
                    continue
                result = lead._conflict_check(values)
                if result:
                    results.append((lead, result))
        written = super().write(vals)
        for lead, result in results:
            lead._conflict_post_note(result)
        return written

    @api.multi
    def handle_partner_assignation(self, action="create", partner_id=False):
        """Conversion: onto a customer only if one may work it; a new customer only if it
        conflicts with nobody else's (Block) or with a note (Warn)."""
        Partner = self.env["res.partner"]
        for lead in self:
            target = lead.partner_id or (Partner.browse(partner_id) if partner_id else Partner)
            if target:
                Partner._conflict_check_convert(target)
            elif action == "create" and lead_conflict_mode(self.env) == "block":
                result = lead._conflict_search(lead._conflict_form_values())
                result["leads"] = []  # the lead goes on; its customer must be new
                lead._conflict_refuse(result)
        return super(CrmLead, self.with_context(**mark(SKIP_KEY))).handle_partner_assignation(
            action=action, partner_id=partner_id)

    @api.multi
    def convert_opportunity(self, partner_id, user_ids=False, team_id=False):
        """Converting onto a customer: only one the user may work (handle_partner_assignation)."""
        if partner_id:
            self.env["res.partner"]._conflict_check_convert(self.env["res.partner"].browse(
                partner_id))
        return super(CrmLead, self.with_context(**mark(SKIP_KEY))).convert_opportunity(
            partner_id, user_ids=user_ids, team_id=team_id)

    @api.multi
    def merge_opportunity(self, user_id=False, team_id=False):
        """Merging leads gives the kept one the others' values: they are no conflict."""
        return super(CrmLead, self.with_context(**mark(SKIP_KEY))).merge_opportunity(
            user_id=user_id, team_id=team_id)

    @api.multi
    def _create_lead_partner_data(self, name, is_company, parent_id=False):
        """The customer created from the lead gets its registration number."""
        values = super()._create_lead_partner_data(name, is_company, parent_id=parent_id)
        if is_company and self.registration_number:
            values["registration_number"] = self.registration_number
        return values

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_request_conflict_approval(self):
        """Ask the salespeople holding the matching customers to let this lead be worked: an
        activity for each on their customer (they read it; the requester may not)."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        result = self._conflict_conflicts(self._conflict_search(self._conflict_form_values()))
        held = [match for match in result["customers"] if match["record"].user_id]
        if not held:
            raise UserError(_(
                "No customer held by another salesperson matches the lead %s: there is nobody "
                "to ask.") % self.name)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get("res.partner").id
        Activity = self.env["mail.activity"].sudo()
        holders = []
        for match in held:
            account, holder = match["record"], match["record"].user_id
            texts = self.with_context(lang=holder.lang or "en_US")._conflict_request_texts(match)
            holders.append(holder.name)
            if Activity.search_count([("res_model", "=", "res.partner"),
                                      ("res_id", "=", account.id), ("user_id", "=", holder.id),
                                      ("summary", "=", texts["summary"])]):
                continue  # asked already: once is enough
            Activity.create(dict(texts, res_model_id=model_id, res_id=account.id,
                                 user_id=holder.id, activity_type_id=activity_type.id,
                                 date_deadline=fields.Date.context_today(self)))
        self.message_post(body=html_escape(_("Approval to work this lead asked of %s.")
                                           % ", ".join(sorted(set(holders)))),
                          subtype="mail.mt_note", message_type="comment")
        return True

    # Business methods

    @api.multi
    def _conflict_recompute_keys(self):
        """Recompute the comparison keys of leads whose columns were changed in SQL (the
        erasure of a person): a key must not keep a number or address no longer on the lead."""
        self.invalidate_cache(["partner_name", "phone", "mobile", "email_from", "country_id"],
                              self.ids)
        self.modified(["partner_name", "phone", "mobile", "email_from"])
        self.recompute()

    @api.multi
    def _conflict_request_texts(self, match):
        """Summary and note of an approval request, in the language of the context."""
        values = {"user": self.env.user.name, "lead": self.name,
                  "fields": self._conflict_fields_text(match)}
        return {
            "summary": _("Lead conflict: %(user)s asks to work the lead %(lead)s") % values,
            "note": "<p>%s</p>" % html_escape(_(
                "%(user)s's lead %(lead)s has the same %(fields)s as this customer. Agree "
                "with %(user)s who works it, or assign the customer.") % values),
        }

    @api.model
    def _conflict_skipped(self):
        """The save check is skipped while converting (the conversion checks the customer) and
        merging leads."""
        return marked(self.env, SKIP_KEY)

    @api.model
    def _conflict_region(self, values):
        """Country code in which the lead's phone numbers are read (as the customers')."""
        return self.env["res.partner"]._customer_mgmt_country_for(
            {"country_id": values.get("country_id") or False, "parent_id": False})

    @api.model
    def _conflict_clean_registration(self, vals, lead=None):
        """The registration number in its stored form; an invalid one is refused."""
        if not vals.get("registration_number"):
            return vals
        country = vals.get("country_id") if "country_id" in vals else (
            lead.country_id.id if lead else False)
        number = self.env["res.partner"]._customer_mgmt_clean_registration(
            vals["registration_number"], self._conflict_region({"country_id": country}))
        return dict(vals, registration_number=number)

    @api.multi
    def _conflict_value(self, name):
        value = self[name]
        return value.id if isinstance(value, models.BaseModel) else value

    @api.multi
    def _conflict_form_values(self):
        """The compared values of a lead (saved or on a form)."""
        self.ensure_one()
        return {name: self._conflict_value(name) for name in CONFLICT_TRIGGERS + ("user_id",)}

    @api.multi
    def _conflict_keys_change(self, values):
        """Whether written values change the keys the lead is compared by."""
        self.ensure_one()
        keys = self._conflict_keys(values)
        current = self._conflict_keys(self._conflict_form_values())
        return keys != current or values.get("partner_id") != self.partner_id.id

    @api.model
    def _conflict_keys(self, values):
        """[(field, typed value, kind, key)] of the values that give a key."""
        region = self._conflict_region(values)
        makers = {"name": company_duplicate_key, "email": email_comparison_key,
                  "phone": lambda value: phone_key(value, region),
                  "registration": lambda value: registration_key(value, region)}
        keys = []
        for name, kind in CONFLICT_FIELDS:
            value = values.get(name)
            key = makers[kind](value) if value else False
            if key:
                keys.append((name, value, kind, key))
        return keys

    @api.multi
    def _conflict_origin(self):
        """The saved lead behind the form (empty when creating)."""
        origin = getattr(self, "_origin", None)
        if origin is None:
            origin = self if self.ids and isinstance(self.ids[0], int) else self.browse()
        return origin.browse([i for i in origin.ids if isinstance(i, int)])

    @api.multi
    def _conflict_search(self, values):
        """The customers and the other open leads matching the values of this lead (or of a new
        one): ``{'customers': [match], 'leads': [match]}``, a match being a dict of ``record``
        (as the superuser), ``fields`` ([(field, typed value)]), ``readable`` and ``own`` (held
        by the lead's salesperson, else by the current user). The lead's own customer, its
        contacts and the other leads of that customer are no matches."""
        empty = {"customers": [], "leads": []}
        keys = self._conflict_keys(values)
        if not keys:
            return empty
        Partner = self.env["res.partner"]
        account = Partner.sudo().browse(values.get("partner_id") or []).exists()
        accounts = tuple((account.commercial_partner_id or account).ids) or (0,)
        leads = tuple(self._conflict_origin().ids) or (0,)
        trigram = Partner._duplicate_set_similarity_threshold()
        partner_queries, lead_queries, params_p, params_l = [], [], [], []
        partner_filter = """
            p.active AND p.account_customer AND COALESCE(p.commercial_partner_id, p.id) NOT IN %s
            AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)"""
        lead_filter = """
            l.active AND COALESCE(l.probability, 0) < 100 AND l.id NOT IN %s
            AND NOT EXISTS (SELECT 1 FROM res_partner lp WHERE lp.id = l.partner_id
                             AND lp.commercial_partner_id IN %s)"""
        for name, value, kind, key in keys:
            if kind == "name" and trigram:
                partner_condition = "(p.duplicate_key = %s OR p.duplicate_key %% %s)"
                lead_condition = "(l.conflict_company_key = %s OR l.conflict_company_key %% %s)"
                key_params = [key, key]
            elif kind == "name":
                partner_condition = "p.duplicate_key = %s"
                lead_condition = "l.conflict_company_key = %s"
                key_params = [key]
            elif kind == "phone":
                partner_condition = "(p.phone_key = %s OR p.mobile_key = %s)"
                lead_condition = "(l.conflict_phone_key = %s OR l.conflict_mobile_key = %s)"
                key_params = [key, key]
            elif kind == "email":
                partner_condition, lead_condition = "p.email_key = %s", "l.conflict_email_key = %s"
                key_params = [key]
            else:
                partner_condition = "p.registration_number = %s"
                lead_condition = "l.registration_number = %s"
                key_params = [key]
            # Conditions are constants of this method; every value is a query parameter.
            partner_queries.append(
                "(SELECT COALESCE(p.commercial_partner_id, p.id), %s::text FROM res_partner p "
                "WHERE " + partner_condition + " AND " + partner_filter + " LIMIT %s)")
            params_p += [name] + key_params + [accounts, MAX_MATCHES]
            lead_queries.append(
                "(SELECT l.id, %s::text FROM crm_lead l WHERE " + lead_condition + " AND "
                + lead_filter + " LIMIT %s)")
            params_l += [name] + key_params + [leads, accounts, MAX_MATCHES]
        typed = {name: value for name, value, _kind, _key in keys}
        owner = self.env["res.users"].browse(values.get("user_id") or []) or self.env.user
        result = {}
        for kind, queries, params, model in (
                ("customers", partner_queries, params_p, "res.partner"),
                ("leads", lead_queries, params_l, "crm.lead")):
            self.env.cr.execute(" UNION ALL ".join(queries), params)
            matched = {}
            for record_id, name in self.env.cr.fetchall():
                matched.setdefault(record_id, [])
                if name not in [field for field, _value in matched[record_id]]:
                    matched[record_id].append((name, typed[name]))
            records = self.env[model].sudo().with_context(active_test=False).browse(
                sorted(matched))
            readable = set(self.env[model].search([("id", "in", records.ids)]).ids)
            result[kind] = [{
                "record": record, "fields": matched[record.id],
                "readable": record.id in readable, "own": record.user_id == owner,
            } for record in records]
        return result

    @api.multi
    def _conflict_set_fields(self, result):
        self.conflict_partner_ids = [(6, 0, [match["record"].id for match in result["customers"]
                                             if match["readable"]])]
        self.conflict_lead_ids = [(6, 0, [match["record"].id for match in result["leads"]
                                          if match["readable"]])]
        lines = [self._conflict_match_line(match, kind, hidden_only=True)
                 for kind in ("customers", "leads") for match in result[kind]
                 if not match["readable"]]
        self.conflict_hidden_note = "\n".join(lines) or False

    @api.model
    def _conflict_fields_text(self, match, for_note=False):
        """'Phone "138 0013 8000", Company Name "Acme"': the lead's values that matched (in a
        note, read by everyone reading the lead, the numbers masked for all)."""
        labels = {"partner_name": _("Company Name"), "phone": _("Phone"), "mobile": _("Mobile"),
                  "email_from": _("E-mail"), "registration_number": _("Registration Number")}
        return ", ".join('%s "%s"' % (labels[name], mask_for_note(name, value) if for_note
                                      else value) for name, value in match["fields"])

    @api.model
    def _conflict_lead_holder_line(self, lead, what):
        """One sentence on a lead the user may not read: its salesperson, team and since when."""
        if not lead.user_id:
            return _("%(what)s has no salesperson.") % {"what": what}
        values = {"what": what, "user": lead.user_id.name,
                  "since": fields.Date.to_string(fields.Datetime.from_string(
                      lead.date_open or lead.create_date))}
        if lead.team_id:
            values["team"] = lead.team_id.name
            return _("%(what)s is held by %(user)s, %(team)s, since %(since)s.") % values
        return _("%(what)s is held by %(user)s since %(since)s.") % values

    @api.model
    def _conflict_match_line(self, match, kind, hidden_only=False, for_note=False):
        """One line on a match: named when the user reads it (unless ``hidden_only``), else
        only who holds it; with the values of the lead it matched on."""
        record = match["record"]
        matched = self._conflict_fields_text(match, for_note)
        if match["readable"] and not hidden_only:
            if kind == "customers":
                holder = record.user_id.name or (
                    _("in the pool %s") % record._pool_current().name)
                return _("Customer %(name)s (%(holder)s), same %(fields)s") % {
                    "name": record.display_name, "holder": holder, "fields": matched}
            return _("Lead %(name)s (%(holder)s), same %(fields)s") % {
                "name": record.name, "holder": record.user_id.name or _("no salesperson"),
                "fields": matched}
        if kind == "customers":
            what = _("A customer with the same %s") % matched
            infos = self.env["res.partner"]._conflict_holder_infos(record.ids)
            return self.env["res.partner"]._conflict_holder_line(infos[0], what) if infos else what
        return self._conflict_lead_holder_line(record, _("A lead with the same %s") % matched)

    @api.model
    def _conflict_text(self, result):
        """The form's warning: readable matches named, the others by their holders."""
        lines = ["- %s" % self._conflict_match_line(match, kind)
                 for kind in ("customers", "leads") for match in result[kind]]
        if not lines:
            return ""
        return "\n".join([_("This lead may already be worked:")] + lines)

    @api.model
    def _conflict_conflicts(self, result):
        """The matches held by someone else (or by nobody): those are conflicts."""
        return {kind: [match for match in result[kind] if not match["own"]]
                for kind in ("customers", "leads")}

    @api.multi
    def _conflict_check(self, values):
        """Save step: refuse conflicting values (Block), else return the matches to note."""
        result = self._conflict_conflicts(self._conflict_search(values))
        if not (result["customers"] or result["leads"]):
            return None
        # The superuser (mail gateway, system imports) gets notes, not refusals.
        if lead_conflict_mode(self.env) == "block" and self.env.uid != SUPERUSER_ID:
            self._conflict_refuse(result)
        return result

    @api.model
    def _conflict_refuse(self, result):
        """Refuse the save, naming each value matched and the match as the user may know it."""
        result = self._conflict_conflicts(result)
        lines = ["- %s" % self._conflict_match_line(match, kind)
                 for kind in ("customers", "leads") for match in result[kind]]
        if lines:
            raise ValidationError("\n".join([_(
                "This lead conflicts with customers or leads worked by others and was not "
                "saved (Lead Conflict Check: Block). Link it to the customer, claim it or ask "
                "its salesperson:")] + lines))

    @api.multi
    def _conflict_post_note(self, result):
        """A note on the lead naming who holds each match (its readers may read less)."""
        self.ensure_one()
        lines = [self._conflict_match_line(match, kind, hidden_only=True, for_note=True)
                 for kind in ("customers", "leads") for match in result[kind]]
        body = "<p>%s</p><ul>%s</ul>" % (
            html_escape(_("Possible lead conflict: open the lead to see the matches you may "
                          "read.")),
            "".join("<li>%s</li>" % html_escape(line) for line in lines))
        self.sudo().message_post(body=body, subtype="mail.mt_note", message_type="comment",
                                 author_id=self.env.user.partner_id.id)
