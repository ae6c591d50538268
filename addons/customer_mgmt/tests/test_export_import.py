"""Export and import of customers are for managers; every export is logged."""
from odoo.exceptions import AccessError, UserError

from .common import CustomerCase


class TestExportImport(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.create_customer("Export Alpha", user_id=cls.user_salesperson.id)
        cls.Log = cls.env["customer.export.log"]
        # Exports of earlier runs (browser scenarios) may be logged in a kept database.
        cls.new_logs = [("id", ">", cls.Log.search([], order="id desc", limit=1).id or 0)]

    def test_export_refused_below_manager(self):
        for user in (self.user_salesperson, self.user_leader, self.user_service, self.user_plain):
            partners = self.env["res.partner"].sudo(user).browse(self.customer.id)
            with self.assertRaisesRegex(UserError, "Only customer managers may export"):
                partners.export_data(["name", "phone"])
        self.assertFalse(self.Log.search(self.new_logs))

    def test_manager_export_is_logged(self):
        partners = self.env["res.partner"].sudo(self.user_manager).search(
            [("id", "=", self.customer.id)])
        result = partners.export_data(["name", "user_id/name"])
        self.assertEqual(result["datas"], [["Export Alpha", "Test salesperson"]])
        log = self.Log.search(self.new_logs)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_manager)
        self.assertEqual(log.model, "res.partner")
        self.assertEqual(log.row_count, 1)
        self.assertIn("user_id/name", log.field_names)
        # Managers read the log; salespeople do not.
        self.assertTrue(self.Log.sudo(self.user_manager).search([]))
        with self.assertRaises(AccessError):
            self.Log.sudo(self.user_salesperson).search([])

    def test_import_refused_below_manager(self):
        for user in (self.user_salesperson, self.user_service):
            with self.assertRaisesRegex(UserError, "may import customers"):
                self.env["res.partner"].sudo(user).load(["name"], [["Imported Beta"]])
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Imported Beta")]))

    def test_import_by_data_admin(self):
        result = self.env["res.partner"].sudo(self.user_data_admin).load(
            ["name", "customer"], [["Imported Gamma", "1"]])
        self.assertFalse(result["messages"], result["messages"])
        self.assertTrue(self.env["res.partner"].search([("name", "=", "Imported Gamma")]))

    def test_base_import_refused(self):
        if "base_import.import" not in self.env:
            self.skipTest("base_import not installed")
        Import = self.env["base_import.import"].sudo(self.user_salesperson)
        wizard = Import.create({"res_model": "res.partner", "file": b"name\nImported Delta\n",
                                "file_name": "partners.csv", "file_type": "text/csv"})
        with self.assertRaisesRegex(UserError, "may import customers"):
            wizard.do(["name"], {"quoting": '"', "separator": ",", "headers": True})
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Imported Delta")]))
