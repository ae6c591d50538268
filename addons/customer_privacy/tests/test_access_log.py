"""The personal data access log: exports, packages built and downloaded and ID numbers
revealed are logged by the system; nobody creates, changes or deletes an entry; only data
administrators read them; old entries are deleted by an idempotent autovacuum."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PrivacyCase


class TestAccessLog(PrivacyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["customer.privacy.access.log"]
        cls.first_id = cls.Log.search([], order="id desc", limit=1).id or 0

    def logs(self, **values):
        domain = [("id", ">", self.first_id)] + [(key, "=", value) for key, value in values.items()]
        return self.Log.search(domain, order="id")

    def test_export_logs_each_person(self):
        partners = (self.company | self.contact | self.individual).sudo(self.user_manager)
        partners.export_data(["name", "email"])
        export_log = self.env["customer.export.log"].search([], order="id desc", limit=1)
        self.assertEqual(export_log.record_count, 3)
        logs = self.logs(action="export")
        self.assertEqual(logs.mapped("partner_id"), self.contact | self.individual)
        self.assertEqual(logs.mapped("export_log_id"), export_log)
        self.assertEqual(logs.mapped("user_id"), self.user_manager)
        self.assertEqual(logs[0].export_field_names, "name, email")

    def test_refused_export_logs_nothing(self):
        with self.assertRaises(UserError):
            self.contact.sudo(self.user_salesperson).export_data(["name"])
        self.assertFalse(self.logs())

    def test_package_built_and_downloaded(self):
        request = self.create_request(self.contact)
        request.sudo(self.user_data_admin).action_build_package()
        built = self.logs(action="package_built")
        self.assertEqual(len(built), 1)
        self.assertEqual((built.partner_id, built.request_id, built.user_id),
                         (self.contact, request, self.user_data_admin))
        self.assertGreater(built.record_count, 0)
        self.assertIn("person", built.field_names)
        attachments = self.env["ir.attachment"].sudo(self.user_data_admin).search(
            [("res_model", "=", request._name), ("res_id", "=", request.id)])
        self.assertEqual(len(attachments), 2)
        # The form's file sizes are no download; the content is.
        attachments.with_context(bin_size=True).read(["datas", "name"])
        attachments.read(["name", "mimetype"])
        self.assertFalse(self.logs(action="package_downloaded"))
        attachments.read(["datas"])
        downloads = self.logs(action="package_downloaded")
        self.assertEqual(sorted(downloads.mapped("attachment_name")),
                         sorted(attachments.mapped("name")))
        self.assertEqual(downloads.mapped("request_id"), request)
        self.assertEqual(downloads.mapped("partner_id"), self.contact)
        # The web client's download route.
        status, _headers, content = self.env["ir.http"].binary_content(
            model="ir.attachment", id=attachments[0].id, field="datas", download=True,
            env=self.env(user=self.user_data_admin.id))
        self.assertEqual(status, 200)
        self.assertTrue(content)
        self.assertEqual(len(self.logs(action="package_downloaded")), 3)
        # A manager may not read the files, and nothing is logged for the refused read.
        status, _headers, _content = self.env["ir.http"].binary_content(
            model="ir.attachment", id=attachments[0].id, field="datas",
            env=self.env(user=self.user_manager.id))
        self.assertEqual(status, 403)
        with self.assertRaises(AccessError):
            attachments.sudo(self.user_manager).read(["datas"])
        self.assertEqual(len(self.logs(action="package_downloaded")), 3)

    def test_other_attachments_are_not_logged(self):
        attachment = self.env["ir.attachment"].create({
            "name": "note.txt", "datas_fname": "note.txt", "datas": "bm90ZQ==",
            "res_model": "res.partner", "res_id": self.contact.id})
        attachment.read(["datas"])
        self.assertFalse(self.logs())

    def test_log_read_by_data_admins_only(self):
        self.individual.privacy_id_number = "11010519491231002X"
        self.individual.sudo(self.user_data_admin).action_reveal_id_number()
        log = self.logs()
        self.assertEqual(len(log), 1)
        self.assertEqual(self.Log.sudo(self.user_data_admin).search(
            [("id", "=", log.id)]), log)
        self.assertTrue(self.Log.sudo(self.user_data_admin).read_group(
            [("id", "=", log.id)], ["user_id"], ["user_id"]))
        for role in ("service", "salesperson", "leader", "manager"):
            with self.assertRaises(AccessError, msg=role):
                self.Log.sudo(self.users[role]).search([])
            with self.assertRaises(AccessError, msg=role):
                log.sudo(self.users[role]).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.Log.sudo(self.user_plain).search([])

    def test_log_unwritable_by_all(self):
        self.individual.privacy_id_number = "11010519491231002X"
        self.individual.sudo(self.user_data_admin).action_reveal_id_number()
        log = self.logs()
        before = log.read()
        for user in list(self.users.values()) + [self.user_plain, self.user_admin]:
            with self.assertRaises(AccessError, msg=user.login):
                self.Log.sudo(user).create({"action": "export", "partner_id": self.contact.id,
                                            "user_id": user.id, "date": fields.Datetime.now()})
            with self.assertRaises(AccessError, msg=user.login):
                log.sudo(user).write({"user_id": self.user_manager.id})
            with self.assertRaises(AccessError, msg=user.login):
                log.sudo(user).write({"field_names": "forged"})
            with self.assertRaises(AccessError, msg=user.login):
                log.sudo(user).unlink()
        self.assertEqual(log.read(), before)
        self.assertEqual(len(self.logs()), 1)

    def age(self, logs, days):
        self.env.cr.execute(
            "UPDATE customer_privacy_access_log SET date = %s WHERE id IN %s",
            (fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now())
                                       - timedelta(days=days)), tuple(logs.ids)))
        logs.invalidate_cache()

    def test_autovacuum_idempotent(self):
        self.env["ir.config_parameter"].sudo().set_param("customer_privacy.access_log_days", "30")
        Log = self.Log.sudo()
        Log._log([{"action": "id_revealed", "partner_id": self.individual.id}
                  for _index in range(5)])
        logs = self.logs()
        self.age(logs[:3], 31)
        self.age(logs[3:4], 29)
        # Entries of earlier runs in a kept database may be past the retention too.
        older = Log.search([("id", "<=", self.first_id), ("date", "<", fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=30)))])
        self.assertEqual(Log._cron_vacuum(batch_limit=2), 3 + len(older))
        self.assertEqual(self.logs(), logs[3:])
        self.assertEqual(Log._cron_vacuum(batch_limit=2), 0)
        self.assertEqual(self.logs(), logs[3:])
        # A later run, past the retention of the others.
        later = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) + timedelta(days=31))
        self.assertGreaterEqual(Log._cron_vacuum(date_ref=later), 2)
        self.assertFalse(self.logs())

    def test_cron_calls_the_vacuum(self):
        cron = self.env.ref("customer_privacy.ir_cron_privacy_access_log_vacuum")
        self.assertEqual(cron.model_id.model, "customer.privacy.access.log")
        self.assertIn("_cron_vacuum", cron.code)

    def test_retention_setting(self):
        Settings = self.env["res.config.settings"]
        self.assertEqual(Settings.create({}).privacy_access_log_days, 365)
        with self.assertRaisesRegex(ValidationError, "Keep the Access Log"):
            Settings.create({"privacy_access_log_days": 0})
        Settings.create({"privacy_access_log_days": 90}).execute()
        self.assertEqual(Settings.create({}).privacy_access_log_days, 90)
