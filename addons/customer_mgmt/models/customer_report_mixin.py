"""What every printed report of the customer addons shares: who may print it, which records
the reader may see, and which fields the reader may read."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.customer_mgmt.utils.access import user_in_groups


class CustomerReportMixin(models.AbstractModel):
    """Base of the ``report.<module>.<template>`` models: checks before anything is rendered.

    A report model inheriting it sets ``_report_groups`` (the groups that may print it) and
    returns ``_customer_report_values`` from its ``get_report_values``; the templates print a
    field only when ``readable(field name)`` says the reader may read it, so a restricted field
    never reaches the PDF, not even as a label.

    Reports print in ``lang``: the reader's language, or ``data["lang"]`` when a job prints
    for someone else. Odoo 11's report route is a website route, whose context carries the
    website's language instead, so templates call their document with ``t-lang="lang"`` and
    the report model computes in ``_customer_report_env(data)``.
    """

    _name = "customer.report.mixin"
    _description = "Customer Report Checks"

    _report_groups = ()

    @api.model
    def _customer_report_docs(self, model_name, docids):
        """The records to print, after refusing readers outside the report's groups or rules."""
        report_name = self._name[len("report."):]
        report = self.env["ir.actions.report"].sudo().search(
            [("report_name", "=", report_name)], limit=1)
        if not user_in_groups(self.env, self._report_groups):
            raise AccessError(_("%(user)s may not print \"%(report)s\".") % {
                "user": self.env.user.name, "report": report.name or report_name})
        docs = self.env[model_name].browse(docids).exists()
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
    def _customer_report_readable(self, model_name):
        """A function telling whether the reader may read a field of the model."""
        readable = set(self.env[model_name].fields_get(attributes=["type"]))
        return lambda field_name: field_name in readable

    @api.model
    def _customer_report_values(self, model_name, docids, data=None, **values):
        """The rendering values every report of ours passes to its template."""
        self = self._customer_report_env(data)
        docs = self._customer_report_docs(model_name, docids)
        result = {
            "doc_ids": docs.ids,
            "doc_model": model_name,
            "docs": docs,
            "readable": self._customer_report_readable(model_name),
            "reader": self.env.user,
            "company": self.env.user.company_id,
            "lang": self.env.context["lang"],
            "printed_at": fields.Datetime.context_timestamp(
                self, fields.Datetime.from_string(fields.Datetime.now())).strftime("%Y-%m-%d %H:%M"),
        }
        result.update(values)
        return result
