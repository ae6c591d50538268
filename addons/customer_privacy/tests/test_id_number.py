"""ID numbers of persons (居民身份证号): checked with stdnum.cn.ric and stored compact on create,
write and import; masked for every reader; the full number unreachable for anyone but data
administrators (read, search_read, domains, group-bys, order, export); reveals logged."""
from odoo.exceptions import AccessError, ValidationError

from .common import PrivacyCase

VALID = "11010519491231002X"
MASKED = "1101**********002X"
OTHER_VALID = "360426199101010071"
BAD_CHECKSUM = "110105194912310021"


class TestIdNumber(PrivacyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = cls.env["crm.team"].create({"name": "ID Number Team",
                                           "user_id": cls.user_leader.id})
        cls.user_salesperson.sale_team_id = team
        cls.individual.privacy_id_number = VALID
        cls.Log = cls.env["customer.privacy.access.log"]
        cls.readers = ("service", "salesperson", "leader", "manager")

    def admin_partners(self):
        return self.env["res.partner"].sudo(self.user_data_admin)

    def new_logs(self):
        return self.Log.search([("partner_id", "=", self.individual.id)])

    # Validation

    def test_valid_number_stored_compact(self):
        person = self.admin_partners().create({
            "name": "Zhao Liu", "customer": True, "is_company": False,
            "privacy_id_number": " 11010119900307803x "})
        self.assertEqual(person.privacy_id_number, "11010119900307803X")
        person.write({"privacy_id_number": OTHER_VALID})
        self.assertEqual(person.privacy_id_number, OTHER_VALID)
        person.write({"privacy_id_number": False})
        self.assertFalse(person.privacy_id_number)

    def test_invalid_numbers_refused_and_not_saved(self):
        Partner = self.admin_partners()
        for number in (BAD_CHECKSUM, "1101051949123100", "11010519491331002X", "ABCDEFGHIJKLMNOPQR"):
            with self.assertRaises(ValidationError, msg=number) as refused:
                Partner.create({"name": "Zhao Invalid", "is_company": False,
                                "privacy_id_number": number})
            self.assertIn(number, refused.exception.name)
            self.assertIn("ID Number", refused.exception.name)
            with self.assertRaises(ValidationError, msg=number):
                self.individual.sudo(self.user_data_admin).write({"privacy_id_number": number})
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Zhao Invalid")]))
        self.assertEqual(self.individual.privacy_id_number, VALID)
        # Through the context's defaults too.
        with self.assertRaises(ValidationError):
            Partner.with_context(default_privacy_id_number=BAD_CHECKSUM).create(
                {"name": "Zhao Default", "is_company": False})
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Zhao Default")]))

    def test_wrong_types_refused(self):
        for value in (110105194912310021, ["x"], {"zh_CN": VALID}):
            with self.assertRaises(ValidationError, msg=repr(value)) as refused:
                self.individual.sudo(self.user_data_admin).write({"privacy_id_number": value})
            self.assertIn("privacy_id_number", refused.exception.name)
        self.assertEqual(self.individual.privacy_id_number, VALID)

    def test_companies_have_no_id_number(self):
        with self.assertRaisesRegex(ValidationError, "is a company"):
            self.admin_partners().create({"name": "Zhao Trading Co., Ltd.", "is_company": True,
                                          "privacy_id_number": OTHER_VALID})
        with self.assertRaisesRegex(ValidationError, "is a company"):
            self.company.sudo(self.user_data_admin).write({"privacy_id_number": OTHER_VALID})
        with self.assertRaisesRegex(ValidationError, "is a company"):
            self.individual.sudo(self.user_data_admin).write({"is_company": True})
        self.assertFalse(self.company.privacy_id_number)
        self.assertFalse(self.individual.is_company)

    def test_import(self):
        Partner = self.admin_partners()
        result = Partner.load(["name", "is_company", "privacy_id_number"],
                              [["Sun Import", "0", BAD_CHECKSUM]])
        self.assertFalse(result["ids"])
        self.assertIn(BAD_CHECKSUM, " ".join(message["message"] for message in result["messages"]))
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Sun Import")]))
        result = Partner.load(["name", "is_company", "privacy_id_number"],
                              [["Sun Import", "0", "11010119900307803x"]])
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(Partner.browse(result["ids"]).privacy_id_number, "11010119900307803X")

    # Masking and the full number

    def test_masked_for_every_reader(self):
        for role in self.readers + ("data_admin",):
            person = self.individual.sudo(self.users[role])
            row = person.read(["privacy_id_number_masked"])[0]
            self.assertEqual(row["privacy_id_number_masked"], MASKED, role)
        self.assertEqual(self.individual.sudo(self.user_data_admin).read(
            ["privacy_id_number"])[0]["privacy_id_number"], VALID)
        # Other employees and portal users do not even get the masked number.
        with self.assertRaises(AccessError):
            self.individual.sudo(self.user_plain).read(["privacy_id_number_masked"])

    def test_full_number_unreachable_for_others(self):
        for role in self.readers:
            user = self.users[role]
            Partner = self.env["res.partner"].sudo(user)
            person = self.individual.sudo(user)
            with self.assertRaises(AccessError, msg=role):
                person.read(["privacy_id_number"])
            with self.assertRaises(AccessError, msg=role):
                Partner.search_read([("id", "=", self.individual.id)], ["privacy_id_number"])
            for domain in ([("privacy_id_number", "like", "1101%")],
                           [("privacy_id_number", "=", VALID)],
                           [("child_ids.privacy_id_number", "!=", False)],
                           [("parent_id.privacy_id_number", "!=", False)]):
                with self.assertRaises(AccessError, msg="%s %s" % (role, domain)):
                    Partner.search(domain)
                with self.assertRaises(AccessError, msg="%s %s" % (role, domain)):
                    Partner.search_count(domain)
            with self.assertRaises(AccessError, msg=role):
                Partner.read_group([], ["privacy_id_number"], ["privacy_id_number"])
            with self.assertRaises(AccessError, msg=role):
                Partner.search([], order="privacy_id_number")
            with self.assertRaises(AccessError, msg=role):
                person.write({"privacy_id_number": OTHER_VALID})
            self.assertNotIn("privacy_id_number", Partner.fields_get())
        self.assertEqual(self.individual.privacy_id_number, VALID)

    def test_export_of_the_number(self):
        manager = self.individual.sudo(self.user_manager)
        for path in ("privacy_id_number", "parent_id/privacy_id_number",
                     "child_ids/privacy_id_number"):
            with self.assertRaisesRegex(AccessError, "privacy_id_number", msg=path):
                manager.export_data(["name", path])
        self.assertFalse(self.new_logs().filtered(lambda log: log.action == "export"))
        # The masked number is exported to the manager; the export is logged.
        data = manager.export_data(["name", "privacy_id_number_masked"])["datas"]
        self.assertEqual(data, [["Wang Wu", MASKED]])
        # A data administrator exports the number; the export names the field, per person.
        admin = self.individual.sudo(self.user_data_admin)
        data = admin.export_data(["name", "privacy_id_number"])["datas"]
        self.assertEqual(data, [["Wang Wu", VALID]])
        logs = self.new_logs().filtered(lambda log: log.action == "export")
        self.assertEqual(logs.mapped("user_id"), self.user_manager | self.user_data_admin)
        self.assertIn("privacy_id_number", logs.filtered(
            lambda log: log.user_id == self.user_data_admin).export_field_names)

    def test_not_in_the_export_templates(self):
        lines = self.env["ir.exports.line"].search([("export_id.resource", "=", "res.partner")])
        self.assertTrue(lines)
        self.assertFalse([name for name in lines.mapped("name") if "privacy_id_number" in name])

    # Reveal

    def test_reveal_is_logged(self):
        person = self.individual.sudo(self.user_data_admin)
        action = person.action_reveal_id_number()
        self.assertEqual((action["res_model"], action["res_id"], action["target"]),
                         ("res.partner", self.individual.id, "new"))
        log = self.new_logs()
        self.assertEqual(len(log), 1)
        self.assertEqual((log.action, log.user_id, log.field_names),
                         ("id_revealed", self.user_data_admin, "privacy_id_number"))
        # Nothing to reveal, nothing logged: the dialog only lets one enter a number.
        self.contact.sudo(self.user_data_admin).action_reveal_id_number()
        self.assertFalse(self.Log.search([("partner_id", "=", self.contact.id)]))

    def test_reveal_refused_to_others(self):
        for role in self.readers:
            with self.assertRaises(AccessError, msg=role) as refused:
                self.individual.sudo(self.users[role]).action_reveal_id_number()
            self.assertIn("action_reveal_id_number", refused.exception.name)
        self.assertFalse(self.new_logs())

    def test_erasure_empties_the_number(self):
        request = self.create_request(self.individual, request_type="deletion")
        request.sudo(self.user_data_admin).action_anonymise()
        self.assertFalse(self.individual.privacy_id_number)
        self.env.cr.execute("SELECT privacy_id_number FROM res_partner WHERE id = %s",
                            (self.individual.id,))
        self.assertEqual(self.env.cr.fetchone()[0], None)
