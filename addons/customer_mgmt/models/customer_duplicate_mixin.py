"""Duplicate detection on partners: comparison keys, candidate search, warnings and flags."""
import logging
import re
import unicodedata


from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_split, html_escape

from ..utils import settings
from ..utils.access import DATA_ADMIN, INTERNAL_USER, allowed_groups
from ..utils.normalize import (
    CN_LEGAL_FORMS_ANYWHERE, LEGAL_FORM_SUFFIXES, match_suffix, normalize_name)
from ..utils.phone import phone_key
from ..utils.markers import marked
from ..utils.registration import registration_key
from .base_guard import system_write

_logger = logging.getLogger(__name__)

# The comparison keys, their sources, and the written fields after which a key computed before
# the write could differ from the ORM's (Odoo's address sync rewrites the country inside it).
DUPLICATE_KEY_FIELDS = ("duplicate_key", "phone_key", "mobile_key", "email_key",
                        "duplicate_keys_date")
DUPLICATE_KEY_SOURCES = ("name", "phone", "mobile", "email")
DUPLICATE_KEY_UNSETTLED = ("is_company", "company_type", "country_id", "parent_id", "type",
                           "commercial_partner_id")

DEFAULT_SIMILARITY_THRESHOLD = 0.6
SIMILARITY_PARAM = "customer_mgmt.duplicate_similarity_threshold"
MAX_MATCHES = 20
# Marker (utils/markers.py) of creates whose duplicates the caller has settled itself.
SKIP_DUPLICATE_CHECK_KEY = "customer_mgmt_skip_duplicate_check"


def company_duplicate_key(name):
    """Comparison key of a company name: no case, width, legal form, punctuation or spacing."""
    if not name:
        return False
    text = unicodedata.normalize("NFKC", normalize_name(name)).lower()
    # Dots and apostrophes join abbreviations (S.A. -> sa, Co. -> co).
    text = re.sub(r"[.'\u2019]", "", text)
    for form in CN_LEGAL_FORMS_ANYWHERE:
        text = text.replace(form, " ")
    # Every other non letter/digit character separates words.
    text = " ".join("".join(char if unicodedata.category(char)[0] in "LN" else " "
                            for char in text).split())
    suffix = match_suffix(text, LEGAL_FORM_SUFFIXES)
    while suffix:
        text = text[:-len(suffix)].rstrip()
        suffix = match_suffix(text, LEGAL_FORM_SUFFIXES)
    return text.replace(" ", "") or False


def email_comparison_key(email):
    """The bare e-mail address, lowercased."""
    if not email:
        return False
    addresses = email_split(email)
    address = addresses[0] if addresses else email
    return address.strip().lower() or False


class CustomerDuplicateMixin(models.AbstractModel):
    _name = "customer.duplicate.mixin"
    _description = "Duplicate Detection of Customers"

    duplicate_key = fields.Char(
        string="Name Comparison Key", compute="_compute_duplicate_keys", store=True,
        compute_sudo=True, index=True,
        help="Company name without legal form, punctuation and spacing, used to find duplicates.",
        groups=INTERNAL_USER)
    phone_key = fields.Char(
        string="Phone Comparison Key", compute="_compute_duplicate_keys", store=True,
        compute_sudo=True, index=True,
        help="The phone number in international E.164 form, used to find duplicates.",
        groups=INTERNAL_USER)
    mobile_key = fields.Char(
        string="Mobile Comparison Key", compute="_compute_duplicate_keys", store=True,
        compute_sudo=True, index=True,
        help="The mobile number in international E.164 form, used to find duplicates.",
        groups=INTERNAL_USER)
    email_key = fields.Char(
        string="E-mail Comparison Key", compute="_compute_duplicate_keys", store=True,
        compute_sudo=True, index=True,
        help="The e-mail address lowercased, used to find duplicates.", groups=INTERNAL_USER)
    duplicate_keys_date = fields.Datetime(
        string="Comparison Keys Changed On", compute="_compute_duplicate_keys", store=True,
        compute_sudo=True, index=True, copy=False,
        help="When the comparison keys were last computed: the nightly duplicate scan compares "
             "the customers whose keys changed since its previous run.", groups=INTERNAL_USER)
    possible_duplicate = fields.Boolean(
        string="Possible Duplicate", index=True, copy=False, readonly=True,
        help="Set when the record was created while similar records existed; "
             "a data administrator reviews it under Possible Duplicates.", groups=INTERNAL_USER)
    duplicate_pair_count = fields.Integer(
        string="Possible Duplicates", compute="_compute_duplicate_pair_count",
        help="Open pairs of this customer in the Possible Duplicates review list.",
        groups=INTERNAL_USER)

    duplicate_match_ids = fields.Many2many(
        "res.partner", string="May Already Exist", compute="_compute_duplicate_matches",
        help="Existing records with the same registration number, name, phone or e-mail that "
             "you may read: open one instead of creating the customer twice.",
        groups=INTERNAL_USER)
    duplicate_hidden_count = fields.Integer(
        string="Similar Records Hidden From You", compute="_compute_duplicate_matches",
        groups=INTERNAL_USER)

    @api.multi
    @api.depends("name", "is_company", "phone", "mobile", "email", "country_id",
                 "parent_id.country_id")
    def _compute_duplicate_keys(self):
        for partner in self:
            partner.update(partner._duplicate_keys_of(partner, partner.is_company,
                                                      self._customer_mgmt_country_for({}, partner)))

    @api.multi
    def _duplicate_write_keys(self, vals):
        """Write step of one company or individual: its new comparison keys, written in the
        main UPDATE instead of the ORM's recompute (a second read of the row and an UPDATE).

        Empty when the ORM must compute them: several partners (per-partner keys would split the
        write), a contact person (the address sync may change its country), a value that moves
        the country or the kind of partner, or a user who may not write the keys.
        """
        if (len(self) != 1 or not any(name in vals for name in DUPLICATE_KEY_SOURCES)
                or any(name in vals for name in DUPLICATE_KEY_UNSETTLED)
                or not self.user_has_groups(INTERNAL_USER) or self.parent_id):
            return {}
        values = {name: vals[name] if name in vals else self[name]
                  for name in DUPLICATE_KEY_SOURCES}
        return self._duplicate_keys_of(values, self.is_company,
                                       self._customer_mgmt_country_for(vals, self))

    @api.model
    def _duplicate_keys_of(self, values, is_company, region):
        """The comparison keys of a partner's name, phones and e-mail (a record or a dict)."""
        return {
            "duplicate_key": bool(is_company) and company_duplicate_key(values["name"]),
            "phone_key": phone_key(values["phone"], region),
            "mobile_key": phone_key(values["mobile"], region),
            "email_key": email_comparison_key(values["email"]),
            "duplicate_keys_date": fields.Datetime.now(),
        }

    @api.multi
    def _compute_duplicate_pair_count(self):
        pair_model = self.env["customer.duplicate.pair"].sudo()
        counts = dict.fromkeys(self.ids, 0)
        for side in ("partner_a_id", "partner_b_id"):
            groups = pair_model.read_group(
                [(side, "in", self.ids), ("state", "=", "open")], [side], [side])
            for group in groups:
                counts[group[side][0]] += group["%s_count" % side]
        for partner in self:
            partner.duplicate_pair_count = counts.get(partner.id, 0)

    @api.multi
    def _compute_duplicate_matches(self):
        """A saved customer lists its matches; while typing, the onchange below sets them."""
        for partner in self:
            partner._duplicate_set_matches(partner._duplicate_form_candidates())

    @api.onchange("name", "phone", "mobile", "email", "is_company", "registration_number")
    def _onchange_duplicate_warning(self):
        """Warn while typing when the customer seems to exist already, and list the matches."""
        result = self._duplicate_form_candidates()
        self._duplicate_set_matches(result)
        message = self._duplicate_warning_text(result)
        if message:
            return {"warning": {"title": _("Possible duplicates"), "message": message}}
        return None

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_view_duplicate_pairs(self):
        """Open the review list on the pairs of this customer."""
        self.ensure_one()
        action = self.env.ref("customer_mgmt.customer_duplicate_pair_action").read()[0]
        action["domain"] = ["|", ("partner_a_id", "=", self.id), ("partner_b_id", "=", self.id)]
        return action

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_merge_duplicate_matches(self):
        """Open the merge wizard on this customer and the records it may duplicate."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        if not self.duplicate_match_ids:
            raise UserError(_("%s has no possible duplicate to merge with.") % self.display_name)
        return self.env["base.partner.merge.automatic.wizard"]._customer_mgmt_open_merge(
            self | self.duplicate_match_ids)

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_clear_possible_duplicate(self):
        """Data administrators clear the flag once they reviewed the customer."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        system_write(self, {"possible_duplicate": False})
        self.message_post(body=html_escape(_("Reviewed: not a duplicate.")),
                          subtype="mail.mt_note", message_type="comment")
        return True

    # Business methods

    @api.multi
    def _duplicate_values_region(self, values):
        """Country code in which the phone numbers of ``values`` (typed on ``self``) are read."""
        partner = self[:1] if self.ids and all(isinstance(i, int) for i in self.ids) else None
        return self._customer_mgmt_country_for(values, partner)

    @api.multi
    def _duplicate_set_matches(self, result):
        self.duplicate_match_ids = [(6, 0, [match["partner"].id for match in result["matches"]])]
        self.duplicate_hidden_count = result["hidden_count"]
        self.duplicate_hidden_note = "\n".join(
            self._conflict_hidden_lines(result.get("hidden_ids", ()))) or False

    @api.multi
    def _duplicate_form_candidates(self):
        """The candidates of the values on one form (a saved record or one being created)."""
        self.ensure_one()
        values = {name: self[name] for name in (
            "name", "is_company", "phone", "mobile", "email", "registration_number")}
        values.update(country_id=self.country_id.id, parent_id=self.parent_id.id)
        # The saved record behind the form (empty when creating).
        origin = getattr(self, "_origin", None)
        if origin is None:
            origin = self if isinstance(self.id, int) else self.browse()
        return origin._find_duplicate_candidates(values)

    @api.model
    def _duplicate_similarity_threshold(self):
        """The configured pg_trgm similarity threshold for similar names."""
        return settings.get_float(self.env, SIMILARITY_PARAM, DEFAULT_SIMILARITY_THRESHOLD,
                                  minimum=0.01, maximum=1.0)

    @api.model
    def _duplicate_trigram_enabled(self):
        """Whether pg_trgm is installed, so similar names can be searched."""
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return bool(self.env.cr.fetchone())

    @api.model
    def _duplicate_set_similarity_threshold(self):
        """Set the threshold of pg_trgm's ``%`` operator for this transaction; False without it."""
        if not self._duplicate_trigram_enabled():
            return False
        self.env.cr.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
            (str(self._duplicate_similarity_threshold()),))
        return True

    @api.multi
    def _find_duplicate_candidates(self, values):
        """Partners that may be the same as ``values``, split into readable ones and a hidden count.

        ``self`` is the partner being edited (or empty); it, its parent and its own contacts
        are never candidates. Returns ``{'matches': [{'partner', 'reasons', 'score'}],
        'hidden_count': int, 'hidden_ids': [int]}``; ``reasons`` are ``(code, score)`` with
        code in registration, key, phone, email, name. Unreadable partners are only counted
        (their ids are for the holder lines, never shown).
        """
        region = self._duplicate_values_region(values)
        key = values.get("is_company") and company_duplicate_key(values.get("name"))
        phones = [k for k in (phone_key(values.get(f), region) for f in ("phone", "mobile")) if k]
        email = email_comparison_key(values.get("email"))
        registration = registration_key(values.get("registration_number"), region)
        if not (key or phones or email or registration):
            return {"matches": [], "hidden_count": 0}

        # Never match the record itself, its parent company or the contacts of its company.
        own_ids = {record_id for record_id in self.ids if isinstance(record_id, int)}
        parent = self.env["res.partner"].browse(values["parent_id"]) if values.get(
            "parent_id") else self.mapped("parent_id")
        commercial_ids = set(own_ids) | set(parent.mapped("commercial_partner_id").ids)
        own_ids |= set(parent.ids) | commercial_ids
        excluded = tuple(own_ids) or (0,)
        commercial = tuple(commercial_ids) or (0,)
        base_filter = """
            p.active AND p.id NOT IN %s
            AND (p.commercial_partner_id IS NULL OR p.commercial_partner_id NOT IN %s)
            AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
        """
        queries, params = [], []
        if registration:
            queries.append("SELECT p.id, 'registration', 1.0 FROM res_partner p "
                           "WHERE p.registration_number = %s AND " + base_filter)
            params += [registration, excluded, commercial]
        if key:
            queries.append("SELECT p.id, 'key', 1.0 FROM res_partner p "
                           "WHERE p.duplicate_key = %s AND " + base_filter)
            params += [key, excluded, commercial]
            if self._duplicate_set_similarity_threshold():
                queries.append("""
                    (SELECT p.id, 'name', similarity(p.duplicate_key, %s) FROM res_partner p
                     WHERE p.duplicate_key %% %s AND p.duplicate_key != %s
                       AND """ + base_filter + """
                     ORDER BY similarity(p.duplicate_key, %s) DESC LIMIT %s)""")
                params += [key, key, key, excluded, commercial, key, MAX_MATCHES]
        if phones:
            queries.append("SELECT p.id, 'phone', 1.0 FROM res_partner p "
                           "WHERE (p.phone_key IN %s OR p.mobile_key IN %s) AND " + base_filter)
            params += [tuple(phones), tuple(phones), excluded, commercial]
        if email:
            queries.append("SELECT p.id, 'email', 1.0 FROM res_partner p "
                           "WHERE p.email_key = %s AND " + base_filter)
            params += [email, excluded, commercial]
        if not queries:
            return {"matches": [], "hidden_count": 0}
        self.env.cr.execute(" UNION ALL ".join(queries), params)

        reasons = {}
        for partner_id, code, score in self.env.cr.fetchall():
            reasons.setdefault(partner_id, []).append((code, float(score)))
        readable = self.env["res.partner"].search([("id", "in", list(reasons))])
        matches = [{
            "partner": partner,
            "reasons": reasons[partner.id],
            "score": max(score for _code, score in reasons[partner.id]),
        } for partner in readable]
        matches.sort(key=lambda match: (-match["score"], match["partner"].id))
        hidden_ids = sorted(set(reasons) - set(readable.ids))
        return {"matches": matches[:MAX_MATCHES], "hidden_count": len(hidden_ids),
                "hidden_ids": hidden_ids}

    @api.model
    def _duplicate_reason_label(self, code, score):
        """Human-readable reason of a match."""
        labels = {
            "registration": _("same registration number"),
            "key": _("same name"),
            "phone": _("same phone number"),
            "email": _("same e-mail address"),
        }
        if code == "name":
            return _("similar name (%d%% similar)") % round(score * 100)
        return labels.get(code, code)

    @api.model
    def _duplicate_match_lines(self, matches):
        """One line per readable match: name, customer code, salesperson and reasons."""
        # The matches are readable: three columns of them, not their whole rows.
        rows = {row["id"]: row for row in self.sudo().browse(
            [match["partner"].id for match in matches]).read(
                ["display_name", "customer_code", "user_id"])}
        lines = []
        for match in matches:
            row = rows[match["partner"].id]
            label = row["display_name"]
            if row["customer_code"]:
                label = "%s [%s]" % (label, row["customer_code"])
            details = [", ".join(self._duplicate_reason_label(code, score)
                                 for code, score in match["reasons"])]
            if row["user_id"]:
                details.append(_("salesperson: %s") % row["user_id"][1])
            lines.append("%s (%s)" % (label, "; ".join(details)))
        return lines

    @api.model
    def _duplicate_hidden_text(self, count, hidden_ids=()):
        """The only things said about matches the user cannot read: how many, and who holds
        them or which pool they are in."""
        return "\n".join([_("%d similar records exist that you cannot see; "
                            "ask a data administrator to review them.") % count]
                         + self._conflict_hidden_lines(hidden_ids))

    @api.model
    def _duplicate_warning_text(self, result):
        """Plain-text warning listing readable matches and the count of hidden ones."""
        parts = []
        if result["matches"]:
            parts.append(_("This customer may already exist:"))
            parts += ["- %s" % line for line in self._duplicate_match_lines(result["matches"])]
        if result["hidden_count"]:
            parts.append(self._duplicate_hidden_text(result["hidden_count"],
                                                     result.get("hidden_ids", ())))
        return "\n".join(parts)

    @api.model
    def _duplicate_create_check(self, vals, state):
        """Create step: the possible duplicates of a new customer (False when none or unchecked)."""
        if not state.customer or marked(self.env, SKIP_DUPLICATE_CHECK_KEY):
            return False
        values = {name: vals.get(name) for name in ("name", "phone", "mobile", "email")}
        values.update(is_company=state.is_company, country_id=vals.get("country_id"),
                      parent_id=vals.get("parent_id"))
        result = self._find_duplicate_candidates(values)
        return result if (result["matches"] or result["hidden_count"]) else False

    @api.multi
    def _duplicate_post_created(self, result):
        """Tell the new customer's chatter which similar records exist, naming readable ones only.

        The creation's own "created" message is this one (the create ran with
        ``mail_create_nolog``): one message instead of two.
        """
        self.ensure_one()
        body = "<p>%s</p><p>%s</p>" % (
            html_escape(_("%s created") % self.env["ir.model"]._get(self._name).name),
            html_escape(_("Created although similar records exist; "
                          "a data administrator will review it.")))
        if result["matches"]:
            body += "<ul>%s</ul>" % "".join(
                "<li>%s</li>" % html_escape(line)
                for line in self._duplicate_match_lines(result["matches"]))
        if result["hidden_count"]:
            body += "".join("<p>%s</p>" % html_escape(line) for line in self._duplicate_hidden_text(
                result["hidden_count"], result.get("hidden_ids", ())).split("\n"))
        self.sudo().message_post(
            body=body, subtype="mail.mt_note", message_type="comment",
            author_id=self.env.user.partner_id.id)
