"""Duplicate detection: comparison keys, warnings, flags on create and import, review pairs."""
import unittest

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CustomerCase, CustomerMasterCase
from ..models.customer_duplicate_pair import SCAN_DATE_PARAM
from ..utils.markers import mark
from ..models.customer_duplicate_mixin import SKIP_DUPLICATE_CHECK_KEY
from ..models.customer_duplicate_mixin import (
    SIMILARITY_PARAM, company_duplicate_key, email_comparison_key)
from ..utils.phone import phone_key

MACHINERY = "Shanghai Jinqiao Precision Machinery Co., Ltd."
MACHINE = "Shanghai Jinqiao Precision Machine Co., Ltd."
FOODS = "Beijing Sunshine Foods Ltd."


class TestDuplicateKeys(unittest.TestCase):
    """The pure comparison-key functions."""

    def test_english_legal_forms_and_punctuation(self):
        self.assertEqual(company_duplicate_key("Acme Trading Co., Ltd."), "acmetrading")
        self.assertEqual(company_duplicate_key("ACME TRADING LIMITED"), "acmetrading")
        self.assertEqual(company_duplicate_key("Acme-Trading, Inc."), "acmetrading")
        self.assertEqual(company_duplicate_key("Siemens AG"), "siemens")
        self.assertEqual(company_duplicate_key("Müller GmbH & Co. KG"), "müller")
        self.assertEqual(company_duplicate_key("Tesco PLC"), "tesco")
        self.assertEqual(company_duplicate_key("Danone S.A."), "danone")
        # Legal-form words inside a name are kept.
        self.assertEqual(company_duplicate_key("Costco Wholesale Corporation"), "costcowholesale")
        self.assertEqual(company_duplicate_key("Ltd."), "ltd")
        self.assertFalse(company_duplicate_key(""))
        self.assertFalse(company_duplicate_key(False))

    def test_chinese_legal_forms(self):
        self.assertEqual(company_duplicate_key("上海华为技术有限公司"), "上海华为技术")
        self.assertEqual(company_duplicate_key("上海华为技术有限责任公司"), "上海华为技术")
        self.assertEqual(company_duplicate_key("上海华为技术股份有限公司"), "上海华为技术")
        self.assertEqual(company_duplicate_key("阿里巴巴集团有限公司"), "阿里巴巴")
        self.assertEqual(company_duplicate_key("海尔集团公司"), "海尔")
        self.assertEqual(company_duplicate_key("华为技术有限公司上海分公司"), "华为技术上海")

    def test_full_width_and_brackets(self):
        self.assertEqual(company_duplicate_key("Ａｃｍｅ　Ｔｒａｄｉｎｇ　Ｃｏ．，Ｌｔｄ．"), "acmetrading")
        self.assertEqual(company_duplicate_key("华为技术（上海）有限公司"),
                         company_duplicate_key("华为技术(上海) 股份有限公司"))

    def test_phone_keys(self):
        self.assertEqual(phone_key("138 0013 8000", "CN"), "+8613800138000")
        self.assertEqual(phone_key("+86 138-0013-8000", "CN"), "+8613800138000")
        self.assertEqual(phone_key("１３８００１３８０００", "CN"), "+8613800138000")
        self.assertEqual(phone_key("021 6123 4567", "CN"), "+862161234567")
        self.assertEqual(phone_key("(650) 253-0000", "US"), "+16502530000")
        self.assertEqual(phone_key("+1 650 253 0000", "CN"), "+16502530000")
        self.assertEqual(phone_key("13800138000", False), "+8613800138000")
        self.assertFalse(phone_key("n/a", "CN"))
        self.assertFalse(phone_key(False, "CN"))

    def test_email_keys(self):
        self.assertEqual(email_comparison_key(" Info@Example.COM "), "info@example.com")
        self.assertEqual(email_comparison_key('"Zhang" <ZHANG@Example.com>'), "zhang@example.com")
        self.assertFalse(email_comparison_key(False))


class DuplicateCase(CustomerMasterCase):
    """Customers of two salespeople, and a user who may not read the other one's customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(SIMILARITY_PARAM, "0.6")
        cls.user_other = cls.create_user("dup_other", ["customer_mgmt.group_customer_salesperson"])
        cls.user_restricted = cls.create_user(
            "dup_restricted", ["customer_mgmt.group_customer_salesperson"])
        cls.visible = cls.create_customer(
            MACHINERY, user_id=cls.user_restricted.id, phone="+86 21 6123 4567",
            email="sales@jinqiao-machinery.com")
        cls.hidden = cls.create_customer(
            "上海金桥精密机械有限公司", user_id=cls.user_other.id, phone="+86 138 0013 8000",
            email="info@jinqiao.cn")
        # Whatever the addon's record rules are, the restricted user never reads hidden.
        cls.env["ir.rule"].create({
            "name": "Duplicate check: one customer hidden from one user",
            "model_id": cls.env.ref("base.model_res_partner").id,
            "domain_force": "[('id', '!=', %d)] if user.id == %d else []" % (
                cls.hidden.id, cls.user_restricted.id),
        })
        cls.partner_model = cls.env["res.partner"]

    def find(self, user=None, record=None, **values):
        values.setdefault("is_company", True)
        partners = (record or self.partner_model).sudo(user or self.user_data_admin)
        return partners._find_duplicate_candidates(values)

    def matched(self, result):
        return {match["partner"]: [code for code, _score in match["reasons"]]
                for match in result["matches"]}


class TestDuplicateCandidates(DuplicateCase):

    def test_precondition_restricted_user_cannot_read_hidden(self):
        partners = self.partner_model.sudo(self.user_restricted)
        self.assertFalse(partners.search([("id", "=", self.hidden.id)]))
        self.assertTrue(partners.search([("id", "=", self.visible.id)]))

    def test_trigram_index_exists(self):
        self.assertTrue(self.partner_model._duplicate_trigram_enabled())
        self.cr.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'res_partner' "
                        "AND indexname = 'res_partner_duplicate_key_trgm_idx'")
        self.assertIn("gin_trgm_ops", self.cr.fetchone()[0])

    def test_keys_are_stored(self):
        self.assertEqual(self.visible.duplicate_key, "shanghaijinqiaoprecisionmachinery")
        self.assertEqual(self.visible.phone_key, "+862161234567")
        self.assertEqual(self.visible.email_key, "sales@jinqiao-machinery.com")
        contact = self.create_contact(self.visible, "Wang Wei", mobile="139 1234 5678")
        self.assertFalse(contact.duplicate_key, "persons get no name key")
        self.assertEqual(contact.mobile_key, "+8613912345678")

    def test_same_key(self):
        result = self.find(name="SHANGHAI JINQIAO PRECISION MACHINERY LIMITED")
        self.assertEqual(self.matched(result), {self.visible: ["key"]})
        self.assertEqual(result["hidden_count"], 0)

    def test_same_phone_in_any_format(self):
        result = self.find(name="Nordwind Logistik GmbH", phone="021-61234567")
        self.assertEqual(self.matched(result), {self.visible: ["phone"]})
        result = self.find(name="Nordwind Logistik GmbH", mobile="13800138000", is_company=False)
        self.assertEqual(self.matched(result), {self.hidden: ["phone"]})

    def test_same_email(self):
        result = self.find(name="Nordwind Logistik GmbH", email="SALES@Jinqiao-Machinery.com ")
        self.assertEqual(self.matched(result), {self.visible: ["email"]})

    def test_similar_name_against_threshold(self):
        result = self.find(name=MACHINE)
        self.assertEqual(list(self.matched(result)), [self.visible])
        reason, score = result["matches"][0]["reasons"][0]
        self.assertEqual(reason, "name")
        self.assertTrue(0.6 < score < 0.95, score)
        self.assertFalse(self.find(name=FOODS)["matches"])
        self.env["ir.config_parameter"].sudo().set_param(SIMILARITY_PARAM, "0.95")
        self.assertFalse(self.find(name=MACHINE)["matches"])

    def test_without_pg_trgm_exact_keys_still_match(self):
        with self.cr.savepoint():
            self.cr.execute("DROP EXTENSION pg_trgm CASCADE")
            self.assertFalse(self.partner_model._duplicate_trigram_enabled())
            self.assertFalse(self.find(name=MACHINE)["matches"])
            result = self.find(name="Shanghai Jinqiao Precision Machinery Limited")
            self.assertEqual(self.matched(result), {self.visible: ["key"]})
            twin = self.create_customer("SHANGHAI JINQIAO PRECISION MACHINERY LTD")
            self.assertTrue(twin.possible_duplicate)
            pair_model = self.env["customer.duplicate.pair"]
            self.assertGreaterEqual(pair_model._cron_find_duplicate_pairs(), 1)
            self.assertEqual(pair_model.search([("partner_b_id", "=", twin.id)]).reason, "key")

    def test_individual_names_are_not_compared(self):
        self.assertFalse(self.find(name=MACHINERY, is_company=False)["matches"])

    def test_itself_and_own_contacts_are_not_candidates(self):
        contact = self.create_contact(self.visible, "Wang Wei", email="wang@jinqiao-machinery.com")
        result = self.find(record=self.visible, name=MACHINERY, phone=self.visible.phone,
                           email="wang@jinqiao-machinery.com")
        self.assertFalse(result["matches"])
        # A new contact of the same company does not match its company or colleagues.
        result = self.find(name="Li Na", is_company=False, parent_id=self.visible.id,
                           phone=self.visible.phone, email=contact.email)
        self.assertFalse(result["matches"])
        # The same contact data under another company does match.
        result = self.find(name="Li Na", is_company=False, email=contact.email)
        self.assertEqual(self.matched(result), {contact: ["email"]})

    def test_archived_partners_are_not_candidates(self):
        self.visible.active = False
        self.assertFalse(self.find(name=MACHINERY)["matches"])

    def test_unreadable_matches_are_only_counted(self):
        result = self.find(user=self.user_restricted, name=MACHINE, phone="13800138000")
        self.assertEqual(list(self.matched(result)), [self.visible])
        self.assertEqual(result["hidden_count"], 1)
        result = self.find(user=self.user_data_admin, name=MACHINE, phone="13800138000")
        self.assertEqual(set(self.matched(result)), {self.visible, self.hidden})
        self.assertEqual(result["hidden_count"], 0)

    def test_same_registration_number_is_reported(self):
        if "registration_number" not in self.partner_model._fields:
            self.skipTest("no registration number field")
        self.visible.registration_number = "91310000MA1FL4JQ1M"
        result = self.find(name=FOODS, registration_number="91310000 MA1FL4JQ1M")
        self.assertEqual(self.matched(result), {self.visible: ["registration"]})


class TestDuplicateWarning(DuplicateCase):

    def onchange_warning(self, user, values):
        values = dict({"is_company": True, "customer": True}, **values)
        partners = self.partner_model.sudo(user)
        # The web client sends the current values of every field of the form.
        values.setdefault("duplicate_match_ids", [])
        values.setdefault("duplicate_hidden_count", 0)
        result = partners.onchange(values, "name", {"name": "1", "phone": "1"})
        return result.get("warning", {}).get("message", "")

    def test_warning_lists_readable_and_counts_hidden(self):
        if "customer_code" in self.partner_model._fields:
            self.hidden.sudo().customer_code = self.hidden.sudo().customer_code or "HIDDEN-CODE"
        message = self.onchange_warning(
            self.user_restricted, {"name": MACHINE, "phone": "138-0013-8000"})
        self.assertIn(MACHINERY, message)
        self.assertIn(self.user_restricted.name, message)
        self.assertIn("similar name", message)
        self.assertIn("1 similar records exist that you cannot see", message)
        self.assertIn("data administrator", message)
        hidden = self.hidden.sudo()
        self.assertNotIn(hidden.name, message)
        self.assertNotIn("金桥", message)
        # Of a hidden match the user learns who holds it (撞单), nothing else.
        self.assertIn("is held by %s" % self.user_other.name, message)
        if "customer_code" in self.partner_model._fields:
            self.assertNotIn(hidden.customer_code, message)
            if self.visible.customer_code:
                self.assertIn(self.visible.customer_code, message)

    def test_warning_for_data_admin_names_everything(self):
        message = self.onchange_warning(
            self.user_data_admin, {"name": MACHINE, "phone": "138-0013-8000"})
        self.assertIn(MACHINERY, message)
        self.assertIn(self.hidden.name, message)
        self.assertIn(self.user_other.name, message)
        self.assertNotIn("cannot see", message)

    def test_warning_on_same_registration_number(self):
        self.visible.registration_number = "91310000MA1FL4JQ1M"
        partners = self.partner_model.sudo(self.user_restricted)
        result = partners.onchange(
            {"name": FOODS, "is_company": True, "registration_number": "91310000MA1FL4JQ1M"},
            "registration_number", {"registration_number": "1"})
        message = result.get("warning", {}).get("message", "")
        self.assertIn(MACHINERY, message)
        self.assertIn("same registration number", message)

    def test_no_warning_without_match(self):
        message = self.onchange_warning(self.user_restricted, {"name": FOODS})
        self.assertNotIn("may already exist", message)
        self.assertNotIn("cannot see", message)

    def test_editing_a_customer_does_not_match_itself(self):
        partners = self.partner_model.sudo(self.user_restricted).browse(self.visible.id)
        result = partners.onchange({"name": MACHINERY, "is_company": True,
                                    "phone": self.visible.phone}, "name", {"name": "1"})
        self.assertNotIn("may already exist", result.get("warning", {}).get("message", ""))


class TestDuplicateLinks(DuplicateCase):
    """The form lists the readable matches as records to open, and data admins merge them."""

    @staticmethod
    def command_ids(commands):
        ids = set()
        for command in commands:
            if command[0] == 6:
                ids |= set(command[2])
            elif command[0] in (1, 4):
                ids.add(command[1])
        return ids

    def form_matches(self, user, values, record=None):
        values = dict({"is_company": True, "customer": True}, **values)
        partners = record.sudo(user) if record else self.partner_model.sudo(user)
        # The web client sends the current values of every field of the form.
        values.setdefault("duplicate_match_ids", [])
        values.setdefault("duplicate_hidden_count", 0)
        result = partners.onchange(values, "name", {
            "name": "1", "phone": "1", "duplicate_match_ids": "1",
            "duplicate_match_ids.display_name": "", "duplicate_hidden_count": ""})
        value = result["value"]
        return self.command_ids(value.get("duplicate_match_ids", [])), value.get(
            "duplicate_hidden_count", values["duplicate_hidden_count"])

    def test_form_lists_readable_matches_and_counts_hidden(self):
        ids, hidden = self.form_matches(
            self.user_restricted, {"name": MACHINE, "phone": "138-0013-8000"})
        self.assertEqual(ids, {self.visible.id})
        self.assertEqual(hidden, 1)

    def test_data_admin_sees_every_match(self):
        ids, hidden = self.form_matches(
            self.user_data_admin, {"name": MACHINE, "phone": "138-0013-8000"})
        self.assertEqual(ids, {self.visible.id, self.hidden.id})
        self.assertEqual(hidden, 0)

    def test_saved_customer_lists_matches_but_not_itself(self):
        twin = self.create_customer(MACHINE, user_id=self.user_restricted.id)
        self.assertEqual(twin.sudo(self.user_restricted).duplicate_match_ids, self.visible)
        ids, _hidden = self.form_matches(
            self.user_restricted, {"name": MACHINE, "phone": twin.phone}, record=twin)
        self.assertEqual(ids, {self.visible.id})

    def test_no_match_lists_nothing(self):
        ids, hidden = self.form_matches(self.user_restricted, {"name": FOODS})
        self.assertEqual((ids, hidden), (set(), 0))

    def test_data_admin_merges_a_customer_with_its_matches(self):
        twin = self.create_customer(MACHINE, user_id=self.user_restricted.id)
        action = twin.sudo(self.user_data_admin).action_merge_duplicate_matches()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        self.assertEqual(action["target"], "new")
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.partner_ids, twin | self.visible)
        self.assertEqual(wizard.dst_partner_id, self.visible, "the oldest is kept by default")

    def test_merge_without_matches_is_refused_by_name(self):
        alone = self.create_customer(FOODS)
        with self.assertRaisesRegex(UserError, "Beijing Sunshine Foods"):
            alone.sudo(self.user_data_admin).action_merge_duplicate_matches()

    def test_only_data_admins_start_a_merge(self):
        twin = self.create_customer(MACHINE, user_id=self.user_restricted.id)
        for user in (self.user_restricted, self.user_manager, self.user_leader):
            with self.assertRaises(AccessError, msg=user.login):
                twin.sudo(user).action_merge_duplicate_matches()

    def test_matches_cannot_be_written(self):
        twin = self.create_customer(MACHINE, user_id=self.user_restricted.id)
        twin.sudo(self.user_restricted).write({"duplicate_match_ids": [(6, 0, [self.hidden.id])]})
        twin.invalidate_cache()
        self.assertEqual(twin.sudo(self.user_restricted).duplicate_match_ids, self.visible)


class TestDuplicateFlag(DuplicateCase):

    def notes(self, partner):
        return " ".join(partner.sudo().message_ids.mapped("body"))

    def test_created_duplicate_is_flagged_without_disclosure(self):
        partner = self.partner_model.sudo(self.user_restricted).create({
            "name": MACHINE, "is_company": True, "customer": True,
            "user_id": self.user_restricted.id, "mobile": "138 0013 8000"})
        self.assertTrue(partner.possible_duplicate)
        notes = self.notes(partner)
        self.assertIn("Shanghai Jinqiao Precision Machinery", notes)
        self.assertIn("1 similar records exist that you cannot see", notes)
        self.assertNotIn("金桥", notes)
        self.assertIn(partner, self.partner_model.search([("possible_duplicate", "=", True)]))

    def test_only_data_admins_clear_the_flag(self):
        partner = self.partner_model.sudo(self.user_restricted).create({
            "name": MACHINE, "is_company": True, "customer": True,
            "user_id": self.user_restricted.id})
        self.assertTrue(partner.possible_duplicate)
        with self.assertRaises(AccessError):
            partner.action_clear_possible_duplicate()
        self.assertTrue(partner.possible_duplicate)
        partner.sudo(self.user_data_admin).action_clear_possible_duplicate()
        self.assertFalse(partner.possible_duplicate)
        self.assertIn("Reviewed: not a duplicate", self.notes(partner))

    def test_unique_customer_is_not_flagged(self):
        partner = self.partner_model.sudo(self.user_restricted).create({
            "name": FOODS, "is_company": True, "customer": True,
            "user_id": self.user_restricted.id})
        self.assertFalse(partner.possible_duplicate)
        self.assertNotIn("similar records", self.notes(partner))

    def test_import_checks_row_by_row(self):
        fields = ["name", "is_company", "customer", "email"]
        rows = [
            [MACHINE, "1", "1", ""],
            ["Nordwind Logistik GmbH", "1", "1", "contact@nordwind.de"],
            ["Nordwind Logistics Ltd.", "1", "1", "CONTACT@nordwind.de"],
        ]
        result = self.partner_model.sudo(self.user_data_admin).load(fields, rows)
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"],
                         result["messages"])
        imported = self.partner_model.browse(result["ids"])
        self.assertEqual(imported.mapped("possible_duplicate"), [True, False, True])
        self.assertIn("Nordwind Logistik", self.notes(imported[2]))


class TestDuplicatePairs(DuplicateCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pair_model = cls.env["customer.duplicate.pair"]
        context = mark(SKIP_DUPLICATE_CHECK_KEY)
        create = cls.partner_model.with_context(context).create
        cls.machine = create({"name": MACHINE, "is_company": True, "customer": True})
        cls.foods = create({"name": FOODS, "is_company": True, "customer": True,
                            "phone": "010 8888 6666"})
        cls.foods_twin = create({"name": "Harbin Polar Bear Dairy Co., Ltd.",
                                 "is_company": True, "customer": True,
                                 "mobile": "+86 10 8888 6666"})
        cls.mail_a = create({"name": "Nordwind Logistik GmbH", "is_company": True,
                             "customer": True, "email": "contact@nordwind.de"})
        cls.mail_b = create({"name": "Zhang Wei", "is_company": False, "customer": True,
                             "email": "Contact@Nordwind.de"})
        # Not customer accounts: a vendor and a contact person.
        create({"name": MACHINE, "is_company": True, "customer": False, "supplier": True})
        cls.create_contact(cls.foods, "Liu Yang", phone="010 8888 6666")

    def pairs(self, *partners):
        ids = [partner.id for partner in partners]
        return self.pair_model.search([("partner_a_id", "in", ids), ("partner_b_id", "in", ids)])

    def test_cron_creates_pairs_once(self):
        created = self.pair_model._cron_find_duplicate_pairs(batch_limit=2)
        self.assertGreaterEqual(created, 3)
        similar = self.pairs(self.visible, self.machine)
        self.assertEqual(similar.reason, "name")
        self.assertTrue(0.6 < similar.similarity < 1)
        self.assertEqual(similar.partner_a_id, self.visible, "lower id first")
        self.assertEqual(self.pairs(self.foods, self.foods_twin).reason, "phone")
        self.assertEqual(self.pairs(self.mail_a, self.mail_b).reason, "email")
        self.assertEqual(self.pairs(self.visible, self.hidden), self.pair_model,
                         "no criterion in common")
        all_pairs = self.pair_model.search([])
        self.assertEqual(all_pairs.mapped("state"), ["open"] * len(all_pairs))
        # Only active customer accounts are paired: no vendor, no contact person.
        for partner in all_pairs.mapped("partner_a_id") | all_pairs.mapped("partner_b_id"):
            self.assertTrue(partner.customer and not partner.parent_id, partner.name)
        self.assertEqual(self.pair_model._cron_find_duplicate_pairs(), 0)
        self.assertEqual(self.pair_model.search([]), all_pairs)

    def test_same_key_reason_wins(self):
        twin = self.partner_model.with_context(**mark(SKIP_DUPLICATE_CHECK_KEY)).create({
            "name": "SHANGHAI JINQIAO PRECISION MACHINERY LIMITED", "is_company": True,
            "customer": True, "phone": "+86 21 6123 4567"})
        self.pair_model._cron_find_duplicate_pairs()
        pair = self.pairs(self.visible, twin)
        self.assertEqual(pair.reason, "key")
        self.assertEqual(pair.similarity, 1.0)

    def test_dismissed_pair_never_returns(self):
        self.pair_model._cron_find_duplicate_pairs()
        pair = self.pairs(self.visible, self.machine)
        self.machine.possible_duplicate = True
        pair.sudo(self.user_data_admin).action_dismiss()
        self.assertEqual(pair.state, "dismissed")
        self.assertEqual(pair.dismissed_by, self.user_data_admin)
        self.assertTrue(pair.dismissed_date)
        self.assertFalse(self.machine.possible_duplicate, "no open pair left")
        self.assertEqual(self.pair_model._cron_find_duplicate_pairs(), 0)
        self.assertEqual(self.pairs(self.visible, self.machine), pair)
        self.assertEqual(pair.state, "dismissed")

    def test_archived_customer_closes_its_pairs(self):
        self.pair_model._cron_find_duplicate_pairs()
        pair = self.pairs(self.foods, self.foods_twin)
        self.foods_twin.active = False
        self.pair_model._cron_find_duplicate_pairs()
        self.assertEqual(pair.state, "merged")

    def test_merge_opens_wizard_and_merges(self):
        self.pair_model._cron_find_duplicate_pairs()
        pair = self.pairs(self.foods, self.foods_twin).sudo(self.user_data_admin)
        action = pair.action_merge()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        self.assertEqual(action["target"], "new")
        wizard = self.env[action["res_model"]].sudo(self.user_data_admin).browse(action["res_id"])
        self.assertEqual(wizard.state, "selection")
        self.assertEqual(wizard.partner_ids, self.foods | self.foods_twin)
        self.assertIn(wizard.dst_partner_id, self.foods | self.foods_twin)
        # Different e-mails: crm alone would refuse anyone but the superuser.
        self.foods.email = "orders@sunshine-foods.cn"
        self.foods_twin.email = "info@polarbear-dairy.cn"
        source = wizard.partner_ids - wizard.dst_partner_id
        wizard.action_merge()
        self.assertFalse(source.exists())
        self.assertFalse(pair.exists(), "the pair went with the merged customer")

    def test_only_data_admins_access_pairs(self):
        self.pair_model._cron_find_duplicate_pairs()
        pair = self.pairs(self.visible, self.machine)
        self.assertEqual(pair.sudo(self.user_data_admin).read(["state"])[0]["state"], "open")
        for user in (self.user_salesperson, self.user_service, self.user_leader,
                     self.user_manager, self.user_plain):
            with self.assertRaises(AccessError, msg=user.login):
                pair.sudo(user).read(["state"])
            with self.assertRaises(AccessError, msg=user.login):
                pair.sudo(user).action_dismiss()
        self.assertEqual(pair.state, "open")

    def test_pair_order_and_uniqueness_are_enforced(self):
        with self.assertRaises(Exception), self.cr.savepoint():
            self.pair_model.create({"partner_a_id": self.machine.id,
                                    "partner_b_id": self.visible.id, "reason": "name"})

    def test_partner_counts_open_pairs(self):
        self.pair_model._cron_find_duplicate_pairs()
        self.assertEqual(self.machine.duplicate_pair_count, 1)
        action = self.machine.sudo(self.user_data_admin).action_view_duplicate_pairs()
        self.assertEqual(self.pair_model.search(action["domain"]),
                         self.pairs(self.visible, self.machine))

    def test_later_runs_compare_changed_customers_only(self):
        """After a full run, only customers whose keys changed since (a day of margin) are
        compared; editing a key dates the change."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(SCAN_DATE_PARAM, False)
        self.pair_model._cron_find_duplicate_pairs()
        self.assertTrue(params.get_param(SCAN_DATE_PARAM))
        self.env.cr.execute("DELETE FROM customer_duplicate_pair")
        self.pair_model.invalidate_cache()
        # Nobody changed after this (future) date: nothing is compared, nothing found.
        params.set_param(SCAN_DATE_PARAM, "2999-01-01 00:00:00")
        self.assertEqual(self.pair_model._cron_find_duplicate_pairs(), 0)
        # A changed customer is compared with everyone, older customers included.
        params.set_param(SCAN_DATE_PARAM, "2999-01-01 00:00:00")
        self.env.cr.execute("UPDATE res_partner SET duplicate_keys_date = '2999-06-01' "
                            "WHERE id = %s", (self.foods_twin.id,))
        self.assertEqual(self.pair_model._cron_find_duplicate_pairs(), 1)
        pair = self.pairs(self.foods, self.foods_twin)
        self.assertEqual((pair.partner_a_id, pair.reason), (self.foods, "phone"))
        self.env.cr.execute("UPDATE res_partner SET duplicate_keys_date = '2001-01-01' "
                            "WHERE id = %s", (self.mail_b.id,))
        self.mail_b.invalidate_cache(["duplicate_keys_date"])
        self.mail_b.email = "zhang.wei@nordwind.de"
        self.assertGreater(self.mail_b.duplicate_keys_date, "2001-01-01")
        self.mail_b.email = "Contact@Nordwind.de"
        # A new threshold in the settings brings the full comparison back.
        self.env["res.config.settings"].sudo(self.user_admin).create({
            "customer_duplicate_similarity_threshold": 0.7}).execute()
        self.assertFalse(params.get_param(SCAN_DATE_PARAM))
        self.assertGreaterEqual(self.pair_model._cron_find_duplicate_pairs(), 2)
        self.assertTrue(self.pairs(self.mail_a, self.mail_b))


class TestDuplicateSettings(CustomerCase):

    def test_threshold_setting_is_stored(self):
        settings = self.env["res.config.settings"].sudo(self.user_admin).create({
            "customer_duplicate_similarity_threshold": 0.8})
        settings.execute()
        self.assertEqual(self.env["res.partner"]._duplicate_similarity_threshold(), 0.8)
        fresh = self.env["res.config.settings"].sudo(self.user_admin).create({})
        self.assertEqual(fresh.customer_duplicate_similarity_threshold, 0.8)

    def test_threshold_out_of_range_is_refused(self):
        params = self.env["ir.config_parameter"].sudo()
        before = params.get_param(SIMILARITY_PARAM)
        for value in (0.0, 1.5):
            with self.assertRaises(ValidationError) as error, self.cr.savepoint():
                self.env["res.config.settings"].sudo(self.user_admin).create({
                    "customer_duplicate_similarity_threshold": value}).execute()
            self.assertIn("Name Similarity Threshold", str(error.exception))
        self.assertEqual(params.get_param(SIMILARITY_PARAM), before)


class TestKeysInTheWrite(CustomerMasterCase):
    """A company's new keys travel in the write's one UPDATE; the ORM computes the others."""

    def updates(self, partners, vals, user=None):
        """Write as the salesperson (or ``user``); return the UPDATE statements on res_partner."""
        statements = []
        execute = self.env.cr.execute

        def logging(query, params=None, log_exceptions=None):
            if isinstance(query, str) and query.lstrip().upper().startswith('UPDATE "RES_PARTNER"'):
                statements.append(query)
            return execute(query, params)

        self.env.cr.execute = logging
        try:
            partners.sudo(user or self.user_salesperson).write(vals)
        finally:
            del self.env.cr.execute
        partners.invalidate_cache()
        return statements

    def own_customer(self, name, **values):
        return self.create_customer(name, user_id=self.user_salesperson.id,
                                    country_id=self.env.ref("base.cn").id, **values)

    def test_phone_of_a_company_and_its_key_in_one_update(self):
        company = self.own_customer(MACHINERY, phone="+86 21 6123 4567")
        updates = self.updates(company, {"phone": "021 6888 0000"})
        self.assertEqual(company.phone_key, "+862168880000")
        self.assertEqual(company.phone_key, phone_key(company.phone, "CN"))
        setting = [query for query in updates if '"phone_key"=' in query]
        self.assertEqual(len(setting), 1, updates)
        self.assertIn('"phone"=', setting[0], "the key is written with the phone")

    def test_name_and_email_keys_of_a_company(self):
        company = self.own_customer(MACHINERY)
        # A salesperson's rename of a company waits for approval: the manager renames.
        self.updates(company, {"name": FOODS, "email": "SALES@Sunshine.example.com"},
                     self.user_manager)
        self.assertEqual(company.duplicate_key, company_duplicate_key(FOODS))
        self.assertEqual(company.email_key, "sales@sunshine.example.com")

    def test_contact_keys_are_computed_by_the_orm(self):
        company = self.own_customer(MACHINERY)
        contact = self.create_contact(company, "Wang Wei", mobile="139 1234 5678")
        self.updates(contact, {"mobile": "139 8765 4321"})
        self.assertEqual(contact.mobile_key, "+8613987654321")
        self.assertFalse(contact.duplicate_key, "persons get no name key")

    def test_country_change_reads_the_phone_in_the_new_country(self):
        company = self.own_customer(MACHINERY)
        self.updates(company, {"country_id": self.env.ref("base.us").id,
                               "phone": "(650) 253-0000"})
        self.assertEqual(company.phone_key, "+16502530000")

    def test_several_companies_get_their_own_keys(self):
        first, second = self.own_customer(MACHINERY), self.own_customer(FOODS)
        self.updates(first | second, {"phone": "021 6888 0000", "email": "x@example.com"})
        for company in first | second:
            self.assertEqual(company.phone_key, "+862168880000")
            self.assertEqual(company.email_key, "x@example.com")
        self.assertNotEqual(first.duplicate_key, second.duplicate_key)

    def test_keys_date_moves_with_the_keys(self):
        company = self.own_customer(MACHINERY, phone="+86 21 6123 4567")
        self.env.cr.execute("UPDATE res_partner SET duplicate_keys_date = '2000-01-01' "
                            "WHERE id = %s", (company.id,))
        company.invalidate_cache()
        self.updates(company, {"phone": "021 6888 0000"})
        self.assertGreater(company.duplicate_keys_date, "2000-01-01")
