"""The monthly management report's PDF: the stored figures, named and charted in the reader's language."""
from odoo import _, api, models
from odoo.tools.misc import formatLang

from odoo.addons.customer_mgmt.utils.access import MANAGER

from ..models.customer_monthly_report import BREAKDOWNS
from .monthly_report_charts import bar_chart, trend_chart

KPI_FIELDS = ["account_count", "new_count", "lost_count", "win_back_count",
              "churn_warning_count", "key_account_count", "at_risk_count", "interaction_count",
              "ticket_count", "complaint_count", "resolved_count", "sla_attainment", "nps", "csat"]
KEY_AT_RISK_FIELDS = ["name", "user_id", "tier_id", "lifecycle_stage_id", "churn_risk_score"]
CHART_GROUPS = 12  # the largest groups of a breakdown; the rest print as one "Others"


class ReportMonthlyReport(models.AbstractModel):
    """Values of the monthly report: key figures, breakdowns with charts, tickets and the trend."""

    _name = "report.customer_lifecycle.report_monthly_report"
    _inherit = "customer.report.mixin"
    _description = "Monthly Management Report"

    _report_model = "customer.monthly.report"
    _report_groups = (MANAGER,)

    @api.model
    def _report_document(self, report):
        """{"kpis", "breakdowns", "key_at_risk", "teams", "trend"} of one month."""
        figures = report._figures()
        partners = self.env["res.partner"]
        titles = {"region": _("Customers by Region"), "tier": _("Customers by Tier"),
                  "industry": _("Customers by Industry"), "stage": _("Customers by Lifecycle Stage"),
                  "salespeople": _("Interactions per Salesperson")}
        breakdowns = [self._breakdown(titles[key], partners._fields[field].comodel_name,
                                      figures.get(key, []))
                      for key, field in BREAKDOWNS]
        breakdowns.append(self._breakdown(titles["salespeople"], "res.users",
                                          figures.get("salespeople", [])))
        at_risk = partners.browse([row[0] for row in figures.get("key_at_risk", [])]).exists()
        return {
            "kpis": self._kpis(report),
            "breakdowns": [breakdown for breakdown in breakdowns if breakdown],
            "key_at_risk": self._report_table(
                _("Key Accounts at Risk"), at_risk, KEY_AT_RISK_FIELDS),
            "teams": self._teams(figures.get("teams", [])),
            "trend": self._trend(figures.get("trend", [])),
        }

    @api.model
    def _kpis(self, report):
        """[(label, value)] of the month's key figures, zeros included."""
        described = report.fields_get(KPI_FIELDS, attributes=["string", "type"])
        rows = []
        for name in KPI_FIELDS:
            if name not in described:
                continue
            digits = 1 if described[name]["type"] == "float" else 0
            rows.append((described[name]["string"],
                         formatLang(self.env, report[name], digits=digits)))
        return rows

    @api.model
    def _names(self, model, ids):
        """{id: name} of records, archived ones included, in the report's language."""
        records = self.env[model].with_context(active_test=False).browse(
            [record_id for record_id in ids if record_id]).exists()
        return {record.id: record.display_name for record in records}

    @api.model
    def _breakdown(self, title, model, rows):
        """(title, chart, rows) of a count per group, the largest first, or None without rows."""
        if not rows:
            return None
        names = self._names(model, [row[0] for row in rows])
        not_set, deleted = _("Not set"), _("(deleted)")  # _() reads the language of this frame
        named = [(names.get(group_id, deleted if group_id else not_set), count)
                 for group_id, count in rows]
        if len(named) > CHART_GROUPS:
            named = named[:CHART_GROUPS - 1] + [
                (_("Others"), sum(count for _name, count in named[CHART_GROUPS - 1:]))]
        chart = bar_chart([name for name, _count in named], [count for _name, count in named])
        return (title, chart, [(name, formatLang(self.env, count, digits=0)) for name, count in named])

    @api.model
    def _teams(self, rows):
        """[(team, received, resolved, SLA met %)] of the month's tickets."""
        names = self._names("crm.team", [row[0] for row in rows])
        no_team, deleted = _("No team"), _("(deleted)")
        return [(names.get(team, deleted if team else no_team), received, resolved,
                 formatLang(self.env, 100.0 * met / with_sla, digits=1) if with_sla else "")
                for team, received, resolved, with_sla, met in rows]

    @api.model
    def _trend(self, rows):
        """(chart, rows) of the NPS and CSAT of the 12 months, or None without an answer."""
        if not any(row[1] or row[3] for row in rows):
            return None
        chart = trend_chart(_("NPS and CSAT, last 12 months"), [row[0] for row in rows], [
            (_("NPS"), [row[2] if row[1] else None for row in rows]),
            (_("CSAT (%)"), [row[4] if row[3] else None for row in rows])])
        return (chart, [
            (month, nps_count, formatLang(self.env, nps, digits=1) if nps_count else "",
             csat_count, formatLang(self.env, csat, digits=1) if csat_count else "")
            for month, nps_count, nps, csat_count, csat in rows])
