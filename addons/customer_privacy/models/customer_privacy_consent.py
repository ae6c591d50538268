"""The lawful basis and consent of one person for one purpose (个人信息处理依据与同意)."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape
from odoo.tools.misc import format_date

from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, allowed_groups

BASES = [
    ("consent", "Consent"),
    ("contract", "Contract"),
    ("legal_obligation", "Legal Obligation"),
    ("vital_interests", "Vital Interests"),
    ("public_task", "Public Task"),
    ("legitimate_interests", "Legitimate Interests"),
]
PURPOSES = [
    ("service", "Service"),
    ("marketing_email", "Marketing E-mail"),
    ("sms", "SMS"),
    ("phone", "Phone Calls"),
    ("survey", "Surveys"),
]
CHANNELS = [
    ("form", "Form"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("portal", "Portal"),
    ("paper", "Paper"),
]
STATES = [("active", "Active"), ("withdrawn", "Withdrawn")]


class CustomerPrivacyConsent(models.Model):
    """Why we may process a person's data for a purpose, since when, and its withdrawal."""

    _name = "customer.privacy.consent"
    _inherit = ["mail.thread"]
    _description = "Lawful Basis and Consent"
    _order = "date_given desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="cascade",
        domain=[("is_company", "=", False)], track_visibility="onchange", auto_join=True,
        help="A contact person or an individual customer.")
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer", store=True,
        readonly=True, index=True)
    basis = fields.Selection(
        BASES, string="Lawful Basis", required=True, default="consent", index=True,
        track_visibility="onchange")
    purpose = fields.Selection(
        PURPOSES, required=True, index=True, track_visibility="onchange")
    date_given = fields.Date(
        string="Given On", required=True, default=fields.Date.context_today,
        track_visibility="onchange")
    channel = fields.Selection(
        CHANNELS, required=True, default="form", track_visibility="onchange",
        help="How the person gave the consent (or how the basis was established).")
    evidence = fields.Text(help="What the person agreed to, in their words or the form's.")
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment", "customer_privacy_consent_attachment_rel", "consent_id",
        "attachment_id", string="Evidence Files")
    date_withdrawn = fields.Date(
        string="Withdrawn On", copy=False, index=True, track_visibility="onchange")
    withdrawn_by_id = fields.Many2one(
        "res.users", string="Withdrawal Recorded By", readonly=True, copy=False)
    withdrawal_channel = fields.Selection(
        CHANNELS, string="Withdrawn By", copy=False, track_visibility="onchange",
        help="How the person withdrew the consent.")
    state = fields.Selection(
        STATES, compute="_compute_state", store=True, index=True,
        help="Active until the consent is withdrawn.")

    @api.depends("date_withdrawn")
    def _compute_state(self):
        for consent in self:
            consent.state = "withdrawn" if consent.date_withdrawn else "active"

    @api.constrains("partner_id")
    def _check_person(self):
        for consent in self:
            if consent.partner_id.is_company:
                raise ValidationError(_(
                    "%(field)s: \"%(value)s\" is a company. Consents are recorded for persons: "
                    "a contact person or an individual customer.") % {
                        "field": self._fields["partner_id"].get_description(self.env)["string"],
                        "value": consent.partner_id.display_name})

    @api.constrains("date_given", "date_withdrawn")
    def _check_dates(self):
        for consent in self:
            if consent.date_withdrawn and consent.date_withdrawn < consent.date_given:
                raise ValidationError(_(
                    "%(field)s (%(value)s) cannot be before the day the consent was given "
                    "(%(given)s).") % {
                        "field": self._fields["date_withdrawn"].get_description(
                            self.env)["string"],
                        "value": consent.date_withdrawn, "given": consent.date_given})

    @api.model
    def _check_evidence_links(self, vals):
        """Evidence files must be files the user may read: Odoo checks attachments through
        their document, which the guard's record-rule check of links does not see."""
        ids = set()
        for command in vals.get("evidence_attachment_ids") or ():
            if isinstance(command, (list, tuple)) and command:
                if command[0] == 4 and len(command) > 1:
                    ids.add(command[1])
                elif command[0] == 6 and len(command) > 2:
                    ids.update(command[2] or ())
        attachments = self.env["ir.attachment"].browse([i for i in ids if isinstance(i, int)])
        if attachments:
            attachments.check("read")

    @api.model
    def create(self, vals):
        self._check_evidence_links(vals)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        self._check_evidence_links(vals)
        return super().write(vals)

    @api.multi
    def name_get(self):
        purposes = dict(self._fields["purpose"]._description_selection(self.env))
        return [(consent.id, "%s: %s" % (consent.partner_id.display_name,
                                         purposes.get(consent.purpose, "")))
                for consent in self]

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_withdraw(self):
        """Record the withdrawal today, by the current user; the channel stays to be told."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._withdraw(self.env.user)
        return True

    @api.multi
    def _withdraw(self, user, channel=False):
        """Withdraw today, recorded by ``user``, by ``channel`` (else the one told or given)."""
        if any(consent.date_withdrawn for consent in self):
            raise UserError(_("This consent was already withdrawn."))
        today = fields.Date.context_today(self)
        for consent in self:
            consent.write({"date_withdrawn": max(today, consent.date_given),
                           "withdrawal_channel": channel or consent.withdrawal_channel
                           or consent.channel})
        self.sudo().write({"withdrawn_by_id": user.id})

    @api.multi
    def _portal_withdraw(self, user):
        """The person withdraws their own consent on the portal (PIPL art. 15, GDPR art.
        7(3)); only a consent can be withdrawn: other bases do not rest on the person's will."""
        self.ensure_one()
        if self.partner_id != user.partner_id:
            raise AccessError(_("This consent is not one of yours."))
        if self.basis != "consent":
            raise UserError(self._portal_not_withdrawable_reason())
        self.sudo()._withdraw(user, channel="portal")
        purpose = dict(self._fields["purpose"]._description_selection(self.env))[self.purpose]
        self.partner_id.sudo().message_post(
            body=_("%(person)s withdrew their consent to %(purpose)s on the portal "
                   "(given on %(given)s).") % {
                "person": html_escape(user.partner_id.name), "purpose": purpose,
                "given": format_date(self.env, self.date_given)},
            author_id=user.partner_id.id, message_type="comment", subtype="mail.mt_note")

    @api.multi
    def _portal_not_withdrawable_reason(self):
        """Why a person cannot withdraw this basis on the portal, naming the basis."""
        self.ensure_one()
        basis = dict(self._fields["basis"]._description_selection(self.env))[self.basis]
        return _("%(field)s \"%(value)s\": this processing rests on this basis, not on your "
                 "consent, so there is no consent to withdraw. If you object to it, please "
                 "contact us.") % {
                     "field": self._fields["basis"].get_description(self.env)["string"],
                     "value": basis}
