"""The company registry (工商信息): import, lookups, filling and comparing customers, the monthly check."""
import base64
import io

import xlsxwriter
from stdnum.cn import uscc as stdnum_uscc

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import CustomerMasterCase


def make_uscc(serial):
    """A valid USCC from a serial number (the check digit computed by python-stdnum)."""
    base = "9131000000%07d" % serial
    return base + stdnum_uscc.calc_check_digit(base)


USCC_A = make_uscc(1)
USCC_B = make_uscc(2)
USCC_C = make_uscc(3)
BAD_USCC = USCC_A[:-1] + ("0" if USCC_A[-1] != "0" else "1")


def csv_file(lines):
    return base64.b64encode("\n".join(lines).encode("utf-8"))


def xlsx_file(rows):
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for row_index, row in enumerate(rows):
        for column, value in enumerate(row):
            if hasattr(value, "year"):
                sheet.write_datetime(row_index, column, value, date_format)
            else:
                sheet.write(row_index, column, value)
    book.close()
    return base64.b64encode(output.getvalue())


class TestRegistry(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Record = cls.env["customer.registry.record"]
        cls.Wizard = cls.env["customer.registry.import.wizard"]
        cls.Record.search([]).unlink()  # no demo rows in the lookups and the checks

    def import_file(self, data, filename="registry.csv", user=None):
        wizard = self.Wizard.sudo(user or self.user_data_admin).create(
            {"data_file": data, "filename": filename})
        wizard.action_import()
        return wizard

    def record(self, uscc, **values):
        vals = {"uscc": uscc, "name": "上海登记测试有限公司"}
        vals.update(values)
        return self.Record.create(vals)

    def registry_count(self):
        return self.Record.search_count([])

    # ------------------------------------------------------------------ import

    def test_import_csv_english_headers_creates_then_updates_by_uscc(self):
        wizard = self.import_file(csv_file([
            "USCC,Registered Name,Legal Representative,Registered Capital,Founding Date,Status,Address",
            "%s,上海甲乙贸易有限公司,张三,500万元,2010-03-01,存续,上海市徐汇区 1 号" % USCC_A,
            "%s,上海丙丁科技有限公司,李四,\"1,000,000\",2015/06/30,注销," % USCC_B,
        ]))
        self.assertIn("2 registry records created", wizard.result)
        first = self.Record.search([("uscc", "=", USCC_A)])
        self.assertEqual(first.name, "上海甲乙贸易有限公司")
        self.assertEqual(first.registered_capital, 5000000)
        self.assertEqual(first.founding_date, "2010-03-01")
        self.assertEqual(first.status, "active")
        self.assertEqual(first.source, "registry.csv")
        second = self.Record.search([("uscc", "=", USCC_B)])
        self.assertEqual((second.registered_capital, second.status), (1000000, "deregistered"))
        # The same USCC again: updated, the old name kept as a former name; no second row.
        wizard = self.import_file(csv_file([
            "uscc,name,status", "%s,上海甲乙国际贸易有限公司,在业" % USCC_A]))
        self.assertIn("0 registry records created, 1 updated", wizard.result)
        self.assertEqual(self.Record.search_count([("uscc", "=", USCC_A)]), 1)
        self.assertEqual(first.name, "上海甲乙国际贸易有限公司")
        self.assertEqual(first.former_names, "上海甲乙贸易有限公司")
        self.assertEqual(first.legal_representative, "张三", "columns not in the file are kept")

    def test_import_xlsx_chinese_headers(self):
        import datetime
        self.import_file(xlsx_file([
            ["统一社会信用代码", "企业名称", "曾用名", "法定代表人", "注册资本", "成立日期", "登记状态",
             "经营范围"],
            [USCC_C, "杭州戊己网络有限公司", "杭州戊己电子商务有限公司；杭州戊己信息有限公司", "王五",
             "200万", datetime.datetime(2018, 5, 20), "吊销", "网络技术服务"],
        ]), filename="工商信息.xlsx")
        record = self.Record.search([("uscc", "=", USCC_C)])
        self.assertEqual(record.name, "杭州戊己网络有限公司")
        self.assertEqual(record.former_names, "杭州戊己电子商务有限公司\n杭州戊己信息有限公司")
        self.assertEqual(record.founding_date, "2018-05-20")
        self.assertEqual(record.registered_capital, 2000000)
        self.assertEqual((record.status, record.business_scope), ("revoked", "网络技术服务"))

    def test_import_bad_rows_refused_nothing_loaded(self):
        existing = self.record(USCC_A, name="上海原有数据有限公司")
        before = self.registry_count()
        data = csv_file([
            "USCC,Registered Name,Registered Capital,Founding Date",
            "%s,上海甲乙贸易有限公司改名,100,2010-01-01" % USCC_A,   # good: would update
            "%s,上海好行有限公司,100,2011-01-01" % USCC_B,           # good: would create
            "%s,上海坏码有限公司,100,2012-01-01" % BAD_USCC,
            "%s,上海坏日期有限公司,100,2012-13-45" % USCC_C,
            "%s,上海坏资本有限公司,很多钱,2012-01-01" % make_uscc(4),
            "%s,,100,2012-01-01" % make_uscc(5),
            "%s,%s,100,2012-01-01" % (make_uscc(7), "长" * 300),
        ])
        with self.assertRaises(ValidationError) as refused:
            self.import_file(data)
        message = refused.exception.name
        self.assertIn("Nothing was imported", message)
        self.assertIn('Row 4, column "USCC": not a valid Unified Social Credit Code (value "%s")'
                      % BAD_USCC, message)
        self.assertIn('Row 5, column "Founding Date": not a date', message)
        self.assertIn('"2012-13-45"', message)
        self.assertIn('Row 6, column "Registered Capital": not an amount', message)
        self.assertIn('"很多钱"', message)
        self.assertIn('Row 7, column "Registered Name": the registered name is missing', message)
        self.assertIn("Row 8, column \"Registered Name\": the registered name is longer than 256", message)
        self.assertNotIn("Row 2", message)
        self.assertEqual(self.registry_count(), before)
        self.assertEqual(existing.name, "上海原有数据有限公司")
        self.assertFalse(self.Record.search([("uscc", "=", USCC_B)]))

    def test_import_refuses_unknown_columns_duplicates_and_future_dates(self):
        with self.assertRaises(UserError) as refused:
            self.import_file(csv_file(["USCC,Registered Name,Colour", "%s,上海有限公司,red" % USCC_A]))
        self.assertIn('Column "Colour" is not a registry column', refused.exception.name)
        with self.assertRaises(ValidationError) as refused:
            self.import_file(csv_file([
                "USCC,Registered Name,Founding Date",
                "%s,上海一号有限公司,2001-01-01" % USCC_A,
                "%s,上海二号有限公司,2999-01-01" % USCC_A]))
        self.assertIn("the USCC is already on row 2", refused.exception.name)
        self.assertIn("the founding date is in the future", refused.exception.name)
        self.assertFalse(self.Record.search([("uscc", "=", USCC_A)]))

    def test_import_chinese_messages(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_mgmt"], ["zh_CN"])
        self.user_data_admin.lang = "zh_CN"
        with self.assertRaises(ValidationError) as refused:
            self.import_file(csv_file(["USCC,Registered Name", "%s,上海有限公司" % BAD_USCC]))
        self.assertIn("第 2 行", refused.exception.name)
        self.assertIn(BAD_USCC, refused.exception.name)

    # ------------------------------------------------------------------ load (base_import)

    @mute_logger("odoo.sql_db")
    def test_load_refuses_bad_rows_and_loads_nothing(self):
        Record = self.Record.sudo(self.user_data_admin)
        before = self.registry_count()
        result = Record.load(["uscc", "name", "founding_date", "registered_capital"], [
            [USCC_A, "上海加载一有限公司", "2010-01-01", "100"],
            [BAD_USCC, "上海加载二有限公司", "2010-01-01", "100"],
            [USCC_B, "上海加载三有限公司", "not a date", "100"],
            [USCC_C, "上海加载四有限公司", "2010-01-01", "lots"],
            [make_uscc(6), "", "2010-01-01", "100"],
        ])
        self.assertFalse(result["ids"])
        errors = [message for message in result["messages"] if message["type"] == "error"]
        text = "\n".join(message["message"] for message in errors)
        self.assertIn(BAD_USCC, text)
        self.assertIn("USCC", text)
        self.assertIn("not a date", text)
        self.assertIn("lots", text)
        self.assertEqual(self.registry_count(), before)

    def test_load_upserts_by_uscc(self):
        record = self.record(USCC_A, name="上海加载原名有限公司")
        Record = self.Record.sudo(self.user_data_admin)
        result = Record.load(["uscc", "name", "status"], [
            [USCC_A, "上海加载新名有限公司", "deregistered"],
            [USCC_B, "上海加载新建有限公司", "active"]])
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result)
        self.assertIn(record.id, result["ids"])
        self.assertEqual((record.name, record.status), ("上海加载新名有限公司", "deregistered"))
        self.assertEqual(record.former_names, "上海加载原名有限公司")
        self.assertEqual(self.Record.search_count([("uscc", "in", [USCC_A, USCC_B])]), 2)

    def test_create_and_write_refuse_invalid_uscc_and_negative_capital(self):
        with self.assertRaises(ValidationError) as refused:
            self.record(BAD_USCC)
        self.assertIn(BAD_USCC, refused.exception.name)
        self.assertIn("USCC", refused.exception.name)
        record = self.record(" %s " % USCC_A)
        self.assertEqual(record.uscc, USCC_A)
        with self.assertRaises(ValidationError) as refused:
            record.write({"registered_capital": -5})
        self.assertIn("Registered Capital", refused.exception.name)
        self.assertFalse(self.Record.search([("uscc", "=", BAD_USCC)]))

    # ------------------------------------------------------------------ lookups

    def test_lookup_by_uscc_name_former_name_and_similar_name(self):
        first = self.record(USCC_A, name="上海星辰光电科技有限公司",
                            former_names="上海星辰电子有限公司")
        self.record(USCC_B, name="北京完全不同物流有限公司")
        provider = self.env["customer.registry.provider"].sudo(
            self.user_salesperson)._registry_provider()
        self.assertEqual(provider._name, "customer.registry.provider.file")
        self.assertEqual(provider._registry_lookup(uscc=USCC_A.lower()), first)
        self.assertEqual(provider._registry_lookup(name="上海星辰光电科技有限公司"), first)
        self.assertEqual(provider._registry_lookup(name="上海星辰电子有限公司"), first)
        self.assertEqual(provider._registry_lookup(name="上海星辰光电科技股份有限公司")[:1], first)
        self.assertFalse(provider._registry_lookup(name="广州毫无关系餐饮店"))
        self.assertFalse(provider._registry_lookup(uscc=USCC_C))
        # An unknown provider in the settings: the file provider answers.
        self.env["ir.config_parameter"].set_param("customer_mgmt.registry_provider", "no.such.model")
        self.assertEqual(self.env["customer.registry.provider"]._registry_provider()._name,
                         "customer.registry.provider.file")
        # A plain employee reads no registry: no match.
        self.assertFalse(self.env["customer.registry.provider.file"].sudo(
            self.user_plain)._registry_lookup(uscc=USCC_A))

    # ------------------------------------------------------------------ the customer form

    def _customer(self, name="上海星辰光电科技有限公司", **values):
        values.setdefault("country_id", self.cn.id)
        values.setdefault("user_id", self.user_salesperson.id)
        return self.create_customer(name, **values)

    def _full_record(self):
        return self.record(
            USCC_A, name="上海星辰光电科技有限公司", legal_representative="赵六",
            registered_capital=3000000, founding_date="2012-08-08", status="active",
            address="上海市闵行区 8 号", business_scope="光电器件")

    def test_match_and_fill_only_empty_fields(self):
        record = self._full_record()
        customer = self._customer(business_scope="我们自己写的经营范围")
        as_sales = customer.sudo(self.user_salesperson)
        self.assertEqual(as_sales.registry_match_id, record.sudo(self.user_salesperson))
        self.assertEqual(as_sales.registry_match_id.display_name,
                         "上海星辰光电科技有限公司 (%s)" % USCC_A)
        as_sales.action_registry_fill()
        customer.invalidate_cache()
        self.assertEqual(customer.registration_number, USCC_A)
        self.assertEqual(customer.legal_representative, "赵六")
        self.assertEqual(customer.registered_capital, 3000000)
        self.assertEqual(customer.founding_date, "2012-08-08")
        self.assertEqual(customer.street, "上海市闵行区 8 号")
        self.assertEqual(customer.business_scope, "我们自己写的经营范围", "never overwritten")
        self.assertEqual(customer.registry_status, "active")
        # A name the registry does not know: no match, the fill is refused and saves nothing.
        other = self._customer("广州毫无关系餐饮有限公司")
        self.assertFalse(other.registry_match_id)
        with self.assertRaises(UserError) as refused:
            other.sudo(self.user_salesperson).action_registry_fill()
        self.assertIn("广州毫无关系餐饮有限公司", refused.exception.name)
        self.assertFalse(other.legal_representative)

    def test_onchange_offers_the_match(self):
        record = self._full_record()
        form = self.env["res.partner"].sudo(self.user_salesperson).new(
            {"name": "x", "is_company": True, "customer": True})
        self.assertFalse(form.registry_match_id)
        form.registration_number = USCC_A
        self.assertEqual(form.registry_match_id.id, record.id)

    def test_compare_lists_differences_and_overwrites_only_the_ticked(self):
        self._full_record()
        customer = self._customer(legal_representative="旧法人", business_scope="旧范围",
                                  registration_number=USCC_A)
        action = customer.sudo(self.user_salesperson).action_registry_compare()
        wizard = self.env["customer.registry.diff.wizard"].sudo(self.user_salesperson).browse(
            action["res_id"])
        lines = {line.field_name: line for line in wizard.line_ids}
        self.assertEqual(lines["legal_representative"].current_value, "旧法人")
        self.assertEqual(lines["legal_representative"].registry_value, "赵六")
        self.assertIn("business_scope", lines)
        self.assertNotIn("name", lines, "the names are equal")
        self.assertNotIn("registration_number", lines)
        lines["legal_representative"].overwrite = True
        wizard.action_apply()
        customer.invalidate_cache()
        self.assertEqual(customer.legal_representative, "赵六")
        self.assertEqual(customer.business_scope, "旧范围", "not ticked: kept")

    def test_service_compares_without_the_capital(self):
        self._full_record()
        customer = self._customer(registration_number=USCC_A)
        action = customer.sudo(self.user_service).action_registry_compare()
        wizard = self.env["customer.registry.diff.wizard"].browse(action["res_id"])
        self.assertNotIn("registered_capital", wizard.line_ids.mapped("field_name"),
                         "customer service may not read the registered capital")

    # ------------------------------------------------------------------ the monthly check

    def test_cron_renamed_and_deregistered_companies_idempotent(self):
        renamed_row = self.record(USCC_A, name="上海星辰光电科技有限公司")
        gone_row = self.record(USCC_B, name="上海倒闭贸易有限公司")
        renamed = self._customer(registration_number=USCC_A)
        gone = self._customer("上海倒闭贸易有限公司", registration_number=USCC_B)
        untouched = self._customer("上海安然无恙有限公司", registration_number=USCC_C)
        renamed_row.write({"name": "上海星辰智能科技有限公司"})
        gone_row.write({"status": "deregistered"})
        Partner = self.env["res.partner"]

        result = Partner._cron_check_registry(batch_limit=1)
        self.assertEqual(result, {"renamed": 1, "at_risk": 1, "cleared": 0})
        self.assertEqual(renamed.name, "上海星辰光电科技有限公司", "never renamed without asking")
        self.assertEqual(renamed.registry_proposed_name, "上海星辰智能科技有限公司")
        self.assertEqual(renamed.former_name_ids.mapped("name"), ["上海星辰光电科技有限公司"])
        self.assertIn("Deregistered", gone.registry_risk_reason)
        self.assertEqual((gone.registry_status, gone.risk_level), ("deregistered", "high"))
        self.assertEqual(gone.risk_reason, gone.registry_risk_reason)
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", gone.id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_salesperson)
        self.assertFalse(untouched.registry_status)

        # Run again: nothing twice.
        self.assertEqual(Partner._cron_check_registry(),
                         {"renamed": 0, "at_risk": 0, "cleared": 0})
        self.assertEqual(self.env["mail.activity"].search_count(
            [("res_model", "=", "res.partner"), ("res_id", "=", gone.id)]), 1)
        self.assertEqual(len(renamed.former_name_ids), 1)

        # The salesperson takes the new name: the old one stays a former name, once.
        renamed.sudo(self.user_salesperson).action_registry_accept_name()
        self.assertEqual(renamed.name, "上海星辰智能科技有限公司")
        self.assertFalse(renamed.registry_proposed_name)
        self.assertEqual(renamed.former_name_ids.mapped("name"), ["上海星辰光电科技有限公司"])
        self.assertEqual(Partner._cron_check_registry()["renamed"], 0)

    def test_dismissed_name_not_proposed_again(self):
        row = self.record(USCC_A, name="上海星辰光电科技有限公司")
        customer = self._customer(registration_number=USCC_A)
        row.write({"name": "上海星辰智能科技有限公司"})
        self.env["res.partner"]._cron_check_registry()
        customer.sudo(self.user_salesperson).action_registry_dismiss_name()
        self.assertFalse(customer.registry_proposed_name)
        self.env["res.partner"]._cron_check_registry()
        self.assertFalse(customer.registry_proposed_name)
        self.assertEqual(customer.name, "上海星辰光电科技有限公司")

    # ------------------------------------------------------------------ access

    def test_salesperson_and_service_read_but_do_not_write_the_registry(self):
        record = self.record(USCC_A)
        for user in (self.user_service, self.user_salesperson, self.user_manager):
            self.assertEqual(self.Record.sudo(user).search([("uscc", "=", USCC_A)]), record)
            with self.assertRaises(AccessError):
                self.Record.sudo(user).create({"uscc": USCC_B, "name": "上海越权有限公司"})
            with self.assertRaises(AccessError):
                record.sudo(user).write({"name": "上海越权改名有限公司"})
            with self.assertRaises(AccessError) as refused:
                self.import_file(csv_file(["USCC,Registered Name", "%s,上海越权有限公司" % USCC_B]),
                                 user=user)
            self.assertIn("action_import", refused.exception.name)
        with self.assertRaises(AccessError):
            self.Record.sudo(self.user_plain).search([])
        self.assertEqual(record.name, "上海登记测试有限公司")
        self.assertFalse(self.Record.search([("uscc", "=", USCC_B)]))

    def test_data_admin_imports_and_edits(self):
        self.import_file(csv_file(["USCC,Registered Name", "%s,上海管理员导入有限公司" % USCC_B]))
        record = self.Record.sudo(self.user_data_admin).search([("uscc", "=", USCC_B)])
        record.write({"legal_representative": "钱七"})
        self.assertEqual(record.legal_representative, "钱七")

    def test_fill_refused_on_a_customer_the_user_may_not_write(self):
        self._full_record()
        other = self.create_user("registry_other", ["customer_mgmt.group_customer_salesperson"])
        customer = self._customer(user_id=other.id)
        with self.assertRaises(AccessError):
            customer.sudo(self.user_salesperson).action_registry_fill()
        customer.invalidate_cache()
        self.assertFalse(customer.legal_representative)
        self.assertFalse(customer.registry_status)

    def test_cron_clears_the_registry_risk_when_the_company_is_active_again(self):
        row = self.record(USCC_B, name="上海复业贸易有限公司", status="revoked")
        customer = self._customer("上海复业贸易有限公司", registration_number=USCC_B)
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._cron_check_registry()["at_risk"], 1)
        self.assertIn("Revoked", customer.registry_risk_reason)
        row.write({"status": "active"})
        self.assertEqual(Partner._cron_check_registry()["cleared"], 1)
        self.assertFalse(customer.registry_risk_reason)
        self.assertEqual(customer.registry_status, "active")
        self.assertEqual(customer.risk_level, "high", "the credit risk is the salesperson's to lower")
