"""Two tickets of one round-robin team created at the same moment, as real concurrent
transactions: they go to two members, never both to the one whose turn it was.

Both read the team's turn; the first to write it (the last assignee) makes PostgreSQL refuse
the other's write, and Odoo's RPC dispatcher (odoo.service.model.execute) retries that one,
which then reads the new turn. Each create runs in a thread of its own; a third cursor holds
the team's row until both wait for it. The records are committed first and removed afterwards.
"""
from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase

from odoo.addons.customer_mgmt.tests.concurrency import run_overlapping


class TestAssignmentConcurrency(TransactionCase):

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"no_reset_password": True})
            team = env["crm.team"].create({
                "name": "Concurrent Assignment Team", "feedback_assign_method": "round_robin",
                "feedback_ticket_limit": 1})
            service = env.ref("customer_mgmt.group_customer_service")
            users = env["res.users"].browse()
            for login, member in (("assign_agent_a", True), ("assign_agent_b", True),
                                  ("assign_desk", False)):
                users |= env["res.users"].create({
                    "name": "Test %s" % login, "login": login, "lang": "en_US",
                    "email": "%s@example.com" % login, "sale_team_id": member and team.id,
                    "groups_id": [(6, 0, service.ids)]})
            self.team_id, self.user_ids = team.id, users.ids
            self.partner_id = env["res.partner"].create({
                "name": "Concurrent Assignment Co., Ltd.", "is_company": True,
                "customer": True, "team_id": team.id}).id
            cr.commit()
        self.addCleanup(self._remove_committed_records)

    def _remove_committed_records(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tickets = env["customer.feedback"].search([("team_id", "=", self.team_id)])
            documents = [("customer.feedback", tuple(tickets.ids) or (0,)),
                         ("res.partner", (self.partner_id,))]
            for model, ids in documents:
                cr.execute("DELETE FROM mail_message WHERE model = %s AND res_id IN %s",
                           (model, ids))
                cr.execute("DELETE FROM mail_followers WHERE res_model = %s AND res_id IN %s",
                           (model, ids))
            cr.execute("DELETE FROM mail_activity WHERE res_model = 'customer.feedback' "
                       "AND res_id IN %s", (tuple(tickets.ids) or (0,),))
            tickets.unlink()
            env["res.partner"].browse(self.partner_id).unlink()
            users = env["res.users"].browse(self.user_ids)
            partners = users.mapped("partner_id")
            users.unlink()
            partners.unlink()
            env["crm.team"].browse(self.team_id).unlink()
            cr.commit()

    def test_two_creates_at_once_go_to_two_members(self):
        calls = [(self.user_ids[2], "customer.feedback", "create", {
            "subject": "Order %d late" % n, "partner_id": self.partner_id,
            "feedback_type": "complaint", "channel": "phone"}) for n in range(2)]
        waiting, outcomes, hangs = run_overlapping(
            self.registry, "SELECT id FROM crm_team WHERE id = %s FOR UPDATE", (self.team_id,),
            calls)
        self.assertFalse(hangs)
        self.assertEqual(waiting, len(calls), "the creates did not overlap: %s" % outcomes)
        self.assertEqual([outcome.get("error") for outcome in outcomes], [None, None])
        with self.registry.cursor() as cr:
            cr.execute("SELECT user_id FROM customer_feedback WHERE id IN %s",
                       (tuple(outcome["result"] for outcome in outcomes),))
            assignees = sorted(row[0] for row in cr.fetchall())
        self.assertEqual(assignees, sorted(self.user_ids[:2]))
