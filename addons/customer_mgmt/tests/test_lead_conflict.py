"""Lead conflict check (撞单): leads compared with customers and other open leads on create,
edit and conversion; warn or block; only the holder of what one cannot read is told."""
import json

from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.crm_lead import LEAD_CONFLICT_PARAM
from ..models.customer_duplicate_mixin import company_duplicate_key
from .common import PoolCase

HELD_NAME = "Jinqiao Precision Machinery Co., Ltd."
HELD_PHONE = "+86 21 5080 1234"
HELD_EMAIL = "sales@jinqiao-machinery.example.com"
CLAIMED_ON = "2026-10-01 08:00:00"


class LeadConflictCase(PoolCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.company_id.country_id = cls.env.ref("base.cn")
        cls.Lead = cls.env["crm.lead"]
        cls.env["ir.config_parameter"].sudo().set_param(LEAD_CONFLICT_PARAM, "warn")
        cls.user_hd_leader = cls.create_user(
            "hd_leader", ["customer_mgmt.group_customer_team_leader"], name="王强")
        cls.team_hd = cls.env["crm.team"].create(
            {"name": "华东一组", "user_id": cls.user_hd_leader.id})
        cls.user_holder = cls.create_user(
            "holder", ["customer_mgmt.group_customer_salesperson"], name="李娜",
            sale_team_id=cls.team_hd.id)
        cls.user_hd_leader.sale_team_id = cls.team_hd
        cls.held = cls.create_customer(
            HELD_NAME, user_id=cls.user_holder.id, team_id=cls.team_hd.id, phone=HELD_PHONE,
            email=HELD_EMAIL)
        cls.held.write({"pool_claim_date": CLAIMED_ON})
        cls.held_contact = cls.create_contact(cls.held, "Qian Jin", mobile="+86 139 1234 5678")
        cls.secrets = [HELD_NAME, "Jinqiao", "5080", "jinqiao-machinery", "Qian Jin",
                       cls.held.customer_code or "NO-CODE"]
        cls.pool_customer = cls.in_pool(cls, "Haina Pool Trading Co., Ltd.",
                                        phone="+86 10 6552 1111")
        cls.own = cls.create_customer("Own Lantern Trading Co., Ltd.",
                                      user_id=cls.user_salesperson.id, phone="+86 10 6552 2222")
        cls.holder_lead = cls.Lead.create({
            "name": "Dongfang optics deal", "partner_name": "Dongfang Optics Co., Ltd.",
            "email_from": "buyer@dongfang-optics.example.com", "user_id": cls.user_holder.id,
            "team_id": cls.team_hd.id, "date_open": "2026-09-15 09:00:00"})
        cls.lead_secrets = ["Dongfang", "dongfang-optics", "optics deal"]

    def set_mode(self, mode):
        self.env["ir.config_parameter"].sudo().set_param(LEAD_CONFLICT_PARAM, mode)

    def lead_count(self):
        return self.Lead.sudo().with_context(active_test=False).search_count([])

    def assert_no_secret(self, text, secrets, typed=()):
        for value in typed:
            text = text.replace(value, "")
        for secret in secrets:
            self.assertNotIn(secret, text)

    def notes(self, lead):
        return " ".join(self.env["mail.message"].search(
            [("model", "=", "crm.lead"), ("res_id", "=", lead.id)]).mapped("body"))

    def onchange(self, user, values, field="phone", record=None):
        """The form's onchange as the web client sends it, every compared field in the spec."""
        values = dict({"name": "Form deal", "type": "lead", "partner_name": False,
                       "contact_name": False, "phone": False, "mobile": False,
                       "email_from": False, "registration_number": False, "country_id": False,
                       "partner_id": False, "conflict_partner_ids": [], "conflict_lead_ids": [],
                       "conflict_hidden_note": False}, **values)
        leads = record.sudo(user) if record else self.Lead.sudo(user)
        spec = {name: "1" for name in ("partner_name", "contact_name", "phone", "mobile",
                                        "email_from", "registration_number", "country_id",
                                        "partner_id")}
        spec.update({"conflict_partner_ids": "", "conflict_partner_ids.display_name": "",
                     "conflict_lead_ids": "", "conflict_lead_ids.name": "",
                     "conflict_hidden_note": ""})
        return leads.onchange(values, field, spec)


class TestLeadConflictKeys(LeadConflictCase):

    def test_keys_are_stored_and_indexed(self):
        lead = self.Lead.create({"name": "Keys deal", "partner_name": "Jinqiao Precision "
                                 "Machinery Ltd.", "phone": "021-5080-1234",
                                 "email_from": "Li <SALES@Jinqiao-Machinery.example.com>"})
        self.assertEqual(lead.conflict_company_key, company_duplicate_key(HELD_NAME))
        self.assertEqual(lead.conflict_phone_key, self.held.phone_key)
        self.assertEqual(lead.conflict_email_key, HELD_EMAIL)
        self.env.cr.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'crm_lead'")
        indexes = " ".join(row[0] for row in self.env.cr.fetchall())
        for column in ("conflict_company_key", "conflict_phone_key", "conflict_mobile_key",
                       "conflict_email_key", "registration_number"):
            self.assertIn("(%s)" % column, indexes)

    def test_keys_are_system_written(self):
        lead = self.Lead.sudo(self.user_salesperson).create({"name": "Own deal"})
        with self.assertRaises(AccessError):
            lead.write({"conflict_phone_key": "+862150801234"})
        self.assertFalse(lead.conflict_phone_key)

    def test_invalid_registration_number_refused(self):
        count = self.lead_count()
        with self.assertRaisesRegex(ValidationError, '"911100006000373410" is not valid'):
            self.Lead.sudo(self.user_salesperson).create(
                {"name": "USCC deal", "registration_number": "911100006000373410"})
        self.assertEqual(self.lead_count(), count)


class TestLeadConflictWarn(LeadConflictCase):

    def test_salesperson_creates_with_a_note_naming_only_the_holder(self):
        lead = self.Lead.sudo(self.user_salesperson).create(
            {"name": "Phone deal", "partner_name": "Some Buyer Co., Ltd.",
             "phone": "021 5080 1234"})
        notes = self.notes(lead)
        self.assertIn("Possible lead conflict", notes)
        self.assertIn("held by 李娜, 华东一组, since 2026-10-01", notes)
        self.assert_no_secret(notes, self.secrets, typed=["021 5080 1234"])
        # The form shows nothing more of it than its holder.
        lead = lead.sudo(self.user_salesperson)
        self.assertFalse(lead.conflict_partner_ids)
        self.assertIn("held by 李娜, 华东一组, since 2026-10-01", lead.conflict_hidden_note)
        self.assert_no_secret(lead.conflict_hidden_note, self.secrets, typed=["021 5080 1234"])

    def test_onchange_warns_and_leaks_nothing_hidden(self):
        result = self.onchange(self.user_salesperson, {
            "partner_name": "Jinqiao Precision Machinery Ltd", "phone": "021 5080 1234"})
        message = result["warning"]["message"]
        self.assertIn("This lead may already be worked", message)
        self.assertIn("held by 李娜, 华东一组, since 2026-10-01", message)
        self.assertIn('Phone "021 5080 1234"', message)
        self.assertIn('Company Name "Jinqiao Precision Machinery Ltd"', message)
        dump = json.dumps(result, ensure_ascii=False)
        self.assert_no_secret(dump, self.secrets + [self.held_contact.mobile],
                              typed=["Jinqiao Precision Machinery Ltd", "021 5080 1234"])
        self.assertNotIn(self.held.id, self.ids_of(result["value"].get("conflict_partner_ids")))

    @staticmethod
    def ids_of(commands):
        ids = set()
        for command in commands or []:
            if command[0] == 6:
                ids |= set(command[2])
            elif command[0] in (1, 4):
                ids.add(command[1])
        return ids

    def test_contact_of_a_held_customer_matches_its_account(self):
        result = self.onchange(self.user_salesperson, {"mobile": "13912345678"}, "mobile")
        self.assertIn("held by 李娜", result["warning"]["message"])
        self.assertNotIn("Qian Jin", json.dumps(result, ensure_ascii=False))

    def test_readable_matches_are_named_and_listed(self):
        result = self.onchange(self.user_salesperson, {"phone": "010 6552 2222"})
        self.assertIn(self.own.name, result["warning"]["message"])
        self.assertEqual(self.ids_of(result["value"]["conflict_partner_ids"]), {self.own.id})
        # A pool customer of a pool serving the salesperson: named, listed, claimable.
        result = self.onchange(self.user_salesperson, {"phone": "010 6552 1111"})
        self.assertIn(self.pool_customer.name, result["warning"]["message"])
        self.assertIn("in the pool", result["warning"]["message"])
        self.assertEqual(self.ids_of(result["value"]["conflict_partner_ids"]),
                         {self.pool_customer.id})
        lead = self.Lead.sudo(self.user_salesperson).create(
            {"name": "Pool deal", "phone": "010 6552 1111"})
        self.assertEqual(lead.conflict_partner_ids, self.pool_customer)
        self.assertTrue(lead.conflict_partner_ids.is_in_pool)
        lead.conflict_partner_ids.action_claim()
        self.assertEqual(self.pool_customer.user_id, self.user_salesperson)

    def test_leader_of_the_holder_reads_the_match(self):
        result = self.onchange(self.user_hd_leader, {"phone": "021 5080 1234"})
        self.assertIn(HELD_NAME, result["warning"]["message"])
        self.assertIn(self.held.id, self.ids_of(result["value"]["conflict_partner_ids"]))

    def test_lead_against_lead(self):
        values = {"email_from": "Buyer@Dongfang-Optics.example.com"}
        result = self.onchange(self.user_salesperson, values, "email_from")
        message = result["warning"]["message"]
        self.assertIn("A lead with the same", message)
        self.assertIn("held by 李娜, 华东一组, since 2026-09-15", message)
        self.assert_no_secret(json.dumps(result, ensure_ascii=False), self.lead_secrets,
                              typed=["Buyer@Dongfang-Optics.example.com"])
        self.assertFalse(self.ids_of(result["value"].get("conflict_lead_ids")))
        # An unassigned lead is readable: listed and named.
        free = self.Lead.create({"name": "Free optics deal", "user_id": False,
                                 "email_from": "free@optic.example.com"})
        result = self.onchange(self.user_salesperson, {"email_from": "free@optic.example.com"},
                               "email_from")
        self.assertEqual(self.ids_of(result["value"]["conflict_lead_ids"]), {free.id})
        self.assertIn("Free optics deal", result["warning"]["message"])

    def test_own_customer_linked_is_no_match(self):
        lead = self.Lead.sudo(self.user_salesperson).create({
            "name": "Own repeat deal", "partner_id": self.own.id, "partner_name": self.own.name,
            "phone": self.own.phone})
        self.assertFalse(lead.conflict_partner_ids)
        self.assertNotIn("Possible lead conflict", self.notes(lead))

    def test_service_cannot_create_leads(self):
        count = self.lead_count()
        with self.assertRaises(AccessError):
            self.Lead.sudo(self.user_service).create({"name": "Service deal",
                                                      "phone": "021 5080 1234"})
        self.assertEqual(self.lead_count(), count)


class TestLeadConflictBlock(LeadConflictCase):

    def setUp(self):
        super().setUp()
        self.set_mode("block")

    def test_create_refused_naming_field_and_value(self):
        count = self.lead_count()
        with self.assertRaises(ValidationError) as error:
            self.Lead.sudo(self.user_salesperson).create(
                {"name": "Blocked deal", "partner_name": "Other Buyer Co., Ltd.",
                 "phone": "021 5080 1234"})
        message = error.exception.name
        self.assertIn("Lead Conflict Check: Block", message)
        self.assertIn('Phone "021 5080 1234"', message)
        self.assertIn("held by 李娜, 华东一组, since 2026-10-01", message)
        self.assert_no_secret(message, self.secrets, typed=["021 5080 1234"])
        self.assertEqual(self.lead_count(), count)

    def test_edit_refused_and_nothing_saved(self):
        lead = self.Lead.sudo(self.user_salesperson).create({"name": "Clean deal"})
        with self.assertRaises(ValidationError) as error:
            lead.write({"email_from": "buyer@dongfang-optics.example.com"})
        self.assertIn('E-mail "buyer@dongfang-optics.example.com"', error.exception.name)
        self.assertIn("held by 李娜", error.exception.name)
        lead.invalidate_cache()
        self.assertFalse(lead.email_from)
        # Unrelated edits of a lead are not checked again.
        lead.write({"description": "Called back"})

    def test_own_matches_do_not_block(self):
        lead = self.Lead.sudo(self.user_salesperson).create(
            {"name": "Own phone deal", "phone": "010 6552 2222"})
        self.assertEqual(lead.conflict_partner_ids, self.own)

    def test_leader_and_manager_are_refused_too_unless_linked(self):
        for user in (self.user_hd_leader, self.user_manager):
            with self.assertRaises(ValidationError) as error:
                self.Lead.sudo(user).create({"name": "Team deal", "phone": "021 5080 1234"})
            # They read the customer: it is named.
            self.assertIn(HELD_NAME, error.exception.name)
            lead = self.Lead.sudo(user).create({
                "name": "Team deal", "phone": "021 5080 1234", "partner_id": self.held.id})
            self.assertEqual(lead.partner_id, self.held)

    def test_lead_of_the_holder_is_no_conflict(self):
        # The match is the lead salesperson's own (here the creator, by default).
        lead = self.Lead.sudo(self.user_holder).create(
            {"name": "For the holder", "phone": "021 5080 1234"})
        self.assertEqual(lead.user_id, self.user_holder)
        self.assertNotIn("Possible lead conflict", self.notes(lead))
        # A manager creating the lead for its holder (who reads all leads in crm).
        self.user_manager.groups_id |= self.env.ref("sales_team.group_sale_salesman_all_leads")
        lead = self.Lead.sudo(self.user_manager).create(
            {"name": "For the holder", "phone": "021 5080 1234", "user_id": self.user_holder.id})
        self.assertEqual(lead.user_id, self.user_holder)

    def test_merging_leads_is_no_conflict(self):
        Lead = self.Lead.sudo(self.user_manager)
        first = Lead.create(
            {"type": "lead", "name": "Merge one", "email_from": "m@merge.example.com"})
        second = self.Lead.create({"type": "lead", "name": "Merge two", "user_id": False,
                                   "phone": "010 6552 9090"})
        kept = (first | second.sudo(self.user_manager)).merge_opportunity()
        self.assertEqual(kept.sudo().phone, "010 6552 9090")
        self.assertEqual(kept.sudo().email_from, "m@merge.example.com")

    def test_pool_match_claimed_then_saved(self):
        Lead = self.Lead.sudo(self.user_salesperson)
        with self.assertRaises(ValidationError) as error:
            Lead.create({"name": "Pool deal", "phone": "010 6552 1111"})
        self.assertIn("in the pool", error.exception.name)
        self.pool_customer.sudo(self.user_salesperson).action_claim()
        lead = Lead.create({"name": "Pool deal", "phone": "010 6552 1111"})
        self.assertEqual(lead.conflict_partner_ids, self.pool_customer)


class TestLeadConversion(LeadConflictCase):

    def convert(self, user, lead, action, partner=None):
        wizard = self.env["crm.lead2opportunity.partner"].sudo(user).with_context(
            active_model="crm.lead", active_id=lead.id, active_ids=lead.ids).create({
                "name": "convert", "action": action, "user_id": user.id,
                "partner_id": partner.id if partner else False})
        return wizard.action_apply()

    def test_salesperson_refused_onto_a_held_customer(self):
        lead = self.Lead.sudo(self.user_salesperson).create(
            {"type": "lead", "name": "Convert deal"})
        partners = self.env["res.partner"].sudo().search_count([])
        with self.assertRaises(UserError) as error:
            lead.handle_partner_assignation(action="exist", partner_id=self.held_contact.id)
        message = error.exception.name
        self.assertIn("held by 李娜, 华东一组, since 2026-10-01", message)
        self.assertIn("Only its salesperson", message)
        self.assert_no_secret(message, self.secrets)
        with self.assertRaises(UserError):
            lead.convert_opportunity(self.held.id)
        lead.invalidate_cache()
        self.assertFalse(lead.sudo().partner_id)
        self.assertEqual(lead.sudo().type, "lead")
        self.assertEqual(self.env["res.partner"].sudo().search_count([]), partners)

    def test_holder_leader_and_manager_convert_onto_it(self):
        for user in (self.user_holder, self.user_hd_leader, self.user_manager):
            lead = self.Lead.sudo(user).create(
                {"type": "lead", "name": "Team convert", "user_id": user.id})
            self.convert(user, lead, "exist", self.held)
            self.assertEqual(lead.sudo().partner_id, self.held)
            self.assertEqual(lead.sudo().type, "opportunity")

    def test_odoo_sales_manager_converts_onto_any_customer(self):
        """Odoo's Sales / Manager (all leads) needs no customer role to work a lead onto a
        pool customer or a held one, as in Odoo's own conversion."""
        sales_manager = self.create_user("odoo_sales_manager", ["sales_team.group_sale_manager"])
        for partner in (self.pool_customer, self.held):
            lead = self.Lead.sudo(sales_manager).create(
                {"type": "lead", "name": "Sales manager convert"})
            lead.convert_opportunity(partner.id)
            self.assertEqual(lead.sudo().partner_id, partner)
            self.assertEqual(lead.sudo().type, "opportunity")

    def test_leader_of_another_team_refused(self):
        lead = self.Lead.sudo(self.user_leader).create({"type": "lead", "name": "East convert"})
        with self.assertRaises(UserError) as error:
            lead.handle_partner_assignation(action="exist", partner_id=self.held.id)
        self.assertIn("held by 李娜", error.exception.name)

    def test_pool_customer_claimed_first(self):
        lead = self.Lead.sudo(self.user_salesperson).create(
            {"type": "lead", "name": "Pool convert", "partner_id": self.pool_customer.id})
        with self.assertRaises(UserError) as error:
            self.convert(self.user_salesperson, lead, "exist", self.pool_customer)
        self.assertIn("can be claimed", error.exception.name)
        self.assertIn("Claim it first", error.exception.name)
        self.assertEqual(lead.sudo().type, "lead")
        self.pool_customer.sudo(self.user_salesperson).action_claim()
        self.convert(self.user_salesperson, lead, "exist", self.pool_customer)
        self.assertEqual(lead.sudo().type, "opportunity")

    def test_new_customer_from_a_conflicting_lead(self):
        lead = self.Lead.sudo(self.user_salesperson).create({
            "type": "lead", "name": "New customer deal",
            "partner_name": "Jinqiao Precision Machinery Ltd",
            "contact_name": "Zhou Li", "phone": "021 5080 1234"})
        partners = self.env["res.partner"].sudo().search_count([])
        self.set_mode("block")
        with self.assertRaises(ValidationError) as error:
            self.convert(self.user_salesperson, lead, "create")
        self.assertIn("held by 李娜", error.exception.name)
        self.assertEqual(self.env["res.partner"].sudo().search_count([]), partners)
        self.assertEqual(lead.sudo().type, "lead")
        # Warn: the customer is created and flagged for the data administrators.
        self.set_mode("warn")
        self.convert(self.user_salesperson, lead, "create")
        company = lead.sudo().partner_id.commercial_partner_id
        self.assertEqual(company.name, "Jinqiao Precision Machinery Ltd")
        self.assertTrue(company.possible_duplicate)
        self.assertEqual(company.user_id, self.user_salesperson)

    def test_registration_number_goes_to_the_new_customer(self):
        lead = self.Lead.sudo(self.user_salesperson).create({
            "type": "lead", "name": "USCC deal", "partner_name": "Zhongke Lighting Co., Ltd.",
            "registration_number": "9111 0000 6000 3734 1l"})
        self.assertEqual(lead.registration_number, "91110000600037341L")
        self.convert(self.user_salesperson, lead, "create")
        self.assertEqual(lead.sudo().partner_id.commercial_partner_id.registration_number,
                         "91110000600037341L")


class TestApprovalRequest(LeadConflictCase):

    def test_holder_asked_once_by_an_activity_on_the_customer(self):
        lead = self.Lead.sudo(self.user_salesperson).create(
            {"type": "lead", "name": "Ask deal", "phone": "021 5080 1234"})
        self.assertTrue(lead.action_request_conflict_approval())
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.held.id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_holder)
        self.assertIn(self.user_salesperson.name, activities.summary)
        self.assertIn("Ask deal", activities.summary)
        self.assertIn("Approval to work this lead asked of 李娜", self.notes(lead))
        # Asking again adds nothing; the requester still reads nothing of the customer.
        lead.action_request_conflict_approval()
        self.assertEqual(self.env["mail.activity"].search_count(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.held.id)]), 1)
        self.assert_no_secret(self.notes(lead), self.secrets, typed=["021 5080 1234"])

    def test_nobody_to_ask(self):
        lead = self.Lead.sudo(self.user_salesperson).create({"type": "lead", "name": "Free deal"})
        with self.assertRaisesRegex(UserError, "nobody to ask"):
            lead.action_request_conflict_approval()
        self.assertFalse(self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.held.id)]))

    def test_only_who_edits_the_lead_asks(self):
        lead = self.Lead.sudo(self.user_salesperson).create(
            {"type": "lead", "name": "Ask deal", "phone": "021 5080 1234"})
        with self.assertRaises(AccessError):
            lead.sudo(self.user_other).action_request_conflict_approval()
        with self.assertRaises(AccessError):
            lead.sudo(self.user_service).action_request_conflict_approval()
        self.assertFalse(self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.held.id)]))


class TestCustomerFormHolders(LeadConflictCase):

    def test_customer_form_says_who_holds_the_hidden_match(self):
        record = self.env["res.partner"].sudo(self.user_salesperson).new(
            {"name": "Someone Co., Ltd.", "is_company": True, "customer": True,
             "phone": "021 5080 1234"})
        message = record._onchange_duplicate_warning()["warning"]["message"]
        self.assertIn("that you cannot see", message)
        self.assertIn("held by 李娜, 华东一组, since 2026-10-01", message)
        self.assertIn("held by 李娜", record.duplicate_hidden_note)
        self.assert_no_secret(message + record.duplicate_hidden_note, self.secrets,
                              typed=["021 5080 1234"])
