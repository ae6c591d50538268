"""Pool administrators assign pool customers to members and take customers back."""
from odoo.exceptions import AccessError, UserError

from .common import PoolCase


class TestPoolAssign(PoolCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_member = cls.create_user(
            "pool_member", ["customer_mgmt.group_customer_salesperson"],
            sale_team_id=cls.team_east.id)

    def assign(self, user, partners, members, pool=None):
        wizard = self.env["customer.pool.assign.wizard"].sudo(user).create({
            "pool_id": (pool or self.pool_east).id, "partner_ids": [(6, 0, partners.ids)],
            "user_ids": [(6, 0, members.ids)]})
        return wizard.action_confirm()

    def take_back(self, user, partners, reason="Not followed up", pool=None):
        wizard = self.env["customer.pool.take.back.wizard"].sudo(user).create({
            "pool_id": (pool or self.pool_east).id, "partner_ids": [(6, 0, partners.ids)],
            "reason": reason})
        return wizard.action_confirm()

    def east_customers(self, *names):
        return self.env["res.partner"].browse(
            [self.in_pool("Assign %s Co., Ltd." % name, pool=self.pool_east).id for name in names])

    def test_assign_many_in_turn(self):
        customers = self.east_customers("One", "Two", "Three")
        members = (self.user_salesperson | self.user_member).sorted("id")
        self.assign(self.user_leader, customers, members)
        self.assertEqual(customers.mapped("user_id"), members)
        self.assertEqual(len(customers.filtered(lambda c: c.user_id == members[0])), 2)
        for customer in customers:
            log = self.logs(customer)
            self.assertEqual((log.action, log.user_id, log.new_user_id, log.pool_id),
                             ("assign", self.user_leader, customer.user_id, self.pool_east))
            self.assertTrue(customer.pool_claim_date)

    def test_assignment_is_all_or_nothing_within_the_limits(self):
        held = self.env["res.partner"]._pool_held_count(self.user_member)
        self.pool_east.max_customers = held + 1
        customers = self.east_customers("Limit A", "Limit B", "Limit C")
        members = (self.user_salesperson | self.user_member).sorted("id")
        self.pool_east.max_customers = max(
            self.env["res.partner"]._pool_held_count(self.user_salesperson), held) + 1
        with self.assertRaisesRegex(UserError, "Nothing was assigned: .*%s" % members[0].name):
            self.assign(self.user_leader, customers, members)
        self.assertFalse(customers.mapped("user_id"))
        self.assertFalse(self.env["customer.pool.log"].search(
            [("partner_id", "in", customers.ids)]))

    def test_only_administrators_assign_to_members(self):
        customers = self.east_customers("Rights")
        other_leader = self.create_user("pool_leader_two", [
            "customer_mgmt.group_customer_team_leader"], sale_team_id=self.team_east.id)
        with self.assertRaisesRegex(AccessError, "Only the administrators of the pool"):
            self.assign(other_leader, customers, self.user_member)
        with self.assertRaises(AccessError):
            self.assign(self.user_salesperson, customers, self.user_member)
        with self.assertRaisesRegex(UserError, "not salespeople served by the pool"):
            self.assign(self.user_leader, customers, self.user_other)
        self.assertFalse(customers.user_id)
        # Managers administer every pool.
        self.assign(self.user_manager, customers, self.user_member)
        self.assertEqual(customers.user_id, self.user_member)

    def test_assign_refuses_customers_of_another_pool_or_held(self):
        default_customer = self.in_pool("Assign Default Co., Ltd.")
        with self.assertRaisesRegex(UserError, "is not in the pool East Pool"):
            self.assign(self.user_manager, default_customer, self.user_member)
        held = self.create_customer("Assign Held Co., Ltd.", user_id=self.user_salesperson.id)
        with self.assertRaisesRegex(UserError, "already has a salesperson|Choose the customers"):
            self.assign(self.user_manager, held, self.user_member)
        self.assertEqual(held.user_id, self.user_salesperson)

    def test_take_back_with_a_reason(self):
        customer = self.create_customer("Assign Back Co., Ltd.", user_id=self.user_salesperson.id)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            self.take_back(self.user_leader, customer, reason="  ")
        self.assertEqual(customer.user_id, self.user_salesperson)
        self.take_back(self.user_leader, customer, reason="No visit in a quarter")
        self.assertFalse(customer.user_id)
        self.assertEqual(customer.pool_id, self.pool_east)
        self.assertEqual(customer.pool_previous_user_id, self.user_salesperson)
        log = self.logs(customer)
        self.assertEqual((log.action, log.previous_user_id, log.reason, log.user_id),
                         ("take_back", self.user_salesperson, "No visit in a quarter",
                          self.user_leader))

    def test_take_back_needs_the_pool_and_the_customer(self):
        theirs = self.create_customer("Assign Theirs Co., Ltd.", user_id=self.user_other.id)
        with self.assertRaises(AccessError):
            self.take_back(self.user_leader, theirs)  # not a customer of the leader's team
        with self.assertRaises(AccessError):
            self.take_back(self.user_salesperson, theirs)
        mine = self.create_customer("Assign Mine Co., Ltd.", user_id=self.user_salesperson.id)
        with self.assertRaisesRegex(AccessError, "Only the administrators of the pool"):
            self.take_back(self.user_leader, mine, pool=self.default_pool)
        self.assertEqual(theirs.user_id, self.user_other)
        self.assertEqual(mine.user_id, self.user_salesperson)

    def test_take_back_offers_the_pool_the_administrator_runs(self):
        # Assigned from the East pool; with neither team nor region it would go back to the
        # default pool, which the leader does not administer: the wizard offers East.
        customer = self.east_customers("Offer")
        self.assign(self.user_leader, customer, self.user_member)
        self.assertEqual(customer._pool_home_pools()[customer.id], self.default_pool.id)
        Wizard = self.env["customer.pool.take.back.wizard"].with_context(
            active_model="res.partner", active_ids=customer.ids)
        self.assertEqual(Wizard.sudo(self.user_leader).default_get(["pool_id"])["pool_id"],
                         self.pool_east.id)
        # A manager administers every pool: the pool the customer goes back to comes first.
        self.assertEqual(Wizard.sudo(self.user_manager).default_get(["pool_id"])["pool_id"],
                         self.default_pool.id)
        # A leader administering neither gets the routed pool (and is refused on confirming).
        other_leader = self.create_user("pool_leader_offer", [
            "customer_mgmt.group_customer_team_leader"], sale_team_id=self.team_east.id)
        self.assertEqual(Wizard.sudo(other_leader).default_get(["pool_id"])["pool_id"],
                         self.default_pool.id)

    def test_assign_offers_only_the_salespeople_the_pool_serves(self):
        self.user_service.write({"sale_team_id": self.team_east.id})
        self.assertIn(self.user_service.id, self.pool_east._served_user_ids())
        wizard = self.env["customer.pool.assign.wizard"].sudo(self.user_leader).new(
            {"pool_id": self.pool_east.id})
        offered = self.env["res.users"].search(wizard._onchange_pool_id()["domain"]["user_ids"])
        self.assertIn(self.user_member, offered)
        self.assertIn(self.user_salesperson, offered)
        # A salesperson of no team (not served) and customer service (served, but no
        # salesperson) are not.
        self.assertNotIn(self.user_other, offered)
        self.assertNotIn(self.user_service, offered)
        self.assertFalse(self.env["res.users"].search(
            self.env["customer.pool.assign.wizard"].new({})._onchange_pool_id()[
                "domain"]["user_ids"]))
