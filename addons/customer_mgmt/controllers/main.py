from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import content_disposition, request

from odoo.addons.web.controllers.main import CSVExport, ExcelExport

from ..utils.import_template import XLSX_MIMETYPE, build_import_template, template_filename
from ..utils.readable_export import readable_export_data


class CustomerImportTemplate(http.Controller):
    """Serves the customer entry template (录入模板) in the language of the user."""

    @http.route("/customer_mgmt/import_template", type="http", auth="user")
    def import_template(self, **kwargs):
        """Download the XLSX template; managers and data administrators only, like the import."""
        try:
            content = build_import_template(request.env)
        except AccessError as error:
            raise Forbidden(error.name)
        filename = template_filename(request.env)
        return request.make_response(content, headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Disposition", content_disposition(filename)),
            ("Content-Length", str(len(content))),
        ])


class ReadableExportMixin(object):
    """The export routes write record names, not external ids, in a readable export of
    customers (utils/readable_export.py)."""

    def base(self, data, token):
        return super(ReadableExportMixin, self).base(readable_export_data(data), token)


class CustomerCSVExport(ReadableExportMixin, CSVExport):
    pass


class CustomerExcelExport(ReadableExportMixin, ExcelExport):
    pass
