"""What a salesperson sees of another salesperson's customer through documents they may read.

Policy (readme/CONFIGURE.rst, "What users see of customers they cannot read"): a document
the user may read (their lead, sale order, a message on it) shows the linked customer's
display name, as in standard Odoo, and nothing else; opening the customer is refused.
"""
from odoo.exceptions import AccessError

from .common import CustomerCase


class TestAccessSideDoors(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user(
            "side_other", ["customer_mgmt.group_customer_salesperson"])
        cls.own = cls.create_customer(
            "Own Side Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.other = cls.create_customer(
            "Hidden Kappa Trading Co., Ltd.", user_id=cls.user_other.id,
            phone="+86 571 8888 1234", email="info@kappa.example.com", street="1 Secret Road",
            city="Hangzhou", comment="Pays late")
        cls.other_contact = cls.create_contact(
            cls.other, "Qian Kappa", email="qian@kappa.example.com",
            mobile="+86 138 0013 8000")
        # The salesperson's own lead on that customer, e.g. left from before a handover.
        cls.lead = cls.env["crm.lead"].create({
            "name": "Kappa renewal", "type": "opportunity", "user_id": cls.user_salesperson.id,
            "partner_id": cls.other_contact.id})

    def _as(self, user, record):
        return record.sudo(user)

    def test_own_lead_shows_the_hidden_customer_name_only(self):
        lead = self._as(self.user_salesperson, self.lead)
        value = lead.read(["partner_id"])[0]["partner_id"]
        self.assertEqual(value, (self.other_contact.id, self.other_contact.display_name))
        self.assertEqual(value[1], "Hidden Kappa Trading Co., Ltd., Qian Kappa")
        # The name's context options cannot extract the address or the e-mail: res.partner's
        # display name is stored, so the superuser's name_get does not run with them.
        for context in ({"show_address": 1}, {"show_email": 1},
                        {"show_address_only": 1, "show_email": 1}):
            shown = lead.with_context(**context).read(["partner_id"])[0]["partner_id"][1]
            self.assertEqual(shown, self.other_contact.display_name, context)
            self.assertNotIn("Secret", shown)
            self.assertNotIn("@", shown)

    def test_own_lead_related_fields_do_not_leak_contact_data(self):
        fields = ["partner_address_name", "partner_address_email"]
        values = self._as(self.user_salesperson, self.lead).read(fields)[0]
        self.assertEqual(values["partner_address_name"], "Qian Kappa")
        self.assertFalse(values["partner_address_email"])
        # Those who read the customer see its e-mail on their own lead.
        lead = self.env["crm.lead"].create({
            "name": "Kappa upsell", "type": "opportunity", "user_id": self.user_other.id,
            "partner_id": self.other_contact.id})
        values = self._as(self.user_other, lead).read(fields)[0]
        self.assertEqual(values["partner_address_email"], "qian@kappa.example.com")
        values = self.env["crm.lead"].sudo().browse(self.lead.id).read(fields)[0]
        self.assertEqual(values["partner_address_email"], "qian@kappa.example.com")

    def test_opening_the_hidden_customer_is_refused(self):
        lead = self._as(self.user_salesperson, self.lead)
        with self.assertRaises(AccessError):
            lead.partner_id.email
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        for partner in (self.other, self.other_contact):
            for call in (lambda p: p.read(["name"]), lambda p: p.name_get(),
                         lambda p: p.read(["phone", "email", "street", "comment"])):
                with self.assertRaises(AccessError):
                    call(Partner.browse(partner.id))
        with self.assertRaises(AccessError):
            lead.partner_id.commercial_partner_id.read(["display_name"])
        # The lead's own fields stay readable: the document makes sense.
        self.assertEqual(lead.read(["name"])[0]["name"], "Kappa renewal")

    def test_sale_order_shows_the_hidden_customer_name_only(self):
        if "sale.order" not in self.env:
            self.skipTest("sale not installed")
        order = self.env["sale.order"].create({
            "partner_id": self.other.id, "user_id": self.user_salesperson.id})
        values = self._as(self.user_salesperson, order).read(
            ["partner_id", "partner_invoice_id", "partner_shipping_id"])[0]
        for name in ("partner_id", "partner_invoice_id", "partner_shipping_id"):
            self.assertEqual(values[name], (self.other.id, self.other.display_name), name)
        with self.assertRaises(AccessError):
            self._as(self.user_salesperson, order).partner_id.phone

    def test_message_author_is_a_name_only(self):
        message = self.lead.message_post(
            body="Please call me back", author_id=self.other_contact.id,
            message_type="email", subtype="mail.mt_comment")
        Message = self.env["mail.message"].sudo(self.user_salesperson)
        self.assertIn(message, Message.search([("model", "=", "crm.lead"),
                                               ("res_id", "=", self.lead.id)]))
        author = Message.browse(message.id).read(["author_id"])[0]["author_id"]
        self.assertEqual(author, (self.other_contact.id, self.other_contact.display_name))
        with self.assertRaises(AccessError):
            Message.browse(message.id).author_id.read(["email", "mobile"])

    def test_interactions_of_a_claimed_pool_customer_follow_it(self):
        pool = self.create_customer("Pool Lambda Trading Co., Ltd.")
        interaction = self.env["customer.interaction"].sudo(self.user_salesperson).create({
            "name": "First call", "partner_id": pool.id, "user_id": self.user_salesperson.id})
        lead = self.env["crm.lead"].create({
            "name": "Lambda first deal", "user_id": self.user_salesperson.id,
            "partner_id": pool.id})
        self.env["res.partner"].sudo(self.user_other).browse(pool.id).action_claim()
        self.assertEqual(pool.user_id, self.user_other)
        Interaction = self.env["customer.interaction"].sudo(self.user_salesperson)
        self.assertFalse(Interaction.search([("id", "=", interaction.id)]))
        with self.assertRaises(AccessError):
            Interaction.browse(interaction.id).read(["name", "team_id"])
        # Their lead still names the customer, nothing more.
        values = self._as(self.user_salesperson, lead).read(
            ["partner_id", "partner_address_email"])[0]
        self.assertEqual(values["partner_id"], (pool.id, pool.display_name))
        self.assertFalse(values["partner_address_email"])
        # The new salesperson reads them.
        self.assertTrue(self.env["customer.interaction"].sudo(self.user_other).search(
            [("id", "=", interaction.id)]))

    def test_no_related_field_of_the_addon_reads_partners_as_superuser(self):
        """Related fields through a partner must be read as the user, or be safe by design.

        Allowed: customer.interaction's stored Sales Team, read from the database on
        interactions that are readable only together with their customer.
        """
        allowed = {("customer.interaction", "team_id")}
        fields_data = self.env["ir.model.fields"].search([("related", "!=", False)])
        offenders = []
        for data in fields_data:
            if "customer_mgmt" not in (data.modules or "").split(", "):
                continue
            field = self.env[data.model]._fields[data.name]
            if not field.related or not field.related_sudo:
                continue
            first = self.env[data.model]._fields[field.related[0]]
            if first.type == "many2one" and first.comodel_name == "res.partner" \
                    and len(field.related) > 1 and (data.model, data.name) not in allowed:
                offenders.append("%s.%s" % (data.model, data.name))
        self.assertFalse(offenders, "related fields reading partners as superuser")

    def test_duplicate_warning_reveals_only_a_count(self):
        """The duplicate warning says that similar hidden customers exist, how many, and who
        holds them (撞单: the salesperson to ask).

        It names none of them and gives no code, phone or e-mail: enough to stop a second
        record of the same company, nothing to work the customer with.
        """
        Partner = self.env["res.partner"].sudo(self.user_salesperson)
        probes = [
            {"name": "Hidden Kappa Trading Co., Ltd."},
            {"name": "Someone Else Co., Ltd.", "phone": "+86 571 8888 1234"},
            {"name": "Another Name Co., Ltd.", "email": "INFO@kappa.example.com"},
        ]
        secrets = ["Kappa", "Qian", "8888", "kappa.example"]
        if "customer_code" in self.env["res.partner"]._fields and self.other.customer_code:
            secrets.append(self.other.customer_code)
        for probe in probes:
            record = Partner.new(dict(probe, is_company=True, customer=True))
            result = record._onchange_duplicate_warning()
            self.assertTrue(result, probe)
            message = result["warning"]["message"]
            self.assertIn("that you cannot see", message)
            self.assertIn("1 similar", message)
            self.assertIn("is held by %s" % self.user_other.name, message)
            for secret in secrets:
                if secret in probe.get("name", ""):
                    continue
                self.assertNotIn(secret, message.replace(probe.get("name", ""), ""), probe)
        # A manager, who reads the customer, gets its name and salesperson.
        record = self.env["res.partner"].sudo(self.user_manager).new(
            {"name": "Hidden Kappa Trading Co., Ltd.", "is_company": True, "customer": True})
        message = record._onchange_duplicate_warning()["warning"]["message"]
        self.assertIn("Hidden Kappa Trading Co., Ltd.", message)
        self.assertIn(self.user_other.name, message)

    def test_duplicate_note_on_create_names_no_hidden_customer(self):
        created = self.env["res.partner"].sudo(self.user_salesperson).create({
            "name": "Kappa Copy Trading Co., Ltd.", "is_company": True, "customer": True,
            "phone": "+86 571 8888 1234"})
        self.assertTrue(created.possible_duplicate)
        bodies = " ".join(self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", created.id)]).mapped("body"))
        self.assertIn("that you cannot see", bodies)
        self.assertNotIn("Hidden Kappa", bodies)
        self.assertIn("is held by %s" % self.user_other.name, bodies)
