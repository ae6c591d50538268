from odoo.exceptions import AccessError, ValidationError

from .common import CustomerCase


class TestHandover(CustomerCase):
    """The salesperson handover wizard moves everything set-based and leaves a note."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = cls.create_user("leaving", ["customer_mgmt.group_customer_salesperson"])
        cls.heir = cls.create_user("heir", ["customer_mgmt.group_customer_salesperson"])
        cls.customer = cls.create_customer("Leaving One Co., Ltd.", user_id=cls.seller.id)
        cls.contact = cls.create_contact(cls.customer, "Wang Manager", user_id=cls.seller.id)
        cls.other_contact = cls.create_contact(
            cls.customer, "Li Engineer", user_id=cls.user_salesperson.id)
        cls.second = cls.create_customer("Leaving Two Co., Ltd.", user_id=cls.seller.id)
        cls.foreign = cls.create_customer("Not Mine Co., Ltd.", user_id=cls.user_salesperson.id)
        partner_model = cls.env["ir.model"]._get("res.partner")
        cls.activity = cls.env["mail.activity"].create({
            "res_model_id": partner_model.id, "res_id": cls.customer.id,
            "activity_type_id": cls.env.ref("mail.mail_activity_data_call").id,
            "summary": "Renewal call", "user_id": cls.seller.id})
        cls.foreign_activity = cls.env["mail.activity"].create({
            "res_model_id": partner_model.id, "res_id": cls.foreign.id,
            "summary": "Not moved", "user_id": cls.seller.id})
        cls.opportunity = cls.env["crm.lead"].create({
            "name": "Big deal", "type": "opportunity", "partner_id": cls.contact.id,
            "user_id": cls.seller.id, "probability": 40})
        cls.won = cls.env["crm.lead"].create({
            "name": "Won deal", "type": "opportunity", "partner_id": cls.customer.id,
            "user_id": cls.seller.id, "probability": 100})
        # The heir already follows the second customer: no duplicate subscription.
        (cls.customer | cls.second | cls.foreign).message_subscribe(
            partner_ids=cls.seller.partner_id.ids)
        cls.second.message_subscribe(partner_ids=cls.heir.partner_id.ids)

    def _wizard(self, user=None, **vals):
        values = {"from_user_id": self.seller.id, "to_user_id": self.heir.id,
                  "note": "Moved to the Beijing office"}
        values.update(vals)
        model = self.env["customer.handover.wizard"]
        return (model.sudo(user) if user else model.sudo(self.user_manager)).create(values)

    def _followers(self, record):
        return self.env["mail.followers"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]).mapped("partner_id")

    def test_handover_all(self):
        wizard = self._wizard()
        action = wizard.action_confirm()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "done")
        self.assertEqual((wizard.customer_count, wizard.contact_count), (2, 1))
        self.assertEqual(wizard.activity_count, 1)
        self.assertEqual(wizard.opportunity_count, 1)
        self.assertEqual((self.customer | self.second | self.contact).mapped("user_id"), self.heir)
        self.assertEqual(self.other_contact.user_id, self.user_salesperson)
        self.assertEqual(self.foreign.user_id, self.user_salesperson)
        self.assertEqual(self.activity.user_id, self.heir)
        self.assertEqual(self.foreign_activity.user_id, self.seller)
        self.assertEqual(self.opportunity.user_id, self.heir)
        self.assertEqual(self.won.user_id, self.seller, "won opportunities stay")
        for customer in self.customer | self.second:
            followers = self._followers(customer)
            self.assertIn(self.heir.partner_id, followers)
            self.assertNotIn(self.seller.partner_id, followers)
        self.assertIn(self.seller.partner_id, self._followers(self.foreign))
        note = self.customer.message_ids[0]
        self.assertIn("Test leaving", note.body)
        self.assertIn("Test heir", note.body)
        self.assertIn("Test manager", note.body)
        self.assertIn("Beijing office", note.body)
        self.assertEqual(note.author_id, self.user_manager.partner_id)
        tracking = note.tracking_value_ids
        self.assertEqual((tracking.field, tracking.old_value_integer, tracking.new_value_integer),
                         ("user_id", self.seller.id, self.heir.id))
        self.assertFalse(self.foreign.message_ids.filtered(lambda m: "Test heir" in (m.body or "")))

    def test_handover_selected_without_options(self):
        wizard = self._wizard(scope="selected", partner_ids=[(6, 0, self.second.ids)],
                              move_activities=False, move_opportunities=False,
                              move_followers=False)
        wizard.action_confirm()
        self.assertEqual(self.second.user_id, self.heir)
        self.assertEqual(self.customer.user_id, self.seller)
        self.assertEqual(self.activity.user_id, self.seller)
        self.assertIn(self.seller.partner_id, self._followers(self.second))

    def test_refuses_same_user(self):
        count = self.env["customer.handover.wizard"].search_count([])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._wizard(to_user_id=self.seller.id)
        self.assertEqual(self.env["customer.handover.wizard"].search_count([]), count)
        self.assertEqual(self.customer.user_id, self.seller)

    def test_refuses_inactive_or_portal_user(self):
        self.heir.active = False
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._wizard()
        portal = self.create_user("portal_heir", ["base.group_portal"])
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._wizard(to_user_id=portal.id)
        self.assertEqual(self.customer.user_id, self.seller)

    def test_refused_for_salesperson(self):
        with self.assertRaises(AccessError):
            self._wizard(user=self.user_leader)
        wizard = self._wizard()
        with self.assertRaises(AccessError):
            wizard.sudo(self.user_salesperson).action_confirm()
        self.assertEqual(self.customer.user_id, self.seller)

    def test_default_from_user_from_user_form(self):
        values = self.env["customer.handover.wizard"].sudo(self.user_manager).with_context(
            active_model="res.users", active_id=self.seller.id).default_get(["from_user_id"])
        self.assertEqual(values["from_user_id"], self.seller.id)

    def test_bulk_handover_has_no_per_record_queries(self):
        count = 1000
        self.env.cr.execute("""
            INSERT INTO res_partner (name, display_name, is_company, customer, active,
                                     user_id, type, lang, invoice_warn, sale_warn)
            SELECT 'Bulk ' || n, 'Bulk ' || n, true, true, true, %s, 'contact', 'en_US',
                   'no-message', 'no-message'
              FROM generate_series(1, %s) n
            RETURNING id
        """, (self.seller.id, count))
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
                            (ids,))
        self.env.cr.execute("""
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'res.partner', unnest(%s::int[]), %s
        """, (ids, self.seller.partner_id.id))
        self.env["res.partner"].invalidate_cache()
        wizard = self._wizard()
        before = self.env.cr.sql_log_count
        wizard.action_confirm()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(wizard.customer_count, count + 2)
        self.assertGreaterEqual(wizard.follower_count, count + 2)
        self.assertLess(queries, 200, "%d queries for %d customers" % (queries, count))
        self.env.cr.execute("""
            SELECT count(*) FROM mail_message
             WHERE model = 'res.partner' AND res_id = ANY(%s) AND body LIKE %s
        """, (ids, "%Test heir%"))
        self.assertEqual(self.env.cr.fetchone()[0], count)
        self.env.cr.execute("SELECT count(*) FROM res_partner WHERE id = ANY(%s) AND user_id = %s",
                            (ids, self.heir.id))
        self.assertEqual(self.env.cr.fetchone()[0], count)
        self.env.cr.execute("""
            SELECT partner_id, count(*) FROM mail_followers
             WHERE res_model = 'res.partner' AND res_id = ANY(%s) GROUP BY partner_id
        """, (ids,))
        self.assertEqual(dict(self.env.cr.fetchall()), {self.heir.partner_id.id: count})

    def test_handover_moves_account_fields_of_contacts(self):
        """The record rules filter on account_user_id: every contact follows its company."""
        self._wizard().action_confirm()
        for partner in (self.customer, self.contact, self.other_contact, self.second):
            self.assertEqual(partner.account_user_id, self.heir, partner.name)
            self.assertTrue(partner.account_customer, partner.name)
        # The contact with its own salesperson keeps it; only the account moved.
        self.assertEqual(self.other_contact.user_id, self.user_salesperson)
        self.assertEqual(self.foreign.account_user_id, self.user_salesperson)
        self.env.cr.execute("SELECT account_user_id FROM res_partner WHERE id = %s",
                            (self.other_contact.id,))
        self.assertEqual(self.env.cr.fetchone()[0], self.heir.id)

    def test_skip_fields_sync_only_for_unsynced_fields(self):
        """The handover's context skips base's sync of user_id, never of an address change."""
        Partner = self.env["res.partner"].with_context(customer_mgmt_skip_fields_sync=True)
        self.customer.write({"street": "Old Road 1"})
        self.contact.write({"type": "contact"})
        Partner.browse(self.customer.id).write({"street": "New Road 2"})
        self.assertEqual(self.contact.street, "New Road 2")

    def test_account_fields_follow_the_commercial_partner(self):
        """Salesperson, team and customer flag of an account reach all its partners at once."""
        team = self.env["crm.team"].create({"name": "Account Team"})
        grandchild = self.create_contact(self.contact, "Zhao Assistant")
        account = self.customer | self.contact | self.other_contact | grandchild
        self.assertEqual(grandchild.account_user_id, self.seller)
        self.customer.write({"user_id": self.heir.id, "team_id": team.id})
        for partner in account:
            # Through the cache, and in the database that the record rules read.
            self.assertEqual(partner.account_user_id, self.heir, partner.name)
            self.assertEqual(partner.account_team_id, team, partner.name)
            self.assertEqual(
                self.env["res.partner"].search([("id", "=", partner.id),
                                                ("account_user_id", "=", self.heir.id),
                                                ("account_team_id", "=", team.id)]), partner)
        self.assertEqual(self.second.account_user_id, self.seller, "other accounts unchanged")
        # A contact's own salesperson does not decide who reads it.
        self.contact.write({"user_id": self.user_salesperson.id})
        self.assertEqual(self.contact.account_user_id, self.heir)
        self.assertEqual(grandchild.account_user_id, self.heir)
        self.customer.write({"customer": False})
        self.assertFalse(account.filtered("account_customer"))
        # Several accounts and a contact in one write.
        (self.customer | self.second | self.contact).write(
            {"user_id": self.user_leader.id, "customer": True})
        self.assertEqual((account | self.second).mapped("account_user_id"), self.user_leader)
        self.assertTrue(all((account | self.second).mapped("account_customer")))
        # Moving a contact to another account is left to the ORM: it follows too.
        self.contact.write({"parent_id": self.foreign.id})
        self.assertEqual(self.contact.account_user_id, self.user_salesperson)
        self.assertEqual(grandchild.account_user_id, self.user_salesperson)
        self.assertEqual(self.customer.account_user_id, self.user_leader)
