"""The customer archive sheet prints, as a real PDF, only what its reader may read."""
from odoo.exceptions import AccessError

from .common import CustomerMasterCase, ReportMixin

SHEET = "customer_mgmt.res_partner_report_sheet"


class TestCustomerSheet(ReportMixin, CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.create_customer(
            "Hangzhou Lakeside Instruments Co., Ltd.", user_id=cls.user_salesperson.id,
            main_needs="Automated line upgrade, budget 500k", registered_capital=8000000,
            credit_rating="A", credit_note="Pays within 30 days", business_scope="Instruments")
        cls.contact = cls.create_contact(cls.customer, "Wang Lei", function="Purchasing Director",
                                         email="wang.lei@example.com")
        cls.env["customer.interaction"].create({
            "name": "Visit about the line upgrade", "partner_id": cls.customer.id,
            "channel": cls.env["customer.interaction"]._fields["channel"].selection[0][0],
            "user_id": cls.user_salesperson.id})

    def _text(self, user, lang="en_US"):
        user.lang = lang
        pdf = self.render_pdf(SHEET, self.customer, user=user)
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf, self.pdf_text(pdf)

    def test_salesperson_prints_the_whole_sheet(self):
        _pdf, text = self._text(self.user_salesperson)
        for expected in ("Customer Archive Sheet", "Basic Information", "Hangzhou Lakeside Instruments",
                         self.customer.customer_code, "Needs", "Automated line upgrade",
                         "Registered Capital", "Credit Rating", "Pays within 30 days",
                         "Contact Persons", "Wang Lei", "Purchasing Director",
                         "Latest Interactions", "Visit about the line upgrade",
                         "Printed by", self.user_salesperson.name):
            self.assertIn(expected, text)

    def test_restricted_fields_never_print_for_customer_service(self):
        _pdf, text = self._text(self.user_service)
        self.assertIn("Hangzhou Lakeside Instruments", text)
        for hidden in ("Registered Capital", "Credit Rating", "Credit Notes", "Pays within 30 days",
                       "Annual Revenue", "Risk Reason"):
            self.assertNotIn(hidden, text)

    def test_sheet_in_chinese_with_a_cjk_font(self):
        pdf, text = self._text(self.user_salesperson, "zh_CN")
        for expected in ("客户信息表", "基本信息", "联系人", "最近跟进", "注册资本", "打印人"):
            self.assertIn(expected, text)
        for english in ("Customer Archive Sheet", "Basic Information", "Contact Persons", "Printed by"):
            self.assertNotIn(english, text)
        self.assertTrue(any("CJK" in font for font in self.pdf_fonts(pdf)), self.pdf_fonts(pdf))

    def test_readers_outside_the_account_are_refused(self):
        other = self.create_user("sheet_other_sp", ["customer_mgmt.group_customer_salesperson"])
        portal = self.create_user("sheet_portal", ["base.group_portal"])
        for user in (other, portal):
            with self.assertRaises(AccessError):
                self.render_pdf(SHEET, self.customer, user=user)

    def test_several_customers_in_one_pdf(self):
        second = self.create_customer("Suzhou Riverside Valves Co., Ltd.", user_id=self.user_salesperson.id)
        pdf = self.render_pdf(SHEET, self.customer | second, user=self.user_salesperson)
        text = self.pdf_text(pdf)
        self.assertIn("Hangzhou Lakeside Instruments", text)
        self.assertIn("Suzhou Riverside Valves", text)
        self.assertGreaterEqual(self.pdf_pages(pdf), 2)
