import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils import settings
from ..utils.access import INTERNAL_USER
from ..utils.phone import DEFAULT_COUNTRY_CODE, format_phone
from ..utils.registration import InvalidRegistration, clean_registration
from .res_partner_naming import MERGE_KEY

PHONE_FIELDS = ("phone", "mobile")
PHONE_VALIDATION_PARAM = "customer_mgmt.phone_validation"
# A practical e-mail syntax: dot-atom local part, a domain of labels of letters, digits and
# hyphens (a single label, such as an intranet host, is syntactically valid as in Odoo).
EMAIL_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


class ResPartner(models.Model):
    """Phones, e-mails and registration numbers of customers: checked and stored canonically."""

    _inherit = "res.partner"

    registration_number = fields.Char(
        string="Registration Number", index=True, copy=False, track_visibility="onchange",
        help="Company registration number (统一社会信用代码 in China), checked for the "
             "partner's country and stored without spaces; unique among active partners.",
        groups=INTERNAL_USER)
    phone_issue = fields.Boolean(
        string="Phone Issue", index=True, copy=False, readonly=True,
        help="A phone or mobile number could not be recognized (saved as entered "
             "because phone validation is set to Warn).", groups=INTERNAL_USER)
    phone_issue_note = fields.Char(string="Phone Issue Details", copy=False, readonly=True,
                                   groups=INTERNAL_USER)

    @api.model_cr
    def init(self):
        """Enforce the registration number's uniqueness in the database too."""
        super(ResPartner, self).init()
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS res_partner_registration_number_active_uniq "
            "ON res_partner (registration_number) "
            "WHERE active AND registration_number IS NOT NULL")

    # --------------------------------------------------------------- helpers

    @api.model
    def _customer_mgmt_default_country(self):
        return self.env.user.company_id.country_id.code or DEFAULT_COUNTRY_CODE

    @api.model
    def _customer_mgmt_country_for(self, vals, partner=None):
        """Country code to read the phone numbers of ``vals`` (written on ``partner``) in.

        The partner's country, else its company's (commercial partner or parent), else the
        country of its Odoo company, else ours, else China. Validation and the duplicate keys
        both read numbers this way.
        """
        country = self.env["res.country"]
        if vals.get("country_id"):
            country = country.browse(vals["country_id"])
        elif partner is not None and "country_id" not in vals:
            country = partner.country_id or partner.commercial_partner_id.country_id
        if not country:
            parent_id = vals["parent_id"] if "parent_id" in vals else (
                partner.parent_id.id if partner is not None else False)
            parent = self.browse(parent_id or [])
            country = parent.country_id or parent.commercial_partner_id.country_id
        if not country and partner is not None:
            country = partner.company_id.country_id
        return country.code or self._customer_mgmt_default_country()

    @api.model
    def _customer_mgmt_phone_mode(self):
        return settings.get_selection(self.env, PHONE_VALIDATION_PARAM, "block", ("block", "warn"))

    @api.model
    def _customer_mgmt_format_phone(self, number, country_code):
        """Return the number in international format, or None when it is not valid."""
        return format_phone(number, country_code)

    @api.model
    def _customer_mgmt_clean_registration(self, number, country_code):
        """Return the compact registration number, refusing one invalid for the country."""
        try:
            return clean_registration(number, country_code)
        except InvalidRegistration as error:
            country = self.env["res.country"].search([("code", "=", country_code)], limit=1)
            raise ValidationError(
                _("The registration number \"%s\" is not valid for %s (%s).") % (
                    error.number, country.name or country_code, error.description))

    @api.model
    def _customer_mgmt_clean_email(self, email):
        email = email.strip()
        if email and not EMAIL_RE.match(email):
            raise ValidationError(_("The e-mail address \"%s\" is not valid.") % email)
        return email or False

    @api.model
    def _customer_mgmt_validate_vals(self, vals, country_code, in_scope):
        """Return vals with checked, canonical phones, e-mail and registration number."""
        vals = dict(vals)
        if isinstance(vals.get("email"), str):
            vals["email"] = (self._customer_mgmt_clean_email(vals["email"]) if in_scope
                             else vals["email"].strip() or False)
        if "registration_number" in vals:
            vals["registration_number"] = self._customer_mgmt_clean_registration(
                vals["registration_number"], country_code)
        if not in_scope or not any(f in vals for f in PHONE_FIELDS):
            return vals
        issues = []
        for field_name in PHONE_FIELDS:
            number = vals.get(field_name)
            if field_name not in vals or not isinstance(number, str):
                continue
            number = number.strip()
            if not number:
                vals[field_name] = False
                continue
            formatted = self._customer_mgmt_format_phone(number, country_code)
            if formatted:
                vals[field_name] = formatted
                continue
            label = self._fields[field_name].get_description(self.env)["string"]
            message = _("The %s \"%s\" is not a valid phone number (country %s).") % (
                label, number, country_code)
            if self._customer_mgmt_phone_mode() == "block":
                raise ValidationError(message)
            vals[field_name] = number
            issues.append(message)
        vals["phone_issue_note"] = "\n".join(issues) or False
        vals["phone_issue"] = bool(issues)
        return vals

    @api.multi
    def _customer_mgmt_check_registration_free(self, number):
        """Refuse a registration number another active partner already has."""
        if not number:
            return
        others = self.sudo().search(
            [("registration_number", "=", number), ("id", "not in", self.ids)])
        if not others:
            return
        readable = self.search([("id", "in", others.ids)], limit=1)
        if readable:
            raise ValidationError(
                _("The registration number \"%s\" is already used by \"%s\".") % (
                    number, readable.display_name))
        raise ValidationError(
            _("The registration number \"%s\" is already used by another active partner "
              "that you cannot see; ask a data administrator.") % number)

    @api.constrains("registration_number", "active")
    def _check_registration_number_unique(self):
        for partner in self.filtered(lambda p: p.active and p.registration_number):
            partner._customer_mgmt_check_registration_free(partner.registration_number)

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        in_scope = self._customer_mgmt_create_state(vals)[0]
        if in_scope or "registration_number" in vals or vals.get("email"):
            vals = self._customer_mgmt_validate_vals(
                vals, self._customer_mgmt_country_for(vals), in_scope)
        if vals.get("registration_number") and vals.get("active", True):
            self._customer_mgmt_check_registration_free(vals["registration_number"])
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        if self.env.context.get(MERGE_KEY) and "registration_number" in vals:
            # crm's merge copies the sources' number; the wizard moves it once they are gone.
            vals = dict(vals)
            vals.pop("registration_number")
        if vals.get("active"):
            # Unarchiving must not create a second active partner with the same number.
            for partner in self.filtered(lambda p: not p.active and p.registration_number):
                partner._customer_mgmt_check_registration_free(partner.registration_number)
        if not any(f in vals for f in PHONE_FIELDS + ("email", "registration_number")):
            return super(ResPartner, self).write(vals)
        # Group the partners by how their numbers are read, then write each group once.
        in_scope = self._customer_mgmt_in_scope()
        groups = {}
        for partner in self:
            key = (self._customer_mgmt_country_for(vals, partner), partner in in_scope)
            groups.setdefault(key, self.browse())
            groups[key] |= partner
        result = True
        for (country_code, scoped), partners in groups.items():
            group_vals = self._customer_mgmt_validate_vals(vals, country_code, scoped)
            if group_vals.get("registration_number"):
                if len(partners) > 1:
                    raise ValidationError(
                        _("Several partners cannot get the same registration number \"%s\".")
                        % group_vals["registration_number"])
                partners._customer_mgmt_check_registration_free(group_vals["registration_number"])
            if "phone_issue" in group_vals and not all(f in vals for f in PHONE_FIELDS):
                # Only one number changed: the other may still carry an issue.
                group_vals.pop("phone_issue")
                group_vals.pop("phone_issue_note")
                result = super(ResPartner, partners).write(group_vals) and result
                partners._customer_mgmt_recheck_phones()
            else:
                result = super(ResPartner, partners).write(group_vals) and result
        return result

    @api.multi
    def _customer_mgmt_recheck_phones(self):
        """Recompute the phone issue flag from both stored numbers."""
        for partner in self:
            country_code = self._customer_mgmt_country_for({}, partner)
            issues = []
            for field_name in PHONE_FIELDS:
                number = partner[field_name]
                if number and not self._customer_mgmt_format_phone(number, country_code):
                    label = self._fields[field_name].get_description(self.env)["string"]
                    issues.append(_("The %s \"%s\" is not a valid phone number (country %s).") % (
                        label, number, country_code))
            note = "\n".join(issues) or False
            if partner.phone_issue_note != note:
                super(ResPartner, partner).write({"phone_issue": bool(note), "phone_issue_note": note})
