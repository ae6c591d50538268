"""The tickets' tiles of the "My Work" dashboard: service's queue, the team's open tickets."""
from odoo.addons.customer_mgmt.tests.test_dashboard import DashboardCase

from .common import FeedbackCase

SERVICE_TILES = {"tickets_new", "tickets_mine", "tickets_sla_breached", "tickets_sla_at_risk"}


class TestFeedbackDashboard(FeedbackCase, DashboardCase):

    def _status(self, tickets, status):
        self.env.cr.execute("UPDATE customer_feedback SET sla_status = %s WHERE id IN %s",
                            (status, tuple(tickets.ids)))
        tickets.invalidate_cache()

    def test_service_tiles_count_their_lists(self):
        Feedback = self.env["customer.feedback"]
        base_new = Feedback.search([("is_closed", "=", False), (
            "stage_id", "=", self.env.ref("customer_feedback.customer_feedback_stage_new").id)])
        new = self.create_feedback(user_id=self.user_service.id)
        other = self.create_feedback(self.other_customer, user_id=self.user_manager.id)
        started = self.create_feedback(user_id=self.user_service.id)
        started.stage_id = self.env.ref("customer_feedback.customer_feedback_stage_in_progress")
        closed = self.create_feedback(user_id=self.user_service.id, resolution="Redelivered.")
        closed.stage_id = self.env.ref("customer_feedback.customer_feedback_stage_closed")
        self._status(new | closed, "breached")
        self._status(started, "at_risk")
        self._status(other, "on_track")
        tiles = self.tiles(self.user_service)
        self.assertTrue(SERVICE_TILES <= set(tiles), set(tiles))
        self.assert_counts_its_list(tiles["tickets_new"], base_new | new | other)
        self.assert_counts_its_list(tiles["tickets_mine"], new | started)
        breached = Feedback.search([("is_closed", "=", False), ("sla_status", "=", "breached")])
        self.assertIn(new, breached)
        self.assertNotIn(closed, breached)
        self.assert_counts_its_list(tiles["tickets_sla_breached"], breached)
        self.assertEqual(tiles["tickets_sla_breached"].tone, "danger")
        at_risk = Feedback.search([("is_closed", "=", False), ("sla_status", "=", "at_risk")])
        self.assert_counts_its_list(tiles["tickets_sla_at_risk"], at_risk)

    def test_ticket_tiles_only_for_their_roles(self):
        sales = set(self.tiles(self.user_salesperson))
        self.assertFalse((SERVICE_TILES | {"team_tickets_open"}) & sales, sales)
        self.assertNotIn("team_tickets_open", self.tiles(self.user_service))
        self.assertIn("team_tickets_open", self.tiles(self.user_leader))
        self.assertIn("team_tickets_open", self.tiles(self.user_manager))

    def test_team_open_tickets_are_what_the_leader_reads(self):
        team = self.env["crm.team"].create({"name": "Dashboard Team",
                                            "user_id": self.user_leader.id})
        self.user_salesperson.sale_team_id = team
        mine = self.create_feedback()
        elsewhere = self.create_feedback(self.other_customer)
        tile = self.tiles(self.user_leader)["team_tickets_open"]
        readable = self.env["customer.feedback"].sudo(self.user_leader).search(
            [("is_closed", "=", False)])
        self.assertIn(mine, readable)
        self.assertNotIn(elsewhere, readable)
        self.assert_counts_its_list(tile, readable)
        self.assertEqual(tile.action_open()["context"].get("group_by"), "user_id")
        manager = self.tiles(self.user_manager)["team_tickets_open"]
        self.assertIn(elsewhere, self.opened(manager))
