"""Contacts get their company's commercial fields (Odoo's sync), also when both read defaults."""
from .common import CustomerCase

TERM_FIELD = "property_payment_term_id"  # company-dependent commercial field of account


class TestCommercialSync(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.company = cls.create_customer(
            "Hangzhou Sync Trading Co., Ltd.", user_id=cls.user_salesperson.id, city="Hangzhou",
            country_id=cls.env.ref("base.cn").id, credit_limit=1000.0)
        if TERM_FIELD in cls.Partner._fields:
            Term = cls.env["account.payment.term"].sudo()
            cls.term = Term.create({"name": "Sync 30 days"})
            cls.other_term = Term.create({"name": "Sync 60 days"})

    def setUp(self):
        super().setUp()
        if TERM_FIELD not in self.Partner._fields:
            self.skipTest("no company-dependent commercial field without the account module")

    def _own_rows(self, partner, name=TERM_FIELD):
        """The ir.property rows of the partner itself for the field."""
        return self.env["ir.property"].sudo().search([
            ("fields_id.name", "=", name), ("fields_id.model", "=", "res.partner"),
            ("res_id", "=", "res.partner,%s" % partner.id)])

    def _create_contact(self, company, **values):
        """A contact created by the salesperson, as they type one."""
        vals = dict({"name": "Li Si", "email": "li.si@example.com"}, parent_id=company.id,
                    **values)
        return self.Partner.sudo(self.user_salesperson).create(vals)

    def _assert_commercial_fields_copied(self, contact, company):
        contact.invalidate_cache()
        for name in self.Partner._commercial_fields():
            self.assertEqual(contact.sudo()[name], company.sudo()[name], name)

    def test_contact_of_a_company_with_defaults_reads_them_without_rows(self):
        contact = self._create_contact(self.company)
        self._assert_commercial_fields_copied(contact, self.company)
        self.assertEqual(contact.credit_limit, 1000.0)
        self.assertEqual(contact.city, "Hangzhou")
        self.assertEqual(contact.account_user_id, self.user_salesperson)
        self.assertFalse(self._own_rows(contact))

    def test_company_value_of_its_own_is_copied_to_new_contacts(self):
        self.company.sudo()[TERM_FIELD] = self.term
        contact = self._create_contact(self.company)
        self.assertEqual(contact.sudo()[TERM_FIELD], self.term)
        self.assertTrue(self._own_rows(contact))
        self._assert_commercial_fields_copied(contact, self.company)

    def test_contact_value_of_its_own_gives_way_to_the_company_default(self):
        # Odoo's sync writes the company's (default) value over the contact's own one.
        contact = self._create_contact(self.company, **{TERM_FIELD: self.term.id})
        self.assertFalse(self._own_rows(contact))
        self._assert_commercial_fields_copied(contact, self.company)

    def test_contact_moved_to_another_company_follows_it(self):
        other = self.create_customer(
            "Ningbo Sync Trading Co., Ltd.", user_id=self.user_salesperson.id)
        other.sudo()[TERM_FIELD] = self.other_term
        contact = self._create_contact(self.company)
        contact.sudo(self.user_salesperson).write({"parent_id": other.id})
        self.assertEqual(contact.sudo()[TERM_FIELD], self.other_term)
        self._assert_commercial_fields_copied(contact, other)
        # And back to a company reading the default: the own row goes, as Odoo does.
        contact.sudo(self.user_salesperson).write({"parent_id": self.company.id})
        self.assertFalse(self._own_rows(contact))
        self._assert_commercial_fields_copied(contact, self.company)

    def test_company_change_of_a_value_reaches_its_contacts(self):
        contact = self._create_contact(self.company)
        self.company.sudo().write({TERM_FIELD: self.term.id, "credit_limit": 2000.0})
        self.assertEqual(contact.sudo()[TERM_FIELD], self.term)
        self.assertEqual(contact.credit_limit, 2000.0)

    def test_contact_create_skips_the_defaulted_property_writes(self):
        self._create_contact(self.company)  # warms the caches
        queries = self.env.cr.sql_log_count
        self._create_contact(self.company, name="Wang Wu", email="wang.wu@example.com")
        queries = self.env.cr.sql_log_count - queries
        # 359 queries with Odoo's write of every defaulted property (~7 each), 317 without.
        self.assertLess(queries, 338)
