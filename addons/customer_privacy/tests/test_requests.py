"""Data-subject requests: deadlines by regime, states, and the reminder before the deadline."""
from odoo.exceptions import UserError, ValidationError

from .common import PrivacyCase


class TestRequests(PrivacyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The crons count every open request: those of other tests' committed data are closed.
        cls.env["customer.privacy.request"].search([]).write({"state": "done"})

    def activities(self, requests):
        deadline = self.env.ref("customer_privacy.mail_activity_type_privacy_deadline")
        return self.env["mail.activity"].search([
            ("res_model", "=", "customer.privacy.request"), ("res_id", "in", requests.ids),
            ("activity_type_id", "=", deadline.id)])

    def test_due_date_by_regime(self):
        pipl = self.create_request(date_received="2026-03-01")
        self.assertTrue(pipl.name.startswith("DSR/"))
        self.assertEqual(pipl.regime, "pipl")
        self.assertEqual(pipl.date_due, "2026-03-16")
        gdpr = self.create_request(date_received="2026-03-01", regime="gdpr")
        self.assertEqual(gdpr.date_due, "2026-03-31")
        self.env["ir.config_parameter"].sudo().set_param("customer_privacy.request_days_pipl", "10")
        self.assertEqual(self.create_request(date_received="2026-03-01").date_due, "2026-03-11")
        self.env["ir.config_parameter"].sudo().set_param("customer_privacy.default_regime", "gdpr")
        self.assertEqual(self.create_request().regime, "gdpr")

    def test_settings_refuse_zero_days(self):
        settings = self.env["res.config.settings"].create({})
        with self.assertRaises(ValidationError) as refused:
            settings.write({"privacy_request_days_gdpr": 0})
        self.assertIn("Answer GDPR Requests Within (Days)", refused.exception.name)
        self.assertIn("(0)", refused.exception.name)

    def test_company_refused(self):
        with self.assertRaises(ValidationError) as refused:
            self.create_request(self.company)
        self.assertIn(self.company.name, refused.exception.name)

    def test_states(self):
        request = self.create_request()
        request.sudo(self.user_data_admin).action_start()
        self.assertEqual(request.state, "in_progress")
        request.sudo(self.user_data_admin).action_done()
        self.assertEqual(request.state, "done")
        with self.assertRaises(UserError) as refused:
            request.sudo(self.user_data_admin).action_refuse()
        self.assertIn(request.name, refused.exception.name)
        self.assertIn("Done", refused.exception.name)
        request.sudo(self.user_data_admin).action_reopen()
        request.sudo(self.user_data_admin).action_refuse()
        self.assertEqual(request.state, "refused")

    def test_reminder_cron_once_per_deadline(self):
        Request = self.env["customer.privacy.request"]
        soon = self.create_request(date_received="2026-03-01")  # due 03-16
        later = self.create_request(date_received="2026-03-10")  # due 03-25
        closed = self.create_request(date_received="2026-03-01")
        closed.action_done()
        self.assertEqual(Request._cron_deadline_reminders(date_ref="2026-03-12"), 0)
        self.assertEqual(Request._cron_deadline_reminders(date_ref="2026-03-13"), 1)
        activity = self.activities(soon)
        self.assertEqual(activity.user_id, self.user_data_admin)
        self.assertEqual(activity.date_deadline, "2026-03-16")
        self.assertIn(soon.name, activity.summary)
        # Twice creates nothing twice, even once the activity is done.
        self.assertEqual(Request._cron_deadline_reminders(date_ref="2026-03-13"), 0)
        activity.action_done()
        self.assertEqual(Request._cron_deadline_reminders(date_ref="2026-03-14"), 0)
        self.assertFalse(self.activities(soon | closed))
        self.assertFalse(self.activities(later))
        # A new deadline is a new reminder.
        soon.regime = "gdpr"
        self.assertEqual(soon.date_due, "2026-03-31")
        self.assertEqual(Request._cron_deadline_reminders(date_ref="2026-03-28"), 2)
        self.assertEqual(len(self.activities(soon | later)), 2)

    def test_cron_is_set_based(self):
        requests = self.env["customer.privacy.request"]
        for day in range(1, 9):
            requests |= self.create_request(date_received="2026-03-%02d" % day)
        self.env["customer.privacy.request"].invalidate_cache()
        before = self.env.cr.sql_log_count
        created = self.env["customer.privacy.request"]._cron_deadline_reminders(
            date_ref="2026-04-01")
        # A few queries whatever the number of requests: no query per request.
        self.assertLess(self.env.cr.sql_log_count - before, 40)
        self.assertEqual(created, 8)
        self.assertEqual(len(self.activities(requests)), 8)
