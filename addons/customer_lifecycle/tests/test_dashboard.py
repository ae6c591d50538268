"""The leaders' tiles of the "My Work" dashboard: churn warnings and team figures."""
from odoo import fields

from odoo.addons.customer_mgmt.tests.test_dashboard import DashboardCase

from .common import LifecycleCase

LEADER_TILES = {"churn_warnings", "team_customers", "team_followups_week"}


class TestLifecycleDashboard(LifecycleCase, DashboardCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Dashboard Team",
                                               "user_id": cls.user_leader.id})
        cls.user_salesperson.sale_team_id = cls.team
        cls.user_outsider = cls.create_user(
            "outsider", ["customer_mgmt.group_customer_salesperson"])
        cls.outside = cls.create_customer("Dashboard Outside Trading Co., Ltd.",
                                          user_id=cls.user_outsider.id)
        cls.at_risk = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_at_risk")

    def _score(self, partners, score):
        self.env.cr.execute("UPDATE res_partner SET churn_risk_score = %s WHERE id IN %s",
                            (score, tuple(partners.ids)))
        partners.invalidate_cache()

    def test_leader_tiles_only_for_leaders_and_managers(self):
        for user in (self.user_service, self.user_salesperson):
            self.assertFalse(LEADER_TILES & set(self.tiles(user)), user.login)
        for user in (self.user_leader, self.user_manager):
            self.assertTrue(LEADER_TILES <= set(self.tiles(user)), user.login)

    def test_churn_warnings_of_the_team_and_of_the_company(self):
        threshold = self.env["res.partner"]._churn_param("churn_threshold")
        scored = self.create_customer("Dashboard Scored Trading Co., Ltd.",
                                      user_id=self.user_salesperson.id)
        staged = self.create_customer("Dashboard Staged Trading Co., Ltd.",
                                      user_id=self.user_salesperson.id)
        calm = self.create_customer("Dashboard Calm Trading Co., Ltd.",
                                    user_id=self.user_salesperson.id)
        self._score(scored | self.outside, threshold)
        self._score(calm, threshold - 1)
        self.env.cr.execute("UPDATE res_partner SET lifecycle_stage_id = %s WHERE id = %s",
                            (self.at_risk.id, staged.id))
        staged.invalidate_cache()
        Partner = self.env["res.partner"]
        domain = [("customer", "=", True), ("parent_id", "=", False), "|",
                  ("churn_risk_score", ">=", threshold),
                  ("lifecycle_stage_id", "=", self.at_risk.id)]
        leader = self.tiles(self.user_leader)["churn_warnings"]
        team = Partner.sudo(self.user_leader).search(domain)
        self.assertIn(scored, team)
        self.assertIn(staged, team)
        self.assertNotIn(calm, team)
        self.assertNotIn(self.outside, team, "another team's customer")
        self.assert_counts_its_list(leader, team)
        manager = self.tiles(self.user_manager)["churn_warnings"]
        self.assert_counts_its_list(manager, Partner.search(domain))
        self.assertIn(self.outside, self.opened(manager))

    def test_team_customers_per_salesperson(self):
        tile = self.tiles(self.user_leader)["team_customers"]
        held = self.env["res.partner"].sudo(self.user_leader).search(
            [("customer", "=", True), ("parent_id", "=", False), ("user_id", "!=", False)])
        self.assertIn(self.customer, held)
        self.assertNotIn(self.outside, held)
        self.assert_counts_its_list(tile, held)
        self.assertIn("%s %d" % (self.user_salesperson.name, len(
            held.filtered(lambda p: p.user_id == self.user_salesperson))), tile.note)
        self.assertEqual(tile.action_open()["context"]["group_by"], "user_id")

    def test_team_follow_ups_this_week(self):
        Interaction = self.env["customer.interaction"]
        now = fields.Datetime.now()
        mine = Interaction.create({"name": "Dashboard call", "partner_id": self.customer.id,
                                   "user_id": self.user_salesperson.id, "date": now})
        outside = Interaction.create({"name": "Outside call", "partner_id": self.outside.id,
                                      "user_id": self.user_outsider.id, "date": now})
        old = Interaction.create({"name": "Old call", "partner_id": self.customer.id,
                                  "user_id": self.user_salesperson.id,
                                  "date": "2001-01-01 10:00:00"})
        tile = self.tiles(self.user_leader)["team_followups_week"]
        listed = self.opened(tile)
        self.assertIn(mine, listed)
        self.assertNotIn(outside, listed)
        self.assertNotIn(old, listed)
        self.assertEqual(tile.value, len(listed))
        self.assertIn(self.user_salesperson.name, tile.note)
