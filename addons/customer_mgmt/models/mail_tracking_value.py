"""Tracked phone and e-mail values of partners, masked like the partner's fields."""
from odoo import SUPERUSER_ID, api, models

from ..utils.masking import MASKABLE_FIELDS, mask_value


class MailTrackingValue(models.Model):
    _inherit = "mail.tracking.value"

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        """Old and new values of masked fields of masked partners come masked."""
        return self._mask_tracking_rows(super().read(fields, load=load),
                                        ("old_value_char", "new_value_char"))

    @api.model
    def _mask_tracking_rows(self, rows, columns):
        """Mask in place the value ``columns`` of read rows whose ids are tracking values
        masked for the reader (this model's rows and the change history's)."""
        columns = [name for name in columns if rows and name in rows[0]]
        if self.env.uid == SUPERUSER_ID or not columns:
            return rows
        masked = self._mask_tracking_formats([row["id"] for row in rows])
        for row in rows:
            mask_format = masked.get(row["id"])
            if mask_format:
                for name in columns:
                    row[name] = mask_value(mask_format, row[name])
        return rows

    @api.model
    def _mask_tracking_formats(self, tracking_ids):
        """{tracking id: mask format} of the tracking values masked for the current user."""
        if self.env.uid == SUPERUSER_ID or not tracking_ids:
            return {}
        self.env.cr.execute("""
            SELECT tv.id, tv.field, m.res_id
              FROM mail_tracking_value tv
              JOIN mail_message m ON m.id = tv.mail_message_id
             WHERE tv.id = ANY(%s) AND m.model = 'res.partner' AND tv.field = ANY(%s)
        """, (list(tracking_ids), list(MASKABLE_FIELDS)))
        rows = self.env.cr.fetchall()
        if not rows:
            return {}
        masks = self.env["res.partner"].browse({row[2] for row in rows})._mask_map(
            {row[1] for row in rows})
        return {tracking_id: masks[res_id][field]
                for tracking_id, field, res_id in rows
                if field in masks.get(res_id, {})}
