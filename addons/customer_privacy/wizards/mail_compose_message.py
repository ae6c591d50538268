"""Mass e-mails of Odoo's composer (and of mass_mailing, which sends through it) to customers,
contacts and leads reach only the persons who consented to marketing e-mail; e-mails on one
document, and mass e-mails on other documents (discussion channels, tickets), are not
marketing to the customer archive and are not filtered."""
import logging

from odoo import api, fields, models
from odoo.tools.safe_eval import safe_eval

_logger = logging.getLogger(__name__)

MASS_MAIL = "mass_mail"
# The documents whose mass e-mails are marketing to persons of the customer archive.
MARKETED_MODELS = ("res.partner", "crm.lead")
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
        """What the wizard tells an employee before sending: the documents' partners and the
        additional recipients without consent, among the partners the employee may read (a
        template's recipients are counted when sending). Nobody else learns who consented."""
        employee = self.env.user.has_group("base.group_user")
        for wizard in self:
            count = 0
            if wizard._privacy_filters() and employee:
                partner_ids = set(wizard.partner_ids.ids) | set(
                    wizard._privacy_document_partners(wizard._privacy_res_ids()).values())
                partners = self.env["res.partner"].search([("id", "in", sorted(partner_ids))])
                count = len(set(partners.ids) - partners._privacy_allows(PURPOSE))
            wizard.privacy_skipped_count = count

    @api.multi
    def _privacy_filters(self):
        """Whether the consent filter applies: a mass e-mail on customers, contacts or leads."""
        self.ensure_one()
        return self.composition_mode == MASS_MAIL and self.model in MARKETED_MODELS

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
    def _privacy_document_partners(self, res_ids):
        """{document id: the partner it is about}: a partner itself, else the document's
        partner_id (a lead's customer, say); of the documents the user may read, in one query."""
        self.ensure_one()
        if not self.model or self.model not in self.env or not res_ids:
            return {}
        if self.model == "res.partner":
            return {res_id: res_id for res_id in res_ids}
        field = self.env[self.model]._fields.get("partner_id")
        if not field or field.type != "many2one" or field.comodel_name != "res.partner":
            return {}
        documents = self.env[self.model].search([("id", "in", list(res_ids))])
        rows = documents.read(["partner_id"], load="_classic_write")
        return {row["id"]: row["partner_id"] for row in rows if row["partner_id"]}

    @api.multi
    def get_mail_values(self, res_ids):
        """Drop the persons without consent from each mass e-mail, and the e-mails about a
        person without it; one consent check (three queries) per batch, and a log line."""
        results = super().get_mail_values(res_ids)
        if not self._privacy_filters():
            return results
        recipients = {res_id: [command[1] for command in values.get("recipient_ids") or ()
                               if command[0] == 4]
                      for res_id, values in results.items()}
        documents = self._privacy_document_partners(list(results))
        partner_ids = {pid for ids in recipients.values() for pid in ids}
        partner_ids.update(documents.values())
        partners = self.env["res.partner"].browse(sorted(partner_ids))
        skipped = partner_ids - partners._privacy_allows(PURPOSE)
        for res_id in list(results) if skipped else ():
            kept = [pid for pid in recipients[res_id] if pid not in skipped]
            values = results[res_id]
            if len(kept) < len(recipients[res_id]):
                values["recipient_ids"] = [(4, pid) for pid in kept]
            if documents.get(res_id) in skipped or not (
                    kept or values.get("email_to") or values.get("email_cc")):
                del results[res_id]
        _logger.info(
            "Mass e-mail on %s by user %s: %d of %d e-mails sent, %d persons skipped without "
            "the consent to marketing e-mail", self.model, self.env.uid, len(results),
            len(res_ids), len(skipped))
        return results
