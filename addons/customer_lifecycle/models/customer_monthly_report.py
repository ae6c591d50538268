"""The monthly management report (月度经营报告): one month of one company's customer base, kept.

Its figures are taken once, set-based, when the report is computed (by the monthly job on the
first of the next month, or by a manager), and stored: the PDF printed later shows the month as
it was. Counts of customers by region, tier, industry and stage are those of the active
accounts at that moment; the month's movements (new, lost, win-backs, churn warnings,
interactions, tickets, survey answers) are counted within the month, in the company's time zone.
"""
import base64
import json
import logging
from collections import OrderedDict
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.customer_mgmt.utils.access import MANAGER, allowed_groups
from odoo.addons.customer_mgmt.utils.accounts import account_domain

_logger = logging.getLogger(__name__)

REPORT_ACTION = "customer_lifecycle.customer_monthly_report_report"
KEY_AT_RISK_LIMIT = 10
TREND_MONTHS = 12
# The breakdowns of the active accounts: (key of the figures, field of res.partner).
BREAKDOWNS = (("region", "region_id"), ("tier", "tier_id"), ("industry", "industry_id"),
              ("stage", "lifecycle_stage_id"))
# Survey answers per month in the company's time zone: NPS and CSAT are the averages of their
# points (100 / 0 / -100 and 100 / 0), over the answers that gave a score.
TREND_SQL = """
    SELECT to_char((ui.date_done AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s, 'YYYY-MM') AS month,
           count(ui.nps_category), avg(ui.nps_points) FILTER (WHERE ui.nps_category IS NOT NULL),
           count(ui.csat_category), avg(ui.csat_points) FILTER (WHERE ui.csat_category IS NOT NULL)
      FROM survey_user_input ui
      JOIN res_partner p ON p.id = ui.customer_id
     WHERE ui.state = 'done' AND ui.campaign_id IS NOT NULL
       AND ui.date_done >= %(start)s AND ui.date_done < %(end)s
       AND (p.company_id = %(company)s OR p.company_id IS NULL)
  GROUP BY 1
"""


def utc_midnight(day, tz):
    """The UTC instant, as an Odoo string, at which the day starts in the time zone."""
    local = tz.localize(datetime.combine(day, time.min))
    return fields.Datetime.to_string(local.astimezone(pytz.utc))


class CustomerMonthlyReport(models.Model):
    """A month's figures of the customer base for the managers, printed and e-mailed."""

    _name = "customer.monthly.report"
    _inherit = ["mail.thread"]
    _description = "Monthly Management Report"
    _order = "date_start desc, company_id"

    name = fields.Char(string="Month", compute="_compute_name", store=True)
    date_start = fields.Date(
        string="Month Starting", required=True, index=True,
        default=lambda self: fields.Date.to_string(
            fields.Date.from_string(fields.Date.context_today(self)).replace(day=1)
            - relativedelta(months=1)),
        help="The first day of the month the report covers.")
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True,
        default=lambda self: self.env.user.company_id)
    state = fields.Selection(
        [("draft", "Not computed"), ("done", "Computed"), ("sent", "Sent")],
        string="Status", default="draft", readonly=True, copy=False, track_visibility="onchange")
    date_computed = fields.Datetime(string="Computed On", readonly=True, copy=False)
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    account_count = fields.Integer(string="Customers", readonly=True, copy=False)
    new_count = fields.Integer(string="New Customers", readonly=True, copy=False)
    lost_count = fields.Integer(string="Lost Customers", readonly=True, copy=False)
    win_back_count = fields.Integer(string="Win-backs", readonly=True, copy=False)
    churn_warning_count = fields.Integer(string="Churn Warnings", readonly=True, copy=False)
    key_account_count = fields.Integer(string="Key Accounts", readonly=True, copy=False)
    at_risk_count = fields.Integer(
        string="Accounts at Risk", readonly=True, copy=False,
        help="Active accounts whose churn risk reaches the threshold of the settings.")
    interaction_count = fields.Integer(string="Interactions", readonly=True, copy=False)
    ticket_count = fields.Integer(string="Tickets Received", readonly=True, copy=False)
    complaint_count = fields.Integer(string="Complaints Received", readonly=True, copy=False)
    resolved_count = fields.Integer(string="Tickets Resolved", readonly=True, copy=False)
    sla_attainment = fields.Float(
        string="Resolution SLA Met (%)", readonly=True, copy=False, digits=(16, 1),
        help="Share of the tickets resolved in the month with a resolution deadline that met it.")
    nps = fields.Float(string="NPS", readonly=True, copy=False, digits=(16, 1))
    csat = fields.Float(string="CSAT (%)", readonly=True, copy=False, digits=(16, 1))
    figures = fields.Text(
        string="Breakdowns", readonly=True, copy=False,
        help="The breakdowns of the month as JSON: record ids and counts, named when printed.")

    _sql_constraints = [
        ("month_company_unique", "unique(date_start, company_id)",
         "There is already a monthly report of this month for this company."),
    ]

    @api.depends("date_start")
    def _compute_name(self):
        for report in self:
            report.name = report.date_start and report.date_start[:7]

    @api.constrains("date_start")
    def _check_date_start(self):
        for report in self:
            if fields.Date.from_string(report.date_start).day != 1:
                raise ValidationError(_(
                    "%(field)s must be the first day of a month, not %(value)s.") % {
                        "field": self._fields["date_start"].get_description(self.env)["string"],
                        "value": report.date_start})

    @api.multi
    def write(self, vals):
        """A computed report keeps its month and company: its figures are theirs."""
        moved = {"date_start", "company_id"} & set(vals)
        if moved:
            for report in self.filtered(lambda report: report.state != "draft"):
                raise UserError(_(
                    "The report %(month)s is computed: create the report of another month "
                    "instead of changing %(fields)s.") % {
                        "month": report.name, "fields": ", ".join(
                            self._fields[name].get_description(self.env)["string"]
                            for name in sorted(moved))})
        return super().write(vals)

    # ------------------------------------------------------------ actions

    @api.multi
    @allowed_groups(MANAGER)
    def action_compute(self):
        """Take the figures of the month again, from the database as it is now."""
        self.check_access_rule("write")
        for report in self:
            report.sudo()._compute_figures()
        return True

    @api.multi
    @allowed_groups(MANAGER)
    def action_send(self):
        """E-mail the report to the company's managers now, each in their language."""
        self.check_access_rule("write")
        for report in self:
            report = report.sudo()
            if report.state == "draft":
                report._compute_figures()
            report._send_to_managers()
        return True

    # ------------------------------------------------------------ figures

    @api.multi
    def _period(self):
        """(first day, first day of the next month) and the same instants in UTC, as strings."""
        self.ensure_one()
        start = fields.Date.from_string(self.date_start)
        end = start + relativedelta(months=1)
        tz = pytz.timezone(self._timezone())
        return (fields.Date.to_string(start), fields.Date.to_string(end),
                utc_midnight(start, tz), utc_midnight(end, tz))

    @api.multi
    def _timezone(self):
        """The time zone the month is counted in: the company's, else the user's, else UTC."""
        return self.company_id.partner_id.tz or self.env.user.tz or "UTC"

    @api.multi
    def _compute_figures(self):
        """Count the month's figures with aggregates and store them (called as superuser)."""
        self.ensure_one()
        day_start, day_end, start, end = self._period()
        in_company = [("company_id", "in", [self.company_id.id, False])]
        partners = self.env["res.partner"].with_context(active_test=True)
        accounts = account_domain(*in_company)
        threshold = partners._churn_param("churn_threshold")
        key = [("tier_id.is_key_account", "=", True)]
        at_risk = [("churn_risk_score", ">=", threshold)]
        figures = OrderedDict()
        for name, field in BREAKDOWNS:
            groups = partners.read_group(accounts, [field], [field])
            # Stages expand to every stage in groupings (the kanban): keep the groups with customers.
            figures[name] = sorted(
                ([group[field] and group[field][0], group[field + "_count"]] for group in groups
                 if group[field + "_count"]), key=lambda row: -row[1])
        figures["key_at_risk"] = [
            [partner.id, partner.churn_risk_score] for partner in partners.search(
                accounts + key + at_risk, order="churn_risk_score desc, id",
                limit=KEY_AT_RISK_LIMIT)]
        in_month = [("date", ">=", day_start), ("date", "<", day_end)] + in_company
        movements = self._customers_moved(in_month)
        interactions = self.env["customer.interaction"].read_group(
            [("date", ">=", start), ("date", "<", end)] + in_company, ["user_id"], ["user_id"])
        figures["salespeople"] = sorted(
            ([group["user_id"] and group["user_id"][0], group["user_id_count"]]
             for group in interactions), key=lambda row: -row[1])
        figures["teams"] = self._ticket_teams(start, end, in_company)
        figures["trend"] = self._survey_trend()
        tickets = self.env["customer.feedback"]
        received = [("date_received", ">=", start), ("date_received", "<", end)] + in_company
        teams = figures["teams"]
        sla_total = sum(row[3] for row in teams)
        current = figures["trend"][-1]
        self.write(dict(
            movements,
            state="sent" if self.state == "sent" else "done",
            date_computed=fields.Datetime.now(),
            account_count=partners.search_count(accounts),
            new_count=partners.with_context(active_test=False).search_count(
                account_domain(("create_date", ">=", start), ("create_date", "<", end),
                               *in_company)),
            key_account_count=partners.search_count(accounts + key),
            at_risk_count=partners.search_count(accounts + at_risk),
            interaction_count=sum(row[1] for row in figures["salespeople"]),
            ticket_count=sum(row[1] for row in teams),
            complaint_count=tickets.search_count(received + [("feedback_type", "=", "complaint")]),
            resolved_count=sum(row[2] for row in teams),
            sla_attainment=round(100.0 * sum(row[4] for row in teams) / sla_total, 1)
            if sla_total else 0.0,
            nps=current[2], csat=current[4],
            figures=json.dumps(figures)))
        _logger.info("Monthly report %s of %s computed: %d customers, %d new, %d lost",
                     self.name, self.company_id.name, self.account_count, self.new_count,
                     self.lost_count)

    @api.multi
    def _customers_moved(self, in_month):
        """The customers lost, won back and warned of churn in the month (transitions)."""
        transitions = self.env["customer.lifecycle.transition"]

        def customers(condition):
            return len(transitions.read_group(in_month + [condition], ["partner_id"], ["partner_id"]))
        return {
            "lost_count": customers(("to_stage_id.is_churned", "=", True)),
            "win_back_count": customers(("is_win_back", "=", True)),
            "churn_warning_count": customers(("to_stage_id.code", "=", "at_risk")),
        }

    @api.multi
    def _ticket_teams(self, start, end, in_company):
        """[team id, received, resolved, resolved with a deadline, met] of the month's tickets."""
        tickets = self.env["customer.feedback"]
        resolved = [("date_resolved", ">=", start), ("date_resolved", "<", end)] + in_company
        with_sla = resolved + [("sla_resolution_deadline", "!=", False)]
        counts = OrderedDict()
        for column, domain in (
                (1, [("date_received", ">=", start), ("date_received", "<", end)] + in_company),
                (2, resolved), (3, with_sla), (4, with_sla + [("sla_resolution_met", "=", True)])):
            for group in tickets.read_group(domain, ["team_id"], ["team_id"]):
                team = group["team_id"] and group["team_id"][0]
                counts.setdefault(team, [team, 0, 0, 0, 0])[column] = group["team_id_count"]
        return sorted(counts.values(), key=lambda row: -row[1])

    @api.multi
    def _survey_trend(self):
        """[month, NPS answers, NPS, CSAT answers, CSAT] of the 12 months ending with this one."""
        start = fields.Date.from_string(self.date_start)
        months = [(start - relativedelta(months=back)).strftime("%Y-%m")
                  for back in range(TREND_MONTHS - 1, -1, -1)]
        tz = pytz.timezone(self._timezone())  # as _period: the month's bounds in this zone
        self.recompute()  # the scores of answers just completed, before SQL reads them
        self.env.cr.execute(TREND_SQL, {
            "tz": tz.zone, "company": self.company_id.id,
            "start": utc_midnight(start - relativedelta(months=TREND_MONTHS - 1), tz),
            "end": utc_midnight(start + relativedelta(months=1), tz)})
        found = {row[0]: row for row in self.env.cr.fetchall()}
        trend = []
        for month in months:
            _month, nps_count, nps, csat_count, csat = found.get(month, (month, 0, None, 0, None))
            trend.append([month, nps_count, round(float(nps or 0), 1), csat_count,
                          round(float(csat or 0), 1)])
        return trend

    @api.multi
    def _figures(self):
        """The stored breakdowns, or empty ones before the report is computed."""
        self.ensure_one()
        return json.loads(self.figures) if self.figures else {}

    # ------------------------------------------------------------ sending

    @api.multi
    def _managers(self):
        """The active managers of the report's company (their users)."""
        self.ensure_one()
        return self.env.ref(MANAGER).users.filtered(
            lambda user: user.active and not user.share and self.company_id in user.company_ids)

    @api.multi
    def _send_to_managers(self):
        """Post the PDF to the managers, one message per language with that language's PDF."""
        self.ensure_one()
        by_lang = OrderedDict()
        for user in self._managers().sorted("id"):
            by_lang.setdefault(user.lang or "en_US", self.env["res.users"])
            by_lang[user.lang or "en_US"] |= user
        for lang, users in by_lang.items():
            self.with_context(lang=lang)._send_in_language(users)
        self.write({"state": "sent", "date_sent": fields.Datetime.now()})
        _logger.info("Monthly report %s of %s sent to %d managers in %d languages", self.name,
                     self.company_id.name, sum(len(users) for users in by_lang.values()),
                     len(by_lang))
        return sum(len(users) for users in by_lang.values())

    @api.multi
    def _send_in_language(self, users):
        """One message to these users, in the context's language, with the PDF attached."""
        lang = self.env.context["lang"]
        title = _("Monthly Management Report %(month)s, %(company)s") % {
            "month": self.name, "company": self.company_id.name}
        pdf = self.env.ref(REPORT_ACTION)._customer_render_pdf(self.ids, data={"lang": lang})
        filename = "%s.pdf" % title
        attachment = self.env["ir.attachment"].create({
            "name": filename, "datas_fname": filename, "datas": base64.b64encode(pdf),
            "mimetype": "application/pdf", "res_model": self._name, "res_id": self.id})
        body = "<p>%s</p>" % _(
            "The customer base of %(month)s at a glance: %(accounts)d customers, %(new)d new, "
            "%(lost)d lost, %(risk)d at risk. The report is attached.") % {
                "month": self.name, "accounts": self.account_count, "new": self.new_count,
                "lost": self.lost_count, "risk": self.at_risk_count}
        return self.message_post(
            body=body, subject=title, partner_ids=users.mapped("partner_id").ids,
            attachment_ids=[attachment.id], message_type="comment", subtype="mail.mt_comment")

    @api.model
    def _cron_send_monthly_report(self, date_ref=None):
        """A cron calls this every day: the first run of a month sends each company last month's report.

        One report per company and month (a unique key), sent once (its state): every later
        run of the month finds it sent and does nothing. Each company is a batch of its own, so
        a run that dies after the first company goes on with the others next time.
        """
        today = fields.Date.from_string(date_ref or fields.Date.context_today(self))
        month = fields.Date.to_string(today.replace(day=1) - relativedelta(months=1))
        sent = self.search([("date_start", "=", month), ("state", "=", "sent")])
        companies = self.env["res.company"].search([]) - sent.mapped("company_id")

        def send(company):
            report = self.search([("date_start", "=", month), ("company_id", "=", company.id)])
            if report.state == "sent":
                return 0
            report = report or self.create({"date_start": month, "company_id": company.id})
            report._compute_figures()
            return report._send_to_managers()
        results = self.env["customer.batch.runner"]._run_batches(
            "Monthly management report %s" % month[:7], [company for company in companies], send)
        _logger.info("Monthly report %s: %d companies, %d managers notified", month[:7],
                     len(results), sum(results))
        return sum(results)
