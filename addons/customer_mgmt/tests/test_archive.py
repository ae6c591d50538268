"""Customer archive: size class, completeness, verification, validation and sensitive fields."""
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from .common import CustomerMasterCase

SENSITIVE_FIELDS = ["credit_rating", "credit_note", "annual_revenue", "registered_capital", "risk_reason"]


class TestArchive(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ProfileField = cls.env["customer.profile.field"]
        # A known list of required fields: phone, email and tier, for everybody.
        cls.ProfileField.with_context(active_test=False).search([]).unlink()
        cls.required = cls.ProfileField.browse()
        for sequence, name in enumerate(["phone", "email", "tier_id"]):
            cls.required |= cls.ProfileField.create({
                "field_id": cls._field(name).id, "sequence": sequence, "applies_to": "all"})
        cls.tier = cls.env.ref("customer_mgmt.customer_tier_normal")

    @classmethod
    def _field(cls, name):
        return cls.env["ir.model.fields"].search([("model", "=", "res.partner"), ("name", "=", name)])

    # Size class

    def test_size_class_default_thresholds(self):
        expected = {0: False, 1: "micro", 19: "micro", 20: "small", 299: "small", 300: "medium",
                    999: "medium", 1000: "large", 50000: "large"}
        for count, size in expected.items():
            partner = self.create_customer("Size %s Co., Ltd." % count, employee_count=count)
            self.assertEqual(partner.size_class, size, "%s employees" % count)
        partner.employee_count = 5
        self.assertEqual(partner.size_class, "micro")

    def test_size_thresholds_change_reclassifies_everybody(self):
        partner = self.create_customer(employee_count=150)
        self.assertEqual(partner.size_class, "small")
        settings = self.env["res.config.settings"].sudo(self.user_admin).create({
            "customer_size_micro_max": 10, "customer_size_small_max": 100, "customer_size_medium_max": 140})
        settings.execute()
        self.assertEqual(self.Partner._get_size_thresholds(), (10, 100, 140))
        self.assertEqual(partner.size_class, "large")
        partner.invalidate_cache()
        self.assertEqual(partner.size_class, "large")
        self.assertEqual(self.Partner.search([("id", "=", partner.id), ("size_class", "=", "large")]), partner)

    def test_size_thresholds_must_increase(self):
        for values in [(300, 20, 1000), (20, 300, 300), (0, 300, 1000)]:
            with self.assertRaises(ValidationError) as error, mute_logger("odoo.sql_db"):
                self.env["res.config.settings"].sudo(self.user_admin).create({
                    "customer_size_micro_max": values[0], "customer_size_small_max": values[1],
                    "customer_size_medium_max": values[2]})
            self.assertIn("increase", str(error.exception.name))
        self.assertEqual(self.Partner._get_size_thresholds(), (20, 300, 1000))

    # Validation

    def test_negative_employee_count_refused(self):
        partner = self.create_customer(employee_count=10)
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            partner.write({"employee_count": -3})
        self.assertIn("-3", error.exception.name)
        partner.invalidate_cache()
        self.assertEqual(partner.employee_count, 10)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.create_customer("Negative Staff Ltd.", employee_count=-1)
        self.assertFalse(self.Partner.search([("name", "=", "Negative Staff Ltd.")]))

    def test_negative_amounts_refused(self):
        partner = self.create_customer(registered_capital=1000000)
        for field_name in ("registered_capital", "annual_revenue"):
            with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
                partner.write({field_name: -5})
            self.assertIn("negative", error.exception.name)
        partner.invalidate_cache()
        self.assertEqual(partner.registered_capital, 1000000)
        self.assertEqual(partner.annual_revenue, 0)

    def test_future_founding_date_refused(self):
        partner = self.create_customer(founding_date="2001-05-01")
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            partner.write({"founding_date": "2999-01-01"})
        self.assertIn("2999-01-01", error.exception.name)
        partner.invalidate_cache()
        self.assertEqual(partner.founding_date, "2001-05-01")

    # Completeness

    def test_completeness_and_missing_list(self):
        partner = self.create_customer(phone="+86 21 5555 0000")
        self.assertEqual(partner.completeness, 33)
        self.assertEqual(partner.completeness_missing_ids, self.required[1:])
        self.assertIn(self._field("email").field_description, partner.completeness_missing)
        self.assertIn(self._field("tier_id").field_description, partner.completeness_missing)
        self.assertNotIn(self._field("phone").field_description, partner.completeness_missing)
        incomplete = self.Partner.search([("completeness", "<", 100), ("id", "=", partner.id)])
        self.assertEqual(incomplete, partner, "the Incomplete filter finds it")
        partner.write({"email": "info@example.com"})
        self.assertEqual(partner.completeness, 67)
        partner.write({"tier_id": self.tier.id})
        self.assertEqual(partner.completeness, 100)
        self.assertFalse(partner.completeness_missing_ids)
        self.assertFalse(partner.completeness_missing)
        partner.write({"phone": False})
        self.assertEqual(partner.completeness, 67)
        self.assertEqual(
            self.Partner.search([("completeness_missing_ids", "in", self.required[0].ids),
                                 ("id", "=", partner.id)]), partner, "searchable by missing field")

    def test_completeness_follows_configuration(self):
        partner = self.create_customer(phone="+86 21 6888 8888", email="a@example.com", tier_id=self.tier.id)
        person = self.env["res.partner"].create({"name": "Li Lei", "customer": True, "phone": "+86 138 0013 8000",
                                                 "email": "b@example.com", "tier_id": self.tier.id})
        self.assertEqual((partner.completeness, person.completeness), (100, 100))
        added = self.ProfileField.create({"field_id": self._field("employee_count").id,
                                          "applies_to": "company"})
        self.assertEqual(partner.completeness, 75)
        self.assertEqual(partner.completeness_missing_ids, added)
        self.assertEqual(person.completeness, 100, "a company-only field does not count for individuals")
        contact = self.create_contact(partner, "Han Meimei")
        self.assertEqual(contact.completeness, 100, "contact persons have no archive to complete")
        vendor = self.env["res.partner"].create({"name": "Vendor Ltd.", "is_company": True, "customer": False})
        self.assertEqual(vendor.completeness, 100)
        vendor.customer = True
        self.assertLess(vendor.completeness, 100, "becoming a customer makes the archive count")
        partner.employee_count = 12
        self.assertEqual(partner.completeness, 100)
        self.required[2].active = False
        partner.tier_id = False
        self.assertEqual(partner.completeness, 100, "an archived requirement does not count")
        self.assertFalse(self.Partner.search([("completeness", "<", 100), ("id", "=", partner.id)]))

    def test_completeness_of_computed_required_field(self):
        """A required computed field (the region) is rescored when what it derives from changes."""
        self.ProfileField.create({"field_id": self._field("region_id").id})
        partner = self.create_customer(phone="+86 21 6888 8888", email="a@example.com", tier_id=self.tier.id)
        self.assertEqual(partner.completeness, 75)
        partner.write({"country_id": self.env.ref("base.cn").id,
                       "state_id": self.env.ref("customer_mgmt.state_cn_sh").id})
        self.assertTrue(partner.region_id)
        self.assertEqual(partner.completeness, 100)

    def test_completeness_in_sql_equals_python(self):
        """Install and configuration changes score in SQL: the same scores and missing lists as
        the Python scoring of single saves, on every kind of field and partner."""
        for name, applies_to in [("street", "individual"), ("industry_id", "company"),
                                 ("employee_count", "company"), ("annual_revenue", "all"),
                                 ("founding_date", "all"), ("customer_kind", "all"),
                                 ("category_id", "all"), ("website", "all")]:
            self.ProfileField.with_context(customer_profile_no_recompute=True).create(
                {"field_id": self._field(name).id, "applies_to": applies_to})
        tag = self.env["res.partner.category"].create({"name": "SQL completeness"})
        company = self.create_customer(
            phone="+86 21 6888 8888", employee_count=0, annual_revenue=0.0, website="",
            founding_date="2001-02-03", customer_kind="enterprise", category_id=[(6, 0, tag.ids)])
        partners = company | self.create_customer(
            "Filled Co., Ltd.", phone="+86 21 6888 8889", email="f@example.com",
            tier_id=self.tier.id, industry_id=self.env["res.partner.industry"].create(
                {"name": "SQL Industry"}).id, employee_count=7, annual_revenue=1.5,
            founding_date="2001-02-03", customer_kind="enterprise", website="https://f.example.com",
            category_id=[(6, 0, tag.ids)])
        partners |= self.env["res.partner"].create({
            "name": "Wang Fang", "customer": True, "street": "1 Road", "email": "w@example.com"})
        partners |= self.create_contact(company, "Zhao Lei")
        partners |= self.env["res.partner"].create({"name": "Vendor Ltd.", "is_company": True})
        partners.invalidate_cache()
        expected = partners._completeness_targets(self.ProfileField._get_profile_config())
        self.assertTrue(len({score for score, __ in expected.values()}) >= 4, expected)
        self.env.cr.execute(
            "UPDATE res_partner SET completeness = 0 WHERE id IN %s", (tuple(partners.ids),))
        self.env.cr.execute("DELETE FROM res_partner_profile_field_missing_rel "
                            "WHERE partner_id IN %s", (tuple(partners.ids),))
        self.assertEqual(self.Partner._update_completeness_sql(partners.ids),
                         len([1 for score, __ in expected.values() if score]))
        self.assertEqual(self.Partner._update_completeness_sql(partners.ids), 0,
                         "a second run changes nothing")
        for partner in partners:
            self.assertEqual((partner.completeness, set(partner.completeness_missing_ids.ids)),
                             (expected[partner.id][0], set(expected[partner.id][1])),
                             partner.name)

    def _completeness_queries(self, partners, vals):
        """Write vals on partners; return (calls, queries, writing statements) of the
        completeness updates it made."""
        Partner = type(self.Partner)
        original = Partner._update_completeness
        calls, queries, writes = [0], [0], []
        cr = self.env.cr
        execute = cr.execute

        def recording(query, *args, **kwargs):
            if str(query).lstrip().split(None, 1)[0].upper() in ("UPDATE", "INSERT", "DELETE"):
                writes.append(str(query))
            return execute(query, *args, **kwargs)

        def counting(records):
            calls[0] += 1
            before = cr.sql_log_count
            with patch.object(cr, "execute", recording):
                result = original(records)
            queries[0] += cr.sql_log_count - before
            return result

        with patch.object(Partner, "_update_completeness", counting):
            partners.with_context(tracking_disable=True).write(vals)
        return calls[0], queries[0], writes

    def _many_customers(self, count, **vals):
        Partner = self.Partner.with_context(tracking_disable=True)
        partners = self.Partner.browse()
        for index in range(count):
            partners |= Partner.create(dict(
                vals, name="Bulk %d Trading Co., Ltd." % index, is_company=True, customer=True))
        return partners

    def test_completeness_update_cost_does_not_grow_with_the_customers(self):
        """A handover writes user_id on thousands of customers: the score costs O(1) queries."""
        self.ProfileField.create({"field_id": self._field("user_id").id})
        seller, other = self.user_salesperson, self.user_leader
        few = self._many_customers(20, phone="+86 21 5555 0001", user_id=seller.id)
        many = self._many_customers(200, phone="+86 21 5555 0001", user_id=seller.id)
        self.assertEqual(set(many.mapped("completeness")), {50})
        # Handover: the salesperson changes, the score does not.
        few_calls, few_queries, __ = self._completeness_queries(few, {"user_id": other.id})
        many_calls, many_queries, writes = self._completeness_queries(many, {"user_id": other.id})
        self.assertEqual(few_calls, many_calls)
        self.assertFalse(writes, "unchanged scores are not rewritten")
        self.assertLessEqual(many_queries, few_queries, "no query per customer")
        self.assertLess(many_queries, 10)
        self.assertEqual(set(many.mapped("user_id")), {other})
        # Unassigning changes every score: still one grouped write per distinct result.
        few_calls, few_queries, __ = self._completeness_queries(few, {"user_id": False})
        many_calls, many_queries, writes = self._completeness_queries(many, {"user_id": False})
        self.assertTrue(writes)
        self.assertLessEqual(many_queries, few_queries, "no query per customer")
        many.invalidate_cache()
        self.assertEqual(set(many.mapped("completeness")), {25})
        self.assertEqual(self.Partner.search_count(
            [("id", "in", many.ids), ("completeness_missing_ids", "in", self.required[1:].ids)]), 200)
        # A field outside the required list does not rescore at all.
        calls, queries, writes = self._completeness_queries(many, {"comment": "bulk note"})
        self.assertEqual((calls, queries, writes), (0, 0, []))

    def test_completeness_skips_contacts_and_non_customers(self):
        vendor = self.Partner.create({"name": "Vendor Ltd.", "is_company": True, "customer": False})
        company = self.create_customer(phone="+86 21 5555 0002")
        contact = self.create_contact(company, "Zhou Qi")
        for partner in (vendor, contact):
            self.assertEqual(partner.completeness, 100)
            self.assertFalse(partner.completeness_missing_ids)
        self.assertEqual(company.completeness, 33)
        contact.write({"parent_id": False, "customer": True})
        self.assertEqual(contact.completeness, 0, "a former contact now has its own archive")

    def test_profile_field_refuses_checkbox(self):
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.ProfileField.create({"field_id": self._field("is_company").id})

    def test_profile_fields_managed_by_data_admin_only(self):
        with self.assertRaises(AccessError):
            self.ProfileField.sudo(self.user_manager).create({"field_id": self._field("mobile").id})
        self.ProfileField.sudo(self.user_data_admin).create({"field_id": self._field("mobile").id})

    # Verification

    def test_mark_verified(self):
        partner = self.create_customer(user_id=self.user_salesperson.id)
        partner.sudo(self.user_salesperson).action_mark_verified()
        partner.invalidate_cache()
        # "Today" in the time zone of the user who verified (differs from UTC late at night).
        self.assertEqual(partner.last_verified_date,
                         fields.Date.context_today(partner.sudo(self.user_salesperson)))
        self.assertEqual(partner.last_verified_uid, self.user_salesperson)
        note = partner.message_ids[0]
        self.assertIn("verified", note.body)
        self.assertEqual(note.author_id, self.user_salesperson.partner_id)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))

    # Sensitive fields

    def test_sensitive_fields_hidden_from_service(self):
        partner = self.create_customer(
            user_id=self.user_salesperson.id, credit_rating="AA", credit_note="Pays late",
            annual_revenue=5e6, registered_capital=1e6, risk_level="watch", risk_reason="Overdue")
        service_fields = self.Partner.sudo(self.user_service).fields_get()
        for name in SENSITIVE_FIELDS:
            self.assertNotIn(name, service_fields)
            with self.assertRaises(AccessError):
                partner.sudo(self.user_service).read([name])
        self.assertIn("risk_level", service_fields)
        arch = self.Partner.sudo(self.user_service).fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")["arch"]
        self.assertNotIn('name="credit_rating"', arch)
        self.assertIn('name="risk_level"', arch)
        values = partner.sudo(self.user_salesperson).read(SENSITIVE_FIELDS)[0]
        self.assertEqual(values["credit_rating"], "AA")
        self.assertEqual(values["risk_reason"], "Overdue")
        self.assertEqual(values["annual_revenue"], 5e6)
        arch = self.Partner.sudo(self.user_salesperson).fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id, view_type="form")["arch"]
        self.assertIn('name="credit_rating"', arch)

    # Tracking

    def test_archive_changes_are_tracked(self):
        partner = self.create_customer()
        partner.write({"tier_id": self.tier.id, "risk_level": "high", "customer_kind": "government",
                       "credit_rating": "B"})
        tracked = partner.message_ids.mapped("tracking_value_ids.field")
        for name in ("tier_id", "risk_level", "customer_kind", "credit_rating"):
            self.assertIn(name, tracked)
