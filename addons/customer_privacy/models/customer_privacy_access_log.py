"""The audit of access to personal data (个人信息访问日志): who exported, packaged, downloaded or
revealed whose personal data, and when. Written by the system only, kept for the configured
period, read by data administrators."""
import logging
from datetime import timedelta

from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import split_every

from .customer_privacy_partner_mixin import privacy_param

_logger = logging.getLogger(__name__)

ACTIONS = [
    ("export", "Export"),
    ("package_built", "Package Built"),
    ("package_downloaded", "Package Downloaded"),
    ("id_revealed", "ID Number Revealed"),
]
# Columns of a log row our code gives (the others are the ORM's magic columns).
LOG_COLUMNS = ("action", "partner_id", "request_id", "export_log_id", "record_count",
               "field_names", "attachment_name")


class CustomerPrivacyAccessLog(models.Model):
    """One access to one person's data; every field is the system's (the guard refuses them)."""

    _name = "customer.privacy.access.log"
    _description = "Personal Data Access Log"
    _order = "date desc, id desc"
    _rec_name = "date"

    user_id = fields.Many2one(
        "res.users", string="User", required=True, readonly=True, index=True,
        ondelete="restrict", help="Who accessed the data.")
    date = fields.Datetime(required=True, readonly=True, index=True)
    action = fields.Selection(ACTIONS, required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Person", readonly=True, index=True, ondelete="set null",
        help="Whose personal data was accessed.")
    request_id = fields.Many2one(
        "customer.privacy.request", string="Request", readonly=True, index=True,
        ondelete="set null", help="The data-subject request the access answered, if any.")
    export_log_id = fields.Many2one(
        "customer.export.log", string="Export", readonly=True, ondelete="set null",
        help="The export this person's data was part of: its fields and counts are there.")
    export_field_names = fields.Text(
        related="export_log_id.field_names", string="Exported Fields", readonly=True)
    record_count = fields.Integer(string="Records", readonly=True)
    field_names = fields.Text(string="Fields", readonly=True)
    attachment_name = fields.Char(string="File", readonly=True)

    @api.model
    def _log(self, rows):
        """Insert the log rows (dicts of LOG_COLUMNS) as the current user, in one statement."""
        rows = list(rows)
        if not rows:
            return 0
        uid, now = self.env.uid, fields.Datetime.now()
        execute_values(self.env.cr, """
            INSERT INTO customer_privacy_access_log
                   (user_id, date, create_uid, create_date, write_uid, write_date,
                    action, partner_id, request_id, export_log_id, record_count, field_names,
                    attachment_name)
            VALUES %s""", [
                (uid, now, uid, now, uid, now) + tuple(row.get(column) for column in LOG_COLUMNS)
                for row in rows])
        return len(rows)

    @api.model
    def _cron_vacuum(self, batch_limit=1000, date_ref=None):
        """A cron calls this: deletes the log rows older than the retention period (settings,
        365 days by default), in batches; a second run deletes nothing. Returns how many."""
        days = max(privacy_param(self.env, "access_log_days"), 1)
        now = fields.Datetime.from_string(date_ref or fields.Datetime.now())
        cutoff = fields.Datetime.to_string(now - timedelta(days=days))
        logs = self.sudo(SUPERUSER_ID).search([("date", "<", cutoff)], order="id")
        deleted = sum(self.env["customer.batch.runner"]._run_batches(
            "Personal data access log: autovacuum", split_every(batch_limit, logs.ids),
            self._vacuum_batch))
        _logger.info("Personal data access log: %d rows older than %s (%d days) deleted",
                     deleted, cutoff, days)
        return deleted

    @api.model
    def _vacuum_batch(self, ids):
        """One batch of the autovacuum: the rows still there are deleted."""
        logs = self.sudo(SUPERUSER_ID).browse(list(ids)).exists()
        logs.unlink()
        return len(logs)
