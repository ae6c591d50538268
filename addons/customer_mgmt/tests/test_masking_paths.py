"""Masking (脱敏) on the remaining paths of issue 15: values an onchange copies from a customer,
a lead's own phone and e-mail, fragment searches and the notes the system writes."""
from .common import PoolCase
from .test_masking import EMAIL, EMAIL_MASKED, MOBILE, MOBILE_MASKED, PHONE, PHONE_MASKED

LEAD_FIELDS = ["phone", "mobile", "email_from"]


class MaskPathsCase(PoolCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.company_id.country_id = cls.env.ref("base.cn")
        cls.Partner = cls.env["res.partner"]
        cls.Lead = cls.env["crm.lead"]
        contact_data = {"phone": PHONE, "mobile": MOBILE, "email": EMAIL}
        cls.pool_customer = cls.in_pool(cls, "Paths Pool Trading Co., Ltd.", **contact_data)
        cls.claimed = cls.create_customer("Paths Held Trading Co., Ltd.",
                                          user_id=cls.user_salesperson.id, **contact_data)
        cls.other = cls.create_customer("Paths Other Trading Co., Ltd.",
                                        user_id=cls.user_other.id, **contact_data)
        # A customer manager who reads every lead (crm's own rule limits salespeople).
        cls.user_lead_manager = cls.create_user("paths_lead_manager", [
            "customer_mgmt.group_customer_manager",
            "sales_team.group_sale_salesman_all_leads"])

    def partners(self, user):
        return self.Partner.sudo(user)

    def notes(self, record):
        return " ".join(self.env["mail.message"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)]).mapped("body"))


class TestLeadOnchangeMasked(MaskPathsCase):
    """crm's partner onchange copies the customer's phone, mobile and e-mail into the lead."""

    def onchange(self, user, partner):
        values = {"name": "Paths deal", "type": "lead", "partner_id": partner.id,
                  "partner_name": False, "contact_name": False, "phone": False,
                  "mobile": False, "email_from": False, "country_id": False,
                  "user_id": user.id}
        spec = {name: "1" for name in values if name not in ("name", "type")}
        return self.Lead.sudo(user).onchange(values, "partner_id", spec)

    def test_salesperson_gets_a_pool_customers_values_masked(self):
        value = self.onchange(self.user_salesperson, self.pool_customer)["value"]
        self.assertEqual((value["phone"], value["mobile"], value["email_from"]),
                         (PHONE_MASKED, MOBILE_MASKED, EMAIL_MASKED))
        self.assertEqual(value["partner_name"], "Paths Pool Trading Co., Ltd.")
        self.assertNotIn("1234 5678", str(value))

    def test_own_customer_and_manager_get_real_values(self):
        value = self.onchange(self.user_salesperson, self.claimed)["value"]
        self.assertEqual(value["phone"], self.claimed.phone)
        self.assertEqual(value["email_from"], EMAIL)
        value = self.onchange(self.user_manager, self.pool_customer)["value"]
        self.assertEqual((value["phone"], value["mobile"], value["email_from"]),
                         (self.pool_customer.phone, self.pool_customer.mobile, EMAIL))

    def test_form_saved_with_the_masked_values_keeps_the_real_ones(self):
        value = self.onchange(self.user_salesperson, self.pool_customer)["value"]
        lead = self.Lead.sudo(self.user_salesperson).create({
            "name": "Paths saved deal", "partner_id": self.pool_customer.id,
            "user_id": self.user_salesperson.id, "phone": value["phone"],
            "mobile": value["mobile"], "email_from": value["email_from"]})
        real = self.Lead.browse(lead.id)
        self.assertEqual((real.phone, real.mobile, real.email_from),
                         (self.pool_customer.phone, self.pool_customer.mobile, EMAIL))
        # A number typed over the mask is saved as typed.
        lead.write({"partner_id": self.pool_customer.id, "phone": "13800001111"})
        self.assertEqual(real.phone, "13800001111")


class TestLeadFieldsMasked(MaskPathsCase):
    """The lead's own phone, mobile and e-mail are masked as its customer's are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.Lead.create({
            "name": "Paths pool deal", "partner_id": cls.pool_customer.id,
            "user_id": cls.user_salesperson.id, "phone": PHONE, "mobile": MOBILE,
            "email_from": EMAIL})
        cls.own_lead = cls.Lead.create({
            "name": "Paths own deal", "partner_id": cls.claimed.id,
            "user_id": cls.user_salesperson.id, "phone": PHONE, "email_from": EMAIL})

    def as_user(self, user, leads):
        return self.Lead.sudo(user).browse(leads.ids)

    def test_read_search_read_and_export_masked(self):
        leads = self.as_user(self.user_salesperson, self.lead)
        row = leads.read(LEAD_FIELDS)[0]
        self.assertEqual((row["phone"], row["mobile"], row["email_from"]),
                         (PHONE_MASKED, MOBILE_MASKED, EMAIL_MASKED))
        rows = self.Lead.sudo(self.user_salesperson).search_read(
            [("id", "in", (self.lead | self.own_lead).ids)], LEAD_FIELDS)
        by_id = {row["id"]: row for row in rows}
        self.assertEqual(by_id[self.lead.id]["email_from"], EMAIL_MASKED)
        self.assertEqual(by_id[self.own_lead.id]["phone"], PHONE)
        self.assertEqual(by_id[self.own_lead.id]["email_from"], EMAIL)
        datas = self.as_user(self.user_salesperson, self.lead | self.own_lead).export_data(
            ["name", "phone", "email_from"])["datas"]
        self.assertEqual(sorted(datas), sorted([
            ["Paths pool deal", PHONE_MASKED, EMAIL_MASKED],
            ["Paths own deal", PHONE, EMAIL]]))

    def test_manager_reads_real_values(self):
        row = self.as_user(self.user_lead_manager, self.lead).read(LEAD_FIELDS)[0]
        self.assertEqual((row["phone"], row["mobile"], row["email_from"]),
                         (PHONE, MOBILE, EMAIL))
        datas = self.as_user(self.user_lead_manager, self.lead).export_data(["phone"])["datas"]
        self.assertEqual(datas, [[PHONE]])

    def test_claimed_customer_unmasks_its_leads(self):
        self.partners(self.user_salesperson).browse(self.pool_customer.id).action_claim()
        row = self.as_user(self.user_salesperson, self.lead).read(LEAD_FIELDS)[0]
        self.assertEqual(row["phone"], PHONE)

    def test_masked_value_written_back_keeps_the_real_one(self):
        lead = self.as_user(self.user_salesperson, self.lead)
        lead.write({"phone": PHONE_MASKED, "email_from": EMAIL_MASKED,
                    "description": "Called back"})
        self.assertEqual((self.lead.phone, self.lead.email_from), (PHONE, EMAIL))
        self.assertEqual(self.lead.description, "Called back")
        # A new value is written as usual.
        lead.write({"mobile": "13700001111"})
        self.assertEqual(self.lead.mobile, "13700001111")


class TestFragmentSearch(MaskPathsCase):
    """A fragment of a masked number or address finds nothing; the whole one still does."""

    def test_salesperson_phone_fragment_skips_masked_customers(self):
        Partner = self.partners(self.user_salesperson)
        found = Partner.search([("phone", "ilike", "138 1234")])
        self.assertIn(self.claimed, found)
        self.assertNotIn(self.pool_customer, found)
        self.assertNotIn(self.pool_customer, Partner.search([("phone_key", "ilike", "1381234")]))
        self.assertNotIn(self.pool_customer, Partner.search([("mobile", "like", "8765")]))
        count = Partner.search_count([("phone", "ilike", "138 1234"),
                                      ("id", "=", self.pool_customer.id)])
        self.assertEqual(count, 0)
        groups = Partner.read_group([("phone", "ilike", "138 1234"),
                                     ("id", "=", self.pool_customer.id)],
                                    ["user_id"], ["user_id"])
        self.assertEqual(sum(group["user_id_count"] for group in groups), 0)
        # A negated fragment does not tell either.
        self.assertNotIn(self.pool_customer, Partner.search(
            [("phone", "not ilike", "999 9999"), ("id", "=", self.pool_customer.id)]))

    def test_client_context_does_not_skip_the_rewrite(self):
        """The marker of the internal unmasked search cannot be sent by a client."""
        Partner = self.partners(self.user_salesperson).with_context(
            customer_mgmt_mask_raw_search=True)
        self.assertNotIn(self.pool_customer, Partner.search([("phone", "ilike", "138 1234")]))

    def test_salesperson_whole_number_still_finds_masked_customer(self):
        Partner = self.partners(self.user_salesperson)
        for number in ("+86 138 1234 5678", "138 1234 5678"):
            found = Partner.search([("phone", "ilike", number)])
            self.assertIn(self.pool_customer, found, number)
            self.assertIn(self.claimed, found, number)
        self.assertIn(self.pool_customer, Partner.search([("email", "ilike", "Zhang@Example.com")]))

    def test_salesperson_email_fragment_and_name_search(self):
        Partner = self.partners(self.user_salesperson)
        found = Partner.search([("email", "ilike", "zhang@exa")])
        self.assertIn(self.claimed, found)
        self.assertNotIn(self.pool_customer, found)
        ids = [row[0] for row in Partner.name_search("zhang@exa", limit=None)]
        self.assertIn(self.claimed.id, ids)
        self.assertNotIn(self.pool_customer.id, ids)
        # By its name, its whole e-mail or its whole number it is found.
        self.assertIn(self.pool_customer.id,
                      [row[0] for row in Partner.name_search("Paths Pool Trading")])
        self.assertIn(self.pool_customer.id, [row[0] for row in Partner.name_search(EMAIL)])
        self.assertIn(self.pool_customer.id,
                      [row[0] for row in Partner.name_search("138 1234 5678")])

    def test_service_fragment_skips_masked_phones_only(self):
        Partner = self.partners(self.user_service)
        self.assertNotIn(self.other, Partner.search([("phone", "ilike", "138 1234")]))
        # E-mails are not masked for customer service.
        self.assertIn(self.other, Partner.search([("email", "ilike", "zhang@exa")]))
        self.assertIn(self.other, Partner.search([("phone", "ilike", "138 1234 5678")]))

    def test_manager_fragment_finds_all(self):
        Partner = self.partners(self.user_manager)
        found = Partner.search([("phone", "ilike", "138 1234")])
        self.assertTrue((self.pool_customer | self.claimed | self.other) <= found)
        ids = [row[0] for row in Partner.name_search("zhang@exa", limit=None)]
        self.assertIn(self.pool_customer.id, ids)

    def test_path_from_a_lead(self):
        lead = self.Lead.create({"name": "Paths path deal", "partner_id": self.pool_customer.id,
                                 "user_id": self.user_salesperson.id})
        Lead = self.Lead.sudo(self.user_salesperson)
        self.assertNotIn(lead, Lead.search([("partner_id.phone", "ilike", "138 1234")]))
        self.assertIn(lead, Lead.search([("partner_id.phone", "ilike", "138 1234 5678")]))
        self.assertIn(lead, self.Lead.sudo(self.user_lead_manager).search(
            [("partner_id.phone", "ilike", "138 1234")]))


class TestSystemNotesMasked(MaskPathsCase):
    """Notes the system writes hold numbers and addresses masked, for every reader."""

    def test_contact_change_note_on_company(self):
        contact = self.create_contact(self.claimed, "Wang Paths", mobile=MOBILE)
        contact.sudo(self.user_manager).write({"mobile": "13711112222",
                                               "email": "wang@example.com"})
        notes = self.notes(self.claimed)
        self.assertIn("Contact Wang Paths", notes)
        self.assertIn("139****4321 → 137****2222", notes)
        self.assertIn("w***@example.com", notes)
        for secret in ("8765 4321", "1111 2222", "wang@example.com"):
            self.assertNotIn(secret, notes)
        # The record itself keeps the real values for those who see them.
        self.assertEqual(contact.sudo(self.user_manager).read(["mobile"])[0]["mobile"],
                         "+86 137 1111 2222")

    def test_lead_conflict_note(self):
        lead = self.Lead.sudo(self.user_salesperson).create(
            {"name": "Paths conflict deal", "partner_name": "Some Buyer Co., Ltd.",
             "phone": "139 8765 4321"})
        notes = self.notes(lead)
        self.assertIn("Possible lead conflict", notes)
        self.assertIn("139****4321", notes)
        self.assertNotIn("8765 4321", notes)

    def test_change_request_notes(self):
        self.env["customer.change.approval.rule"].sudo().create({
            "name": "Paths phone", "field_id": self.env["ir.model.fields"]._get(
                "res.partner", "phone").id,
            "group_ids": [(6, 0, self.env.ref("customer_mgmt.group_customer_salesperson").ids)]})
        self.partners(self.user_salesperson).browse(self.claimed.id).write(
            {"phone": "13811112222"})
        self.assertEqual(self.claimed.phone, "+86 138 1234 5678")
        notes = self.notes(self.claimed)
        self.assertIn("Pending change", notes)
        self.assertIn("138****5678", notes)
        self.assertIn("138****2222", notes)
        self.assertNotIn("1111 2222", notes)
