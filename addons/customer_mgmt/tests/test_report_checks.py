"""Every report of the customer addons checks its reader: a walk over the installed reports."""
from odoo.exceptions import AccessError

from .common import CustomerCase


class TestEveryReportChecks(CustomerCase):

    def _our_reports(self):
        reports = self.env["ir.actions.report"].search([("report_name", "=like", "customer\\_%")])
        self.assertIn(self.env.ref("customer_mgmt.res_partner_report_sheet"), reports)
        return reports

    def test_every_report_renders_through_the_report_checks(self):
        for report in self._our_reports():
            model_name = "report.%s" % report.report_name
            self.assertIn(model_name, self.env.registry,
                          "%s renders without a report model, so nothing checks its reader"
                          % report.report_name)
            model = self.env[model_name]
            self.assertTrue(any(getattr(klass, "_name", None) == "customer.report.mixin"
                                for klass in type(model).__mro__), model_name)
            self.assertTrue(model._report_groups, "%s names no group that may print it" % model_name)

    def test_every_report_is_refused_to_portal_users(self):
        portal = self.create_user("report_walk_portal", ["base.group_portal"])
        for report in self._our_reports():
            model = self.env[report.model]
            record = model.search([], limit=1)
            if not record:
                continue
            with self.assertRaises(AccessError, msg=report.report_name):
                report.sudo(portal).render_qweb_html(record.ids)
