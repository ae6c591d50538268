"""Several public pools: the default pool, scope, routing of released customers, limits."""
import importlib.util
import os

from odoo.exceptions import AccessError, UserError, ValidationError

from ..utils.migration import salesperson_rule_domains
from .common import PoolCase


class TestPoolMulti(PoolCase):

    def test_default_pool_keeps_the_single_pool(self):
        self.assertTrue(self.default_pool.is_default)
        rule = self.default_pool.rule_ids
        self.assertEqual((rule.kind, rule.days), ("no_followup", 0))
        customer = self.in_pool("Multi Alpha Co., Ltd.")
        self.assertFalse(customer.pool_id)
        self.assertEqual(customer._pool_current(), self.default_pool)
        self.assertGreaterEqual(self.default_pool.customer_count, 1)
        # The default pool serves everyone: both salespeople see and may claim it.
        for user in (self.user_salesperson, self.user_other):
            self.assertIn(customer, self.env["res.partner"].sudo(user).search(
                [("is_in_pool", "=", True)]))

    def test_one_default_pool_per_company(self):
        with self.assertRaisesRegex(ValidationError, "already has a default pool"), \
                self.cr.savepoint():
            self.Pool.create({"name": "Second Default", "is_default": True})
        self.assertFalse(self.Pool.search([("name", "=", "Second Default")]))
        result = self.Pool.load(["name", "is_default"], [["Imported Default", "1"]])
        self.assertFalse(result["ids"])
        self.assertIn("already has a default pool", result["messages"][0]["message"])
        self.assertFalse(self.Pool.search([("name", "=", "Imported Default")]))

    def test_limits_cannot_be_negative(self):
        with self.assertRaisesRegex(ValidationError, r"cannot be negative \(-1\)"), \
                self.cr.savepoint():
            self.pool_east.write({"max_customers": -1})
        self.pool_east.invalidate_cache()
        self.assertEqual(self.pool_east.max_customers, 0)
        with self.assertRaisesRegex(ValidationError, "must be positive"), self.cr.savepoint():
            self.env["customer.pool.rule"].create(
                {"pool_id": self.pool_east.id, "kind": "no_order", "days": 0})
        with self.assertRaises(ValidationError):
            self.pool_east.sudo(self.user_manager).write({"cooldown_days": "many"})

    def test_salesperson_sees_and_claims_only_the_pools_serving_them(self):
        east = self.in_pool("Multi East Co., Ltd.", pool=self.pool_east)
        contact = self.create_contact(east, "Zhao East")
        self.assertEqual(contact.account_pool_id, self.pool_east)
        Partner = self.env["res.partner"]
        self.assertIn(east, Partner.sudo(self.user_salesperson).search([("is_in_pool", "=", True)]))
        self.assertNotIn(east, Partner.sudo(self.user_other).search([("is_in_pool", "=", True)]))
        self.assertEqual(self.Pool.sudo(self.user_other).search([]), self.default_pool)
        self.assertIn(self.pool_east, self.Pool.sudo(self.user_salesperson).search([]))
        with self.assertRaises(AccessError):
            east.sudo(self.user_other).read(["name"])
        with self.assertRaises(AccessError):
            contact.sudo(self.user_other).read(["name"])
        self.assertTrue(contact.sudo(self.user_salesperson).read(["name"]))
        with self.assertRaises(AccessError):
            east.sudo(self.user_other).action_claim()
        self.assertFalse(east.user_id)
        east.sudo(self.user_salesperson).action_claim()
        self.assertEqual(east.user_id, self.user_salesperson)
        self.assertEqual(east.pool_id, self.pool_east)
        self.assertTrue(east.pool_claim_date)

    def test_pool_served_by_named_members(self):
        self.pool_east.write({"user_ids": [(6, 0, self.user_other.ids)]})
        east = self.in_pool("Multi Member Co., Ltd.", pool=self.pool_east)
        east.sudo(self.user_other).action_claim()
        self.assertEqual(east.user_id, self.user_other)

    def test_administrator_reads_but_claims_only_when_served(self):
        admin = self.create_user("pool_admin_leader", ["customer_mgmt.group_customer_team_leader"])
        self.pool_east.write({"admin_ids": [(4, admin.id)]})
        east = self.in_pool("Multi Admin Co., Ltd.", pool=self.pool_east)
        self.assertTrue(east.sudo(admin).read(["name"]))
        with self.assertRaisesRegex(UserError, "which does not serve you"):
            east.sudo(admin).action_claim()
        self.assertFalse(east.user_id)

    def test_released_customer_goes_to_the_matching_pool(self):
        by_team = self.create_customer("Multi Team Co., Ltd.", user_id=self.user_salesperson.id,
                                       team_id=self.team_east.id)
        by_region = self.create_customer("Multi Region Co., Ltd.",
                                         user_id=self.user_salesperson.id)
        by_region.write({"region_id": self.region_east.id})
        neither = self.create_customer("Multi Neither Co., Ltd.", user_id=self.user_salesperson.id)
        later = self.Pool.create({"name": "Later Pool", "sequence": 50,
                                  "region_ids": [(6, 0, self.region_east.ids)]})
        (by_team | by_region | neither).sudo(self.user_salesperson)._release_to_pool("Test")
        self.assertEqual(by_team.pool_id, self.pool_east)
        self.assertEqual(by_region.pool_id, self.pool_east)  # the first pool in the order
        self.assertEqual(neither.pool_id, self.default_pool)
        later.sequence = 0
        again = self.create_customer("Multi Again Co., Ltd.", user_id=self.user_salesperson.id)
        again.write({"region_id": self.region_east.id})
        again._release_to_pool("Test")
        self.assertEqual(again.pool_id, later)

    def test_pool_limit_and_cooldown_override_the_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("customer_mgmt.pool_max_customers", "100")
        held = self.env["res.partner"]._pool_held_count(self.user_salesperson)
        self.pool_east.max_customers = held + 1
        first = self.in_pool("Multi Limit One Co., Ltd.", pool=self.pool_east)
        second = self.in_pool("Multi Limit Two Co., Ltd.", pool=self.pool_east)
        first.sudo(self.user_salesperson).action_claim()
        with self.assertRaisesRegex(UserError, "may hold at most %d" % (held + 1)):
            second.sudo(self.user_salesperson).action_claim()
        self.assertFalse(second.user_id)
        # Cooldown of the pool: releasing and claiming again at once is refused.
        self.pool_east.write({"max_customers": 0, "cooldown_days": 3})
        first.sudo(self.user_salesperson)._release_to_pool("Test", pool=self.pool_east)
        with self.assertRaisesRegex(UserError, "3 days after the release"):
            first.sudo(self.user_salesperson).action_claim()

    def test_migration_rewrites_the_shipped_rules_only(self):
        path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations",
                            "11.0.1.2.0", "post-migrate.py")
        spec = importlib.util.spec_from_file_location("pool_post_migrate", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        shipped, new = salesperson_rule_domains()
        partner_rule = self.env.ref("customer_mgmt.res_partner_rule_salesperson")
        interaction_rule = self.env.ref("customer_mgmt.customer_interaction_rule_salesperson")
        self.assertEqual(partner_rule.domain_force, new)
        partner_rule.domain_force = shipped
        interaction_rule.domain_force = "[(1, '=', 1)]"  # changed by the company
        migration.migrate(self.env.cr, "11.0.1.1.0")
        migration.migrate(self.env.cr, "11.0.1.1.0")
        (partner_rule | interaction_rule).invalidate_cache()
        self.assertEqual(partner_rule.domain_force, new)
        self.assertEqual(interaction_rule.domain_force, "[(1, '=', 1)]")

    def test_pool_administrators_are_team_leaders_or_managers(self):
        with self.assertRaisesRegex(ValidationError, "%s cannot administer the pool East Pool "
                                    r"\(Pool Administrators\)" % self.user_salesperson.name), \
                self.cr.savepoint():
            self.pool_east.write({"admin_ids": [(4, self.user_salesperson.id)]})
        self.pool_east.invalidate_cache()
        self.assertEqual(self.pool_east.admin_ids, self.user_leader)
        self.pool_east.write({"admin_ids": [(4, self.user_manager.id)]})
        self.assertEqual(self.pool_east.admin_ids, self.user_leader | self.user_manager)
        # The form offers only them.
        offered = self.env["res.users"].search(self.Pool._fields["admin_ids"].domain(self.Pool))
        self.assertIn(self.user_leader, offered)
        self.assertNotIn(self.user_salesperson, offered)
