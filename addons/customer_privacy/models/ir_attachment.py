"""Downloads of data-subject packages (the files of customer.privacy.request) are logged."""
from odoo import api, models

REQUEST_MODEL = "customer.privacy.request"


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        """A read of the file content (RPC, not the form's file sizes) of a package is logged."""
        result = super().read(fields, load=load)
        if (fields is None or "datas" in fields) and not self.env.context.get("bin_size"):
            self._privacy_log_downloads()
        return result

    @api.multi
    def _privacy_log_downloads(self):
        """Log the reader's download of the files among these attached to requests."""
        if not self.ids:
            return 0
        self.env.cr.execute("""
            SELECT attachment.id, attachment.name, request.id, request.partner_id
              FROM ir_attachment attachment
              JOIN customer_privacy_request request ON request.id = attachment.res_id
             WHERE attachment.res_model = %s AND attachment.id = ANY(%s)
             ORDER BY attachment.id""", (REQUEST_MODEL, self.ids))
        return self.env["customer.privacy.access.log"]._log(
            {"action": "package_downloaded", "partner_id": partner_id, "request_id": request_id,
             "record_count": 1, "attachment_name": name}
            for _id, name, request_id, partner_id in self.env.cr.fetchall())
