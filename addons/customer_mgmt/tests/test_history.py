from odoo.exceptions import AccessError

from .common import CustomerMasterCase


class TestHistory(CustomerMasterCase):
    """Mail tracking of master data, contact changes on the company, change history list."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.create_customer(
            "Shanghai History Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.contact = cls.create_contact(cls.company, "Wang Manager", function="Buyer")

    def setUp(self):
        super().setUp()
        # The tests look at what happens after the set-up.
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_tracking_value")
        self.last_tracking_id = self.env.cr.fetchone()[0]

    def _tracking(self, partner, field=None):
        domain = [("mail_message_id.model", "=", "res.partner"),
                  ("mail_message_id.res_id", "=", partner.id),
                  ("id", ">", self.last_tracking_id)]
        if field:
            domain.append(("field", "=", field))
        return self.env["mail.tracking.value"].search(domain)

    def test_tracked_field_change_creates_tracking_value(self):
        self.company.sudo(self.user_manager).write({"city": "Hangzhou", "website": "example.cn"})
        self.company.sudo(self.user_manager).write({"city": "Suzhou"})
        tracking = self._tracking(self.company, "city").sorted("id")
        self.assertEqual(len(tracking), 2)
        self.assertEqual(tracking[1].old_value_char, "Hangzhou")
        self.assertEqual(tracking[1].new_value_char, "Suzhou")
        self.assertEqual(tracking[1].mail_message_id.author_id, self.user_manager.partner_id)
        self.assertTrue(self._tracking(self.company, "website"))

    def test_salesperson_change_is_tracked(self):
        self.company.write({"user_id": self.user_leader.id})
        tracking = self._tracking(self.company, "user_id")
        self.assertEqual(tracking.old_value_integer, self.user_salesperson.id)
        self.assertEqual(tracking.new_value_integer, self.user_leader.id)

    def test_untracked_write_creates_nothing(self):
        self.company.write({"comment": "internal note"})
        self.assertFalse(self._tracking(self.company))

    def test_creation_is_one_entry_without_its_initial_values(self):
        """Created or imported, a customer's creation is its "created" message, not one row per
        initial value; changes made afterwards, by an import too, stay tracked."""
        created = self.create_customer("Hangzhou Created Trading Co., Ltd.", city="Hangzhou",
                                       email="info@created.example.com")
        self.assertFalse(self._tracking(created))
        self.assertEqual(len(created.message_ids), 1, "the creation is logged once")
        contact = self.create_contact(created, "Sun Buyer", email="sun@created.example.com",
                                      function="Buyer")
        self.assertEqual(contact.city, "Hangzhou", "the contact follows the company's address")
        self.assertFalse(self._tracking(contact))
        self.assertFalse(self.env["customer.change.history"].search(
            [("customer_id", "=", created.id)]))
        Partner = self.env["res.partner"].sudo(self.user_data_admin).with_context(import_file=True)
        result = Partner.load(["name", "customer", "is_company", "city"],
                              [["Ningbo Imported Trading Co., Ltd.", "1", "1", "Ningbo"]])
        self.assertFalse(result["messages"], result["messages"])
        imported = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(imported.city, "Ningbo")
        self.assertFalse(self._tracking(imported))
        self.assertTrue(imported.message_ids, "the creation is still logged")
        Partner.load(["id", "city"], [[imported.export_data(["id"])["datas"][0][0], "Suzhou"]])
        self.assertEqual(self._tracking(imported, "city").new_value_char, "Suzhou")

    def test_company_change_is_one_row_not_one_per_copy(self):
        """A company's new country, address or tax number is one row of its history: not again
        for each contact that follows it, nor for Odoo's copies of the field."""
        self.company.write({"vat": "91310000MA1FL0AB1X"})
        self.company.write({"country_id": self.env.ref("base.us").id, "city": "Boston"})
        history = self.env["customer.change.history"].search(
            [("customer_id", "=", self.company.id), ("id", ">", self.last_tracking_id)])
        self.assertEqual(sorted(history.mapped("field")),
                         ["city", "country_id", "region_id", "vat"])
        self.assertEqual(set(history.mapped("partner_id")), {self.company})
        self.assertEqual(self.contact.city, "Boston")
        self.assertEqual(self.contact.vat, "91310000MA1FL0AB1X")

    def test_contact_change_posted_on_company(self):
        before = self.company.message_ids
        self.contact.write({"function": "Purchasing Director", "email": "wang@example.com"})
        messages = self.company.message_ids - before
        self.assertEqual(len(messages), 1, "one message per company per write")
        self.assertIn("Wang Manager", messages.body)
        self.assertIn("Buyer", messages.body)
        self.assertIn("Purchasing Director", messages.body)
        # Numbers and addresses are masked in the note for every reader (issue 15).
        self.assertIn("w***@example.com", messages.body)
        self.assertNotIn("wang@example.com", messages.body)
        self.assertEqual(messages.author_id, self.env.user.partner_id)

    def test_contact_batch_write_one_message_per_company(self):
        other = self.create_customer("Beijing Second Co., Ltd.")
        contacts = self.contact | self.create_contact(self.company, "Li Engineer") | \
            self.create_contact(other, "Zhao Buyer")
        before = (self.company | other).mapped("message_ids")
        contacts.write({"function": "Engineer"})
        new = (self.company | other).mapped("message_ids") - before
        self.assertEqual(sorted(new.mapped("res_id")), sorted([self.company.id, other.id]))

    def test_contact_unchanged_value_posts_nothing(self):
        before = self.company.message_ids
        self.contact.write({"function": "Buyer"})
        self.assertEqual(self.company.message_ids, before)

    def test_change_history_lists_changes(self):
        self.contact.write({"function": "CFO"})
        self.company.write({"city": "Ningbo"})
        history = self.env["customer.change.history"].sudo(self.user_service).search(
            [("customer_id", "=", self.company.id), ("id", ">", self.last_tracking_id)])
        self.assertEqual(set(history.mapped("field")), {"function", "city"})
        row = history.filtered(lambda h: h.field == "function")
        self.assertEqual(row.old_value, "Buyer")
        self.assertEqual(row.new_value, "CFO")
        self.assertEqual(row.partner_id, self.contact)
        self.assertEqual(row.author_id, self.env.user.partner_id)
        self.assertTrue(row.field_desc)

    def test_change_history_hides_unreadable_partners(self):
        hidden = self.create_customer("Hidden Secret Co., Ltd.")
        hidden.write({"city": "Xiamen"})
        self.company.write({"city": "Ningbo"})
        user = self.create_user("history_reader", ["customer_mgmt.group_customer_service"])
        # Group rules are OR-ed with the roles' own partner rules, so the test rule is a
        # global one (AND-ed) that only bites for this user.
        rule = self.env["ir.rule"].sudo().create({
            "name": "test: hide one partner from one user",
            "model_id": self.env["ir.model"]._get("res.partner").id,
            "domain_force": "[('id', '!=', %d if user.id == %d else 0)]" % (hidden.id, user.id),
        })
        with self.assertRaises(AccessError):
            hidden.sudo(user).read(["name"])
        History = self.env["customer.change.history"].sudo(user)
        rows = History.search([])
        self.assertIn(self.company, rows.mapped("customer_id"))
        self.assertNotIn(hidden, rows.mapped("customer_id"))
        self.assertFalse(History.search([("customer_id", "=", hidden.id)]))
        groups = History.read_group([], ["customer_id"], ["customer_id"])
        self.assertNotIn(hidden.id, [g["customer_id"][0] for g in groups if g["customer_id"]])
        hidden_rows = self.env["customer.change.history"].search(
            [("customer_id", "=", hidden.id)])
        self.assertTrue(hidden_rows, "the superuser sees the hidden partner's history")
        with self.assertRaises(AccessError):
            History.browse(hidden_rows.ids).read(["old_value"])
        # Without the restricting rule the same user sees it again.
        rule.unlink()
        self.assertTrue(History.search([("customer_id", "=", hidden.id)]))

    def test_change_history_button_opens_customer_history(self):
        self.contact.write({"phone": "+86 21 6123 4567"})
        action = self.contact.action_view_change_history()
        rows = self.env["customer.change.history"].search(action["domain"])
        self.assertIn(self.contact, rows.mapped("partner_id"))
        self.assertEqual(rows.mapped("customer_id"), self.company)

    def test_plain_user_cannot_read_change_history(self):
        with self.assertRaises(AccessError):
            self.env["customer.change.history"].sudo(self.user_plain).search([])

    # Fields restricted by groups (credit rating): tracked, but only shown to who may read them

    def _formatted_tracking_fields(self, user):
        """Technical names of the tracked fields the chatter shows user on the company."""
        messages = self.env["mail.message"].sudo(user).search(
            [("model", "=", "res.partner"), ("res_id", "=", self.company.id)])
        shown_ids = [value["id"] for message in messages.message_format()
                     for value in message["tracking_value_ids"]]
        return set(self.env["mail.tracking.value"].browse(shown_ids).mapped("field"))

    def test_credit_rating_changes_hidden_from_customer_service(self):
        self.company.write({"credit_rating": "AA", "city": "Wuxi"})
        self.assertTrue(self._tracking(self.company, "credit_rating"), "the change is still tracked")
        self.assertTrue(self.company.sudo(self.user_service).read(["name"]), "service reads the customer")
        service_fields = self._formatted_tracking_fields(self.user_service)
        self.assertIn("city", service_fields)
        self.assertNotIn("credit_rating", service_fields)
        owner_fields = self._formatted_tracking_fields(self.user_salesperson)
        self.assertIn("credit_rating", owner_fields, "the salesperson who owns the customer sees it")
        self.assertIn("city", owner_fields)

    def test_change_history_hides_credit_rating_from_customer_service(self):
        self.company.write({"credit_rating": "B", "city": "Wuxi"})
        domain = [("customer_id", "=", self.company.id), ("id", ">", self.last_tracking_id)]
        History = self.env["customer.change.history"]
        service_rows = History.sudo(self.user_service).search(domain)
        self.assertEqual(set(service_rows.mapped("field")), {"city"})
        self.assertFalse(History.sudo(self.user_service).search([("field", "=", "credit_rating")]))
        groups = History.sudo(self.user_service).read_group(domain, ["field"], ["field"])
        self.assertEqual([g["field"] for g in groups], ["city"])
        credit_row = History.search(domain + [("field", "=", "credit_rating")])
        self.assertEqual(credit_row.new_value, "B - Fair")
        with self.assertRaises(AccessError):
            History.sudo(self.user_service).browse(credit_row.ids).read(["new_value"])
        owner_rows = History.sudo(self.user_salesperson).search(domain)
        self.assertEqual(set(owner_rows.mapped("field")), {"city", "credit_rating"})

    def test_tracked_field_labels_follow_each_writer_s_language(self):
        """The tracked fields' descriptions are memoised per user and language, not shared."""
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["base", "customer_mgmt"], ["zh_CN"])
        manager = self.company.sudo(self.user_manager)
        manager.write({"city": "Hangzhou"})
        manager.with_context(lang="zh_CN").write({"city": "Suzhou"})
        manager.write({"city": "Ningbo"})
        labels = self._tracking(self.company, "city").sorted("id").mapped("field_desc")
        self.assertEqual(labels[0], labels[2])
        self.assertNotEqual(labels[0], labels[1], "the Chinese writer's label is translated")

    def test_restricted_tracked_fields_are_left_out_per_user(self):
        service = self.company.sudo(self.user_service)._get_tracked_fields([])
        manager = self.company.sudo(self.user_manager)._get_tracked_fields([])
        self.assertIn("credit_rating", manager)
        self.assertNotIn("credit_rating", service)
        self.assertIn("city", service)
