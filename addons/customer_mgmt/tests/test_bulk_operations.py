"""The set-based paths used at install and by scheduled actions give what the ORM would."""
from .common import CustomerMasterCase

KEY_FIELDS = ["duplicate_key", "phone_key", "mobile_key", "email_key"]
ACCOUNT_FIELDS = ["account_user_id", "account_customer", "account_team_id"]


class TestBulkOperations(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.create_customer(
            "Shanghai Bulk Trading Co., Ltd.", phone="021 5555 1234", mobile="139 1234 5678",
            email="Info@Bulk.Example.com", user_id=cls.user_salesperson.id)
        cls.contact = cls.create_contact(cls.company, "Li Si", phone="010 6666 7777",
                                         email="li.si@bulk.example.com")
        cls.foreign = cls.create_customer("Bulk GmbH", country_id=cls.env.ref("base.de").id,
                                          phone="030 1234567")

    def _stored(self, partners, names):
        partners.invalidate_cache(names)
        return {partner.id: {name: partner[name] for name in names} for partner in partners}

    def test_prefill_gives_the_computed_values(self):
        """Install fills our new columns by SQL: the values must be those the ORM computes."""
        partners = self.company | self.contact | self.foreign
        expected = self._stored(partners, KEY_FIELDS + ACCOUNT_FIELDS)
        self.assertEqual(expected[self.foreign.id]["phone_key"], "+49301234567")
        self.env.cr.execute("""
            UPDATE res_partner SET duplicate_key = NULL, phone_key = NULL, mobile_key = NULL,
                   email_key = NULL, account_user_id = NULL, account_customer = NULL,
                   account_team_id = NULL
             WHERE id IN %s""", (tuple(partners.ids),))
        self.env["res.partner"]._customer_mgmt_prefill(KEY_FIELDS + ACCOUNT_FIELDS)
        self.assertEqual(self._stored(partners, KEY_FIELDS + ACCOUNT_FIELDS), expected)
        self.assertEqual(self.contact.account_user_id, self.user_salesperson)

    def test_next_codes_in_one_draw(self):
        """Codes for existing customers come from the sequence, consecutive and unique."""
        Partner = self.env["res.partner"]
        codes = Partner._customer_mgmt_next_codes("customer_mgmt.customer_code", 3)
        self.assertEqual(len(set(codes)), 3)
        numbers = [int(code) for code in codes]
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + 3)))
        self.assertGreater(int(Partner._customer_mgmt_next_codes("customer_mgmt.customer_code", 1)[0]),
                           numbers[-1])

    def test_codes_for_existing_customers(self):
        """Customers without a code (created before the install) get one each, only once."""
        self.env.cr.execute("UPDATE res_partner SET customer_code = NULL WHERE id IN %s",
                            (tuple((self.company | self.foreign).ids),))
        self.company.invalidate_cache(["customer_code"])
        self.assertGreaterEqual(self.env["res.partner"]._customer_mgmt_assign_missing_codes(), 2)
        self.assertTrue(self.company.customer_code and self.foreign.customer_code)
        self.assertNotEqual(self.company.customer_code, self.foreign.customer_code)
        self.assertFalse(self.contact.customer_code)
        self.assertEqual(self.env["res.partner"]._customer_mgmt_assign_missing_codes(), 0)

    def test_bulk_activities_follow_and_show(self):
        """Activities scheduled in bulk are ordinary activities; the assignee follows the customer."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        Activity = self.env["mail.activity"]
        created = Activity._customer_mgmt_create_bulk("res.partner", [{
            "res_id": partner.id, "user_id": self.user_salesperson.id,
            "activity_type_id": activity_type.id, "date_deadline": "2030-01-31",
            "summary": "Check the archive",
        } for partner in self.company | self.foreign])
        self.assertEqual(len(created), 2)
        activity = created.filtered(lambda act: act.res_id == self.company.id)
        self.assertEqual(activity.res_model, "res.partner")
        self.assertEqual(activity.res_name, self.company.display_name)
        self.assertEqual(activity.user_id, self.user_salesperson)
        self.assertEqual(activity.date_deadline, "2030-01-31")
        self.assertIn(activity, self.company.activity_ids)
        salesperson_partner = self.user_salesperson.partner_id
        self.assertIn(salesperson_partner, self.company.message_partner_ids)
        follower = self.company.message_follower_ids.filtered(
            lambda f: f.partner_id == salesperson_partner)
        self.assertIn(self.env.ref("mail.mt_comment"), follower.subtype_ids)
        # The salesperson sees it in their own activities.
        self.assertIn(activity, Activity.sudo(self.user_salesperson).search(
            [("user_id", "=", self.user_salesperson.id)]))
        # Scheduling again subscribes nobody twice.
        Activity._customer_mgmt_create_bulk("res.partner", [{
            "res_id": self.company.id, "user_id": self.user_salesperson.id,
            "activity_type_id": activity_type.id, "date_deadline": "2030-02-28"}])
        self.assertEqual(len(self.company.message_follower_ids.filtered(
            lambda f: f.partner_id == salesperson_partner)), 1)

    def test_new_column_default_set_without_rewriting_rows(self):
        """A new column with a default is added with PostgreSQL's default for existing rows,
        so the ORM has no UPDATE of every partner to run (rolled back with the test)."""
        from odoo import tools
        cr = self.env.cr
        cr.execute("ALTER TABLE res_partner DROP COLUMN interaction_count")
        columns = tools.table_columns(cr, "res_partner")
        self.assertNotIn("interaction_count", columns)
        self.env["res.partner"]._customer_mgmt_add_default_columns(columns)
        cr.execute("SELECT count(*), count(*) FILTER (WHERE interaction_count = 0) FROM res_partner")
        total, zero = cr.fetchone()
        self.assertEqual(total, zero, "every existing partner starts at the default")
        cr.execute("""SELECT column_default FROM information_schema.columns
                       WHERE table_name = 'res_partner' AND column_name = 'interaction_count'""")
        self.assertIsNone(cr.fetchone()[0], "the ORM, not the column, gives defaults afterwards")

