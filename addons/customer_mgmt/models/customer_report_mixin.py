"""What every printed report of the customer addons shares: who may print it, which records
the reader may see, and which fields the reader may read."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import format_date, formatLang

from odoo.addons.customer_mgmt.utils.access import INTERNAL_USER, allowed_groups, user_in_groups
from odoo.addons.customer_mgmt.utils.masking import DERIVED_FIELDS, MASKABLE_FIELDS


class CustomerReportMixin(models.AbstractModel):
    """Base of the ``report.<module>.<template>`` models: checks before anything is rendered.

    A report model inheriting it sets ``_report_model`` (the model printed), ``_report_groups``
    (the groups that may print it) and ``_report_document(record)``, whose value the template
    finds in ``documents[doc.id]``. Fields are printed
    through ``_report_rows`` and ``_report_table``, which keep only what ``fields_get`` gives
    the reader, so a restricted field never reaches the PDF, not even as a label.

    Reports print in ``lang``: the reader's language, or ``data["lang"]`` when a job prints
    for someone else. Odoo 11's report route is a website route, whose context carries the
    website's language instead, so templates call their document with ``t-lang="lang"`` and
    the report model computes in ``_customer_report_env(data)``.
    """

    _name = "customer.report.mixin"
    _description = "Customer Report Checks"

    _report_model = None
    _report_groups = ()

    @api.model
    @allowed_groups(INTERNAL_USER)
    def get_report_values(self, docids, data=None):
        """Checks the reader, then lays out each record in the report's language."""
        self = self._customer_report_env(data)
        values = self._customer_report_values(docids)
        values["documents"] = {
            record.id: self._report_document(record) for record in values["docs"]}
        return values

    @api.model
    def _report_document(self, record):
        """What the template prints of one record."""
        raise NotImplementedError

    @api.model
    def _customer_report_docs(self, docids):
        """The records to print, after refusing readers outside the report's groups or rules."""
        report_name = self._name[len("report."):]
        report = self.env["ir.actions.report"].sudo().search(
            [("report_name", "=", report_name)], limit=1)
        if not user_in_groups(self.env, self._report_groups):
            raise AccessError(_("%(user)s may not print \"%(report)s\".") % {
                "user": self.env.user.name, "report": report.name or report_name})
        docs = self.env[self._report_model].browse(docids).exists()
        docs.check_access_rights("read")
        docs.check_access_rule("read")
        return docs

    @api.model
    def _customer_report_lang(self, data=None):
        """The language the report prints in."""
        return (data or {}).get("lang") or self.env.user.lang or "en_US"

    @api.model
    def _customer_report_env(self, data=None):
        """This report model in the language the report prints in."""
        return self.with_context(lang=self._customer_report_lang(data))

    @api.model
    def _customer_report_values(self, docids):
        """The rendering values every report of ours passes to its template."""
        docs = self._customer_report_docs(docids)
        return {
            "doc_ids": docs.ids,
            "doc_model": self._report_model,
            "docs": docs,
            "reader": self.env.user,
            "company": self.env.user.company_id,
            "lang": self.env.context["lang"],
            "printed_at": fields.Datetime.context_timestamp(
                self, fields.Datetime.from_string(fields.Datetime.now())).strftime("%Y-%m-%d %H:%M"),
        }

    @api.model
    def _report_rows(self, record, names):
        """[(label, text)] of the named fields the reader may read and that hold a value."""
        described = record.fields_get(names, attributes=["string", "type", "selection"])
        rows = [(described[name]["string"], self._report_text(record, name, described[name]))
                for name in names if name in described]
        return [row for row in rows if row[1]]

    @api.model
    def _report_text(self, record, name, description):
        """The value of a field as the reader's language writes it."""
        value = record[name]
        kind = description["type"]
        if record._name == "res.partner" and (name in MASKABLE_FIELDS or name in DERIVED_FIELDS):
            mask_format = record._mask_map([name]).get(record.id, {}).get(
                DERIVED_FIELDS.get(name, name))
            if mask_format:  # printed as the reader reads it: masked
                return record._mask_one(name, mask_format, value, record.sudo().email) or ""
        if name == "contact_address":  # without the name, which heads the page
            return record._display_address(without_company=True).strip()
        if kind == "selection":
            return dict(description["selection"]).get(value, "")
        if kind == "many2one":
            return value.display_name or ""
        if kind in ("many2many", "one2many"):
            return ", ".join(value.mapped("display_name"))
        if kind == "boolean":
            return _("Yes") if value else ""
        if kind == "date":
            return format_date(self.env, value) if value else ""
        if kind == "datetime":
            if not value:
                return ""
            local = fields.Datetime.context_timestamp(record, fields.Datetime.from_string(value))
            return "%s %s" % (format_date(self.env, local.date()), local.strftime("%H:%M"))
        if kind == "monetary":
            currency = record[record._fields[name].currency_field]
            return formatLang(self.env, value, currency_obj=currency) if value else ""
        if kind == "integer" and name == "completeness":
            return "%d%%" % value
        if kind in ("integer", "float"):
            return formatLang(self.env, value, digits=0 if kind == "integer" else None) if value else ""
        return value or ""

    @api.model
    def _report_table(self, title, records, names):
        """One table of records, with the columns the reader may read."""
        if not records:
            return None
        described = records.fields_get(names, attributes=["string", "type", "selection"])
        names = [name for name in names if name in described]
        headers = [described[name]["string"] for name in names]
        rows = [[self._report_text(record, name, described[name]) for name in names]
                for record in records]
        return (title, headers, rows)
