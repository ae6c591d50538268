"""Claims from the public pool under real concurrent transactions.

Each claim is a request through Odoo's RPC dispatcher (odoo.service.model.execute) in a thread
of its own, with its own cursor, commit and retries on serialization errors, as when two
salespeople click at the same moment. A third cursor holds the row both claims need until
both wait for it, so that they really overlap. The records are committed first and removed
afterwards.
"""
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase

from .concurrency import run_overlapping

LIMIT_PARAM = "customer_mgmt.pool_max_customers"


class TestPoolConcurrency(TransactionCase):

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"no_reset_password": True})
            group = env.ref("customer_mgmt.group_customer_salesperson")
            users = env["res.users"].browse()
            for login in ("concurrent_a", "concurrent_b"):
                users |= env["res.users"].create({
                    "name": "Test %s" % login, "login": login, "lang": "en_US",
                    "groups_id": [(6, 0, group.ids)]})
            self.user_a_id, self.user_b_id = users.ids
            self.user_names = dict(zip(users.ids, users.mapped("name")))
            Partner = env["res.partner"]
            self.held_id = Partner.create({
                "name": "Concurrent Held Co., Ltd.", "is_company": True, "customer": True,
                "user_id": self.user_a_id}).id
            self.pool_ids = [Partner.create({
                "name": "Concurrent Pool %s Co., Ltd." % name, "is_company": True,
                "customer": True}).id for name in ("One", "Two")]
            params = env["ir.config_parameter"]
            self.previous_limit = params.get_param(LIMIT_PARAM)
            params.set_param(LIMIT_PARAM, "2")
            cr.commit()
        self.addCleanup(self._remove_committed_records)

    def _remove_committed_records(self):
        partner_ids = [self.held_id] + self.pool_ids
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = env["res.users"].browse([self.user_a_id, self.user_b_id])
            user_partners = users.mapped("partner_id")
            documents = partner_ids + user_partners.ids
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s",
                       (tuple(documents),))
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'res.partner' "
                       "AND res_id IN %s", (tuple(documents),))
            env["res.partner"].browse(partner_ids).unlink()
            users.unlink()
            user_partners.unlink()
            env["ir.config_parameter"].set_param(LIMIT_PARAM, self.previous_limit or "0")
            cr.commit()

    def _run_overlapping(self, lock_query, lock_id, claims):
        """Run the claims (uid, partner id) while a cursor holds a row they all need, and let
        it go once all of them wait for it. Returns their outcomes, in order."""
        waiting, outcomes, hangs = run_overlapping(
            self.registry, lock_query, (lock_id,),
            [(uid, "res.partner", "action_claim", [partner_id]) for uid, partner_id in claims])
        self.assertFalse(hangs, "a claim hangs")
        self.assertEqual(waiting, len(claims), "the claims did not wait for each other: %s"
                         % outcomes)
        return outcomes

    def _salespeople(self):
        """{customer id: salesperson id} of the test customers, as committed."""
        with self.registry.cursor() as cr:
            cr.execute("SELECT id, user_id FROM res_partner WHERE id IN %s",
                       (tuple([self.held_id] + self.pool_ids),))
            return dict(cr.fetchall())

    def test_holding_limit_holds_for_concurrent_claims(self):
        # Limit 2, one customer held: one slot left for two claims at the same moment.
        outcomes = self._run_overlapping(
            "SELECT id FROM res_users WHERE id = %s FOR UPDATE", self.user_a_id,
            [(self.user_a_id, partner_id) for partner_id in self.pool_ids])
        succeeded = [outcome for outcome in outcomes if "error" not in outcome]
        failed = [outcome["error"] for outcome in outcomes if "error" in outcome]
        self.assertEqual(len(succeeded), 1, outcomes)
        self.assertIsInstance(failed[0], UserError)
        self.assertIn("You hold 2 customers and may hold at most 2", failed[0].name)
        salespeople = self._salespeople()
        self.assertEqual(sorted(salespeople[pid] or 0 for pid in self.pool_ids),
                         [0, self.user_a_id])
        self.assertEqual(list(salespeople.values()).count(self.user_a_id), 2)

    def test_loser_of_a_race_for_a_customer_learns_who_claimed_it(self):
        customer_id = self.pool_ids[0]
        outcomes = self._run_overlapping(
            "SELECT id FROM res_partner WHERE id = %s FOR UPDATE", customer_id,
            [(self.user_a_id, customer_id), (self.user_b_id, customer_id)])
        winners = [uid for uid, outcome in zip((self.user_a_id, self.user_b_id), outcomes)
                   if "error" not in outcome]
        failed = [outcome["error"] for outcome in outcomes if "error" in outcome]
        self.assertEqual(len(winners), 1, outcomes)
        self.assertIsInstance(failed[0], UserError)
        self.assertEqual(failed[0].name, "Concurrent Pool One Co., Ltd. was already claimed by %s."
                         % self.user_names[winners[0]])
        self.assertEqual(self._salespeople()[customer_id], winners[0])
