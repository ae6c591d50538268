"""Phones, e-mails and registration numbers: canonical when valid, refused when not."""
from odoo.exceptions import ValidationError

from .common import CustomerMasterCase

USCC = "91110000600037341L"


class TestValidation(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.us = cls.env.ref("base.us")
        cls.de = cls.env.ref("base.de")
        cls.fr = cls.env.ref("base.fr")
        cls.gb = cls.env.ref("base.uk")
        cls.company = cls.create_customer("Validation Co., Ltd.", country_id=cls.cn.id)

    def named(self, name):
        return self.Partner.with_context(active_test=False).search([("name", "=", name)])

    # ---------------------------------------------------------------- phones

    def test_phones_stored_in_international_format(self):
        partner = self.create_customer("Phone Co., Ltd.", country_id=self.cn.id,
                                       phone="021-62345678", mobile=" 139 1234 5678 ")
        self.assertEqual(partner.phone, "+86 21 6234 5678")
        self.assertEqual(partner.mobile, "+86 139 1234 5678")
        partner.write({"phone": "+44 20 7946 0958"})
        self.assertEqual(partner.phone, "+44 20 7946 0958")
        us = self.create_customer("Phone Inc.", country_id=self.us.id, phone="650-253-0000")
        self.assertEqual(us.phone, "+1 650-253-0000")

    def test_contact_uses_company_country_and_default_is_company_country(self):
        german = self.create_customer("Deutsche Phone GmbH", country_id=self.de.id)
        contact = self.create_contact(german, "Hans Meier", phone="030 1234567")
        self.assertEqual(contact.phone, "+49 30 1234567")
        self.env.user.company_id.country_id = self.cn
        nowhere = self.create_customer("Nowhere Co., Ltd.", mobile="13912345678")
        self.assertEqual(nowhere.mobile, "+86 139 1234 5678")

    def test_invalid_phone_refused(self):
        with self.assertRaises(ValidationError) as exc:
            self.create_customer("Bad Phone Co., Ltd.", phone="12345")
        self.assertIn("12345", exc.exception.name)
        self.assertIn("Phone", exc.exception.name)
        self.assertFalse(self.named("Bad Phone Co., Ltd."))
        with self.assertRaises(ValidationError) as exc:
            self.company.write({"mobile": "not a number"})
        self.assertIn("not a number", exc.exception.name)
        self.assertIn("Mobile", exc.exception.name)
        self.company.invalidate_cache()
        self.assertFalse(self.company.mobile)

    def test_warn_mode_saves_and_flags(self):
        self.env["ir.config_parameter"].set_param("customer_mgmt.phone_validation", "warn")
        partner = self.create_customer("Warn Phone Co., Ltd.", phone="12345")
        self.assertEqual(partner.phone, "12345")
        self.assertTrue(partner.phone_issue)
        self.assertIn("12345", partner.phone_issue_note)
        self.assertIn(partner, self.Partner.search([("phone_issue", "=", True)]))
        partner.write({"mobile": "13912345678"})  # the phone is still wrong
        self.assertTrue(partner.phone_issue)
        partner.write({"phone": "021 6234 5678"})
        self.assertFalse(partner.phone_issue)
        self.assertEqual(partner.phone, "+86 21 6234 5678")

    def test_phones_read_again_when_the_country_changes(self):
        self.env["ir.config_parameter"].set_param("customer_mgmt.phone_validation", "warn")
        partner = self.create_customer("Moved Phone Co., Ltd.", country_id=self.us.id,
                                       phone="021 6234 5678")
        self.assertTrue(partner.phone_issue)
        self.assertIn("US", partner.phone_issue_note)
        partner.write({"country_id": self.cn.id})
        self.assertFalse(partner.phone_issue)
        self.assertFalse(partner.phone_issue_note)
        self.assertEqual(partner.phone, "+86 21 6234 5678")

    def test_create_on_a_recordset_reads_no_stored_phone(self):
        """Odoo lets create run on any recordset: a new partner's country reads no stored phones."""
        partners = self.Partner.search([("customer", "=", True)], limit=3)
        self.assertGreater(len(partners), 1)
        new = partners.create({"name": "Recordset Created Co., Ltd.", "is_company": True,
                               "customer": True, "country_id": self.cn.id})
        self.assertFalse(new.phone_issue)

    def test_phone_validation_setting(self):
        settings = self.env["res.config.settings"].sudo(self.user_admin).create({})
        self.assertEqual(settings.customer_mgmt_phone_validation, "block")
        settings.customer_mgmt_phone_validation = "warn"
        settings.set_values()  # execute() would also reload the registry
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(
            "customer_mgmt.phone_validation"), "warn")

    def test_internal_partners_phones_not_checked(self):
        user = self.create_user("phoneless", ["base.group_user"], phone="12345")
        self.assertEqual(user.partner_id.phone, "12345")

    def test_import_refuses_invalid_phone(self):
        result = self.Partner.load(
            ["name", "is_company", "phone"],
            [["Import Phone Co., Ltd.", "1", "13912345678"],
             ["Import Bad Phone Co., Ltd.", "1", "999"]])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual(len(errors), 1, result)
        self.assertIn("999", errors[0]["message"])
        self.assertFalse(result["ids"])
        self.assertFalse(self.named("Import Bad Phone Co., Ltd."))

    # ---------------------------------------------------------------- e-mail

    def test_email_stripped_and_checked(self):
        partner = self.create_customer("Mail Co., Ltd.", email="  sales@mail.example.com ")
        self.assertEqual(partner.email, "sales@mail.example.com")
        partner.write({"email": ""})
        self.assertFalse(partner.email)
        for bad in ("not-an-email", "a@-b", "a@@b.com", "a b@c.com", "a..b@c.com", "a@b..com"):
            with self.assertRaises(ValidationError) as exc:
                partner.write({"email": bad})
            self.assertIn(bad, exc.exception.name)
        partner.invalidate_cache()
        self.assertFalse(partner.email)
        with self.assertRaises(ValidationError):
            self.create_customer("Bad Mail Co., Ltd.", email="nobody@")
        self.assertFalse(self.named("Bad Mail Co., Ltd."))
        # A single-label domain is valid syntax (as in Odoo's own check): intranet hosts.
        partner.write({"email": "c@c"})
        self.assertEqual(partner.email, "c@c")

    # --------------------------------------------------- registration number

    def test_uscc_checked_and_stored_compact(self):
        partner = self.create_customer("USCC Co., Ltd.", country_id=self.cn.id,
                                       registration_number="9111 0000 6000 3734 1l")
        self.assertEqual(partner.registration_number, USCC)
        with self.assertRaises(ValidationError) as exc:
            self.create_customer("Bad USCC Co., Ltd.", country_id=self.cn.id,
                                 registration_number="911100006000373410")
        self.assertIn("911100006000373410", exc.exception.name)
        self.assertFalse(self.named("Bad USCC Co., Ltd."))
        with self.assertRaises(ValidationError):
            partner.write({"registration_number": "123"})
        partner.invalidate_cache()
        self.assertEqual(partner.registration_number, USCC)

    def test_other_countries(self):
        french = self.create_customer("Dupont S.A.", country_id=self.fr.id,
                                      registration_number="732 829 320")
        self.assertEqual(french.registration_number, "732829320")
        with self.assertRaises(ValidationError):
            self.create_customer("Faux S.A.", country_id=self.fr.id, registration_number="732829321")
        british = self.create_customer("British Ltd.", country_id=self.gb.id,
                                       registration_number=" 0123 4567 ")
        self.assertEqual(british.registration_number, "01234567")

    def test_registration_number_unique_among_active(self):
        first = self.create_customer("Unique One Co., Ltd.", country_id=self.cn.id,
                                     registration_number=USCC)
        with self.assertRaises(ValidationError) as exc:
            self.create_customer("Unique Two Co., Ltd.", country_id=self.cn.id,
                                 registration_number=USCC)
        self.assertIn(USCC, exc.exception.name)
        self.assertIn("Unique One Co., Ltd.", exc.exception.name)
        self.assertFalse(self.named("Unique Two Co., Ltd."))
        # An archived company frees its number; re-activating the first one is then refused.
        first.active = False
        second = self.create_customer("Unique Two Co., Ltd.", country_id=self.cn.id,
                                      registration_number=USCC)
        self.assertEqual(second.registration_number, USCC)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            first.active = True

    def test_unique_index_exists(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ("res_partner_registration_number_active_uniq",))
        indexdef = self.env.cr.fetchone()[0]
        self.assertIn("UNIQUE", indexdef)
        self.assertIn("WHERE", indexdef)

    def test_merge_moves_registration_number(self):
        dst = self.create_customer("Merge Dst Co., Ltd.", country_id=self.cn.id)
        src = self.create_customer("Merge Src Co., Ltd.", country_id=self.cn.id,
                                   registration_number=USCC)
        wizard = self.env["base.partner.merge.automatic.wizard"].create({
            "partner_ids": [(6, 0, [dst.id, src.id])], "dst_partner_id": dst.id,
            "state": "selection"})
        wizard.action_merge()
        self.assertFalse(src.exists())
        self.assertEqual(dst.registration_number, USCC)

    def test_registration_number_tracked(self):
        company = self.create_customer("Tracked Co., Ltd.", country_id=self.cn.id)
        company.write({"registration_number": USCC})
        tracked = self.env["mail.tracking.value"].search([
            ("mail_message_id.model", "=", "res.partner"),
            ("mail_message_id.res_id", "=", company.id), ("field", "=", "registration_number")])
        self.assertEqual(tracked.mapped("new_value_char"), [USCC])
