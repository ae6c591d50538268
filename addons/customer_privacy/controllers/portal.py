"""The person's consents on the portal, /my/consents: see them and withdraw a consent."""
from odoo import _, http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

CONSENT_MODEL = "customer.privacy.consent"


class PrivacyPortal(CustomerPortal):
    """Portal users see the consents of their own partner only, never those of the other
    contacts of their company; portal users have no access to the model: read as superuser
    within that domain."""

    def _consent_portal_user(self):
        """Whether the page serves the current user: portal users (employees' consents are
        handled in the back office)."""
        return request.env.user.has_group("base.group_portal")

    def _consent_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.id)]

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        shown = self._consent_portal_user()
        values["consent_portal"] = shown
        values["consent_count"] = request.env[CONSENT_MODEL].sudo().search_count(
            self._consent_domain()) if shown else 0
        return values

    def _consent_page(self, error=None, withdrawn=None, status=200):
        consents = request.env[CONSENT_MODEL].sudo().search(
            self._consent_domain(), order="state, date_given desc, id desc")
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "consents",
            "consents": consents,
            "reasons": {consent.id: consent._portal_not_withdrawable_reason()
                        for consent in consents if consent.basis != "consent"},
            "error": error,
            "notice": self._consent_withdrawn_notice(
                consents.filtered(lambda consent: consent.id == withdrawn)),
        })
        return request.render("customer_privacy.portal_my_consents", values, status=status)

    def _consent_withdrawn_notice(self, consent):
        """The confirmation after a withdrawal, in the person's language."""
        if not consent or consent.state != "withdrawn":
            return False
        purposes = dict(consent._fields["purpose"]._description_selection(consent.env))
        return _("Your consent to %s is withdrawn: we no longer use your information for "
                 "this purpose.") % purposes[consent.purpose]

    @http.route(["/my/consents"], type="http", auth="user", website=True)
    def portal_my_consents(self, withdrawn=None, **kw):
        if not self._consent_portal_user():
            return request.redirect("/my")
        withdrawn = int(withdrawn) if str(withdrawn or "").isdigit() else None
        return self._consent_page(withdrawn=withdrawn)

    @http.route(["/my/consents/<int:consent_id>/withdraw"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_my_consent_withdraw(self, consent_id, **post):
        """Withdraw one's own consent; another person's id is answered as a missing one."""
        if not self._consent_portal_user():
            return request.redirect("/my")
        consent = request.env[CONSENT_MODEL].sudo().search(
            self._consent_domain() + [("id", "=", consent_id)])
        if not consent:
            return self._consent_page(
                error=_("This consent is not one of yours, or it does not exist."), status=404)
        try:
            consent._portal_withdraw(request.env.user)
        except (AccessError, UserError) as refusal:
            return self._consent_page(error=refusal.name, status=403)
        return request.redirect("/my/consents?withdrawn=%d" % consent.id)
