"""A claim and an assignment of the same pool customer at the same moment, in real concurrent
transactions (see test_pool_concurrency.py for the pattern): one wins, the other is told who
holds the customer now."""
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase

from .concurrency import run_overlapping


class TestPoolAssignConcurrency(TransactionCase):

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"no_reset_password": True})
            sales = env.ref("customer_mgmt.group_customer_salesperson")
            leader = env.ref("customer_mgmt.group_customer_team_leader")
            Users = env["res.users"]
            self.claimer_id, self.member_id, self.admin_id = [Users.create({
                "name": "Test %s" % login, "login": login, "lang": "en_US",
                "groups_id": [(6, 0, group.ids)]}).id for login, group in (
                    ("race_claimer", sales), ("race_member", sales), ("race_admin", leader))]
            self.names = {user.id: user.name for user in Users.browse(
                [self.claimer_id, self.member_id])}
            pool = env["customer.pool"].create({
                "name": "Race Pool",
                "user_ids": [(6, 0, [self.claimer_id, self.member_id])],
                "admin_ids": [(6, 0, [self.admin_id])]})
            self.pool_id = pool.id
            self.customer_id = env["res.partner"].create({
                "name": "Race Customer Co., Ltd.", "is_company": True, "customer": True}).id
            env["res.partner"].browse(self.customer_id).write({"pool_id": pool.id})
            self.wizard_id = env["customer.pool.assign.wizard"].sudo(self.admin_id).create({
                "pool_id": pool.id, "partner_ids": [(6, 0, [self.customer_id])],
                "user_ids": [(6, 0, [self.member_id])]}).id
            cr.commit()
        self.addCleanup(self._remove_committed_records)

    def _remove_committed_records(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = env["res.users"].browse([self.claimer_id, self.member_id, self.admin_id])
            documents = [self.customer_id] + users.mapped("partner_id").ids
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s",
                       (tuple(documents),))
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'res.partner' "
                       "AND res_id IN %s", (tuple(documents),))
            cr.execute("DELETE FROM customer_pool_log WHERE partner_id = %s", (self.customer_id,))
            env["customer.pool.assign.wizard"].browse(self.wizard_id).unlink()
            env["res.partner"].browse(self.customer_id).unlink()
            env["customer.pool"].browse(self.pool_id).unlink()
            partners = users.mapped("partner_id")
            users.unlink()
            partners.unlink()
            cr.commit()

    def test_claim_and_assignment_of_one_customer(self):
        calls = [(self.claimer_id, "res.partner", "action_claim", [self.customer_id]),
                 (self.admin_id, "customer.pool.assign.wizard", "action_confirm",
                  [self.wizard_id])]
        waiting, outcomes, hangs = run_overlapping(
            self.registry, "SELECT id FROM res_partner WHERE id = %s FOR UPDATE",
            (self.customer_id,), calls)
        self.assertFalse(hangs)
        self.assertEqual(waiting, len(calls), "the calls did not wait for each other")
        failed = [outcome["error"] for outcome in outcomes if "error" in outcome]
        self.assertEqual(len(failed), 1, outcomes)
        self.assertIsInstance(failed[0], UserError)
        with self.registry.cursor() as cr:
            cr.execute("SELECT user_id FROM res_partner WHERE id = %s", (self.customer_id,))
            holder = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM customer_pool_log WHERE partner_id = %s",
                       (self.customer_id,))
            self.assertEqual(cr.fetchone()[0], 1)
        self.assertIn(holder, (self.claimer_id, self.member_id))
        self.assertEqual(failed[0].name, "Race Customer Co., Ltd. was already claimed by %s."
                         % self.names[holder])
