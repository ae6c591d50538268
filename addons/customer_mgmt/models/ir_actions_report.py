"""Several records in one PDF with Debian's wkhtmltopdf, and the PDF of a job.

Its Qt is not patched, and such a build prints nothing when it is given several documents:
the pages of all records are then printed from one document, with a page break between them.
"""
import subprocess

import lxml.html

from odoo import api, models
from odoo.addons.base.ir.ir_actions_report import _get_wkhtmltopdf_bin

_PATCHED_QT = []


def wkhtmltopdf_has_patched_qt():
    """Whether the installed wkhtmltopdf was built with the patched Qt (asked once)."""
    if not _PATCHED_QT:
        try:
            version = subprocess.run([_get_wkhtmltopdf_bin(), "--version"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout
        except (OSError, IOError):
            version = b""
        _PATCHED_QT.append(b"patched qt" in version)
    return _PATCHED_QT[0]


def merge_html_bodies(bodies):
    """One HTML document holding the bodies' contents, each starting on a new page."""
    document = lxml.html.document_fromstring(bodies[0])
    body = document.body
    for other in bodies[1:]:
        body.append(lxml.html.fromstring('<div style="page-break-before: always;"></div>'))
        for node in lxml.html.document_fromstring(other).body:
            body.append(node)
    return lxml.html.tostring(document)


class IrActionsReport(models.Model):
    """Prints a multi-record report as one document when wkhtmltopdf's Qt is not patched."""

    _inherit = "ir.actions.report"

    @api.multi
    def _prepare_html(self, html):
        bodies, html_ids, header, footer, paper_args = super()._prepare_html(html)
        if len(bodies) > 1 and not wkhtmltopdf_has_patched_qt():
            bodies = [merge_html_bodies(bodies)]
        return bodies, html_ids, header, footer, paper_args

    @api.multi
    def _customer_render_pdf(self, res_ids, data=None):
        """The PDF of one of our reports, for a job that mails it.

        ``render_qweb_pdf`` returns HTML under a test cursor and bundles assets our reports do
        not use (their CSS is inline), so jobs and tests take its steps after that fallback:
        the HTML, split into pages, then wkhtmltopdf.
        """
        self.ensure_one()
        html = self.render_qweb_html(res_ids, data=data)[0]
        bodies, _html_ids, header, footer, paper_args = self._prepare_html(html.decode("utf-8"))
        return self._run_wkhtmltopdf(
            bodies, header=header, footer=footer, specific_paperformat_args=paper_args)
