"""res.partner's side of privacy: consents, the consent check of the mailings and greetings."""
from odoo import _, api, fields, models

from odoo.addons.customer_mgmt.utils import settings
from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, allowed_groups

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

    # Business methods

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
