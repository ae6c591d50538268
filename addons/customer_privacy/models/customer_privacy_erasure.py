"""Erasure by anonymisation (匿名化): a person's personal fields replaced by neutral values on
the partner and wherever copies live, unless a legal hold (法律保留) applies."""
import re
from collections import defaultdict

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError

NEUTRAL = "***"
# Personal fields of a person emptied by the erasure (those the partner model has).
EMPTIED_FIELDS = ("email", "phone", "mobile", "street", "street2", "city", "zip", "function",
                  "website", "comment", "title", "image", "birthday", "vat", "ref",
                  "privacy_id_number")
# The columns of a person read for the texts that identify them (see _old_values).
IDENTIFYING_COLUMNS = ("display_name", "name", "email", "phone", "mobile", "street", "vat")
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
# The kinds of legal hold, in the order their reasons are given.
HOLD_KINDS = ("legal_hold", "open_tickets", "unconfirmed_orders", "unpaid_invoices",
              "user_account")


class CustomerPrivacyErasure(models.AbstractModel):
    """Anonymises persons, set-based: a few statements per table, none per person or record."""

    _name = "customer.privacy.erasure"
    _description = "Erasure by Anonymisation"

    @api.model
    def _persons_by_root(self, people):
        """{person id: [the person's id and their own addresses' (children that are not
        companies and not among ``people``)]}, in one query."""
        groups = {person_id: [person_id] for person_id in people.ids}
        if groups:
            self.env.cr.execute("""
                SELECT id, parent_id FROM res_partner
                 WHERE parent_id = ANY(%s) AND is_company IS NOT TRUE AND NOT (id = ANY(%s))
                 ORDER BY id""", (list(groups), list(groups)))
            for partner_id, parent_id in self.env.cr.fetchall():
                groups[parent_id].append(partner_id)
        return groups

    @api.model
    def _hold_counts(self, people):
        """{person id: {hold kind: count}} of those of ``people`` a legal hold keeps, counting
        their own addresses too; one query per kind of hold."""
        groups = self._persons_by_root(people)
        root_of = {pid: root for root, pids in groups.items() for pid in pids}
        ids = list(root_of)
        holds = defaultdict(dict)
        if not ids:
            return holds
        cr = self.env.cr

        def count(kind, query, params):
            cr.execute(query, params)
            found = defaultdict(set)
            for record_id, partner_id in cr.fetchall():
                if partner_id in root_of:
                    found[root_of[partner_id]].add(record_id)
            for root, records in found.items():
                holds[root][kind] = len(records)

        count("legal_hold", "SELECT id, id FROM res_partner WHERE id = ANY(%s) "
                            "AND privacy_legal_hold", (ids,))
        count("open_tickets", """
            SELECT t.id, p.partner_id FROM customer_feedback t,
                   unnest(ARRAY[t.contact_id, t.partner_id]) AS p(partner_id)
             WHERE t.is_closed IS NOT TRUE
               AND (t.contact_id = ANY(%s) OR t.partner_id = ANY(%s))""", (ids, ids))
        count("unconfirmed_orders", """
            SELECT o.id, p.partner_id FROM sale_order o,
                   unnest(ARRAY[o.partner_id, o.partner_invoice_id, o.partner_shipping_id])
                       AS p(partner_id)
             WHERE o.state IN ('draft', 'sent')
               AND (o.partner_id = ANY(%s) OR o.partner_invoice_id = ANY(%s)
                    OR o.partner_shipping_id = ANY(%s))""", (ids, ids, ids))
        if "account.invoice" in self.env:
            count("unpaid_invoices", "SELECT id, partner_id FROM account_invoice "
                                     "WHERE state = 'open' AND partner_id = ANY(%s)", (ids,))
        count("user_account", "SELECT id, partner_id FROM res_users WHERE partner_id = ANY(%s)",
              (ids,))
        return holds

    @api.model
    def _hold_reasons(self, counts):
        """The translated reasons of one person's hold counts (see _hold_counts)."""
        reasons = []
        if counts.get("legal_hold"):
            reasons.append(_("a data administrator set a legal hold on them"))
        if counts.get("open_tickets"):
            reasons.append(_("%d open tickets") % counts["open_tickets"])
        if counts.get("unconfirmed_orders"):
            reasons.append(_("%d unconfirmed sales orders") % counts["unconfirmed_orders"])
        if counts.get("unpaid_invoices"):
            reasons.append(_("%d unpaid invoices") % counts["unpaid_invoices"])
        if counts.get("user_account"):
            reasons.append(_("they have a user account (archive it and remove its login first)"))
        return reasons

    @api.model
    def _legal_holds(self, person):
        """Why the person may not be anonymised now: a list of translated reasons."""
        return self._hold_reasons(self._hold_counts(person).get(person.id, {}))

    @api.model
    def _partner_rows(self, ids):
        """{id: row} of the identifying columns of partners, in one query."""
        self.env.cr.execute(sql.SQL(
            "SELECT id, commercial_partner_id, {} FROM res_partner WHERE id = ANY(%s)").format(
                sql.SQL(", ").join(map(sql.Identifier, IDENTIFYING_COLUMNS))), (list(ids),))
        return {row["id"]: row for row in self.env.cr.dictfetchall()}

    @api.model
    def _old_values(self, rows):
        """The texts that identify a person (their partner rows), longest first, with the phone
        numbers' other spellings (without spaces, digits only)."""
        values = set()
        for row in rows:
            for name in IDENTIFYING_COLUMNS:
                value = row[name]
                if value and len(value.strip()) >= 3:
                    values.add(value.strip())
            for name in ("phone", "mobile"):
                if row[name]:
                    digits = re.sub(r"\D", "", row[name])
                    values.update({row[name].replace(" ", ""), digits})
                    if digits.startswith("86") and len(digits) > 10:
                        values.add(digits[2:])
        return sorted((value for value in values if len(value) >= 3), key=len, reverse=True)

    @api.model
    def _documents(self, groups, rows):
        """{table: {row id: person ids}} of the rows of SCRUBBED that belong to the persons
        (``groups`` as _persons_by_root gives them, their partner ``rows``), per table."""
        cr = self.env.cr
        root_of = {pid: root for root, pids in groups.items() for pid in pids}
        ids = list(root_of)
        found = defaultdict(lambda: defaultdict(set))

        def add(table, query, params, owners=None):
            """Rows of ``table`` from (row id, key) pairs; ``owners`` maps a key to persons
            (by default the key is one of the persons' partner ids)."""
            cr.execute(query, params)
            for row_id, key in cr.fetchall():
                found[table][row_id].update(
                    owners.get(key, ()) if owners is not None else
                    ([root_of[key]] if key in root_of else ()))

        add("customer_feedback", """
            SELECT id, contact_id FROM customer_feedback WHERE contact_id = ANY(%s)
             UNION ALL SELECT id, partner_id FROM customer_feedback WHERE partner_id = ANY(%s)""",
            (ids, ids))
        add("customer_interaction", """
            SELECT id, partner_id FROM customer_interaction WHERE partner_id = ANY(%s)
             UNION ALL SELECT interaction_id, partner_id FROM customer_interaction_contact_rel
                        WHERE partner_id = ANY(%s)""", (ids, ids))
        for table in ("rating_rating", "survey_user_input", "customer_privacy_consent",
                      "customer_privacy_request", "customer_lifecycle_transition", "crm_lead"):
            add(table, sql.SQL("SELECT id, partner_id FROM {} WHERE partner_id = ANY(%s)").format(
                sql.Identifier(table)), (ids,))
        add("survey_user_input_line", """
            SELECT l.id, u.partner_id FROM survey_user_input_line l
              JOIN survey_user_input u ON u.id = l.user_input_id
             WHERE u.partner_id = ANY(%s)""", (ids,))
        # The notes on the person's company (a contact added, renamed) name them too; only
        # the person's own texts are replaced there.
        partner_owners = {pid: {root} for pid, root in root_of.items()}
        for pid, root in root_of.items():
            company = rows[pid]["commercial_partner_id"]
            if company and company not in root_of:
                partner_owners.setdefault(company, set()).add(root)
        documents = [("res.partner", partner_owners)] + [
            (model, {row_id: owners for row_id, owners in found[table].items()})
            for model, table in (
                ("customer.feedback", "customer_feedback"),
                ("customer.interaction", "customer_interaction"),
                ("customer.privacy.consent", "customer_privacy_consent"),
                ("customer.privacy.request", "customer_privacy_request"),
                ("crm.lead", "crm_lead")) if found[table]]
        add("mail_message", """
            SELECT id, author_id FROM mail_message WHERE author_id = ANY(%s)
             UNION ALL SELECT mail_message_id, res_partner_id FROM mail_message_res_partner_rel
                        WHERE res_partner_id = ANY(%s)""", (ids, ids))
        for model, owners in documents:
            add("mail_message", "SELECT id, res_id FROM mail_message "
                                "WHERE model = %s AND res_id = ANY(%s)", (model, list(owners)),
                owners)
            add("mail_activity", "SELECT id, res_id FROM mail_activity "
                                 "WHERE res_model = %s AND res_id = ANY(%s)",
                (model, list(owners)), owners)
        messages = found["mail_message"]
        add("mail_tracking_value", "SELECT id, mail_message_id FROM mail_tracking_value "
                                   "WHERE mail_message_id = ANY(%s)", (list(messages),), messages)
        add("mail_mail", "SELECT id, mail_message_id FROM mail_mail "
                         "WHERE mail_message_id = ANY(%s)", (list(messages),), messages)
        add("mail_mail", "SELECT mail_mail_id, res_partner_id FROM mail_mail_res_partner_rel "
                         "WHERE res_partner_id = ANY(%s)", (ids,))
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
    def _scrub(self, table, replacements_of):
        """Replace the old texts in the rows' text columns, ``replacements_of`` giving each
        row id its (old, new) pairs, longest first: one SELECT and one UPDATE per table."""
        if not replacements_of or not self._table_exists(table):
            return
        columns = self._columns(table, SCRUBBED[table])
        if not columns:
            return
        cr = self.env.cr
        cr.execute(sql.SQL("SELECT id, {} FROM {} WHERE id = ANY(%s)").format(
            sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)),
            (list(replacements_of),))
        changed = []
        for row in cr.fetchall():
            texts = list(row[1:])
            for index, text in enumerate(texts):
                if not text:
                    continue
                for old, new in replacements_of[row[0]]:
                    if old in text:
                        text = text.replace(old, new)
                texts[index] = text
            if texts != list(row[1:]):
                changed.append([row[0]] + texts)
        if not changed:
            return
        cr.execute(sql.SQL(
            "UPDATE {table} AS t SET {assignments} FROM unnest(%s::int[], {arrays}) "
            "AS v(id, {columns}) WHERE t.id = v.id").format(
                table=sql.Identifier(table),
                assignments=sql.SQL(", ").join(
                    sql.SQL("{0} = v.{0}").format(sql.Identifier(column)) for column in columns),
                arrays=sql.SQL(", ").join(sql.SQL("%s::text[]") for _column in columns),
                columns=sql.SQL(", ").join(map(sql.Identifier, columns))),
            [list(column) for column in zip(*changed)])

    @api.model
    def _clear_partner_columns(self, old_values_of):
        """Empty what still holds an old text on the persons' rows (comparison keys and other
        columns the write does not recompute): one query finds them, one UPDATE per column
        holding some; ``old_values_of`` maps a partner id to its person's old texts."""
        pairs = [(partner_id, value) for partner_id, values in old_values_of.items()
                 for value in values]
        if not pairs:
            return
        ids, values = [list(column) for column in zip(*pairs)]
        cr = self.env.cr
        cr.execute("""
            SELECT column_name FROM information_schema.columns
             WHERE table_name = 'res_partner' AND data_type IN ('character varying', 'text')
               AND column_name NOT IN ('name', 'display_name', 'type', 'lang', 'tz')
             ORDER BY column_name""")
        columns = [row[0] for row in cr.fetchall()]
        cr.execute(sql.SQL("""
            SELECT p.id, ARRAY[{hits}] FROM res_partner p
              JOIN unnest(%s::int[], %s::text[]) AS v(id, old) ON v.id = p.id
             GROUP BY p.id""").format(hits=sql.SQL(", ").join(
                 sql.SQL("bool_or(strpos(p.{}, v.old) > 0)").format(sql.Identifier(column))
                 for column in columns)), (ids, values))
        holding = defaultdict(list)
        for partner_id, hits in cr.fetchall():
            for column, hit in zip(columns, hits):
                if hit:
                    holding[column].append(partner_id)
        for column, partner_ids in sorted(holding.items()):
            cr.execute(sql.SQL("UPDATE res_partner SET {} = NULL WHERE id = ANY(%s)").format(
                sql.Identifier(column)), (partner_ids,))

    @api.model
    def _store_display_names(self, ids):
        """Recompute the partners' display names and store them in one UPDATE (the ORM would
        write each distinct name on its own)."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        partners = Partner.browse(ids)
        field = Partner._fields["display_name"]
        partners.invalidate_cache(["display_name"], ids)
        field.compute_value(partners)
        names = [partner.display_name or None for partner in partners]
        self.env.cr.execute("""
            UPDATE res_partner p SET display_name = v.name
              FROM unnest(%s::int[], %s::text[]) AS v(id, name) WHERE p.id = v.id""",
                            (list(ids), names))
        if self._table_exists("calendar_attendee"):
            self.env.cr.execute("""
                UPDATE calendar_attendee a SET common_name = p.name FROM res_partner p
                 WHERE p.id = a.partner_id AND p.id = ANY(%s)""", (list(ids),))

    @api.model
    def _anonymise(self, request):
        """Anonymise the request's person; refused under a legal hold. Irreversible."""
        person = request.partner_id.sudo()
        holds = self._legal_holds(person)
        if holds:
            raise UserError(_("%(person)s cannot be anonymised: %(holds)s.") % {
                "person": person.display_name, "holds": "; ".join(holds)})
        count = self._anonymise_persons(person)
        # Earlier packages and evidence files hold the old data: they went with the person's
        # copies; the request is done and says so.
        self.env["customer.privacy.request"].sudo().browse(request.id).write(
            {"state": "done"})
        request.sudo().message_post(body=_(
            "Personal data anonymised by %(user)s on %(date)s, irreversibly: the person's fields "
            "and their copies in %(count)d records (messages, tracked changes, follow-ups, "
            "tickets, ratings, survey answers).") % {
                "user": self.env.user.name, "date": fields.Datetime.now(), "count": count})
        return True

    @api.model
    def _anonymise_persons(self, people):
        """Anonymise the persons and their own addresses, set-based (the caller checked the
        legal holds); irreversible. Returns how many records held copies."""
        people = people.sudo().with_context(active_test=False)
        if not people:
            return 0
        groups = self._persons_by_root(people)
        all_ids = [pid for pids in groups.values() for pid in pids]
        rows = self._partner_rows(all_ids)
        replacements, old_values_of, new_names = {}, {}, {}
        for root, pids in groups.items():
            group_rows = [rows[pid] for pid in pids]
            old_values = self._old_values(group_rows)
            new_name = _("Anonymised person %d") % root
            names = {row[name] for row in group_rows for name in ("name", "display_name")}
            replacements[root] = [(old, new_name if old in names else NEUTRAL)
                                  for old in old_values]
            old_values_of.update({pid: old_values for pid in pids})
            new_names.update({pid: new_name for pid in pids if rows[pid]["name"]})
        cr = self.env.cr
        cr.execute("SELECT coalesce(max(id), 0) FROM mail_message")
        last_message = cr.fetchone()[0]
        # The names first, in one UPDATE that marks the persons anonymised, then the other
        # personal fields in one write of the partners and their addresses, without tracking
        # (it would keep the old values).
        cr.execute("""
            UPDATE res_partner p SET name = coalesce(v.name, p.name),
                   privacy_anonymised_on = now() at time zone 'UTC'
              FROM unnest(%s::int[], %s::text[]) AS v(id, name) WHERE p.id = v.id""",
                   (all_ids, [new_names.get(pid) for pid in all_ids]))
        Partner = self.env["res.partner"].sudo().with_context(
            tracking_disable=True, mail_notrack=True, active_test=False)
        Partner.invalidate_cache(["name"], all_ids)
        empty = {name: False for name in EMPTIED_FIELDS if name in Partner._fields}
        Partner.browse(all_ids).write(dict(empty, opt_out=True))
        self._store_display_names(all_ids)
        # Then the copies, in the persons' documents and in what the write itself posted
        # (notes on the company about a contact's changed details).
        documents = self._documents(groups, rows)
        cr.execute("SELECT id, model, res_id FROM mail_message WHERE id > %s", (last_message,))
        company_owners = defaultdict(set)
        for pid, root in ((pid, root) for root, pids in groups.items() for pid in pids):
            company_owners[rows[pid]["commercial_partner_id"]].add(root)
            company_owners[pid].add(root)
        for message_id, model, res_id in cr.fetchall():
            owners = company_owners.get(res_id) if model == "res.partner" else None
            documents["mail_message"][message_id].update(owners or groups)
        for table, owners_of in documents.items():
            self._scrub(table, {row_id: self._merged(replacements, owners)
                                for row_id, owners in owners_of.items() if owners})
        if documents.get("crm_lead"):
            # The leads' comparison keys (customer_mgmt) follow their scrubbed columns.
            leads = self.env["crm.lead"].sudo().browse(list(documents["crm_lead"]))
            leads._conflict_recompute_keys()
        cr.execute("DELETE FROM mail_followers WHERE partner_id = ANY(%s)", (all_ids,))
        # Notifications on the bus and unsent composer drafts are transient copies.
        olds = sorted({old for pairs in replacements.values() for old, _new in pairs})
        if olds:
            cr.execute("""DELETE FROM bus_bus b WHERE EXISTS (
                            SELECT 1 FROM unnest(%s::text[]) AS v(old)
                             WHERE strpos(b.message, v.old) > 0)""", (olds,))
            cr.execute("""DELETE FROM mail_compose_message m WHERE EXISTS (
                            SELECT 1 FROM unnest(%s::text[]) AS v(old)
                             WHERE strpos(coalesce(m.body, '') || coalesce(m.subject, '')
                                          || coalesce(m.record_name, ''), v.old) > 0)""",
                       (olds,))
        # Earlier packages and evidence files hold the old data: they go.
        self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "customer.privacy.request"),
            ("res_id", "in", list(documents["customer_privacy_request"]))]).unlink()
        self.env["customer.privacy.consent"].sudo().browse(
            list(documents["customer_privacy_consent"])).mapped(
                "evidence_attachment_ids").unlink()
        self.env["res.partner.former.name"].sudo().search(
            [("partner_id", "in", all_ids)]).unlink()
        self.env["res.partner"].invalidate_cache()
        self.env.cache.invalidate()
        self.env["res.partner"].recompute()
        self._clear_partner_columns(old_values_of)
        self.env["res.partner"].invalidate_cache(ids=all_ids)
        return sum(len(owners_of) for owners_of in documents.values())

    @api.model
    def _merged(self, replacements, owners):
        """The (old, new) pairs of several persons for one row, longest old text first."""
        if len(owners) == 1:
            return replacements[next(iter(owners))]
        pairs = {pair for owner in owners for pair in replacements[owner]}
        return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    @api.model
    def _scrub_tickets(self, tickets):
        """Remove the contact data copied on closed tickets: their e-mail field emptied, the
        contact's and the sender's name, e-mail and phones replaced in the ticket's texts, its
        messages, tracked changes, e-mails and ratings. The persons themselves are kept."""
        tickets = tickets.sudo()
        if not tickets:
            return 0
        cr = self.env.cr
        cr.execute("""SELECT id, contact_id, email_from FROM customer_feedback
                       WHERE id = ANY(%s)""", (tickets.ids,))
        ticket_rows = cr.fetchall()
        rows = self._partner_rows({contact for _id, contact, _email in ticket_rows if contact})
        replacements = {}
        for ticket_id, contact_id, email_from in ticket_rows:
            values = self._old_values([rows[contact_id]] if contact_id in rows else [])
            if email_from and len(email_from.strip()) >= 3:
                values = sorted(set(values) | {email_from.strip()}, key=len, reverse=True)
            replacements[ticket_id] = [(old, NEUTRAL) for old in values]
        documents = defaultdict(dict)
        documents["customer_feedback"] = replacements
        cr.execute("SELECT id, res_id FROM mail_message WHERE model = 'customer.feedback' "
                   "AND res_id = ANY(%s)", (tickets.ids,))
        messages = {message_id: replacements[res_id] for message_id, res_id in cr.fetchall()}
        documents["mail_message"] = messages
        for table in ("mail_tracking_value", "mail_mail"):
            cr.execute(sql.SQL("SELECT id, mail_message_id FROM {} "
                               "WHERE mail_message_id = ANY(%s)").format(sql.Identifier(table)),
                       (list(messages),))
            documents[table] = {row_id: messages[message_id]
                                for row_id, message_id in cr.fetchall()}
        cr.execute("SELECT id, res_id FROM rating_rating WHERE res_model = 'customer.feedback' "
                   "AND res_id = ANY(%s)", (tickets.ids,))
        documents["rating_rating"] = {row_id: replacements[res_id]
                                      for row_id, res_id in cr.fetchall()}
        for table, replacements_of in documents.items():
            self._scrub(table, replacements_of)
        cr.execute("""UPDATE customer_feedback SET email_from = NULL,
                             privacy_anonymised_on = now() at time zone 'UTC'
                       WHERE id = ANY(%s)""", (tickets.ids,))
        tickets.invalidate_cache()
        self.env["mail.message"].invalidate_cache()
        return sum(len(replacements_of) for replacements_of in documents.values())
