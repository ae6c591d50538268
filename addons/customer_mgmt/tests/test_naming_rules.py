"""Normalization and naming rules on every write path: create, write, import (load), onchange."""
from odoo.exceptions import AccessError, ValidationError

from .common import CustomerMasterCase

GOOD_COMPANY = "Shanghai Acme Trading Co., Ltd."


class NamingCase(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_suffix = cls.env.ref("customer_mgmt.customer_naming_rule_legal_suffix")
        cls.rule_test = cls.env.ref("customer_mgmt.customer_naming_rule_test_names")
        cls.rule_punct = cls.env.ref("customer_mgmt.customer_naming_rule_punctuation")
        cls.rule_length = cls.env.ref("customer_mgmt.customer_naming_rule_min_length")

    def count_named(self, name):
        return self.Partner.with_context(active_test=False).search_count([("name", "=", name)])


class TestNormalizationOnWrite(NamingCase):
    """Names are normalized whatever the path."""

    def test_create_and_write_normalize_name_and_short_name(self):
        partner = self.create_customer("  ＡＢＣ１２３ Trading (上海)  有限公司。 ",
                                       short_name=" ＡＢＣ　上海， ")
        self.assertEqual(partner.name, "ABC123 Trading（上海）有限公司")
        self.assertEqual(partner.short_name, "ABC 上海")
        partner.write({"name": "Acme   Trading  Co., Ltd. ,", "short_name": "Acme（SH）"})
        self.assertEqual(partner.name, "Acme Trading Co., Ltd.")
        self.assertEqual(partner.short_name, "Acme(SH)")

    def test_import_normalizes(self):
        result = self.Partner.load(
            ["name", "is_company", "customer"], [["Ｆｏｏ  Ｂａｒ  GmbH.", "1", "1"]])
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"], result)
        self.assertEqual(self.Partner.browse(result["ids"]).name, "Foo Bar GmbH")

    def test_normalizes_internal_partners_too_but_no_rules(self):
        user = self.create_user("x", ["base.group_user"], name=" X ")
        self.assertEqual(user.partner_id.name, "X")  # one character: no rule for users
        self.assertFalse(user.partner_id.naming_issue)
        company = self.env["res.company"].create({"name": "Q"})
        self.assertEqual(company.partner_id.name, "Q")


class TestBlockingRules(NamingCase):
    """Blocking rules refuse the save with the rule's message and the name; nothing is saved."""

    def assert_refused(self, exc, name, rule):
        message = exc.exception.name
        self.assertIn(rule.message, message)
        self.assertIn(name, message)

    def test_test_names_refused_on_create(self):
        for name in ("test", "TEST 1", "测试", "测试123", "dummy"):
            with self.assertRaises(ValidationError) as exc:
                self.create_customer(name)
            self.assert_refused(exc, name, self.rule_test)
            self.assertEqual(self.count_named(name), 0)

    def test_only_punctuation_and_too_short_refused(self):
        with self.assertRaises(ValidationError) as exc:
            self.create_customer("!!!")
        self.assert_refused(exc, "!!!", self.rule_punct)
        self.assertEqual(self.count_named("!!!"), 0)
        with self.assertRaises(ValidationError) as exc:
            self.create_customer("A")
        self.assert_refused(exc, "A", self.rule_length)
        self.assertEqual(self.count_named("A"), 0)

    def test_refused_on_write_and_name_unchanged(self):
        partner = self.create_customer(GOOD_COMPANY)
        with self.assertRaises(ValidationError) as exc:
            partner.write({"name": "测试"})
        self.assert_refused(exc, "测试", self.rule_test)
        partner.invalidate_cache()
        self.assertEqual(partner.name, GOOD_COMPANY)
        self.assertFalse(partner.former_name_ids)

    def test_contacts_of_customers_follow_the_rules(self):
        company = self.create_customer(GOOD_COMPANY)
        with self.assertRaises(ValidationError) as exc:
            self.create_contact(company, "Z", customer=False)
        self.assert_refused(exc, "Z", self.rule_length)
        self.assertEqual(self.count_named("Z"), 0)
        contact = self.create_contact(company, "Zhang San", customer=False)
        self.assertFalse(contact.naming_issue, "individuals need no legal-form suffix")

    def test_rules_do_not_apply_to_non_customers(self):
        vendor = self.Partner.create({"name": "X", "customer": False, "supplier": True})
        self.assertEqual(vendor.name, "X")
        self.assertFalse(vendor.naming_issue)

    def test_becoming_a_customer_checks_the_name(self):
        vendor = self.Partner.create({"name": "test", "customer": False, "is_company": True})
        with self.assertRaises(ValidationError):
            vendor.write({"customer": True})
        vendor.invalidate_cache()
        self.assertFalse(vendor.customer)

    def test_import_applies_rules_row_by_row(self):
        result = self.Partner.load(
            ["name", "is_company", "customer"],
            [["Good Import Co., Ltd.", "1", "1"], ["测试", "1", "1"]])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(errors), 1, result)
        self.assertIn(self.rule_test.message, errors[0]["message"])
        self.assertIn("测试", errors[0]["message"])
        self.assertEqual(errors[0]["record"], 1, "the error points at the second row")
        # Odoo's import is all or nothing: neither row is saved.
        self.assertFalse(result["ids"])
        self.assertEqual(self.count_named("测试"), 0)
        self.assertEqual(self.count_named("Good Import Co., Ltd."), 0)

    def test_name_unchanged_write_of_legacy_name_is_not_blocked(self):
        partner = self.create_customer(GOOD_COMPANY)
        self.env.cr.execute("UPDATE res_partner SET name = 'test' WHERE id = %s", (partner.id,))
        partner.invalidate_cache()
        partner.write({"comment": "legacy record"})  # not a name change: allowed
        self.assertEqual(partner.comment, "legacy record")


class TestWarningRules(NamingCase):
    """Warning rules save the record and flag it for review."""

    def test_company_without_legal_suffix_is_flagged(self):
        partner = self.create_customer("Acme Trading")
        self.assertTrue(partner.naming_issue)
        self.assertIn(self.rule_suffix.message, partner.naming_issue_note)
        flagged = self.Partner.search([("naming_issue", "=", True)])
        self.assertIn(partner, flagged)
        partner.write({"name": "Acme Trading Co., Ltd."})
        self.assertFalse(partner.naming_issue)
        self.assertFalse(partner.naming_issue_note)
        self.assertNotIn(partner, self.Partner.search([("naming_issue", "=", True)]))

    def test_legal_suffixes(self):
        for name in ("上海某某贸易有限公司", "某某投资合伙企业（有限合伙）", "Müller GmbH",
                     "Roche Holding AG", "Acme Inc.", "Acme LLC", "Dupont S.A."):
            self.assertFalse(self.create_customer(name).naming_issue, name)
        self.assertTrue(self.create_customer("上海某某贸易").naming_issue)

    def test_individual_customer_not_flagged_and_is_company_switch_flags(self):
        person = self.create_customer("Li Lei", is_company=False)
        self.assertFalse(person.naming_issue)
        person.write({"is_company": True})
        self.assertTrue(person.naming_issue)

    def test_public_bodies_need_no_legal_suffix(self):
        government = self.create_customer("杭州市西湖区人民政府", customer_kind="government")
        self.assertFalse(government.naming_issue)
        hospital = self.create_customer("浙江大学医学院附属第一医院", customer_kind="institution")
        self.assertFalse(hospital.naming_issue)
        government.write({"customer_kind": "enterprise"})
        self.assertTrue(government.naming_issue, "the same name as an enterprise lacks its legal form")
        self.assertIn(self.rule_suffix.message, government.naming_issue_note)
        government.write({"customer_kind": "government"})
        self.assertFalse(government.naming_issue)
        enterprise = self.create_customer("杭州市西湖区人民政府", customer_kind="enterprise")
        self.assertTrue(enterprise.naming_issue)
        person = self.create_customer("王小明", is_company=False, customer_kind="individual")
        self.assertFalse(person.naming_issue, "the suffix rule applies to companies only")
        self.assertEqual(self.rule_suffix.applies_to, "company")
        draft = self.Partner.new({"name": "杭州市西湖区人民政府", "is_company": True, "customer": True,
                                  "customer_kind": "government"})
        self.assertFalse(draft._onchange_name_naming_rules())

    def test_onchange_warns(self):
        new = self.Partner.new({"name": "Acme Trading", "is_company": True, "customer": True})
        result = new._onchange_name_naming_rules()
        self.assertIn(self.rule_suffix.message, result["warning"]["message"])
        new = self.Partner.new({"name": "test", "is_company": True, "customer": True})
        result = new._onchange_name_naming_rules()
        self.assertIn(self.rule_test.message, result["warning"]["message"])
        new = self.Partner.new({"name": GOOD_COMPANY, "is_company": True, "customer": True})
        self.assertFalse(new._onchange_name_naming_rules())

    def test_search_view_has_naming_issue_filter(self):
        arch = self.Partner.fields_view_get(
            view_id=self.env.ref("base.view_res_partner_filter").id, view_type="search")["arch"]
        self.assertIn('name="naming_issue"', arch)


class TestRuleConfiguration(NamingCase):
    """Data administrators manage the rules; their definitions are checked on save."""

    def test_invalid_pattern_refused(self):
        Rule = self.env["customer.naming.rule"].sudo(self.user_data_admin)
        with self.assertRaises(ValidationError) as exc:
            Rule.create({"name": "Broken", "kind": "forbidden_pattern", "pattern": "([a-z",
                         "severity": "block", "message": "Broken"})
        self.assertIn("([a-z", exc.exception.name)
        self.assertFalse(self.env["customer.naming.rule"].search([("name", "=", "Broken")]))
        rule = Rule.browse(self.rule_test.id)
        with self.assertRaises(ValidationError):
            rule.write({"pattern": "(unclosed"})
        rule.invalidate_cache()
        self.assertNotEqual(rule.pattern, "(unclosed")
        with self.assertRaises(ValidationError):
            Rule.create({"name": "No suffix", "kind": "legal_suffix", "severity": "warn",
                         "message": "x"})
        with self.assertRaises(ValidationError):
            Rule.create({"name": "Bad length", "kind": "length", "min_length": 5,
                         "max_length": 3, "severity": "warn", "message": "x"})

    def test_new_rule_applies(self):
        self.env["customer.naming.rule"].sudo(self.user_data_admin).create({
            "name": "Max 20", "kind": "length", "max_length": 20, "severity": "block",
            "applies_to": "company", "message": "Company names have at most 20 characters."})
        with self.assertRaises(ValidationError) as exc:
            self.create_customer("A Very Long Company Name Co., Ltd.")
        self.assertIn("at most 20 characters", exc.exception.name)
        self.assertTrue(self.create_customer("Li Lei Ye Long Long Long", is_company=False))

    def test_required_pattern_and_archived_rule(self):
        rule = self.env["customer.naming.rule"].create({
            "name": "Latin only", "kind": "required_pattern", "pattern": "^[A-Za-z ,.]+$",
            "severity": "warn", "applies_to": "individual", "message": "Use Latin letters."})
        self.assertTrue(self.create_customer("张三", is_company=False).naming_issue)
        rule.active = False
        self.assertFalse(self.create_customer("李四", is_company=False).naming_issue)

    def test_recheck_after_rule_change(self):
        partner = self.create_customer("Existing Trading")
        self.assertTrue(partner.naming_issue)
        self.rule_suffix.sudo(self.user_data_admin).write({"active": False})
        self.rule_suffix.sudo(self.user_data_admin).action_recheck_partners()
        self.assertFalse(partner.naming_issue)
        self.assertFalse(partner.naming_issue_note)

    def test_only_data_admins_manage_rules(self):
        for user in (self.user_salesperson, self.user_manager):
            with self.assertRaises(AccessError):
                self.env["customer.naming.rule"].sudo(user).create({
                    "name": "X", "kind": "length", "min_length": 3, "severity": "warn",
                    "message": "x"})
            self.assertTrue(self.env["customer.naming.rule"].sudo(user).search([]))
        self.rule_suffix.sudo(self.user_data_admin).write({"severity": "block"})
        self.assertEqual(self.rule_suffix.severity, "block")


class TestShortAndFormerNames(NamingCase):
    """Short names are tracked; a company's former legal names are kept with their date."""

    def test_former_name_kept_on_rename(self):
        partner = self.create_customer("Old Name Trading Co., Ltd.")
        partner.sudo(self.user_admin).write({"name": "New Name Trading Co., Ltd."})
        former = partner.former_name_ids
        self.assertEqual(former.mapped("name"), ["Old Name Trading Co., Ltd."])
        self.assertTrue(former.date)
        self.assertEqual(former.user_id, self.user_admin)
        # Normalization alone is not a rename.
        partner.write({"name": "New Name Trading Co., Ltd. "})
        self.assertEqual(len(partner.former_name_ids), 1)

    def test_contact_rename_keeps_no_former_name(self):
        company = self.create_customer(GOOD_COMPANY)
        contact = self.create_contact(company, "Wang Wu")
        contact.write({"name": "Wang Liu"})
        self.assertFalse(contact.former_name_ids)

    def test_short_name_tracked(self):
        partner = self.create_customer(GOOD_COMPANY)
        partner.write({"short_name": "Acme SH"})
        tracked = self.env["mail.tracking.value"].search([
            ("mail_message_id.model", "=", "res.partner"),
            ("mail_message_id.res_id", "=", partner.id), ("field", "=", "short_name")])
        self.assertEqual(tracked.mapped("new_value_char"), ["Acme SH"])

    def test_former_names_follow_customer_readability(self):
        other = self.create_user("other_seller", ["customer_mgmt.group_customer_salesperson"])
        mine = self.create_customer("Mine Old Trading Co., Ltd.", user_id=self.user_salesperson.id)
        theirs = self.create_customer("Theirs Old Trading Co., Ltd.", user_id=other.id)
        mine.write({"name": "Mine New Trading Co., Ltd."})
        theirs.write({"name": "Theirs New Trading Co., Ltd."})
        self.assertTrue(mine.former_name_ids and theirs.former_name_ids)
        domain = [("partner_id", "in", (mine | theirs).ids)]
        FormerName = self.env["res.partner.former.name"]
        self.assertEqual(FormerName.sudo(self.user_salesperson).search(domain).mapped("partner_id"), mine)
        self.assertFalse(FormerName.sudo(self.user_salesperson).search(
            [("name", "=", "Theirs Old Trading Co., Ltd.")]))
        with self.assertRaises(AccessError):
            theirs.former_name_ids.sudo(self.user_salesperson).read(["name"])
        self.assertEqual(FormerName.sudo(other).search(domain).mapped("partner_id"), theirs)
        self.assertEqual(FormerName.sudo(self.user_service).search(domain).mapped("partner_id"),
                         mine | theirs, "customer service reads every customer")
