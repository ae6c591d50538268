"""Who reads and changes which partner, through the ORM as each role (sudo(user))."""
from odoo.exceptions import AccessError, UserError

from .common import CustomerCase


class TestAccessMatrix(CustomerCase):
    """Own, other salesperson's, pool and non-customer partners, for every role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.user_other = cls.create_user(
            "other_sales", ["customer_mgmt.group_customer_salesperson"])
        cls.user_outsider = cls.create_user(
            "outsider_sales", ["customer_mgmt.group_customer_salesperson"])
        cls.team = cls.env["crm.team"].create({
            "name": "Team East", "user_id": cls.user_leader.id,
            "member_ids": [(6, 0, (cls.user_other | cls.user_salesperson).ids)]})
        cls.own = cls.create_customer("Own Alpha Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.own_contact = cls.create_contact(cls.own, "Li Own")
        cls.own_private = cls.create_contact(cls.own, "Li Own Home", type="private")
        cls.other = cls.create_customer("Other Beta Trading Co., Ltd.", user_id=cls.user_other.id)
        cls.other_contact = cls.create_contact(cls.other, "Wang Other")
        cls.outside = cls.create_customer("Outside Gamma Co., Ltd.", user_id=cls.user_outsider.id)
        cls.pool = cls.create_customer("Pool Delta Co., Ltd.")
        cls.pool_contact = cls.create_contact(cls.pool, "Zhao Pool")
        cls.vendor = Partner.create({"name": "Vendor Epsilon", "customer": False,
                                     "supplier": True, "is_company": True})
        cls.company_partner = cls.env.user.company_id.partner_id
        cls.user_partner = cls.user_plain.partner_id
        cls.portal_user = cls.create_user("portal", ["base.group_portal"])
        cls.portal_partner = cls.portal_user.partner_id
        for partner in (cls.own, cls.other, cls.pool, cls.outside):
            partner.message_post(body="Visit notes of %s" % partner.name)
            cls.env["ir.attachment"].create({
                "name": "contract-%s.txt" % partner.id, "datas_fname": "contract.txt",
                "res_model": "res.partner", "res_id": partner.id,
                "datas": "aGVsbG8=", "type": "binary"})
        # A tracked change: a mail.tracking.value on the other salesperson's customer.
        cls.other.write({"phone": "+86 10 1234 5678"})
        cls.non_customers = (cls.vendor | cls.company_partner | cls.user_partner
                             | cls.portal_partner)
        cls.everything = (cls.own | cls.own_contact | cls.own_private | cls.other
                          | cls.other_contact | cls.outside | cls.pool | cls.pool_contact
                          | cls.non_customers)

    def _visible(self, user):
        return self.env["res.partner"].sudo(user).search([("id", "in", self.everything.ids)])

    # Salesperson -------------------------------------------------------------------------

    def test_salesperson_search_sees_own_pool_and_non_customers_only(self):
        expected = (self.own | self.own_contact | self.pool | self.pool_contact
                    | self.non_customers)
        visible = self._visible(self.user_salesperson)
        self.assertEqual(visible, expected)
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        self.assertEqual(Partner.search_count([("id", "in", self.everything.ids)]), len(expected))
        self.assertFalse(Partner.search([("name", "ilike", "Other Beta")]))
        self.assertFalse(Partner.search([("user_id", "=", self.user_other.id)]))

    def test_salesperson_read_other_refused(self):
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        self.assertEqual(Partner.browse(self.own.id).read(["name"])[0]["name"], self.own.name)
        Partner.browse(self.pool.id).read(["name"])
        Partner.browse(self.non_customers.ids).read(["name"])
        for hidden in (self.other, self.other_contact, self.outside, self.own_private):
            with self.assertRaises(AccessError):
                Partner.browse(hidden.id).read(["name"])

    def test_salesperson_read_group_and_name_search(self):
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        groups = Partner.read_group(
            [("customer", "=", True), ("parent_id", "=", False),
             ("id", "in", self.everything.ids)], ["user_id"], ["user_id"])
        by_user = {g["user_id"] and g["user_id"][0]: g["user_id_count"] for g in groups}
        self.assertNotIn(self.user_other.id, by_user)
        self.assertNotIn(self.user_outsider.id, by_user)
        self.assertEqual(by_user.get(self.user_salesperson.id), 1)
        self.assertFalse(Partner.name_search("Other Beta"))
        self.assertFalse(Partner.name_search("Wang Other"))
        self.assertTrue(Partner.name_search("Own Alpha"))

    def test_salesperson_write(self):
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        Partner.browse(self.own.id).write({"phone": "+86 21 5555 0001"})
        self.assertEqual(self.own.phone, "+86 21 5555 0001")
        Partner.browse(self.own_contact.id).write({"function": "Buyer"})
        Partner.browse(self.vendor.id).write({"comment": "Pays late"})
        for forbidden in (self.other, self.other_contact, self.pool, self.pool_contact):
            with self.assertRaises(AccessError):
                Partner.browse(forbidden.id).write({"comment": "hijacked"})
            self.assertNotEqual(forbidden.comment, "hijacked")

    def test_salesperson_cannot_hand_customer_to_someone_else(self):
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        with self.assertRaisesRegex(UserError, "only a manager may assign"):
            Partner.browse(self.own.id).write({"user_id": self.user_other.id})
        self.assertEqual(self.own.user_id, self.user_salesperson)
        with self.assertRaisesRegex(UserError, "Release to Pool"):
            Partner.browse(self.own.id).write({"user_id": False})
        self.assertEqual(self.own.user_id, self.user_salesperson)

    def test_salesperson_creates_customers_as_their_own(self):
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        created = Partner.create({"name": "New Zeta Co., Ltd.", "is_company": True,
                                  "customer": True, "user_id": False})
        self.assertEqual(created.user_id, self.user_salesperson)
        contact = Partner.create({"name": "Sun Contact", "parent_id": created.id})
        self.assertEqual(contact.account_user_id, self.user_salesperson)
        count = self.env["res.partner"].search_count([("name", "=", "Stolen Eta Co., Ltd.")])
        with self.assertRaisesRegex(UserError, "Test other_sales"):
            Partner.create({"name": "Stolen Eta Co., Ltd.", "is_company": True,
                            "customer": True, "user_id": self.user_other.id})
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "=", "Stolen Eta Co., Ltd.")]), count)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Partner.create({"name": "Spy Contact", "parent_id": self.other.id})
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Spy Contact")]))

    def test_salesperson_unlink_refused(self):
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        for record in (self.own, self.other, self.pool):
            with self.assertRaises(AccessError):
                Partner.browse(record.id).unlink()
            self.assertTrue(record.exists())

    def test_salesperson_with_contact_creation_deletes_no_customer(self):
        self.user_salesperson.write(
            {"groups_id": [(4, self.env.ref("base.group_partner_manager").id)]})
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        for record in (self.own, self.own_contact, self.pool):
            with self.assertRaises(AccessError):
                Partner.browse(record.id).unlink()
            self.assertTrue(record.exists())
        scratch = Partner.create({"name": "Scratch Vendor", "customer": False})
        scratch.unlink()
        self.assertFalse(scratch.exists())

    def test_salesperson_message_post(self):
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        Partner.browse(self.own.id).message_post(body="Called them")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Partner.browse(self.other.id).message_post(body="Spy")
        self.assertFalse(self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", self.other.id),
             ("body", "ilike", "Spy")]))

    def test_salesperson_side_doors(self):
        hidden_ids = (self.other | self.outside).ids
        Message = self.env["mail.message"].sudo(self.user_salesperson)
        hidden_messages = self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "in", hidden_ids)])
        self.assertTrue(hidden_messages)
        self.assertFalse(Message.search([("id", "in", hidden_messages.ids)]))
        self.assertFalse(Message.search([("body", "ilike", "Visit notes of Other")]))
        with self.assertRaises(AccessError):
            Message.browse(hidden_messages[0].id).read(["body"])
        own_messages = Message.search([("model", "=", "res.partner"), ("res_id", "=", self.own.id)])
        self.assertTrue(own_messages)
        # Attachments
        Attachment = self.env["ir.attachment"].sudo(self.user_salesperson)
        hidden_attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", hidden_ids)])
        self.assertTrue(hidden_attachments)
        self.assertFalse(Attachment.search([("id", "in", hidden_attachments.ids)]))
        with self.assertRaises(AccessError):
            Attachment.browse(hidden_attachments[0].id).read(["datas"])
        self.assertTrue(Attachment.search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.own.id)]))
        # Tracking values of the hidden customer's messages
        tracking = self.env["mail.tracking.value"].search(
            [("mail_message_id", "in", hidden_messages.ids)])
        self.assertTrue(tracking)
        Tracking = self.env["mail.tracking.value"].sudo(self.user_salesperson)
        for call in (lambda: Tracking.search([("id", "in", tracking.ids)]),
                     lambda: Tracking.browse(tracking.ids).read(["new_value_char"])):
            try:
                self.assertFalse(call())
            except AccessError:
                pass
        # Followers and activities of the hidden customer
        Follower = self.env["mail.followers"].sudo(self.user_salesperson)
        followers = Follower.search([("res_model", "=", "res.partner"), ("res_id", "in", hidden_ids)])
        self.assertTrue(self.env["mail.followers"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", hidden_ids)]))
        self.assertFalse(followers)
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get("res.partner").id, "res_id": self.other.id,
            "user_id": self.user_other.id, "summary": "Secret renewal",
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id})
        Activity = self.env["mail.activity"].sudo(self.user_salesperson)
        self.assertFalse(Activity.search_count([("id", "=", activity.id)]))
        with self.assertRaises(AccessError):
            Activity.browse(activity.id).read(["summary"])

    def test_salesperson_interactions_follow_the_customer(self):
        if "customer.interaction" not in self.env:
            self.skipTest("interactions not installed")
        Interaction = self.env["customer.interaction"]
        own_i = Interaction.create({"name": "Own visit", "partner_id": self.own.id,
                                    "user_id": self.user_salesperson.id})
        other_i = Interaction.create({"name": "Other visit", "partner_id": self.other.id,
                                      "user_id": self.user_other.id})
        mine = Interaction.sudo(self.user_salesperson)
        visible = mine.search([("id", "in", (own_i | other_i).ids)])
        self.assertEqual(visible, own_i)
        with self.assertRaises(AccessError):
            mine.browse(other_i.id).read(["name"])
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            mine.create({"name": "Spy call", "partner_id": self.other.id,
                         "user_id": self.user_salesperson.id})
        self.assertFalse(Interaction.search([("name", "=", "Spy call")]))
        if "customer.change.history" in self.env:
            History = self.env["customer.change.history"].sudo(self.user_salesperson)
            self.assertFalse(History.search([("customer_id", "=", self.other.id)]))

    def test_duplicate_warning_does_not_reveal_hidden_customers(self):
        Partner = self.env["res.partner"]
        if not hasattr(Partner, "_find_duplicate_candidates"):
            self.skipTest("duplicate detection not installed")
        values = {"name": self.other.name, "is_company": True, "phone": False,
                  "mobile": False, "email": False, "country_id": False, "parent_id": False}
        result = Partner.sudo(self.user_salesperson)._find_duplicate_candidates(values)
        found = [match["partner"] for match in result["matches"]]
        self.assertNotIn(self.other.id, [p.id for p in found])
        manager = Partner.sudo(self.user_manager)._find_duplicate_candidates(values)
        self.assertIn(self.other.id, [m["partner"].id for m in manager["matches"]])

    def test_private_addresses_stay_hidden(self):
        for user in (self.user_salesperson, self.user_leader, self.user_service,
                     self.user_manager):
            self.assertNotIn(self.own_private, self._visible(user), user.login)

    # Team leader ---------------------------------------------------------------------------

    def test_leader_sees_team_customers(self):
        visible = self._visible(self.user_leader)
        self.assertIn(self.other, visible)
        self.assertIn(self.other_contact, visible)
        self.assertIn(self.own, visible)
        self.assertNotIn(self.outside, visible)
        Partner = self.env["res.partner"].sudo(self.user_leader)
        Partner.browse(self.other.id).write({"comment": "Checked by the leader"})
        with self.assertRaises(AccessError):
            Partner.browse(self.outside.id).read(["name"])

    def test_leader_sees_new_team_members_customers_at_once(self):
        Partner = self.env["res.partner"].sudo(self.user_leader)
        self.assertFalse(Partner.search([("id", "=", self.outside.id)]))
        self.user_outsider.write({"sale_team_id": self.team.id})
        self.assertEqual(Partner.search([("id", "=", self.outside.id)]), self.outside)
        second = self.env["crm.team"].create({"name": "Team West"})
        self.user_outsider.write({"sale_team_id": second.id})
        self.assertFalse(Partner.search([("id", "=", self.outside.id)]))
        second.write({"user_id": self.user_leader.id})
        self.assertEqual(Partner.search([("id", "=", self.outside.id)]), self.outside)

    # Customer service ---------------------------------------------------------------------

    def test_service_reads_all_customers(self):
        visible = self._visible(self.user_service)
        self.assertEqual(visible, self.everything - self.own_private)
        Partner = self.env["res.partner"].sudo(self.user_service)
        self.assertTrue(Partner.name_search("Other Beta"))
        Partner.browse(self.other.id).read(["name", "phone"])

    def test_service_changes_no_master_data(self):
        # Even with the standard "Contact Creation" right, service cannot change customers.
        self.user_service.write({"groups_id": [(4, self.env.ref("base.group_partner_manager").id)]})
        Partner = self.env["res.partner"].sudo(self.user_service)
        for record in (self.own, self.other_contact, self.pool):
            with self.assertRaises(AccessError):
                Partner.browse(record.id).write({"comment": "changed"})
            with self.assertRaises(AccessError):
                Partner.browse(record.id).unlink()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Partner.create({"name": "Service Customer", "customer": True, "is_company": True})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Partner.create({"name": "Service Contact", "parent_id": self.other.id})
        self.assertFalse(self.env["res.partner"].search(
            [("name", "in", ["Service Customer", "Service Contact"])]))
        self.assertFalse((self.own | self.other_contact | self.pool).filtered("comment"))

    def test_service_without_partner_rights_changes_nothing(self):
        Partner = self.env["res.partner"].sudo(self.user_service)
        with self.assertRaises(AccessError):
            Partner.browse(self.other.id).write({"comment": "changed"})
        self.assertFalse(self.other.comment)

    def test_service_posts_messages_and_logs_interactions(self):
        Partner = self.env["res.partner"].sudo(self.user_service)
        Partner.browse(self.other.id).message_post(body="Customer called about the invoice")
        self.assertTrue(self.env["mail.message"].search(
            [("res_id", "=", self.other.id), ("body", "ilike", "called about the invoice")]))
        if "customer.interaction" in self.env:
            interaction = self.env["customer.interaction"].sudo(self.user_service).create({
                "name": "Complaint call", "partner_id": self.other.id,
                "user_id": self.user_service.id})
            self.assertEqual(interaction.partner_id, self.other)

    def test_service_cannot_read_sensitive_fields(self):
        sensitive = [name for name in ("credit_rating", "credit_note", "annual_revenue",
                                       "registered_capital", "risk_reason")
                     if name in self.env["res.partner"]._fields]
        if not sensitive:
            self.skipTest("sensitive fields not installed")
        for name in sensitive:
            with self.assertRaises(AccessError):
                self.env["res.partner"].sudo(self.user_service).browse(self.other.id).read([name])
        self.env["res.partner"].sudo(self.user_salesperson).browse(self.own.id).read(sensitive)

    # Managers -----------------------------------------------------------------------------

    def test_manager_and_data_admin_work_everything(self):
        for user in (self.user_manager, self.user_data_admin):
            self.assertEqual(self._visible(user), self.everything - self.own_private)
            Partner = self.env["res.partner"].sudo(user)
            Partner.browse(self.outside.id).write({"comment": "seen by %s" % user.login})
        self.env["res.partner"].sudo(self.user_manager).browse(self.other.id).write(
            {"user_id": self.user_outsider.id})
        self.assertEqual(self.other_contact.account_user_id, self.user_outsider)

    def test_users_without_customer_role_keep_standard_access(self):
        self.assertIn(self.other, self._visible(self.user_plain))

    def test_restrictive_rules_are_and_ed(self):
        """The restriction is not OR-ed away by base's rule on private addresses (odoo#30349)."""
        Rule = self.env["ir.rule"]
        domain = Rule.sudo(self.user_salesperson)._compute_domain("res.partner", "read")
        self.assertIn("account_user_id", str(domain))
        self.assertIn("type", str(domain))
        rule = self.env.ref("customer_mgmt.res_partner_rule_salesperson")
        self.assertTrue(rule.restrictive)
        rule.write({"active": False})
        self.assertIn(self.other, self._visible(self.user_salesperson))
