"""res.partner's side of privacy: consents, the consent check of the mailings and greetings,
ID numbers of persons (masked, revealed to data administrators), the audit of exports."""
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.customer_mgmt.utils import settings
from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, DATA_ADMIN, allowed_groups

PARAM_PREFIX = "customer_privacy."
STAFF_GROUPS = ",".join(CUSTOMER_STAFF)
SURVEY_MODES = ("none", "contract", "consent")
REGIMES = ("pipl", "gdpr")
# The system parameters customer_privacy.<key> and their defaults (see readme/CONFIGURE.rst).
PRIVACY_DEFAULTS = {
    "greeting_consent": True,
    "request_days_pipl": 15,
    "request_days_gdpr": 30,
    "request_reminder_days": 3,
    "access_log_days": 365,
}
SELECTION_DEFAULTS = {
    "survey_consent": ("contract", SURVEY_MODES),
    "default_regime": ("pipl", REGIMES),
}


def privacy_param(env, key):
    """The typed value of the setting ``key``, its default when unset or unreadable."""
    if key in SELECTION_DEFAULTS:
        default, allowed = SELECTION_DEFAULTS[key]
        return settings.get_selection(env, PARAM_PREFIX + key, default, allowed)
    default = PRIVACY_DEFAULTS[key]
    value = settings.get_typed(env, PARAM_PREFIX + key, default)
    return max(value, 0) if isinstance(value, int) and not isinstance(value, bool) else value


def mask_id_number(number):
    """The number with all but its first and last four characters hidden."""
    if not number:
        return False
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


class CustomerPrivacyPartnerMixin(models.AbstractModel):
    """Consents of a person; which of many partners may be contacted for a purpose."""

    _name = "customer.privacy.partner.mixin"
    _description = "Customer Privacy (partner)"

    # Customer staff only: other employees and portal users have no access to consents.
    privacy_consent_ids = fields.One2many(
        "customer.privacy.consent", "partner_id", string="Consents", groups=STAFF_GROUPS)
    privacy_consent_count = fields.Integer(
        string="Consents (Count)", compute="_compute_privacy_consent_count",
        groups=STAFF_GROUPS)

    privacy_legal_hold = fields.Boolean(
        string="Legal Hold", groups="customer_mgmt.group_customer_data_admin", copy=False,
        track_visibility="onchange",
        help="Set by a data administrator: the person's data must be kept (a dispute, an "
             "audit, a legal duty); erasure is refused while it is set.")
    privacy_anonymised_on = fields.Datetime(
        string="Anonymised On", readonly=True, copy=False,
        groups="customer_mgmt.group_customer_data_admin",
        help="When the person's data was anonymised (irreversible).")
    # The full number only for data administrators: everyone else, over every entry point
    # (read, domains, group-bys, order, export), gets the masked one or a refusal.
    privacy_id_number = fields.Char(
        string="ID Number", groups=DATA_ADMIN, copy=False,
        help="The person's resident identity card number (居民身份证号), 18 characters, "
             "checked when saved. Sensitive personal information: shown masked, revealed "
             "to data administrators on demand, and every reveal is logged.")
    privacy_id_number_masked = fields.Char(
        string="ID Number (Masked)", compute="_compute_privacy_id_number_masked",
        groups=STAFF_GROUPS, help="The ID number with its middle hidden.")

    @api.multi
    def _compute_privacy_consent_count(self):
        """One grouped count for all the partners shown."""
        ids = [partner_id for partner_id in self.ids if partner_id]
        counts = {}
        if ids:
            for row in self.env["customer.privacy.consent"].read_group(
                    [("partner_id", "in", ids), ("state", "=", "active")],
                    ["partner_id"], ["partner_id"]):
                counts[row["partner_id"][0]] = row["partner_id_count"]
        for partner in self:
            partner.privacy_consent_count = counts.get(partner.id, 0)

    @api.depends("privacy_id_number")
    def _compute_privacy_id_number_masked(self):
        """Masked from the full number, read as the system for every reader."""
        for partner, raw in zip(self, self.sudo()):
            partner.privacy_id_number_masked = mask_id_number(raw.privacy_id_number)

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_open_privacy_consents(self):
        """The person's consents, new ones for the person."""
        self.ensure_one()
        self.check_access_rule("read")
        action = self.env.ref("customer_privacy.customer_privacy_consent_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id, "search_default_active": 0}
        action["name"] = _("Consents of %s") % self.display_name
        return action

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_reveal_id_number(self):
        """Open the person's full ID number (to read or correct it); the reveal is logged."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        if self.privacy_id_number:
            self.env["customer.privacy.access.log"]._log([{
                "action": "id_revealed", "partner_id": self.id, "record_count": 1,
                "field_names": "privacy_id_number"}])
        return {
            "type": "ir.actions.act_window",
            "name": _("ID Number of %s") % self.display_name,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("customer_privacy.res_partner_view_form_id_number").id,
                       "form")],
            "target": "new",
        }

    # Business methods

    @api.model
    def _privacy_id_number_vals(self, vals, partners=None):
        """Save step: the ID number checked with stdnum.cn.ric and stored compact, on persons
        only; ``partners`` are the written records (None on create)."""
        name = "privacy_id_number"
        if name not in vals and partners is None and "default_" + name in self.env.context:
            vals = dict(vals, **{name: self.env.context["default_" + name]})
        company_vals = vals.get("is_company") or vals.get("company_type") == "company"
        if not vals.get(name):
            if partners is not None and company_vals and name not in vals:
                self._privacy_refuse_company_id(partners.sudo().filtered(
                    lambda partner: partner.privacy_id_number).mapped("display_name"))
            return vals
        label = self._fields[name].get_description(self.env)["string"]
        number = vals[name]
        try:
            number = ric.validate(number)
        except StdnumValidationError:
            raise ValidationError(_(
                "%(field)s: \"%(value)s\" is not a valid resident identity card number "
                "(18 characters: region, date of birth, sequence and check digit).") % {
                    "field": label, "value": number})
        if partners is None:
            self._privacy_refuse_company_id([vals.get("name")] if company_vals else [])
        elif "is_company" in vals or "company_type" in vals:
            self._privacy_refuse_company_id(partners.mapped("display_name") if company_vals else [])
        else:
            self._privacy_refuse_company_id(
                partners.filtered(lambda partner: partner.is_company).mapped("display_name"))
        return dict(vals, **{name: number})

    @api.model
    def _privacy_refuse_company_id(self, company_names):
        """Companies have a registration number, not an ID number."""
        if company_names:
            raise ValidationError(_(
                "%(field)s: \"%(name)s\" is a company. Only persons (individual customers, "
                "contact persons) have an ID number; a company has a registration number.") % {
                    "field": self._fields["privacy_id_number"].get_description(
                        self.env)["string"],
                    "name": company_names[0] or ""})

    @api.multi
    def _customer_export_logged(self, fields_to_export, result):
        """Each exported person is logged in the access log, linked to the export's log (which
        holds the user, the fields and the counts): one statement for the whole export."""
        export_log = super()._customer_export_logged(fields_to_export, result)
        self.env.cr.execute("""
            SELECT id FROM res_partner WHERE id = ANY(%s) AND is_company IS NOT TRUE
             ORDER BY id""", (self.ids,))
        self.env["customer.privacy.access.log"]._log(
            {"action": "export", "partner_id": row[0], "export_log_id": export_log.id,
             "record_count": 1} for row in self.env.cr.fetchall())
        return export_log

    @api.multi
    def _privacy_allows(self, purpose, contract_covers=False):
        """The ids of these partners that may be contacted for ``purpose``, in three queries.

        Companies hold no one's personal information and are allowed. A person is allowed
        with an active consent (any lawful basis) for the purpose; with ``contract_covers``,
        also with an active contract basis for the service, unless they withdrew the purpose.
        """
        partners = self.sudo().with_context(active_test=False)
        persons = partners.filtered(lambda partner: not partner.is_company)
        allowed = set((partners - persons).ids)
        if not persons:
            return allowed
        Consent = self.env["customer.privacy.consent"].sudo()

        def having(domain):
            rows = Consent.read_group(
                [("partner_id", "in", persons.ids)] + domain, ["partner_id"], ["partner_id"])
            return {row["partner_id"][0] for row in rows}

        allowed |= having([("purpose", "=", purpose), ("state", "=", "active")])
        if contract_covers:
            allowed |= having([("purpose", "=", "service"), ("basis", "=", "contract"),
                               ("state", "=", "active")]) - having(
                [("purpose", "=", purpose), ("state", "=", "withdrawn")]) - allowed
        return allowed

    @api.model
    def _reminder_filter_recipients(self, partners):
        """Greetings need the consent to marketing e-mail (when the setting asks for it)."""
        partners, skipped = super()._reminder_filter_recipients(partners)
        if not privacy_param(self.env, "greeting_consent"):
            return partners, skipped
        allowed_ids = partners._privacy_allows("marketing_email")
        allowed = partners.filtered(lambda partner: partner.id in allowed_ids)
        return allowed, skipped + len(partners) - len(allowed)
