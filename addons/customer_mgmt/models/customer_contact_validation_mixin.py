import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils import settings
from ..utils.access import INTERNAL_USER
from ..utils.phone import DEFAULT_COUNTRY_CODE, format_phone
from ..utils.registration import InvalidRegistration, clean_registration
from ..utils.markers import marked
from .customer_naming_mixin import MERGE_KEY

PHONE_FIELDS = ("phone", "mobile")
# A change of these changes the country the stored phones are read in.
COUNTRY_FIELDS = ("country_id", "parent_id")
PHONE_VALIDATION_PARAM = "customer_mgmt.phone_validation"
# A practical e-mail syntax: dot-atom local part, a domain of labels of letters, digits and
# hyphens (a single label, such as an intranet host, is syntactically valid as in Odoo).
EMAIL_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


class CustomerContactValidationMixin(models.AbstractModel):
    """Phones, e-mails and registration numbers of customers: checked and stored canonically."""

    _name = "customer.contact.validation.mixin"
    _description = "Checked Phones, E-mails and Registration Numbers"

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

    @api.multi
    def _customer_mgmt_validate_vals(self, vals, country_code, in_scope):
        """The checked, canonical phones, e-mail and registration number among ``vals``.

        ``self`` is the partner written (or empty on create): when only one of its numbers is
        written, its other stored number still counts for the phone issue flag.
        """
        values = {}
        if isinstance(vals.get("email"), str):
            values["email"] = (self._customer_mgmt_clean_email(vals["email"]) if in_scope
                               else vals["email"].strip() or False)
        if "registration_number" in vals:
            values["registration_number"] = self._customer_mgmt_clean_registration(
                vals["registration_number"], country_code)
        moved = any(f in vals for f in COUNTRY_FIELDS)
        if not in_scope or not (moved or any(f in vals for f in PHONE_FIELDS)):
            return values
        issues = []
        for field_name in PHONE_FIELDS:
            if field_name not in vals:
                stored = self[field_name] if self else False
                formatted = stored and format_phone(stored, country_code)
                if stored and not formatted:
                    issues.append(self._customer_mgmt_phone_message(field_name, stored, country_code))
                elif moved and stored and formatted != stored:
                    values[field_name] = formatted  # read again in the new country
                continue
            number = vals[field_name]
            if not isinstance(number, str):
                continue
            number = number.strip()
            if not number:
                values[field_name] = False
                continue
            formatted = format_phone(number, country_code)
            if formatted:
                values[field_name] = formatted
                continue
            message = self._customer_mgmt_phone_message(field_name, number, country_code)
            if self._customer_mgmt_phone_mode() == "block":
                raise ValidationError(message)
            values[field_name] = number
            issues.append(message)
        values["phone_issue_note"] = "\n".join(issues) or False
        values["phone_issue"] = bool(issues)
        return values

    @api.model
    def _customer_mgmt_phone_message(self, field_name, number, country_code):
        label = self._fields[field_name].get_description(self.env)["string"]
        return _("The %s \"%s\" is not a valid phone number (country %s).") % (
            label, number, country_code)

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

    # ------------------------------------------------------- pipeline hooks

    @api.model
    def _validation_create_vals(self, vals, state):
        """Create step: canonical phones, e-mail and registration number, which must be free."""
        if state.in_scope or "registration_number" in vals or vals.get("email"):
            # Nothing is stored yet: create may be called on any recordset, even a full one.
            vals.update(self.browse()._customer_mgmt_validate_vals(
                vals, self._customer_mgmt_country_for(vals), state.in_scope))
        if vals.get("registration_number") and vals.get("active", True):
            self._customer_mgmt_check_registration_free(vals["registration_number"])
        return vals

    @api.multi
    def _validation_write_vals(self, vals):
        """Write step shared by the partners: merges and unarchiving keep numbers unique."""
        if marked(self.env, MERGE_KEY) and "registration_number" in vals:
            # crm's merge copies the sources' number; the wizard moves it once they are gone.
            vals.pop("registration_number")
        if vals.get("active"):
            # Unarchiving must not create a second active partner with the same number.
            for partner in self.filtered(lambda p: not p.active and p.registration_number):
                partner._customer_mgmt_check_registration_free(partner.registration_number)
        return vals

    @api.multi
    def _validation_partner_values(self, vals, state):
        """Write step of one partner: its numbers read in its country."""
        self.ensure_one()
        return self._customer_mgmt_validate_vals(
            vals, self._customer_mgmt_country_for(vals, self), state.in_scope)

    @api.model
    def _validation_check_registration_unique(self, groups):
        """Refuse a registration number written on several partners or held by another one."""
        numbered = [(partners, delta["registration_number"]) for partners, delta in groups
                    if delta.get("registration_number")]
        if not numbered:
            return
        if len(numbered) > 1 or len(numbered[0][0]) > 1:
            raise ValidationError(
                _("Several partners cannot get the same registration number \"%s\".")
                % numbered[0][1])
        partners, number = numbered[0]
        partners._customer_mgmt_check_registration_free(number)
