"""Retention policies (保存期限): per category of personal data, what is anonymised once its
retention period is past, after a data administrator confirmed a dry run of it."""
import logging
from collections import namedtuple

from dateutil.relativedelta import relativedelta
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import split_every

from odoo.addons.customer_mgmt.utils.access import DATA_ADMIN, allowed_groups
from odoo.addons.customer_mgmt.utils.accounts import account_sql

from .customer_privacy_erasure import HOLD_KINDS

_logger = logging.getLogger(__name__)

CATEGORIES = [
    ("churned_contacts", "Contact persons of churned customers"),
    ("inactive_individuals", "Individual customers without orders"),
    ("closed_tickets", "Contact data of closed tickets"),
]
TICKET_CATEGORIES = ("closed_tickets",)
UNITS = [("months", "Months"), ("years", "Years")]
MAX_PERIOD = 100
# What a policy would anonymise now: persons (or tickets) and those a legal hold keeps.
Selection = namedtuple("Selection", "cutoff ids excluded_ids excluded_counts")


class CustomerPrivacyRetentionPolicy(models.Model):
    """One category of personal data kept no longer than its purpose needs (PIPL art. 19,
    GDPR art. 5(1)(e)); shipped disabled, enabled and confirmed by a data administrator."""

    _name = "customer.privacy.retention.policy"
    _inherit = ["mail.thread"]
    _description = "Retention Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(
        CATEGORIES, required=True, readonly=True,
        help="Which personal data the policy anonymises once the period is past.")
    description = fields.Text(translate=True, readonly=True)
    active = fields.Boolean(
        string="Enabled", default=False, track_visibility="onchange",
        help="The scheduled action applies enabled policies only, once a data administrator "
             "confirmed a dry run after the last change of the period.")
    period_number = fields.Integer(
        string="Retention Period", required=True, default=3, track_visibility="onchange",
        help="How long the data is kept: past it, the scheduled action anonymises it.")
    period_unit = fields.Selection(
        UNITS, string="Period Unit", required=True, default="years",
        track_visibility="onchange")
    last_run = fields.Datetime(readonly=True, copy=False)
    last_dry_run = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one(
        "res.users", string="Confirmed by", readonly=True, copy=False,
        help="The data administrator who confirmed a dry run of the current period; a new "
             "period needs a new confirmation.")
    confirmed_on = fields.Datetime(readonly=True, copy=False)
    report_ids = fields.One2many(
        "customer.privacy.retention.report", "policy_id", string="Reports", readonly=True)

    @api.constrains("period_number")
    def _check_period(self):
        for policy in self:
            if not 1 <= policy.period_number <= MAX_PERIOD:
                raise ValidationError(_(
                    "%(field)s: %(value)s is not a retention period; give a number from 1 to "
                    "%(max)d.") % {
                        "field": self._fields["period_number"].get_description(
                            self.env)["string"],
                        "value": policy.period_number, "max": MAX_PERIOD})

    @api.multi
    def write(self, vals):
        """A new period needs a new dry run and its confirmation before the next real run."""
        changed = self.browse()
        if "period_number" in vals or "period_unit" in vals:
            changed = self.filtered(lambda policy: (
                vals.get("period_number", policy.period_number) != policy.period_number
                or vals.get("period_unit", policy.period_unit) != policy.period_unit))
        result = super().write(vals)
        if changed:
            super(CustomerPrivacyRetentionPolicy, changed.sudo()).write(
                {"confirmed_by_id": False, "confirmed_on": False})
        return result

    # Actions

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_dry_run(self):
        """What the policy would anonymise now, and who a legal hold keeps; changes nothing."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        report = self._record_report("dry_run", self._select())
        self.sudo().write({"last_dry_run": report.date})
        return {
            "type": "ir.actions.act_window",
            "name": _("Dry Run"),
            "res_model": report._name,
            "res_id": report.id,
            "view_mode": "form",
            "target": "current",
        }

    # Business methods

    @api.multi
    def _cutoff(self, now=None):
        """The moment before which the policy's data is past retention."""
        self.ensure_one()
        now = fields.Datetime.from_string(now or fields.Datetime.now())
        return now - relativedelta(**{self.period_unit: self.period_number})

    @api.multi
    def _period_label(self):
        """The period in words, e.g. "3 Years"."""
        self.ensure_one()
        units = dict(self._fields["period_unit"]._description_selection(self.env))
        return "%d %s" % (self.period_number, units[self.period_unit])

    @api.multi
    def _select(self, now=None):
        """The persons (tickets for closed tickets) past retention now and not anonymised yet,
        those a legal hold keeps apart with their counts per kind of hold; set-based."""
        self.ensure_one()
        cutoff = self._cutoff(now)
        cr = self.env.cr
        if self.category in TICKET_CATEGORIES:
            cr.execute("""
                SELECT t.id, bool_or(coalesce(p.privacy_legal_hold, FALSE))
                  FROM customer_feedback t
                  LEFT JOIN res_partner p ON p.id IN (t.partner_id, t.contact_id)
                 WHERE t.is_closed AND t.date_closed <= %s AND t.privacy_anonymised_on IS NULL
                 GROUP BY t.id ORDER BY t.id""", (fields.Datetime.to_string(cutoff),))
            rows = cr.fetchall()
            held = [ticket_id for ticket_id, hold in rows if hold]
            return Selection(cutoff, [ticket_id for ticket_id, hold in rows if not hold], held,
                             {"legal_hold": len(held)} if held else {})
        if self.category == "churned_contacts":
            cr.execute(sql.SQL("""
                SELECT p.id FROM res_partner p
                  JOIN res_partner c ON c.id = p.commercial_partner_id AND c.id != p.id
                  JOIN customer_lifecycle_stage s ON s.id = c.lifecycle_stage_id
                 WHERE {account} AND s.is_churned AND c.lifecycle_stage_date <= %s
                   AND p.is_company IS NOT TRUE AND p.type = 'contact'
                   AND p.privacy_anonymised_on IS NULL
                 ORDER BY p.id""").format(account=account_sql("c", active=False)),
                (fields.Date.to_string(cutoff.date()),))
        else:
            cr.execute(sql.SQL("""
                SELECT p.id FROM res_partner p
                 WHERE {account} AND p.is_company IS NOT TRUE AND p.create_date <= %(cutoff)s
                   AND p.privacy_anonymised_on IS NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM sale_order o JOIN res_partner op ON op.id = o.partner_id
                        WHERE op.commercial_partner_id = p.id
                          AND (o.create_date > %(cutoff)s
                               OR o.state IN ('sale', 'done')
                                  AND coalesce(o.confirmation_date, o.date_order) > %(cutoff)s))
                 ORDER BY p.id""").format(account=account_sql("p", active=False)),
                {"cutoff": fields.Datetime.to_string(cutoff)})
        ids = [row[0] for row in cr.fetchall()]
        holds = self.env["customer.privacy.erasure"]._hold_counts(
            self.env["res.partner"].sudo().browse(ids))
        excluded_counts = {}
        for counts in holds.values():
            for kind in counts:
                excluded_counts[kind] = excluded_counts.get(kind, 0) + 1
        return Selection(cutoff, [pid for pid in ids if pid not in holds], sorted(holds),
                         excluded_counts)

    @api.multi
    def _report_values(self, selection, state, ids=None):
        """Counts, persons or tickets and holds of a report, from a selection."""
        self.ensure_one()
        ids = selection.ids if ids is None else ids
        values = {
            "state": state, "date": fields.Datetime.now(), "user_id": self.env.uid,
            "period_number": self.period_number, "period_unit": self.period_unit,
            "cutoff": fields.Datetime.to_string(selection.cutoff),
            "item_count": len(ids), "excluded_count": len(selection.excluded_ids),
        }
        values.update({"excluded_%s" % hold: selection.excluded_counts.get(hold, 0)
                       for hold in HOLD_KINDS})
        if self.category in TICKET_CATEGORIES:
            values.update(ticket_ids=[(6, 0, ids)],
                          excluded_ticket_ids=[(6, 0, selection.excluded_ids)])
        else:
            values.update(partner_ids=[(6, 0, ids)],
                          excluded_partner_ids=[(6, 0, selection.excluded_ids)])
        return values

    @api.multi
    def _record_report(self, kind, selection, state=None):
        """The report of a dry run or a run: counts, the persons or tickets, the holds."""
        self.ensure_one()
        values = self._report_values(
            selection, state or ("draft" if kind == "dry_run" else "done"))
        values.update(policy_id=self.id, kind=kind)
        return self.env["customer.privacy.retention.report"].sudo().create(values)

    @api.multi
    def _apply(self, batch_limit, now=None):
        """Anonymise what the policy selects now, in batches; the report of the run, or an
        empty recordset when there was nothing to anonymise (a second run leaves no trace).

        Each batch adds what it anonymised to the run's open report in its own transaction,
        so a run cut short is continued, and reported once and whole, by the next one."""
        self.ensure_one()
        selection = self._select(now)
        Erasure = self.env["customer.privacy.erasure"]
        if self.category in TICKET_CATEGORIES:
            records = self.env["customer.feedback"].sudo()
            func, items = Erasure._scrub_tickets, "ticket_ids"
        else:
            records = self.env["res.partner"].sudo().with_context(active_test=False)
            func, items = Erasure._anonymise_persons, "partner_ids"

        def anonymise(batch):
            func(records.browse(list(batch)))
            report = self._open_run_report() or self._record_report(
                "run", selection._replace(ids=[]), state="running")
            report.write({items: [(4, item_id) for item_id in batch]})

        self.env["customer.batch.runner"]._run_batches(
            "Retention policy %s" % self.category, split_every(batch_limit, selection.ids),
            anonymise)
        report = self._open_run_report()
        self.sudo().write({"last_run": fields.Datetime.now()})
        if not report:
            return report
        report.write(self._report_values(selection, state="done", ids=report[items].ids))
        self.message_post(body=report._summary())
        return report

    @api.multi
    def _open_run_report(self):
        """The report of a run begun and not finished (cut short), if any."""
        self.ensure_one()
        return self.env["customer.privacy.retention.report"].sudo().search([
            ("policy_id", "=", self.id), ("kind", "=", "run"), ("state", "=", "running")],
            limit=1)

    @api.model
    def _cron_apply_retention(self, batch_limit=500, date_ref=None):
        """A cron calls this: each enabled policy whose dry run a data administrator confirmed
        after the last change of its period anonymises what is past retention, in batches;
        the others only log that they wait. Returns {policy id: run report}."""
        reports = {}
        for policy in self.sudo().search([]):
            if not policy.confirmed_on:
                _logger.info("Retention policy %s: no confirmed dry run since its period was "
                             "set; nothing anonymised", policy.category)
                continue
            report = policy._apply(batch_limit, date_ref)
            reports[policy.id] = report
            _logger.info("Retention policy %s: %d anonymised, %d kept by a legal hold",
                         policy.category, report.item_count, report.excluded_count)
        return reports
