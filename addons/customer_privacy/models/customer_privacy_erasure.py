"""Erasure by anonymisation (匿名化): a person's personal fields replaced by neutral values on
the partner and wherever copies live, unless a legal hold (法律保留) applies."""
import re

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

NEUTRAL = "***"
# Personal fields of a person emptied by the erasure (those the partner model has).
EMPTIED_FIELDS = ("email", "phone", "mobile", "street", "street2", "city", "zip", "function",
                  "website", "comment", "title", "image", "birthday", "vat", "ref",
                  "privacy_id_number")
# The text columns where copies of a person's data live, per table, and how the rows that
# belong to the person are found (see _documents).
SCRUBBED = {
    "mail_message": ("body", "subject", "email_from", "record_name", "reply_to"),
    "mail_tracking_value": ("old_value_char", "new_value_char", "old_value_text",
                            "new_value_text"),
    "mail_mail": ("body_html", "email_to", "email_cc"),
    "mail_activity": ("res_name", "summary", "note"),
    "customer_interaction": ("name", "description", "outcome", "next_step", "location"),
    "customer_feedback": ("subject", "description", "resolution", "root_cause", "email_from"),
    "rating_rating": ("feedback",),
    "survey_user_input": ("email",),
    "survey_user_input_line": ("value_text", "value_free_text"),
    "customer_privacy_consent": ("evidence",),
    "customer_privacy_request": ("notes",),
    "customer_lifecycle_transition": ("reason",),
    "crm_lead": ("contact_name", "email_from", "phone", "mobile", "street", "street2",
                 "city", "zip", "description", "name", "email_cc"),
}


class CustomerPrivacyErasure(models.AbstractModel):
    """Anonymises one person, set-based: a few statements per table, none per record."""

    _name = "customer.privacy.erasure"
    _description = "Erasure by Anonymisation"

    @api.model
    def _persons(self, person):
        """The person and their own addresses (children that are not companies)."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        return person.sudo() | Partner.search(
            [("parent_id", "=", person.id), ("is_company", "=", False)])

    @api.model
    def _legal_holds(self, person):
        """Why the person may not be anonymised now: a list of translated reasons."""
        env = self.env
        persons = self._persons(person)
        holds = []
        if any(persons.mapped("privacy_legal_hold")):
            holds.append(_("a data administrator set a legal hold on them"))
        open_tickets = env["customer.feedback"].sudo().search_count([
            ("is_closed", "=", False),
            "|", ("contact_id", "in", persons.ids), ("partner_id", "in", persons.ids)])
        if open_tickets:
            holds.append(_("%d open tickets") % open_tickets)
        orders = env["sale.order"].sudo().search_count([
            ("state", "in", ("draft", "sent")),
            "|", "|", ("partner_id", "in", persons.ids),
            ("partner_invoice_id", "in", persons.ids), ("partner_shipping_id", "in", persons.ids)])
        if orders:
            holds.append(_("%d unconfirmed sales orders") % orders)
        if "account.invoice" in env:
            unpaid = env["account.invoice"].sudo().search_count(
                [("state", "=", "open"), ("partner_id", "in", persons.ids)])
            if unpaid:
                holds.append(_("%d unpaid invoices") % unpaid)
        if env["res.users"].sudo().with_context(active_test=False).search_count(
                [("partner_id", "in", persons.ids)]):
            holds.append(_("they have a user account (archive it and remove its login first)"))
        return holds

    @api.model
    def _old_values(self, persons):
        """The texts that identify the person, longest first, with the phone numbers' other
        spellings (without spaces, digits only)."""
        values = set()
        for partner in persons:
            for name in ("display_name", "name", "email", "phone", "mobile", "street", "vat"):
                value = partner[name]
                if value and len(value.strip()) >= 3:
                    values.add(value.strip())
            for name in ("phone", "mobile"):
                if partner[name]:
                    digits = re.sub(r"\D", "", partner[name])
                    values.update({partner[name].replace(" ", ""), digits})
                    if digits.startswith("86") and len(digits) > 10:
                        values.add(digits[2:])
        return sorted((value for value in values if len(value) >= 3), key=len, reverse=True)

    @api.model
    def _documents(self, persons):
        """{table: ids} of the rows of SCRUBBED that belong to the persons."""
        env = self.env
        ids = tuple(persons.ids)
        cr = env.cr
        found = {}

        def ids_of(query, params):
            cr.execute(query, params)
            return [row[0] for row in cr.fetchall()]

        found["customer_feedback"] = ids_of(
            "SELECT id FROM customer_feedback WHERE contact_id IN %s OR partner_id IN %s",
            (ids, ids))
        found["customer_interaction"] = ids_of("""
            SELECT id FROM customer_interaction WHERE partner_id IN %s
             UNION SELECT interaction_id FROM customer_interaction_contact_rel
                    WHERE partner_id IN %s""", (ids, ids))
        found["rating_rating"] = ids_of("SELECT id FROM rating_rating WHERE partner_id IN %s",
                                        (ids,))
        found["survey_user_input"] = ids_of(
            "SELECT id FROM survey_user_input WHERE partner_id IN %s", (ids,))
        found["survey_user_input_line"] = ids_of(
            "SELECT id FROM survey_user_input_line WHERE user_input_id IN %s",
            (tuple(found["survey_user_input"]) or (0,),))
        found["customer_privacy_consent"] = ids_of(
            "SELECT id FROM customer_privacy_consent WHERE partner_id IN %s", (ids,))
        found["customer_privacy_request"] = ids_of(
            "SELECT id FROM customer_privacy_request WHERE partner_id IN %s", (ids,))
        found["customer_lifecycle_transition"] = ids_of(
            "SELECT id FROM customer_lifecycle_transition WHERE partner_id IN %s", (ids,))
        found["crm_lead"] = ids_of("SELECT id FROM crm_lead WHERE partner_id IN %s", (ids,))
        # The notes on the person's company (a contact added, renamed) name them too; only
        # the person's own texts are replaced there.
        companies = (persons.mapped("commercial_partner_id") - persons).ids
        documents = [("res.partner", list(ids) + companies)] + [
            (model, found[table]) for model, table in (
                ("customer.feedback", "customer_feedback"),
                ("customer.interaction", "customer_interaction"),
                ("customer.privacy.consent", "customer_privacy_consent"),
                ("customer.privacy.request", "customer_privacy_request"),
                ("crm.lead", "crm_lead")) if found[table]]
        message_ids = set(ids_of("""
            SELECT id FROM mail_message WHERE author_id IN %s
             UNION SELECT mail_message_id FROM mail_message_res_partner_rel
                    WHERE res_partner_id IN %s""", (ids, ids)))
        activity_ids = set()
        for model, res_ids in documents:
            message_ids.update(ids_of(
                "SELECT id FROM mail_message WHERE model = %s AND res_id IN %s",
                (model, tuple(res_ids))))
            activity_ids.update(ids_of(
                "SELECT id FROM mail_activity WHERE res_model = %s AND res_id IN %s",
                (model, tuple(res_ids))))
        found["mail_message"] = sorted(message_ids)
        found["mail_activity"] = sorted(activity_ids)
        messages = tuple(message_ids) or (0,)
        found["mail_tracking_value"] = ids_of(
            "SELECT id FROM mail_tracking_value WHERE mail_message_id IN %s", (messages,))
        found["mail_mail"] = ids_of("""
            SELECT id FROM mail_mail WHERE mail_message_id IN %s
             UNION SELECT mail_mail_id FROM mail_mail_res_partner_rel
                    WHERE res_partner_id IN %s""", (messages, ids))
        return found

    @api.model
    def _table_exists(self, table):
        self.env.cr.execute("SELECT 1 FROM information_schema.tables WHERE table_name = %s",
                            (table,))
        return bool(self.env.cr.fetchone())

    @api.model
    def _columns(self, table, wanted):
        self.env.cr.execute("""
            SELECT column_name FROM information_schema.columns
             WHERE table_name = %s AND column_name IN %s""", (table, tuple(wanted)))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _scrub(self, table, ids, replacements):
        """Replace the old texts in the rows' text columns: one UPDATE per column and text."""
        if not ids:
            return
        for column in self._columns(table, SCRUBBED[table]):
            for old, new in replacements:
                self.env.cr.execute(sql.SQL(
                    "UPDATE {table} SET {column} = replace({column}, %s, %s) "
                    "WHERE id IN %s AND strpos({column}, %s) > 0").format(
                        table=sql.Identifier(table), column=sql.Identifier(column)),
                    (old, new, tuple(ids), old))

    @api.model
    def _clear_partner_columns(self, persons, old_values):
        """Empty what still holds an old text on the persons' rows (comparison keys and other
        columns the write does not recompute): one UPDATE per column."""
        cr = self.env.cr
        cr.execute("""
            SELECT column_name FROM information_schema.columns
             WHERE table_name = 'res_partner' AND data_type IN ('character varying', 'text')
               AND column_name NOT IN ('name', 'display_name', 'type', 'lang', 'tz')""")
        for (column,) in cr.fetchall():
            condition = sql.SQL(" OR ").join(
                sql.SQL("strpos({}, %s) > 0").format(sql.Identifier(column))
                for _value in old_values)
            cr.execute(sql.SQL("UPDATE res_partner SET {column} = NULL WHERE id IN %s AND ({condition})").format(
                column=sql.Identifier(column), condition=condition),
                [tuple(persons.ids)] + list(old_values))

    @api.model
    def _anonymise(self, request):
        """Anonymise the request's person; refused under a legal hold. Irreversible."""
        person = request.partner_id.sudo()
        holds = self._legal_holds(person)
        if holds:
            raise UserError(_("%(person)s cannot be anonymised: %(holds)s.") % {
                "person": person.display_name, "holds": "; ".join(holds)})
        persons = self._persons(person)
        old_values = self._old_values(persons)
        new_name = _("Anonymised person %d") % person.id
        names = set(persons.mapped("name")) | set(persons.mapped("display_name"))
        replacements = [(old, new_name if old in names else NEUTRAL) for old in old_values]
        cr = self.env.cr
        cr.execute("SELECT coalesce(max(id), 0) FROM mail_message")
        last_message = cr.fetchone()[0]
        # The partner and its addresses, without tracking (it would keep the old values).
        Partner = self.env["res.partner"].sudo().with_context(
            tracking_disable=True, mail_notrack=True, active_test=False)
        empty = {name: False for name in EMPTIED_FIELDS if name in Partner._fields}
        for partner in persons:
            values = dict(empty, name=new_name if partner.name else False, opt_out=True)
            Partner.browse(partner.id).write(values)
        # Then the copies, in the person's documents and in what the write itself posted
        # (notes on the company about a renamed contact).
        documents = self._documents(persons)
        cr.execute("SELECT id FROM mail_message WHERE id > %s", (last_message,))
        documents["mail_message"] = sorted(
            set(documents["mail_message"]) | {row[0] for row in cr.fetchall()})
        for table, ids in documents.items():
            if self._table_exists(table):
                self._scrub(table, ids, replacements)
        cr.execute("DELETE FROM mail_followers WHERE partner_id IN %s", (tuple(persons.ids),))
        # Notifications on the bus and unsent composer drafts are transient copies.
        for old, _new in replacements:
            cr.execute("DELETE FROM bus_bus WHERE strpos(message, %s) > 0", (old,))
            cr.execute("""DELETE FROM mail_compose_message
                           WHERE strpos(coalesce(body, '') || coalesce(subject, '')
                                        || coalesce(record_name, ''), %s) > 0""", (old,))
        # Earlier packages and evidence files hold the old data: they go.
        self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "customer.privacy.request"),
            ("res_id", "in", documents["customer_privacy_request"])]).unlink()
        self.env["customer.privacy.consent"].sudo().browse(
            documents["customer_privacy_consent"]).mapped("evidence_attachment_ids").unlink()
        self.env["res.partner.former.name"].sudo().search(
            [("partner_id", "in", persons.ids)]).unlink()
        self.env["customer.privacy.request"].sudo().browse(request.id).write(
            {"state": "done"})
        self.env["res.partner"].invalidate_cache()
        self.env.cache.invalidate()
        request.sudo().message_post(body=_(
            "Personal data anonymised by %(user)s on %(date)s, irreversibly: the person's fields "
            "and their copies in %(count)d records (messages, tracked changes, follow-ups, "
            "tickets, ratings, survey answers).") % {
                "user": self.env.user.name, "date": fields.Datetime.now(),
                "count": sum(len(ids) for ids in documents.values())})
        cr.execute("UPDATE res_partner SET privacy_anonymised_on = now() at time zone 'UTC' "
                   "WHERE id IN %s", (tuple(persons.ids),))
        self.env["res.partner"].recompute()
        self._clear_partner_columns(persons, old_values)
        self.env["res.partner"].invalidate_cache(ids=persons.ids)
        return True
