"""Tiers, regions, the Key Accounts / Accounts at Risk lists, and who may configure them."""
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import CustomerCase


class TestTiers(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vip = cls.env.ref("customer_mgmt.customer_tier_strategic")
        cls.key = cls.env.ref("customer_mgmt.customer_tier_key")
        cls.normal = cls.env.ref("customer_mgmt.customer_tier_normal")
        cls.potential = cls.env.ref("customer_mgmt.customer_tier_potential")

    def _action_records(self, xmlid, user):
        action = self.env.ref(xmlid)
        domain = safe_eval(action.domain)
        return self.env["res.partner"].sudo(user).search(domain)

    def test_default_tiers(self):
        tiers = self.env["customer.tier"].search([])
        self.assertEqual(tiers[:4], self.vip | self.key | self.normal | self.potential, "ordered by sequence")
        self.assertTrue(self.vip.is_key_account and self.key.is_key_account)
        self.assertFalse(self.normal.is_key_account or self.potential.is_key_account)
        self.assertEqual([t.revisit_interval_days for t in tiers[:4]], [30, 60, 90, 180])

    def test_key_accounts_and_accounts_at_risk(self):
        user = self.user_salesperson
        # The database may hold demo customers: count relative to what is there already.
        key_count_before = self.key.customer_count
        vip = self.create_customer("VIP Co., Ltd.", tier_id=self.vip.id, user_id=user.id)
        key = self.create_customer("Key Co., Ltd.", tier_id=self.key.id, user_id=user.id)
        normal = self.create_customer("Normal Co., Ltd.", tier_id=self.normal.id, user_id=user.id,
                                      risk_level="watch")
        risky = self.create_customer("Risky Co., Ltd.", tier_id=self.potential.id, user_id=user.id,
                                     risk_level="high")
        safe = self.create_customer("Safe Co., Ltd.", user_id=user.id)
        contact = self.create_contact(vip, "Wang Wu")
        self.assertEqual(safe.risk_level, "normal", "risk level defaults to normal")
        key_accounts = self._action_records("customer_mgmt.res_partner_action_key_account", user)
        self.assertEqual(key_accounts & (vip | key | normal | risky | safe | contact), vip | key)
        at_risk = self._action_records("customer_mgmt.res_partner_action_at_risk", user)
        self.assertEqual(at_risk & (vip | key | normal | risky | safe | contact), normal | risky)
        self.normal.is_key_account = True
        key_accounts = self._action_records("customer_mgmt.res_partner_action_key_account", user)
        self.assertIn(normal, key_accounts, "the list follows the tier configuration")
        self.key.invalidate_cache(["customer_count"], self.key.ids)
        self.assertEqual(self.key.customer_count, key_count_before + 1)

    def test_tier_configuration_rights(self):
        with self.assertRaises(AccessError):
            self.env["customer.tier"].sudo(self.user_manager).create({"name": "Gold"})
        with self.assertRaises(AccessError):
            self.key.sudo(self.user_manager).write({"is_key_account": False})
        self.assertTrue(self.key.sudo(self.user_service).read(["name"]))
        tier = self.env["customer.tier"].sudo(self.user_data_admin).create({"name": "Gold"})
        self.assertEqual(tier.revisit_interval_days, 90)

    def test_negative_revisit_interval_refused(self):
        with self.assertRaises(ValidationError) as error, self.env.cr.savepoint():
            self.env["customer.tier"].create({"name": "Broken", "revisit_interval_days": -1})
        self.assertIn("-1", error.exception.name)
        self.assertFalse(self.env["customer.tier"].search([("name", "=", "Broken")]))

    def test_tier_in_use_cannot_be_deleted(self):
        self.create_customer(tier_id=self.potential.id)
        with self.assertRaises(UserError) as error, self.env.cr.savepoint():
            self.potential.unlink()
        self.assertIn("archive", error.exception.name)
        self.assertTrue(self.potential.exists())
        unused = self.env["customer.tier"].create({"name": "Unused"})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_region_and_dimension_codes_unique(self):
        for model, values in (("customer.region", {"name": "Copy", "code": "CN-E"}),
                              ("customer.tag.dimension", {"name": "Copy", "code": "industry"})):
            with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                self.env[model].create(values)


class TestRegions(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cn = cls.env.ref("base.cn")
        cls.shanghai = cls.env.ref("customer_mgmt.state_cn_sh")
        cls.guangdong = cls.env.ref("customer_mgmt.state_cn_gd")
        cls.east = cls.env.ref("customer_mgmt.customer_region_east")
        cls.south = cls.env.ref("customer_mgmt.customer_region_south")
        cls.china = cls.env.ref("customer_mgmt.customer_region_other_china")
        cls.europe = cls.env.ref("customer_mgmt.customer_region_europe")

    def test_chinese_provinces_shipped(self):
        states = self.env["res.country.state"].search([("country_id", "=", self.cn.id)])
        self.assertGreaterEqual(len(states), 34)
        self.assertEqual(self.shanghai.code, "SH")
        self.assertIn(self.shanghai, self.east.state_ids)
        self.assertEqual(len(self.east.state_ids), 7)
        mainland_regions = self.env["customer.region"].search([("code", "=like", "CN-%")])
        self.assertEqual(len(mainland_regions.mapped("state_ids")), 34, "every province has a region")

    def test_region_from_state_then_country(self):
        shanghai = self.create_customer("Shanghai Co., Ltd.", country_id=self.cn.id, state_id=self.shanghai.id)
        self.assertEqual(shanghai.region_id, self.east)
        no_state = self.create_customer("China Co., Ltd.", country_id=self.cn.id)
        self.assertEqual(no_state.region_id, self.china, "country match without a province")
        german = self.create_customer("Berlin GmbH", country_id=self.env.ref("base.de").id)
        self.assertEqual(german.region_id, self.europe)
        nowhere = self.create_customer("Nowhere Inc.", country_id=self.env.ref("base.br").id)
        self.assertFalse(nowhere.region_id)
        shanghai.write({"state_id": self.guangdong.id})
        self.assertEqual(shanghai.region_id, self.south)
        self.assertEqual(
            self.env["res.partner"].search([("region_id", "=", self.south.id), ("id", "=", shanghai.id)]),
            shanghai, "stored and searchable")
        tracked = shanghai.message_ids.mapped("tracking_value_ids").filtered(lambda v: v.field == "region_id")
        self.assertTrue(tracked, "the region change is tracked")

    def test_region_in_form_before_saving(self):
        """The form (a draft record) shows the region as soon as the province is chosen."""
        draft = self.env["res.partner"].new({"name": "Draft", "country_id": self.cn.id,
                                             "state_id": self.guangdong.id})
        self.assertEqual(draft.region_id, self.south)

    def test_region_manual_override(self):
        partner = self.create_customer(country_id=self.cn.id, state_id=self.shanghai.id)
        partner.write({"region_id": self.south.id})
        self.assertEqual(partner.region_id, self.south)
        self.assertEqual(partner.region_manual_id, self.south)
        partner.write({"state_id": self.env.ref("customer_mgmt.state_cn_js").id})
        self.assertEqual(partner.region_id, self.south, "a region chosen by hand stays")
        partner.write({"region_id": False})
        self.assertEqual(partner.region_id, self.east, "clearing it goes back to the automatic region")
        self.assertFalse(partner.region_manual_id)
        created = self.create_customer("Manual Ltd.", country_id=self.cn.id, state_id=self.shanghai.id,
                                       region_id=self.europe.id)
        self.assertEqual(created.region_id, self.europe)
        blank = self.create_customer("Form Ltd.", country_id=self.cn.id, state_id=self.shanghai.id,
                                     region_id=False)
        self.assertEqual(blank.region_id, self.east, "a form sending an empty region gets the automatic one")

    def test_region_configuration_change_reassigns_customers(self):
        partner = self.create_customer(country_id=self.cn.id, state_id=self.shanghai.id)
        manual = self.create_customer("Manual Ltd.", country_id=self.cn.id, state_id=self.shanghai.id,
                                      region_id=self.europe.id)
        self.east.write({"state_ids": [(3, self.shanghai.id)]})
        self.assertEqual(partner.region_id, self.china)
        metro = self.env["customer.region"].create({
            "name": "Shanghai Metro", "code": "SH-METRO", "state_ids": [(6, 0, self.shanghai.ids)]})
        self.assertEqual(partner.region_id, metro)
        self.assertEqual(manual.region_id, self.europe, "manual choices survive configuration changes")
        metro.active = False
        self.assertEqual(partner.region_id, self.china)

    def test_province_in_one_region_only(self):
        with self.assertRaises(ValidationError) as error:
            self.south.write({"state_ids": [(4, self.shanghai.id)]})
        self.assertIn(self.shanghai.name, error.exception.name)

    def test_region_configuration_rights(self):
        with self.assertRaises(AccessError):
            self.env["customer.region"].sudo(self.user_manager).create({"name": "Mars", "code": "MARS"})
        self.assertTrue(self.east.sudo(self.user_service).read(["name"]))
        self.env["customer.region"].sudo(self.user_data_admin).create({"name": "Mars", "code": "MARS"})
