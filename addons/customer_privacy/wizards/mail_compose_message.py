"""Mass e-mails of Odoo's composer (and of mass_mailing, which sends through it) reach only
the persons who consented to marketing e-mail; comments on one document are not filtered."""
import logging

from odoo import api, fields, models
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

MASS_MAIL = "mass_mail"
PURPOSE = "marketing_email"


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    privacy_skipped_count = fields.Integer(
        string="Recipients Without Consent", compute="_compute_privacy_skipped_count",
        help="Persons among the recipients without an active consent to marketing e-mail: "
             "the mass e-mail skips them.")

    @api.depends("composition_mode", "model", "res_id", "partner_ids", "use_active_domain",
                 "active_domain")
    def _compute_privacy_skipped_count(self):
        """What the wizard tells before sending: the documents' partners and the additional
        recipients without consent (recipients a template adds are counted when sending)."""
        for wizard in self:
            partners = wizard.partner_ids
            if wizard.composition_mode == MASS_MAIL and wizard.model == "res.partner":
                partners |= self.env["res.partner"].browse(wizard._privacy_res_ids())
            allowed = partners._privacy_allows(PURPOSE) if partners else set()
            wizard.privacy_skipped_count = len(set(partners.ids) - allowed)

    @api.multi
    def _privacy_res_ids(self):
        """The documents the wizard mails, as send_mail finds them."""
        self.ensure_one()
        if self.use_active_domain and self.model:
            return self.env[self.model].search(safe_eval(self.active_domain or "[]")).ids
        if self.model and self._context.get("active_ids"):
            return self._context["active_ids"]
        return [self.res_id] if self.res_id else []

    @api.multi
    def get_mail_values(self, res_ids):
        """Drop the persons without consent from each mass e-mail, and the e-mails of partners
        without it; three queries per batch, a log line of what was skipped."""
        results = super().get_mail_values(res_ids)
        if self.composition_mode != MASS_MAIL:
            return results
        recipients = {res_id: [command[1] for command in values.get("recipient_ids") or ()
                               if command[0] == 4]
                      for res_id, values in results.items()}
        partner_ids = {pid for ids in recipients.values() for pid in ids}
        if self.model == "res.partner":
            partner_ids.update(results)
        partners = self.env["res.partner"].browse(sorted(partner_ids))
        skipped = set(partner_ids) - partners._privacy_allows(PURPOSE)
        for res_id in list(results) if skipped else ():
            values = results[res_id]
            kept = [pid for pid in recipients[res_id] if pid not in skipped]
            if len(kept) < len(recipients[res_id]):
                values["recipient_ids"] = [(4, pid) for pid in kept]
            if (self.model == "res.partner" and res_id in skipped) or not (
                    kept or values.get("email_to") or values.get("email_cc")):
                del results[res_id]
        _logger.info(
            "Mass e-mail on %s by user %s: %d of %d e-mails sent, %d persons skipped without "
            "the consent to marketing e-mail", self.model, self.env.uid, len(results),
            len(res_ids), len(skipped))
        return results
