"""Customer codes: one per customer account from a sequence, never copied, never on contacts."""
import re

from odoo.exceptions import ValidationError

from .common import CustomerCase, CustomerMasterCase

CODE_RE = re.compile(r"^C\d{6}$")


class TestCustomerCode(CustomerMasterCase):

    def test_customer_accounts_get_a_code_contacts_do_not(self):
        company = self.create_customer("Code One Co., Ltd.")
        person = self.create_customer("Li Lei", is_company=False)
        contact = self.create_contact(company, "Zhang San")
        self.assertRegex(company.customer_code, CODE_RE)
        self.assertRegex(person.customer_code, CODE_RE)
        self.assertNotEqual(company.customer_code, person.customer_code)
        self.assertFalse(contact.customer_code)
        vendor = self.Partner.create({"name": "Vendor GmbH", "customer": False, "supplier": True})
        self.assertFalse(vendor.customer_code)

    def test_partner_becoming_customer_gets_a_code(self):
        vendor = self.Partner.create({"name": "Vendor GmbH", "customer": False, "is_company": True})
        self.assertFalse(vendor.customer_code)
        vendor.write({"customer": True})
        self.assertRegex(vendor.customer_code, CODE_RE)
        code = vendor.customer_code
        vendor.write({"customer": False})
        vendor.write({"customer": True})
        self.assertEqual(vendor.customer_code, code, "a customer keeps its code")

    def test_internal_partners_get_no_code(self):
        user = self.create_user("coder", ["base.group_user"])
        self.assertFalse(user.partner_id.customer_code)
        company = self.env["res.company"].create({"name": "Second Company Ltd."})
        self.assertFalse(company.partner_id.customer_code)

    def test_copy_gets_a_new_code(self):
        company = self.create_customer("Copied Co., Ltd.")
        duplicate = company.copy()
        self.assertRegex(duplicate.customer_code, CODE_RE)
        self.assertNotEqual(duplicate.customer_code, company.customer_code)

    def test_prefix_from_settings(self):
        settings = self.env["res.config.settings"].sudo(self.user_admin).create({})
        self.assertEqual(settings.customer_mgmt_customer_code_prefix, "C")
        settings.customer_mgmt_customer_code_prefix = "KH-"
        settings.set_values()  # execute() would also reload the registry
        self.assertEqual(self.env["ir.config_parameter"].sudo().get_param(
            "customer_mgmt.customer_code_prefix"), "KH-")
        self.assertRegex(self.create_customer("Prefixed Co., Ltd.").customer_code, r"^KH-\d{6}$")

    def test_duplicate_code_refused(self):
        first = self.create_customer("First Co., Ltd.")
        with self.assertRaises(ValidationError) as exc:
            self.create_customer("Second Co., Ltd.", customer_code=first.customer_code)
        self.assertIn(first.customer_code, exc.exception.name)
        self.assertFalse(self.Partner.search([("name", "=", "Second Co., Ltd.")]))
        second = self.create_customer("Second Co., Ltd.")
        code = second.customer_code
        with self.assertRaises(ValidationError):
            second.write({"customer_code": first.customer_code})
        second.invalidate_cache()
        self.assertEqual(second.customer_code, code)

    def test_sequence_skips_imported_codes(self):
        sequence = self.env.ref("customer_mgmt.ir_sequence_customer_code")
        next_code = "C%06d" % sequence.number_next_actual
        legacy = self.create_customer("Legacy Co., Ltd.", customer_code=next_code)
        fresh = self.create_customer("Fresh Co., Ltd.")
        self.assertEqual(legacy.customer_code, next_code)
        self.assertNotEqual(fresh.customer_code, next_code)

    def test_merge_keeps_destination_code(self):
        dst = self.create_customer("Merge Target Co., Ltd.", email="info@target.example.com")
        src = self.create_customer("Merge Source Co., Ltd.", email="info@source.example.com")
        dst_code, src_code = dst.customer_code, src.customer_code
        wizard = self.env["base.partner.merge.automatic.wizard"].create({
            "partner_ids": [(6, 0, [dst.id, src.id])], "dst_partner_id": dst.id,
            "state": "selection"})
        wizard.action_merge()
        self.assertFalse(src.exists())
        self.assertEqual(dst.customer_code, dst_code)
        self.assertFalse(self.Partner.with_context(active_test=False).search(
            [("customer_code", "=", src_code)]))

    def test_merge_into_partner_without_code_gives_a_new_code(self):
        dst = self.Partner.create({"name": "Plain Vendor Co., Ltd.", "is_company": True,
                                   "customer": False})
        src = self.create_customer("Customer Source Co., Ltd.")
        src_code = src.customer_code
        wizard = self.env["base.partner.merge.automatic.wizard"].create({
            "partner_ids": [(6, 0, [dst.id, src.id])], "dst_partner_id": dst.id,
            "state": "selection"})
        wizard.action_merge()
        self.assertFalse(src.exists())
        self.assertTrue(dst.customer)
        self.assertRegex(dst.customer_code, CODE_RE)
        self.assertNotEqual(dst.customer_code, src_code)

    def test_code_tracked(self):
        vendor = self.Partner.create({"name": "Vendor GmbH", "customer": False, "is_company": True})
        vendor.write({"customer": True})
        tracked = self.env["mail.tracking.value"].search([
            ("mail_message_id.model", "=", "res.partner"),
            ("mail_message_id.res_id", "=", vendor.id), ("field", "=", "customer_code")])
        self.assertEqual(tracked.mapped("new_value_char"), [vendor.customer_code])


class TestExistingCustomersGetCodes(CustomerCase):
    """Installing the addon into a database with customers gives them codes."""

    def test_assign_missing_codes(self):
        first = self.create_customer("Legacy One Co., Ltd.")
        second = self.create_customer("Legacy Two Co., Ltd.")
        contact = self.create_contact(first, "Legacy Contact")
        # Simulate customers created before the addon: no code.
        self.env.cr.execute(
            "UPDATE res_partner SET customer_code = NULL WHERE id IN %s", (tuple((first | second).ids),))
        (first | second).invalidate_cache()
        count = self.env["res.partner"]._customer_mgmt_assign_missing_codes()
        self.assertGreaterEqual(count, 2)
        self.assertTrue(first.customer_code and second.customer_code)
        self.assertNotEqual(first.customer_code, second.customer_code)
        self.assertFalse(contact.customer_code)
        self.assertFalse(self.env.user.partner_id.customer_code)
        # Running it again assigns nothing more.
        self.assertEqual(self.env["res.partner"]._customer_mgmt_assign_missing_codes(), 0)


class TestInternalPartners(CustomerCase):
    """Partners of employees and companies are no customer accounts; portal users' may be."""

    def test_new_internal_user_partner_is_not_a_customer(self):
        user = self.create_user("employee", ["base.group_user"])
        self.assertFalse(user.partner_id.customer)
        self.assertFalse(user.partner_id.is_customer_master)
        for role_user in self.users.values():
            self.assertFalse(role_user.partner_id.customer, role_user.login)
        portal = self.create_user("portal_contact", ["base.group_portal"])
        self.assertTrue(portal.share)
        self.assertTrue(portal.partner_id.customer, "a portal user's partner stays as it was created")

    def test_existing_internal_partners_unmarked(self):
        user = self.create_user("old_employee", ["base.group_user"])
        company = self.env["res.company"].create({"name": "Old Sister Company Ltd."})
        portal = self.create_user("old_portal", ["base.group_portal"])
        # As before the addon: Odoo made users' partners customers.
        internal = user.partner_id | company.partner_id
        (internal | portal.partner_id).write({"customer": True})
        self.assertTrue(all(internal.mapped("customer")))
        count = self.env["res.users"]._customer_mgmt_unmark_internal_partners()
        self.assertGreaterEqual(count, 2)
        self.assertFalse(any(internal.mapped("customer")))
        self.assertTrue(portal.partner_id.customer, "portal users' partners are left alone")
        users = self.env["res.users"].with_context(active_test=False).search([("share", "=", False)])
        self.assertFalse(users.mapped("partner_id").filtered("customer"), "no internal user is a customer")
        self.assertEqual(self.env["res.users"]._customer_mgmt_unmark_internal_partners(), 0, "idempotent")
