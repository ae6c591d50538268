"""The customer entry template (录入模板): it maps and imports cleanly through Odoo's own import."""
import io

import xlrd
import xlsxwriter

from odoo.exceptions import AccessError, UserError

from ..utils.import_template import (
    COLUMNS, XLSX_MIMETYPE, build_import_template, column_headers, example_rows,
    template_filename)
from .common import CustomerCase

IMPORT_OPTIONS = {
    "headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8",
    "date_format": "", "datetime_format": "", "float_thousand_separator": ",",
    "float_decimal_separator": ".", "advanced": False, "keep_matches": False,
}
FIELD_NAMES = [column[0] for column in COLUMNS]
EXAMPLE_NAMES = ["上海明辉贸易有限公司", "Berlin Precision Tools GmbH", "Zhang Wei"]


class TestImportTemplate(CustomerCase):

    def setUp(self):
        super().setUp()
        self.last_partner_id = self.env["res.partner"].with_context(active_test=False).search(
            [], order="id desc", limit=1).id

    def _partners(self, names):
        """Partners with these names created by the test."""
        return self.env["res.partner"].with_context(active_test=False).search(
            [("name", "in", names), ("id", ">", self.last_partner_id)])

    def _preview(self, user, content):
        """Load the file in the Import screen as user and return the wizard and its preview."""
        wizard = self.env["base_import.import"].sudo(user).create({
            "res_model": "res.partner", "file": content,
            "file_name": "customers.xlsx", "file_type": XLSX_MIMETYPE})
        preview = wizard.parse_preview(dict(IMPORT_OPTIONS))
        self.assertFalse(preview.get("error"), preview.get("error"))
        return wizard, preview

    def _import(self, user, content):
        """Import the file exactly as the Import screen does with its automatic mapping."""
        wizard, preview = self._preview(user, content)
        matches = preview["matches"]
        fields = ["/".join(matches[index]) if matches.get(index) else False
                  for index in range(len(preview["headers"]))]
        return wizard.do(fields, dict(IMPORT_OPTIONS))

    def _xlsx(self, headers, rows):
        """A spreadsheet with the template's header row and the given rows."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet()
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                sheet.write(row, col, value)
        book.close()
        return output.getvalue()

    def _assert_all_columns_matched(self, preview):
        self.assertEqual(len(preview["headers"]), len(COLUMNS))
        self.assertEqual(
            {index: match for index, match in preview["matches"].items()},
            {index: [field_name] for index, field_name in enumerate(FIELD_NAMES)},
            "every template column must map to its field without manual mapping")

    # ------------------------------------------------------------ the file

    def test_template_is_valid_xlsx_with_instructions(self):
        env = self.env(user=self.user_manager.id)
        content = build_import_template(env)
        self.assertEqual(template_filename(env), "customer_import_template_en_US.xlsx")
        book = xlrd.open_workbook(file_contents=content)
        self.assertEqual(book.nsheets, 2)
        sheet = book.sheet_by_index(0)
        self.assertEqual(sheet.row_values(0), column_headers(env))
        for label in ("Name", "Phone", "Registration Number", "Tier", "Salesperson",
                      "Is a Company", "Industry"):
            self.assertIn(label, sheet.row_values(0))
        self.assertEqual([header for header in sheet.row_values(0) if header in FIELD_NAMES],
                         ["country_id"])
        self.assertEqual(sheet.cell_value(1, FIELD_NAMES.index("is_company")), "yes")
        self.assertEqual(sheet.nrows, 1 + 3, "header row and three example rows")
        info = book.sheet_by_index(1)
        self.assertEqual(info.name, "说明 Instructions")
        listed = [info.cell_value(row, 2) for row in range(info.nrows)]
        self.assertIn("Registration Number", listed)
        text = "\n".join(info.cell_value(row, col)
                         for row in range(info.nrows) for col in range(info.ncols))
        self.assertIn("USCC", text)
        self.assertIn("统一社会信用代码", text)
        self.assertIn("+86", text)

    def test_download_reserved_to_importers(self):
        for user in (self.user_salesperson, self.user_leader, self.user_service, self.user_plain):
            with self.assertRaises(AccessError):
                build_import_template(self.env(user=user.id))
        for user in (self.user_manager, self.user_data_admin):
            self.assertTrue(build_import_template(self.env(user=user.id)).startswith(b"PK"))

    def test_menu_for_managers_only(self):
        menu = self.env.ref("customer_mgmt.customer_import_template_menu")
        action = self.env.ref("customer_mgmt.customer_import_template_action")
        self.assertEqual(menu.action, action)
        self.assertEqual(action.url, "/customer_mgmt/import_template")
        menus = self.env["ir.ui.menu"]
        self.assertTrue(menus.sudo(self.user_manager).search([("id", "=", menu.id)]))
        self.assertTrue(menus.sudo(self.user_data_admin).search([("id", "=", menu.id)]))
        self.assertFalse(menus.sudo(self.user_leader).search([("id", "=", menu.id)]))

    def test_controller_route(self):
        from ..controllers.main import CustomerImportTemplate
        routing = CustomerImportTemplate.import_template.routing
        self.assertEqual(routing["routes"], ["/customer_mgmt/import_template"])
        self.assertEqual(routing["auth"], "user")

    # ------------------------------------------------------------ import

    def test_template_imports_cleanly(self):
        env = self.env(user=self.user_data_admin.id)
        wizard, preview = self._preview(self.user_data_admin, build_import_template(env))
        self._assert_all_columns_matched(preview)
        messages = self._import(self.user_data_admin, build_import_template(env))
        self.assertEqual([m for m in messages if m["type"] == "error"], [], messages)
        partners = self._partners(EXAMPLE_NAMES)
        self.assertEqual(len(partners), 3)
        by_name = {p.name: p for p in partners}
        minghui = by_name["上海明辉贸易有限公司"]
        self.assertTrue(minghui.is_company)
        self.assertEqual(minghui.short_name, "明辉贸易")
        self.assertEqual(minghui.phone, "+86 21 6288 0000")
        self.assertEqual(minghui.mobile, "+86 138 0013 8000")
        self.assertEqual(minghui.registration_number, "91310000MA1FL0X0BD")
        self.assertEqual(minghui.country_id, self.env.ref("base.cn"))
        self.assertEqual(minghui.state_id, self.env.ref("customer_mgmt.state_cn_sh"))
        self.assertEqual(minghui.tier_id, self.env.ref("customer_mgmt.customer_tier_key"))
        self.assertEqual(minghui.industry_id, self.env.ref("base.res_partner_industry_G"))
        self.assertEqual(minghui.customer_kind, "enterprise")
        self.assertEqual(minghui.customer_source, "exhibition")
        self.assertEqual(minghui.employee_count, 120)
        self.assertEqual(minghui.sudo().annual_revenue, 80000000)
        self.assertEqual(minghui.user_id, self.user_data_admin)
        berlin = by_name["Berlin Precision Tools GmbH"]
        self.assertEqual(berlin.phone, "+49 30 901820")
        self.assertEqual(berlin.registration_number, "HRB123456")
        self.assertEqual(berlin.country_id, self.env.ref("base.de"))
        zhang = by_name["Zhang Wei"]
        self.assertFalse(zhang.is_company)
        self.assertEqual(zhang.mobile, "+86 139 1234 5678")
        self.assertEqual(zhang.customer_kind, "individual")
        for partner in partners:
            self.assertTrue(partner.customer)
            self.assertTrue(partner.customer_code, "%s got no customer code" % partner.name)
        self.assertEqual(len(set(partners.mapped("customer_code"))), 3)

    def test_names_are_normalized_on_import(self):
        env = self.env(user=self.user_data_admin.id)
        rows = example_rows(env)
        rows[0][0] = "  上海明辉贸易有限公司　"
        rows[1][0] = "Ｂｅｒｌｉｎ  Precision   Tools GmbH"
        messages = self._import(self.user_data_admin, self._xlsx(column_headers(env), rows))
        self.assertEqual([m for m in messages if m["type"] == "error"], [], messages)
        self.assertEqual(len(self._partners(EXAMPLE_NAMES)), 3)

    def _assert_refused(self, rows, expected):
        env = self.env(user=self.user_data_admin.id)
        messages = self._import(self.user_data_admin, self._xlsx(column_headers(env), rows))
        errors = [m["message"] for m in messages if m["type"] == "error"]
        self.assertTrue(any(expected in message for message in errors), messages)
        self.assertFalse(self._partners(EXAMPLE_NAMES), "nothing from the file may be saved")

    def test_invalid_phone_row_refused(self):
        rows = example_rows(self.env(user=self.user_data_admin.id))
        rows[2][FIELD_NAMES.index("mobile")] = "12345"
        self._assert_refused(rows, 'The Mobile "12345" is not a valid phone number')

    def test_invalid_uscc_row_refused(self):
        rows = example_rows(self.env(user=self.user_data_admin.id))
        rows[0][FIELD_NAMES.index("registration_number")] = "91310000MA1FL0X0BX"
        self._assert_refused(rows, 'The registration number "91310000MA1FL0X0BX" is not valid')

    def test_salesperson_cannot_import_template(self):
        content = build_import_template(self.env(user=self.user_manager.id))
        with self.assertRaisesRegex(UserError, "Only customer managers and data administrators"):
            self._import(self.user_salesperson, content)
        self.assertFalse(self._partners(EXAMPLE_NAMES))

    # ------------------------------------------------------------ Chinese

    def test_chinese_template_imports_cleanly(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["base", "customer_mgmt"], ["zh_CN"])
        self.user_data_admin.write({"lang": "zh_CN"})
        env = self.env(user=self.user_data_admin.id, context=dict(self.env.context, lang="zh_CN"))
        content = build_import_template(env)
        self.assertEqual(template_filename(env), "customer_import_template_zh_CN.xlsx")
        headers = xlrd.open_workbook(file_contents=content).sheet_by_index(0).row_values(0)
        phone_label = self.env["res.partner"].with_context(lang="zh_CN").fields_get(
            ["phone"])["phone"]["string"]
        self.assertNotEqual(phone_label, "Phone", "base zh_CN terms are loaded")
        self.assertIn(phone_label, headers)
        rows = xlrd.open_workbook(file_contents=content).sheet_by_index(0)
        # Readable columns: no technical name, no raw flag, industry as 行业 (not Odoo's 工业).
        self.assertEqual(headers[FIELD_NAMES.index("is_company")], "是否公司")
        self.assertEqual(headers[FIELD_NAMES.index("industry_id")], "行业")
        self.assertEqual(headers[FIELD_NAMES.index("team_id")], "销售团队")
        # Only the country keeps its technical name: base's commercial_partner_country_id
        # is labelled "Country" too (see column_headers).
        self.assertEqual([header for header in headers if header in FIELD_NAMES],
                         ["country_id"], headers)
        text = "\n".join(
            str(sheet.cell_value(row, col)) for sheet in xlrd.open_workbook(
                file_contents=content).sheets()
            for row in range(sheet.nrows) for col in range(sheet.ncols))
        self.assertNotIn("工业", text)
        self.assertEqual(rows.cell_value(1, FIELD_NAMES.index("is_company")), "是")
        self.assertEqual(rows.cell_value(3, FIELD_NAMES.index("is_company")), "否")
        self.assertEqual(rows.cell_value(3, 0), "张伟")
        wizard = self.env["base_import.import"].sudo(self.user_data_admin).with_context(
            lang="zh_CN").create({"res_model": "res.partner", "file": content,
                                  "file_name": "customers.xlsx", "file_type": XLSX_MIMETYPE})
        preview = wizard.parse_preview(dict(IMPORT_OPTIONS))
        self._assert_all_columns_matched(preview)
        fields = ["/".join(preview["matches"][index]) for index in range(len(COLUMNS))]
        messages = wizard.do(fields, dict(IMPORT_OPTIONS))
        self.assertEqual([m for m in messages if m["type"] == "error"], [], messages)
        zhang = self._partners(["张伟"])
        self.assertEqual(len(self._partners(["上海明辉贸易有限公司", "张伟"])), 2)
        self.assertEqual(zhang.country_id, self.env.ref("base.cn"))
        self.assertEqual(zhang.state_id, self.env.ref("customer_mgmt.state_cn_zj"))
        self.assertEqual(zhang.tier_id, self.env.ref("customer_mgmt.customer_tier_potential"))
        self.assertEqual(zhang.customer_kind, "individual")
        self.assertFalse(zhang.is_company, "否 imports as no")
        self.assertTrue(self._partners(["上海明辉贸易有限公司"]).is_company, "是 imports as yes")
        self.assertTrue(zhang.customer_code)

