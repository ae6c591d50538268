"""Downloads through the web client (/web/content) of data-subject packages are logged."""
from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def binary_content(cls, xmlid=None, model="ir.attachment", id=None, field="datas",
                       unique=False, filename=None, filename_field="datas_fname",
                       download=False, mimetype=None,
                       default_mimetype="application/octet-stream", access_token=None,
                       env=None):
        """The file is served after Odoo's access checks; a package's download is logged."""
        status, headers, content = super().binary_content(
            xmlid=xmlid, model=model, id=id, field=field, unique=unique, filename=filename,
            filename_field=filename_field, download=download, mimetype=mimetype,
            default_mimetype=default_mimetype, access_token=access_token, env=env)
        if status == 200 and model == "ir.attachment" and field == "datas" and id and not xmlid:
            (env or request.env)["ir.attachment"].browse(int(id))._privacy_log_downloads()
        return status, headers, content
