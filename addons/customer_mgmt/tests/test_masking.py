"""Masking of contact data (脱敏): per role, on every read path, the write-back, the reveal."""
from odoo.exceptions import AccessError, UserError, ValidationError

from ..utils.masking import mask_email, mask_phone, mask_value
from .common import PoolCase

PHONE = "13812345678"
MOBILE = "13987654321"
EMAIL = "zhang@example.com"
PHONE_MASKED = "138****5678"
MOBILE_MASKED = "139****4321"
EMAIL_MASKED = "z***@example.com"
FIELDS = ["phone", "mobile", "email"]


class TestMasking(PoolCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.env.user.company_id.country_id = cls.env.ref("base.cn")
        contact_data = {"phone": PHONE, "mobile": MOBILE, "email": EMAIL}
        cls.pool_customer = cls.in_pool(cls, "Mask Pool Trading Co., Ltd.", **contact_data)
        cls.pool_contact = cls.create_contact(cls.pool_customer, "Zhang Pool",
                                              mobile=MOBILE, email="li@example.com")
        cls.claimed = cls.create_customer("Mask Held Trading Co., Ltd.",
                                          user_id=cls.user_salesperson.id, **contact_data)
        cls.other = cls.create_customer("Mask Other Trading Co., Ltd.",
                                        user_id=cls.user_other.id, **contact_data)
        cls.Log = cls.env["customer.mask.reveal.log"]

    def as_user(self, user, partners):
        return self.Partner.sudo(user).browse(partners.ids)

    def read_values(self, user, partner, fields=FIELDS):
        return self.as_user(user, partner).read(fields)[0]

    def assert_masked(self, values, phone=True, mobile=True, email=True):
        self.assertEqual(values["phone"], PHONE_MASKED if phone else self.real("phone"))
        self.assertEqual(values["mobile"], MOBILE_MASKED if mobile else self.real("mobile"))
        self.assertEqual(values["email"], EMAIL_MASKED if email else EMAIL)

    def real(self, name):
        return self.claimed[name]

    # ------------------------------------------------------------------ formats

    def test_formats(self):
        self.assertEqual(mask_phone("+86 138 1234 5678"), PHONE_MASKED)
        self.assertEqual(mask_phone("138-1234-5678"), PHONE_MASKED)
        self.assertEqual(mask_phone("+86 10 6552 9988"), "106****9988")
        self.assertEqual(mask_email("zhang@example.com"), EMAIL_MASKED)
        self.assertEqual(mask_value("last4", "+86 138 1234 5678"), "*************5678")
        self.assertEqual(mask_value("hidden", "zhang@example.com"), "******")
        self.assertFalse(mask_value("phone", False))

    # ------------------------------------------------------------------ per role

    def test_salesperson_sees_pool_customer_masked_until_claimed(self):
        self.assert_masked(self.read_values(self.user_salesperson, self.pool_customer))
        row = self.as_user(self.user_salesperson, self.pool_customer).search_read(
            [("id", "=", self.pool_customer.id)], FIELDS + ["email_formatted", "phone_key"])[0]
        self.assert_masked(row)
        self.assertNotIn(EMAIL, row["email_formatted"])
        self.assertIn(EMAIL_MASKED, row["email_formatted"])
        self.assertEqual(row["phone_key"], PHONE_MASKED)
        # The pool customer's contact follows the company.
        contact = self.read_values(self.user_salesperson, self.pool_contact)
        self.assertEqual(contact["mobile"], MOBILE_MASKED)
        self.assertEqual(contact["email"], "l***@example.com")
        # Claimed: the salesperson's own customer, unmasked.
        self.as_user(self.user_salesperson, self.pool_customer).action_claim()
        self.assert_masked(self.read_values(self.user_salesperson, self.pool_customer),
                           phone=False, mobile=False, email=False)
        self.assertEqual(self.read_values(self.user_salesperson, self.pool_contact)["mobile"],
                         self.pool_contact.mobile)
        self.assertFalse(self.as_user(self.user_salesperson, self.pool_customer).contact_masked)

    def test_salesperson_own_customer_unmasked(self):
        values = self.read_values(self.user_salesperson, self.claimed)
        self.assert_masked(values, phone=False, mobile=False, email=False)
        self.assertNotIn("*", values["phone"])

    def test_service_sees_phones_masked_not_email(self):
        self.assert_masked(self.read_values(self.user_service, self.other), email=False)
        self.assert_masked(self.read_values(self.user_service, self.claimed), email=False)
        # Not a customer (a user's partner): nothing masked.
        self.user_plain.partner_id.write({"phone": PHONE})
        self.assertEqual(self.read_values(self.user_service, self.user_plain.partner_id)["phone"],
                         self.user_plain.partner_id.phone)

    def test_team_leader_sees_team_unmasked_and_pool_masked(self):
        self.assert_masked(self.read_values(self.user_leader, self.claimed),
                           phone=False, mobile=False, email=False)
        self.assert_masked(self.read_values(self.user_leader, self.pool_customer))
        # A pool customer of the leader's team is the team's: unmasked.
        self.pool_customer.write({"team_id": self.team_east.id})
        self.assert_masked(self.read_values(self.user_leader, self.pool_customer),
                           phone=False, mobile=False, email=False)

    def test_manager_and_data_admin_unmasked(self):
        for user in (self.user_manager, self.user_data_admin):
            for partner in (self.pool_customer, self.other):
                self.assert_masked(self.read_values(user, partner),
                                   phone=False, mobile=False, email=False)

    # ------------------------------------------------------------------ other paths

    def test_name_get_with_email(self):
        partner = self.as_user(self.user_salesperson, self.pool_customer).with_context(
            show_email=True)
        name = partner.name_get()[0][1]
        self.assertIn("<%s>" % EMAIL_MASKED, name)
        self.assertNotIn(EMAIL, name)
        self.assertNotIn(EMAIL, partner.name_search("Mask Pool Trading")[0][1])
        self.assertIn(EMAIL, self.as_user(self.user_manager, self.pool_customer).with_context(
            show_email=True).name_get()[0][1])
        # Without show_email the name holds no e-mail anyway.
        self.assertNotIn("@", self.as_user(self.user_salesperson, self.pool_customer)
                         .name_get()[0][1])

    def _manager_policy(self, field_name="phone", mask_format="phone", condition="customer"):
        return self.env["customer.mask.policy"].sudo(self.user_data_admin).create({
            "name": "Managers: %s masked" % field_name, "field_name": field_name,
            "mask_format": mask_format, "condition": condition,
            "group_id": self.env.ref("customer_mgmt.group_customer_manager").id})

    def test_export_data_masked(self):
        partners = self.as_user(self.user_manager, self.pool_customer)
        self.assertEqual(partners.export_data(["name", "phone"])["datas"],
                         [["Mask Pool Trading Co., Ltd.", self.pool_customer.phone]])
        self._manager_policy()
        self._manager_policy("mobile")
        result = partners.export_data(["name", "phone", "child_ids/name", "child_ids/mobile"])
        self.assertEqual(result["datas"][0][:2], ["Mask Pool Trading Co., Ltd.", PHONE_MASKED])
        self.assertEqual(result["datas"][0][2:], ["Zhang Pool", MOBILE_MASKED])
        flat = str(result["datas"])
        self.assertNotIn("1234 5678", flat)
        self.assertNotIn("8765 4321", flat)

    def test_read_group_refuses_masked_field(self):
        Partner = self.Partner.sudo(self.user_salesperson)
        with self.assertRaisesRegex(UserError, r"cannot be grouped by Phone \(\"phone\"\)"):
            Partner.read_group([], ["phone"], ["phone"])
        with self.assertRaisesRegex(UserError, "masked for you"):
            Partner.read_group([], ["email_key"], ["email_key"])
        self.assertTrue(Partner.read_group([], ["user_id"], ["user_id"]))
        self.assertTrue(self.Partner.sudo(self.user_manager).read_group([], ["phone"], ["phone"]))

    def _change_phone(self, partner, number):
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_tracking_value")
        last = self.env.cr.fetchone()[0]
        partner.sudo(self.user_manager).write({"phone": number})
        return self.env["mail.tracking.value"].search(
            [("id", ">", last), ("field", "=", "phone"),
             ("mail_message_id.res_id", "=", partner.id)])

    def test_tracking_values_history_and_timeline_masked(self):
        old = self.pool_customer.phone
        tracking = self._change_phone(self.pool_customer, "13811112222")
        self.assertEqual(tracking.old_value_char, old)
        # The chatter (message_format) of the salesperson.
        messages = self.env["mail.message"].sudo(self.user_salesperson).browse(
            tracking.mail_message_id.ids)
        values = [value for message in messages.message_format()
                  for value in message["tracking_value_ids"] if value["id"] == tracking.id]
        self.assertEqual(values[0]["old_value"], PHONE_MASKED)
        self.assertEqual(values[0]["new_value"], "138****2222")
        self.assertEqual(messages.sudo(self.user_manager).message_format()[0][
            "tracking_value_ids"][0]["new_value"], "+86 138 1111 2222")
        # The change history.
        History = self.env["customer.change.history"]
        row = History.sudo(self.user_salesperson).search_read(
            [("id", "=", tracking.id)], ["old_value", "new_value"])[0]
        self.assertEqual((row["old_value"], row["new_value"]), (PHONE_MASKED, "138****2222"))
        row = History.sudo(self.user_manager).search_read(
            [("id", "=", tracking.id)], ["old_value", "new_value"])[0]
        self.assertEqual(row["new_value"], "+86 138 1111 2222")
        # The timeline.
        event = self.env["customer.timeline.event"].sudo(self.user_salesperson).search_read(
            [("id", "=", tracking.id * 32 + 4)], ["summary", "summary_text"])[0]
        self.assertIn(PHONE_MASKED, event["summary"])
        self.assertNotIn("1111 2222", event["summary"] + event["summary_text"])
        # The tracking values themselves (system administrators read them), when masked.
        admin = self.create_user("mask_sys", ["customer_mgmt.group_customer_salesperson",
                                              "base.group_system"])
        row = self.env["mail.tracking.value"].sudo(admin).browse(tracking.id).read(
            ["old_value_char", "new_value_char"])[0]
        self.assertEqual(row["new_value_char"], "138****2222")

    def test_chatter_suggested_recipients_masked(self):
        partner = self.as_user(self.user_salesperson, self.pool_customer)
        suggested = partner.message_get_suggested_recipients()[self.pool_customer.id]
        texts = [row[1] for row in suggested if row[0] == self.pool_customer.id]
        self.assertEqual(len(texts), 1)
        self.assertIn(EMAIL_MASKED, texts[0])
        self.assertNotIn(EMAIL, texts[0])
        suggested = self.as_user(self.user_manager, self.pool_customer)\
            .message_get_suggested_recipients()[self.pool_customer.id]
        self.assertIn(EMAIL, [row[1] for row in suggested if row[0] == self.pool_customer.id][0])

    def test_lead_shows_customer_email_masked(self):
        lead = self.env["crm.lead"].create({
            "name": "Mask lead", "partner_id": self.pool_customer.id,
            "user_id": self.user_salesperson.id})
        row = self.env["crm.lead"].sudo(self.user_salesperson).browse(lead.id).read(
            ["partner_address_email"])[0]
        self.assertEqual(row["partner_address_email"], EMAIL_MASKED)
        # On a lead of the salesperson's own customer: in full.
        lead.write({"partner_id": self.claimed.id})
        row = self.env["crm.lead"].sudo(self.user_salesperson).browse(lead.id).read(
            ["partner_address_email"])[0]
        self.assertEqual(row["partner_address_email"], EMAIL)

    def test_change_history_not_grouped_by_values_when_masked(self):
        History = self.env["customer.change.history"]
        with self.assertRaisesRegex(UserError,
                                    r"cannot be grouped by New Value \(\"new_value\"\)"):
            History.sudo(self.user_salesperson).read_group([], ["new_value"], ["new_value"])
        self.assertIsInstance(History.sudo(self.user_manager).read_group(
            [], ["new_value"], ["new_value"]), list)
        self.assertIsInstance(History.sudo(self.user_salesperson).read_group(
            [], ["field_desc"], ["field_desc"]), list)

    def test_merge_wizard_lists_partners_masked(self):
        wizard = self.env["base.partner.merge.automatic.wizard"].sudo(
            self.user_salesperson).create({
                "state": "selection",
                "partner_ids": [(6, 0, (self.pool_customer | self.claimed).ids)]})
        rows = {row["id"]: row for row in wizard.partner_ids.read(["email", "phone"])}
        self.assertEqual(rows[self.pool_customer.id]["email"], EMAIL_MASKED)
        self.assertEqual(rows[self.claimed.id]["email"], EMAIL)

    # ------------------------------------------------------------------ writing and searching

    def test_masked_value_written_back_keeps_the_real_one(self):
        self._manager_policy()
        real = self.claimed.phone
        partner = self.as_user(self.user_manager, self.claimed)
        self.assertEqual(partner.read(["phone"])[0]["phone"], PHONE_MASKED)
        partner.write({"phone": PHONE_MASKED, "function": "Buyer"})
        self.assertEqual(self.claimed.phone, real)
        self.assertEqual(self.claimed.function, "Buyer")
        # A new number is written as usual.
        partner.write({"phone": "13800001111"})
        self.assertEqual(self.claimed.phone, "+86 138 0000 1111")

    def test_masked_value_not_masked_for_writer_is_refused(self):
        """Unmasked for the manager: stars are an invalid number, refused and not saved."""
        real = self.claimed.phone
        with self.assertRaisesRegex(ValidationError,
                                    r"\"138\*\*\*\*5678\" is not a valid phone number"):
            self.as_user(self.user_manager, self.claimed).write({"phone": PHONE_MASKED})
        self.assertEqual(self.claimed.phone, real)

    def test_search_by_full_phone_finds_masked_customer(self):
        Partner = self.Partner.sudo(self.user_salesperson)
        # The salesperson's own customer has the same number: both are found.
        found = Partner.search([("phone", "=", self.pool_customer.phone)])
        self.assertEqual(found & (self.pool_customer | self.claimed),
                         self.pool_customer | self.claimed)
        self.assertIn(self.pool_customer, Partner.search([("phone_key", "=", "+86" + PHONE)]))
        self.assertIn(self.pool_customer, Partner.search([("email", "=ilike", EMAIL)]))
        rows = {row["id"]: row["phone"] for row in found.read(["phone"])}
        self.assertEqual(rows[self.pool_customer.id], PHONE_MASKED)
        self.assertEqual(rows[self.claimed.id], self.claimed.phone)

    # ------------------------------------------------------------------ reveal

    def test_reveal_logs_and_returns_the_value(self):
        partner = self.as_user(self.user_salesperson, self.pool_customer)
        self.assertTrue(partner.contact_masked)
        action = partner.action_reveal_contact("phone")
        wizard = self.env[action["res_model"]].sudo(self.user_salesperson).browse(action["res_id"])
        self.assertEqual(wizard.value, self.pool_customer.phone)
        log = self.Log.search([("partner_id", "=", self.pool_customer.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual((log.user_id, log.field_name, log.commercial_partner_id),
                         (self.user_salesperson, "phone", self.pool_customer))
        # From the form's button: the field in the context.
        partner.with_context(reveal_field="email").action_reveal_contact()
        self.assertEqual(self.Log.search_count([("partner_id", "=", self.pool_customer.id)]), 2)
        # Another user cannot read the revealed value.
        with self.assertRaises(AccessError):
            wizard.sudo(self.user_other).read(["value"])
        # Unmasked values are shown without a log.
        self.as_user(self.user_salesperson, self.claimed).action_reveal_contact("phone")
        self.assertFalse(self.Log.search([("partner_id", "=", self.claimed.id)]))

    def test_reveal_daily_limit(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "customer_mgmt.mask_reveal_daily_limit", "2")
        partner = self.as_user(self.user_service, self.other)
        partner.action_reveal_contact("phone")
        partner.action_reveal_contact("mobile")
        with self.assertRaisesRegex(UserError, "the daily limit is 2"):
            partner.action_reveal_contact("phone")
        self.assertEqual(self.Log.search_count([("user_id", "=", self.user_service.id)]), 2)
        # Another user has their own quota.
        self.as_user(self.user_salesperson, self.pool_customer).action_reveal_contact("phone")

    def test_reveal_refusals(self):
        partner = self.as_user(self.user_salesperson, self.pool_customer)
        with self.assertRaisesRegex(UserError, "Field \"name\" cannot be revealed"):
            partner.action_reveal_contact("name")
        with self.assertRaises(AccessError):
            self.as_user(self.user_salesperson, self.other).action_reveal_contact("phone")
        with self.assertRaisesRegex(AccessError, "reserved to the groups"):
            self.as_user(self.user_plain, self.pool_customer).action_reveal_contact("phone")
        self.assertFalse(self.Log.search([("partner_id", "in", (
            self.pool_customer | self.other).ids)]))

    def test_reveal_log_for_managers_only(self):
        self.as_user(self.user_salesperson, self.pool_customer).action_reveal_contact("phone")
        self.assertTrue(self.Log.sudo(self.user_manager).search(
            [("partner_id", "=", self.pool_customer.id)]))
        for user in (self.user_salesperson, self.user_leader, self.user_service):
            with self.assertRaises(AccessError):
                self.Log.sudo(user).search([])
        with self.assertRaises((AccessError, ValidationError)):
            self.Log.sudo(self.user_manager).create({
                "date": "2026-01-01 00:00:00", "user_id": self.user_manager.id,
                "partner_id": self.pool_customer.id, "field_name": "phone"})

    # ------------------------------------------------------------------ policies

    def test_policies_by_data_admins_only(self):
        policy = self._manager_policy()
        self.assertEqual(self.read_values(self.user_manager, self.other)["phone"], PHONE_MASKED)
        with self.assertRaises(AccessError):
            policy.sudo(self.user_manager).write({"active": False})
        policy.sudo(self.user_data_admin).write({"active": False})
        self.assertNotIn("*", self.read_values(self.user_manager, self.other)["phone"])
        with self.assertRaises(AccessError):
            self.env["customer.mask.policy"].sudo(self.user_salesperson).search([])

    def test_reveal_limit_setting(self):
        settings = self.env["res.config.settings"].sudo(self.user_admin).create(
            {"customer_mask_reveal_daily_limit": 5})
        settings.execute()
        self.assertEqual(self.Log._reveal_limit(), 5)
        self.assertEqual(self.env["res.config.settings"].sudo(self.user_admin).create(
            {}).customer_mask_reveal_daily_limit, 5)
        with self.assertRaisesRegex(ValidationError, "cannot be negative, not -1"):
            self.env["res.config.settings"].sudo(self.user_admin).create(
                {"customer_mask_reveal_daily_limit": -1})
        self.assertEqual(self.Log._reveal_limit(), 5)

    def test_printed_sheet_masked(self):
        Sheet = self.env["report.customer_mgmt.report_customer_sheet"]
        rows = dict(Sheet.sudo(self.user_salesperson)._report_rows(
            self.as_user(self.user_salesperson, self.pool_customer), ["phone", "email"]))
        self.assertEqual(set(rows.values()), {PHONE_MASKED, EMAIL_MASKED})
        table = Sheet.sudo(self.user_salesperson)._report_table(
            "Contacts", self.as_user(self.user_salesperson, self.pool_contact), ["mobile"])
        self.assertEqual(table[2], [[MOBILE_MASKED]])
        rows = dict(Sheet.sudo(self.user_manager)._report_rows(
            self.as_user(self.user_manager, self.pool_customer), ["phone"]))
        self.assertEqual(list(rows.values()), [self.pool_customer.phone])
