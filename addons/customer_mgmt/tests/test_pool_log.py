"""The pool log: one row per claim, release, assignment and take-back, written by the system."""
from odoo import fields
from odoo.exceptions import AccessError

from .common import PoolCase


class TestPoolLog(PoolCase):

    def test_claim_and_release_are_logged(self):
        customer = self.in_pool("Log Alpha Co., Ltd.", pool=self.pool_east,
                                team_id=self.team_east.id)
        customer.sudo(self.user_salesperson).action_claim()
        wizard = self.env["customer.pool.release.wizard"].sudo(self.user_salesperson).create({
            "partner_ids": [(6, 0, customer.ids)], "reason": "Moved abroad"})
        wizard.action_confirm()
        claim, release = self.logs(customer)
        self.assertEqual((claim.action, claim.user_id, claim.new_user_id, claim.salesperson_id,
                          claim.pool_id), ("claim", self.user_salesperson, self.user_salesperson,
                                           self.user_salesperson, self.pool_east))
        self.assertFalse(claim.previous_user_id)
        self.assertEqual((release.action, release.previous_user_id, release.reason,
                          release.salesperson_id, release.pool_id),
                         ("release", self.user_salesperson, "Moved abroad",
                          self.user_salesperson, self.pool_east))
        self.assertFalse(release.new_user_id)

    def test_nobody_writes_the_log(self):
        customer = self.in_pool("Log Beta Co., Ltd.")
        customer.sudo(self.user_salesperson).action_claim()
        log = self.logs(customer)
        Log = self.env["customer.pool.log"]
        for user in (self.user_salesperson, self.user_leader, self.user_manager,
                     self.user_data_admin):
            with self.assertRaises(AccessError):
                Log.sudo(user).create({"date": fields.Datetime.now(), "action": "claim",
                                       "partner_id": customer.id})
            with self.assertRaises(AccessError):
                log.sudo(user).write({"reason": "forged"})
            with self.assertRaises(AccessError):
                log.sudo(user).unlink()
        self.assertFalse(log.reason)
        self.assertEqual(len(self.logs(customer)), 1)

    def test_managers_and_the_pools_administrators_read_the_log(self):
        east = self.in_pool("Log East Co., Ltd.", pool=self.pool_east)
        default = self.in_pool("Log Default Co., Ltd.")
        (east | default).sudo(self.user_salesperson)._claim_from_pool()
        logs = self.logs(east) | self.logs(default)
        Log = self.env["customer.pool.log"]
        self.assertEqual(Log.sudo(self.user_manager).search([("id", "in", logs.ids)]), logs)
        self.assertEqual(Log.sudo(self.user_leader).search([("id", "in", logs.ids)]),
                         self.logs(east))
        with self.assertRaises(AccessError):
            self.logs(default).sudo(self.user_leader).read(["reason"])
        with self.assertRaises(AccessError):
            Log.sudo(self.user_salesperson).search([])

    def test_claims_analysis(self):
        customer = self.in_pool("Log Report Co., Ltd.", pool=self.pool_east)
        customer.sudo(self.user_salesperson).action_claim()
        self.env["customer.interaction"].create({
            "name": "Log first call", "partner_id": customer.id, "channel": "call",
            "date": fields.Datetime.now(), "user_id": self.user_salesperson.id})
        self.env["crm.lead"].create({"name": "Log deal", "partner_id": customer.id,
                                     "type": "opportunity", "probability": 100,
                                     "date_closed": fields.Datetime.now()})
        Report = self.env["customer.pool.claim.report"]
        row = Report.sudo(self.user_leader).search([("partner_id", "=", customer.id)])
        self.assertEqual((row.days_to_followup, row.days_to_win, row.won_count, row.pool_id),
                         (0, 0, 1, self.pool_east))
        groups = Report.sudo(self.user_manager).read_group(
            [("partner_id", "=", customer.id)],
            ["claim_count", "days_to_followup", "salesperson_id"], ["salesperson_id"])
        self.assertEqual(groups[0]["claim_count"], 1)
        monthly = self.env["customer.pool.log"].sudo(self.user_manager).read_group(
            [("partner_id", "=", customer.id)], ["action", "date", "pool_id"],
            ["date:month", "pool_id", "action"],
            lazy=False)
        self.assertEqual(monthly[0]["__count"], 1)
