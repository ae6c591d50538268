"""name_search and the search view find customers by legal, short and former names and codes."""
from .common import CustomerMasterCase


class TestNameSearch(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.create_customer(
            "Hangzhou Zhiyuan Technology Co., Ltd.", short_name="ZYTech",
            email="hello@zhiyuan.example.com", user_id=cls.user_salesperson.id)
        cls.customer.write({"name": "Zhejiang Zhiyuan Digital Co., Ltd."})
        cls.other = cls.create_customer("Unrelated Trading Co., Ltd.")

    def found(self, text, partners=None, **kwargs):
        ids = [row[0] for row in (self.Partner if partners is None else partners).name_search(text, **kwargs)]
        return self.Partner.browse(ids)

    def test_finds_by_every_name_and_code(self):
        for text in ("Zhiyuan Digital", "zytech", "Hangzhou Zhiyuan", self.customer.customer_code,
                     "zhiyuan.example.com"):
            found = self.found(text)
            self.assertIn(self.customer, found, text)
            self.assertNotIn(self.other, found, text)
        self.assertEqual(self.found("Hangzhou Zhiyuan")[0], self.customer)

    def test_args_operator_and_limit_respected(self):
        self.assertFalse(self.found("zytech", args=[("id", "=", self.other.id)]))
        self.assertFalse(self.found("ZYTe", operator="="))
        self.assertIn(self.customer, self.found("ZYTech", operator="="))
        twin = self.create_customer("ZYTech Holding Co., Ltd.")
        self.assertEqual(len(self.found("zytech", limit=1)), 1)
        self.assertEqual(set(self.found("zytech").ids), {twin.id, self.customer.id})

    def test_no_duplicates_when_several_fields_match(self):
        self.customer.short_name = "Zhiyuan Digital"
        found = self.found("Zhiyuan Digital")
        self.assertEqual(len(found.filtered(lambda p: p == self.customer)), 1)
        self.assertEqual(len(found), len(set(found.ids)))

    def test_access_rules_respected(self):
        blind = self.create_user("blind", ["base.group_user"])
        # A global rule hiding the customer from this user only.
        self.env["ir.rule"].create({
            "name": "hide one customer", "model_id": self.env.ref("base.model_res_partner").id,
            "domain_force": "[('id', '!=', %d)] if user.id == %d else [(1, '=', 1)]" % (
                self.customer.id, blind.id)})
        for text in ("zytech", self.customer.customer_code, "Hangzhou Zhiyuan", "Zhiyuan Digital"):
            self.assertFalse(self.found(text, partners=self.Partner.sudo(blind)), text)
            self.assertIn(self.customer, self.found(text, partners=self.Partner.sudo(self.user_plain)))

    def test_search_view_domain_covers_short_former_names_and_code(self):
        arch = self.Partner.fields_view_get(
            view_id=self.env.ref("base.view_res_partner_filter").id, view_type="search")["arch"]
        for field_name in ("short_name", "former_name_ids.name", "customer_code"):
            self.assertIn(field_name, arch)
        domain = ["|", "|", "|", "|", "|", ("display_name", "ilike", "Hangzhou Zhiyuan"),
                  ("ref", "=", "Hangzhou Zhiyuan"), ("email", "ilike", "Hangzhou Zhiyuan"),
                  ("short_name", "ilike", "Hangzhou Zhiyuan"),
                  ("customer_code", "ilike", "Hangzhou Zhiyuan"),
                  ("former_name_ids.name", "ilike", "Hangzhou Zhiyuan")]
        self.assertEqual(self.Partner.sudo(self.user_salesperson).search(domain), self.customer)

    def test_finds_by_whole_phone_and_registration_number(self):
        """A number typed whole, as written on a business card or a licence, in any spacing."""
        self.customer.write({"phone": "+86 21 6888 8888", "mobile": "+86 139 1234 5678",
                             "registration_number": "91110000600037341L"})
        contact = self.create_contact(self.customer, "Li Na", mobile="+86 138 0013 8000")
        for text in ("021 6888 8888", "+86 21 68888888", "13912345678", "139-1234-5678",
                     "91110000600037341L", "9111 0000 6000 3734 1l"):
            found = self.found(text, partners=self.Partner.sudo(self.user_salesperson))
            self.assertEqual(found, self.customer, text)
        self.assertEqual(self.found("138 0013 8000"), contact)
        for text in ("6888", "2168888889", "91110000600037341"):
            self.assertNotIn(self.customer, self.found(text), "a part of a number is not it: %s" % text)

    def test_numbers_respect_access_rules(self):
        self.customer.write({"phone": "+86 21 6888 8888", "registration_number": "91110000600037341L"})
        blind = self.create_user("blind_numbers", ["base.group_user"])
        self.env["ir.rule"].create({
            "name": "hide one customer", "model_id": self.env.ref("base.model_res_partner").id,
            "domain_force": "[('id', '!=', %d)] if user.id == %d else [(1, '=', 1)]" % (
                self.customer.id, blind.id)})
        for text in ("021 6888 8888", "91110000600037341L"):
            self.assertFalse(self.found(text, partners=self.Partner.sudo(blind)), text)

    def test_fragment_searches_have_trigram_indexes(self):
        """name_search's fragment lookups read an index, not the table, on large databases."""
        self.env.cr.execute(
            "SELECT tablename || '.' || indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm_idx'")
        indexes = {row[0] for row in self.env.cr.fetchall()}
        for column in ("display_name", "email", "ref", "vat", "short_name", "customer_code",
                       "former_codes"):
            self.assertIn("res_partner.res_partner_%s_trgm_idx" % column, indexes)
        self.assertIn("res_partner_former_name.res_partner_former_name_name_trgm_idx", indexes)
