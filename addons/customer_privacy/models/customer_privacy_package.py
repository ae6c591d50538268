"""The access and portability package: everything the database holds about one person, as
JSON (portable) and .xlsx (readable), in the reader's language."""
import base64
import io
import json

import xlsxwriter

from odoo import _, api, fields, models
from odoo.tools import html2plaintext

# Fields never put in a package: technical columns, and the ones that name other persons.
SKIPPED_FIELDS = {"id", "create_uid", "write_uid", "__last_update", "message_last_post",
                  "message_main_attachment_id", "access_token", "secret_token", "signup_token",
                  "password", "password_crypt", "token", "website_message_ids"}
MESSAGE_FIELDS = ["date", "author_id", "email_from", "subject", "body", "message_type",
                  "model", "res_id"]
TRACKING_FIELDS = ["create_date", "field_desc", "old_value_char", "new_value_char",
                   "old_value_text", "new_value_text", "old_value_integer", "new_value_integer",
                   "old_value_float", "new_value_float", "old_value_datetime",
                   "new_value_datetime", "mail_message_id"]


class CustomerPrivacyPackage(models.AbstractModel):
    """Builds the package of a request's person: one search and one read per kind of record."""

    _name = "customer.privacy.package"
    _description = "Personal Data Package"

    @api.model
    def _package_lang(self, request):
        """The requester's language when it is one of ours, else the handler's."""
        installed = dict(self.env["res.lang"].get_installed())
        for lang in (request.partner_id.lang, self.env.user.lang, "en_US"):
            if lang in installed:
                return lang
        return "en_US"

    @api.model
    def _sections(self, person):
        """[(key, title, model, domain, field names or None)] of what the person's package holds.

        A contact person's package holds their own records, never their company's other
        contacts; an individual customer's also the records of its own account.
        """
        env = self.env
        pid = person.id
        own_account = not person.parent_id
        sections = [
            ("person", _("Person"), "res.partner", [("id", "=", pid)], None),
            ("addresses", _("Contacts and Addresses"), "res.partner",
             [("parent_id", "=", pid), ("is_company", "=", False)], None),
            ("consents", _("Consents"), "customer.privacy.consent",
             [("partner_id", "=", pid)], None),
            ("interactions", _("Follow-ups"), "customer.interaction",
             ["|", ("contact_ids", "in", [pid])] + (
                 [("partner_id", "=", pid)] if own_account else [("id", "=", 0)]), None),
            ("tickets", _("Tickets"), "customer.feedback",
             ["|", ("contact_id", "=", pid)] + (
                 [("partner_id", "=", pid)] if own_account else [("id", "=", 0)]), None),
            ("ratings", _("Ratings"), "rating.rating", [("partner_id", "=", pid)], None),
            ("survey_answers", _("Survey Answers"), "survey.user_input",
             [("partner_id", "=", pid)], None),
            ("lifecycle", _("Lifecycle Transitions"), "customer.lifecycle.transition",
             [("partner_id", "=", pid)] if own_account else [("id", "=", 0)], None),
        ]
        return [section for section in sections if section[2] in env]

    @api.model
    def _field_names(self, model):
        """The stored fields of a model worth reading into a package."""
        return [name for name, field in model._fields.items()
                if field.store and field.type not in ("binary", "one2many")
                and name not in SKIPPED_FIELDS and not name.startswith("message_")
                and not name.startswith("activity_")]

    @api.model
    def _collect(self, person, lang):
        """{key: {"title", "labels", "rows"}}: the person's records, values made readable."""
        env = self.env(context=dict(self.env.context, lang=lang, active_test=False))
        pid = person.id
        package = {}
        record_ids = {}
        for key, title, model_name, domain, names in self._sections(person):
            model = env[model_name].sudo()
            records = model.search(domain, order="id")
            names = names or self._field_names(model)
            record_ids[key] = (model_name, records.ids)
            package[key] = self._section(model, title, records, names, pid)
        # Messages: on the person, on their tickets; only the person's and our employees'.
        documents = [("res.partner", [pid])]
        if record_ids.get("tickets", (None, []))[1]:
            documents.append(("customer.feedback", record_ids["tickets"][1]))
        Message = env["mail.message"].sudo()
        domain = ["|"] * (len(documents) - 1)
        for model_name, ids in documents:
            domain += ["&", ("model", "=", model_name), ("res_id", "in", ids)]
        domain += ["|", ("author_id", "=", pid), ("author_id.user_ids.share", "=", False)]
        messages = Message.search(domain, order="id")
        package["messages"] = self._section(Message, _("Messages"), messages, MESSAGE_FIELDS, pid)
        # Tracked changes of the person's own record.
        partner_messages = Message.search([("model", "=", "res.partner"), ("res_id", "=", pid)])
        Tracking = env["mail.tracking.value"].sudo()
        trackings = Tracking.search([("mail_message_id", "in", partner_messages.ids)], order="id")
        package["tracked_changes"] = self._section(
            Tracking, _("Tracked Changes"), trackings, TRACKING_FIELDS, pid)
        # Survey answer lines of the person's answers.
        if "survey_answers" in record_ids:
            Line = env["survey.user_input_line"].sudo()
            lines = Line.search([("user_input_id", "in", record_ids["survey_answers"][1])],
                                order="id")
            package["survey_answer_lines"] = self._section(
                Line, _("Survey Answer Lines"), lines,
                ["user_input_id", "question_id", "answer_type", "value_text", "value_number",
                 "value_date", "value_free_text", "value_suggested", "quizz_mark"], pid)
        return package

    @api.model
    def _section(self, model, title, records, names, pid):
        """One section: labels and rows; relations as names, persons other than ``pid`` left
        out of the relations (one name_get per comodel)."""
        names = [name for name in names if name in model._fields]
        described = model.fields_get(names, ["string", "type", "selection", "relation"])
        rows = records.read(names, load="_classic_write") if records else []
        # Names of the related records, one name_get per comodel.
        related = {}
        for name in names:
            info = described[name]
            if info["type"] in ("many2one", "many2many"):
                for row in rows:
                    value = row[name]
                    ids = value if isinstance(value, list) else [value] if value else []
                    related.setdefault(info["relation"], set()).update(ids)
        display = {}
        for comodel, ids in related.items():
            if comodel == "res.partner":
                # Other persons of a shared document (a meeting's contacts, a message's
                # recipients) stay out; companies stay in.
                partners = model.env["res.partner"].sudo().browse(list(ids)).exists()
                ids = set((partners.filtered(lambda p: p.is_company) |
                           partners.filtered(lambda p: p.id == pid)).ids)
            comodel_records = model.env[comodel].sudo().browse(list(ids)).exists()
            display[comodel] = dict(comodel_records.name_get())
        readable_rows = []
        for row in rows:
            readable = {}
            for name in names:
                info = described[name]
                value = row[name]
                if info["type"] == "many2one":
                    value = display.get(info["relation"], {}).get(value) if value else None
                elif info["type"] == "many2many":
                    value = [display[info["relation"]][item] for item in value
                             if item in display.get(info["relation"], {})]
                elif info["type"] == "selection":
                    value = dict(info["selection"]).get(value, value) if value else None
                elif info["type"] == "html":
                    value = html2plaintext(value) if value else None
                elif value is False and info["type"] != "boolean":
                    value = None
                readable[name] = value
            readable_rows.append(readable)
        return {"title": title, "labels": {name: described[name]["string"] for name in names},
                "rows": readable_rows}

    @api.model
    def _json(self, request, package):
        data = {"request": request.name, "person": request.partner_id.display_name,
                "generated": fields.Datetime.now(),
                "sections": {key: section["rows"] for key, section in package.items()}}
        return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")

    @api.model
    def _xlsx(self, request, package):
        """One sheet per kind of record, the fields' labels in the first row."""
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        used = set()
        for key, section in package.items():
            title = section["title"][:31]
            sheet_name, number = title, 1
            while sheet_name in used:
                number += 1
                sheet_name = "%s %d" % (title[:28], number)
            used.add(sheet_name)
            sheet = workbook.add_worksheet(sheet_name)
            names = list(section["labels"])
            for column, name in enumerate(names):
                sheet.write(0, column, section["labels"][name], bold)
                sheet.set_column(column, column, 18)
            for line, row in enumerate(section["rows"], start=1):
                for column, name in enumerate(names):
                    value = row[name]
                    if isinstance(value, list):
                        value = ", ".join(str(item) for item in value)
                    if value is None:
                        continue
                    if not isinstance(value, (int, float, bool)):
                        value = str(value)
                    sheet.write(line, column, value)
        workbook.close()
        return stream.getvalue()

    @api.model
    def _attach_package(self, request):
        """Build the package of the request's person and attach both files; returns them."""
        lang = self._package_lang(request)
        package = self.with_context(lang=lang)._collect(request.partner_id, lang)
        base = "%s-%s" % (request.name.replace("/", "-"),
                          fields.Date.context_today(self))
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment
        for extension, content, mimetype in (
                ("json", self._json(request, package), "application/json"),
                ("xlsx", self._xlsx(request, package),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
            attachments |= Attachment.create({
                "name": "%s.%s" % (base, extension), "datas_fname": "%s.%s" % (base, extension),
                "datas": base64.b64encode(content), "mimetype": mimetype,
                "res_model": request._name, "res_id": request.id})
        count = sum(len(section["rows"]) for section in package.values())
        request.message_post(
            body=_("Personal data package built by %(user)s: %(count)d records in %(sections)d "
                   "sections.") % {"user": self.env.user.name, "count": count,
                                   "sections": len(package)},
            attachment_ids=attachments.ids)
        self.env["customer.privacy.access.log"]._log([{
            "action": "package_built", "partner_id": request.partner_id.id,
            "request_id": request.id, "record_count": count,
            "field_names": ", ".join(package)}])
        return attachments
