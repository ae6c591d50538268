"""Field-by-field merge of customers: chosen values, everything moved, former names and codes,
the merge log, refusals (nothing changed) and access per role."""
import json

from stdnum.cn import uscc as stdnum_uscc

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import CustomerMasterCase


def make_uscc(serial):
    """A valid USCC of a serial number."""
    base = "9132000000%07d" % serial
    return base + stdnum_uscc.calc_check_digit(base)


class TestMergeFields(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["customer.merge.wizard"]
        cls.tier = cls.env["customer.tier"].create({"name": "Merge Tier"})

    def _pair(self, **values_b):
        kept = self.create_customer(
            "Huadong Merge Machinery Co., Ltd.", city="Shanghai", website="http://hd.example.com",
            email="sales@hd.example.com", registration_number=make_uscc(11),
            user_id=self.user_salesperson.id)
        other = self.create_customer(
            "Huadong Merge Machinery Trading Co., Ltd.", city="Suzhou",
            email="info@hd.example.com", tier_id=self.tier.id, **values_b)
        # The kept customer is the most complete one by default.
        self.env.cr.execute("UPDATE res_partner SET completeness = %s WHERE id = %s",
                            (90, kept.id))
        self.env.cr.execute("UPDATE res_partner SET completeness = %s WHERE id = %s",
                            (10, other.id))
        (kept | other).invalidate_cache()
        return kept, other

    def _wizard(self, partners, user):
        return self.Wizard.sudo(user).with_context(
            active_model="res.partner", active_ids=partners.ids).create({})

    def _line(self, wizard, name):
        return wizard.line_ids.filtered(lambda line: line.field_name == name)

    def _counts(self):
        self.env.cr.execute("SELECT (SELECT count(*) FROM res_partner), "
                            "(SELECT count(*) FROM customer_merge_log), "
                            "(SELECT count(*) FROM res_partner_former_name)")
        return self.env.cr.fetchone()

    # ------------------------------------------------------------------ the merge

    def test_defaults_lines_and_kept_record(self):
        kept, other = self._pair()
        wizard = self._wizard(kept | other, self.user_data_admin)
        self.assertEqual(wizard.dst_partner_id, kept)
        names = set(wizard.line_ids.mapped("field_name"))
        self.assertTrue({"name", "city", "email", "tier_id", "registration_number",
                         "website", "user_id"} <= names, names)
        self.assertNotIn("country_id", names)  # the same on both
        self.assertEqual(self._line(wizard, "city").partner_id, kept)
        # Empty on the most complete: the other's value.
        self.assertEqual(self._line(wizard, "tier_id").partner_id, other)
        self.assertIn("Suzhou", self._line(wizard, "city").candidates)
        self.assertEqual(self._line(wizard, "city").chosen_value, "Shanghai")

    def test_other_kept_customer_takes_its_own_values(self):
        kept, other = self._pair()
        wizard = self._wizard(kept | other, self.user_data_admin)
        spec = {"dst_partner_id": "1", "partner_ids": "", "line_ids": "",
                "line_ids.field_name": "", "line_ids.partner_id": ""}
        values = {"partner_ids": [(6, 0, (kept | other).ids)], "dst_partner_id": other.id,
                  "line_ids": [(4, line.id) for line in wizard.line_ids]}
        result = self.Wizard.sudo(self.user_data_admin).browse(wizard.id).onchange(
            values, "dst_partner_id", spec)
        chosen = {}
        for command in result["value"]["line_ids"]:
            if command[0] in (0, 1):
                line = self.env["customer.merge.wizard.line"].browse(command[1])
                chosen[command[2].get("field_name") or line.field_name] = \
                    command[2]["partner_id"]
        partner_id = {name: value[0] if isinstance(value, (list, tuple)) else value
                      for name, value in chosen.items()}
        # The new kept customer's city; the website only the other one has stays.
        self.assertEqual(partner_id["city"], other.id)
        self.assertEqual(partner_id["tier_id"], other.id)
        self.assertEqual(partner_id["website"], kept.id)

    def test_merge_applies_chosen_values_and_moves_everything(self):
        kept, other = self._pair()
        other_code = other.customer_code
        other_name = other.name
        contact = self.create_contact(other, "Li Si")
        now = fields.Datetime.now()
        interaction = self.env["customer.interaction"].create({
            "name": "Merge visit", "partner_id": other.id, "channel": "meeting", "date": now,
            "user_id": self.user_salesperson.id})
        lead = self.env["crm.lead"].create({"name": "Merge deal", "type": "opportunity",
                                            "partner_id": other.id})
        activity = self.env["mail.activity"].create({
            "res_model_id": self.env.ref("base.model_res_partner").id, "res_id": other.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "summary": "Merge call", "user_id": self.user_salesperson.id})
        message = other.message_post(body="Merge note")
        order = ticket = None
        if "sale.order" in self.env:
            order = self.env["sale.order"].create({"partner_id": other.id})
        if "customer.feedback" in self.env:
            ticket = self.env["customer.feedback"].create({
                "subject": "Merge complaint", "partner_id": other.id,
                "feedback_type": "complaint", "channel": "phone"})
        wizard = self._wizard(kept | other, self.user_data_admin)
        self._line(wizard, "city").partner_id = other
        self._line(wizard, "name").partner_id = kept
        wizard.sudo(self.user_data_admin).action_confirm()

        self.assertFalse(other.exists())
        self.assertEqual(kept.city, "Suzhou")  # chosen from the other
        self.assertEqual(kept.email, "sales@hd.example.com")  # kept's by default
        self.assertEqual(kept.tier_id, self.tier)  # the only value
        self.assertEqual(kept.name, "Huadong Merge Machinery Co., Ltd.")
        self.assertEqual(contact.parent_id, kept)
        self.assertEqual(interaction.partner_id, kept)
        self.assertEqual(lead.partner_id, kept)
        self.assertEqual(activity.res_id, kept.id)
        self.assertEqual(message.res_id, kept.id)
        if order:
            self.assertEqual(order.partner_id, kept)
        if ticket:
            self.assertEqual(ticket.partner_id, kept)
        # Former name and former code, both searchable.
        self.assertIn(other_name, kept.former_name_ids.mapped("name"))
        self.assertIn(other_code, kept.former_codes)
        Partner = self.env["res.partner"].sudo(self.user_manager)
        self.assertIn(kept.id, [row[0] for row in Partner.name_search(other_code)])
        self.assertIn(kept.id, [row[0] for row in Partner.name_search(
            "Merge Machinery Trading")])
        # The log.
        log = self.env["customer.merge.log"].search([("partner_id", "=", kept.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.user_data_admin)
        self.assertEqual(log.merged_ids, str(other.id))
        self.assertIn(other_name, log.merged_names)
        details = {item["field"]: item for item in json.loads(log.details)}
        self.assertEqual(details["city"]["chosen"], "Suzhou")
        self.assertEqual(details["city"]["discarded"], ["Shanghai"])
        self.assertEqual(details["email"]["discarded"], ["info@hd.example.com"])
        self.assertIn("Suzhou", log.sudo(self.user_manager).details_html)

    def test_three_customers_as_a_manager(self):
        """The least privileged role that merges; more than crm's 3 partners at once."""
        kept, other = self._pair()
        third = self.create_customer("Huadong Merge Machinery Sales Co., Ltd.", city="Wuxi")
        fourth = self.create_customer("Huadong Merge Machinery Service Co., Ltd.")
        wizard = self._wizard(kept | other | third | fourth, self.user_manager)
        wizard.sudo(self.user_manager).action_confirm()
        self.assertFalse((other | third | fourth).exists())
        self.assertEqual(kept.city, "Shanghai")
        self.assertEqual(len(kept.former_name_ids.filtered(
            lambda row: row.name.startswith("Huadong Merge Machinery "))), 3)
        log = self.env["customer.merge.log"].sudo(self.user_manager).search(
            [("partner_id", "=", kept.id)])
        self.assertEqual(len(log.merged_ids.split(", ")), 3)

    def test_from_duplicate_pair(self):
        kept, other = self._pair()
        pair = self.env["customer.duplicate.pair"].create({
            "partner_a_id": min((kept | other).ids), "partner_b_id": max((kept | other).ids),
            "reason": "name", "similarity": 0.8})
        action = pair.sudo(self.user_data_admin).action_merge_fields()
        wizard = self.Wizard.browse(action["res_id"])
        self.assertEqual(wizard.partner_ids, kept | other)
        self.assertEqual(wizard.dst_partner_id, kept)

    # ------------------------------------------------------------------ refusals

    def _assert_refused(self, partners, user, message, exception=UserError):
        before = self._counts()
        values = partners.sudo().read(["name", "city", "email"])
        with self.assertRaises(exception) as caught:
            self._wizard(partners, user)
        self.assertIn(message, str(caught.exception))
        self.assertEqual(self._counts(), before)
        self.assertEqual(partners.sudo().read(["name", "city", "email"]), values)

    def test_refuses_one_or_six_customers(self):
        kept, other = self._pair()
        self._assert_refused(kept, self.user_data_admin, "Select between 2 and 5 customers")
        more = kept | other
        for serial in range(4):
            more |= self.create_customer("Merge Extra %s Co., Ltd." % serial)
        self._assert_refused(more, self.user_data_admin, "(6 selected)")

    def test_refuses_different_companies(self):
        kept, other = self._pair()
        company = self.env["res.company"].create({
            "name": "Merge Other Company", "parent_id": self.env.user.company_id.id})
        other.company_id = company
        self._assert_refused(kept | other, self.user_data_admin,
                             "Customers of different companies cannot be merged")

    def test_refuses_different_registration_numbers(self):
        kept, other = self._pair(registration_number=make_uscc(12))
        self._assert_refused(kept | other, self.user_data_admin,
                             "different registration numbers (USCC)")

    def test_refuses_records_the_user_may_not_write(self):
        kept, other = self._pair()
        # A global rule (group rules add rights up, global ones restrict).
        rule = self.env["ir.rule"].create({
            "name": "Merge test: no write on one customer",
            "model_id": self.env.ref("base.model_res_partner").id,
            "domain_force": "[('id', '!=', %d)]" % other.id,
            "perm_read": False, "perm_create": False, "perm_unlink": False, "perm_write": True})
        self.assertTrue(rule)
        self._assert_refused(kept | other, self.user_manager, "You may not change the customers")

    def test_refuses_on_confirm_too(self):
        """A wizard opened before the registration numbers differed merges nothing."""
        kept, other = self._pair()
        wizard = self._wizard(kept | other, self.user_data_admin)
        other.registration_number = make_uscc(13)
        before = self._counts()
        with self.assertRaises(UserError) as caught:
            wizard.sudo(self.user_data_admin).action_confirm()
        self.assertIn("different registration numbers", str(caught.exception))
        self.assertEqual(self._counts(), before)
        self.assertTrue(other.exists())
        self.assertEqual(kept.city, "Shanghai")

    # ------------------------------------------------------------------ access

    def test_other_roles_refused(self):
        kept, other = self._pair()
        for role in ("service", "salesperson", "leader"):
            user = self.users[role]
            self._assert_refused(kept | other, user, "Only customer managers and data "
                                 "administrators may merge", AccessError)
            wizard = self.Wizard.create({
                "partner_ids": [(6, 0, (kept | other).ids)], "dst_partner_id": kept.id})
            before = self._counts()
            with self.assertRaises(AccessError):
                wizard.sudo(user).action_confirm()
            self.assertEqual(self._counts(), before)
        self.assertTrue(other.exists())

    def test_log_readable_by_managers_only(self):
        kept, other = self._pair()
        self._wizard(kept | other, self.user_data_admin).sudo(
            self.user_data_admin).action_confirm()
        Log = self.env["customer.merge.log"]
        self.assertEqual(Log.sudo(self.user_manager).search_count(
            [("partner_id", "=", kept.id)]), 1)
        self.assertEqual(Log.sudo(self.user_data_admin).search_count(
            [("partner_id", "=", kept.id)]), 1)
        for role in ("service", "salesperson", "leader"):
            with self.assertRaises(AccessError):
                Log.sudo(self.users[role]).search([])
        with self.assertRaises(AccessError):
            Log.sudo(self.user_data_admin).create({"user_id": self.user_data_admin.id})
