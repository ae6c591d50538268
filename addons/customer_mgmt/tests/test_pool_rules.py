"""The release rules of the pools: each rule alone, protection, key accounts, tiers, warnings."""
from datetime import timedelta

from odoo import fields

from .common import PoolCase


class TestPoolRules(PoolCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Rule = cls.env["customer.pool.rule"]
        cls.key_tier = cls.env["customer.tier"].create({"name": "Rules Key", "is_key_account": True})

    def held(self, name, created_days, interaction_days=None, claimed_days=None, **values):
        """A customer of the East team held by the salesperson, aged by SQL."""
        customer = self.create_customer(name, user_id=self.user_salesperson.id,
                                        team_id=self.team_east.id, **values)
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s, last_interaction_date = %s, "
            "pool_claim_date = %s WHERE id = %s",
            (self.days_ago(created_days),
             self.days_ago(interaction_days) if interaction_days is not None else None,
             self.days_ago(claimed_days) if claimed_days is not None else None, customer.id))
        customer.invalidate_cache()
        return customer

    def candidates(self):
        rows, _days = self.Partner._pool_neglected_candidates()
        return {row["id"]: row for row in rows}

    def run_cron(self):
        return self.Partner._cron_release_neglected_customers(batch_limit=2)

    def age_warnings(self, customers):
        customers.sudo().write({"pool_warning_date": fields.Date.to_string(
            fields.Date.from_string(fields.Date.today()) - timedelta(days=7))})

    def warnings(self, customer):
        return self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", customer.id),
            ("activity_type_id", "=", self.env.ref(
                "customer_mgmt.mail_activity_type_pool_warning").id)])

    def test_no_followup_rule_fires_alone(self):
        rule = self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_followup", "days": 30})
        old = self.held("Rules Old Co., Ltd.", 200, interaction_days=40)
        recent = self.held("Rules Recent Co., Ltd.", 200, interaction_days=10)
        rows = self.candidates()
        self.assertEqual(rows[old.id]["rule_id"], rule.id)
        self.assertEqual(rows[old.id]["pool_id"], self.pool_east.id)
        self.assertNotIn(recent.id, rows)
        self.run_cron()
        self.assertEqual(len(self.warnings(old)), 1)
        self.age_warnings(old)
        result = self.run_cron()
        self.assertEqual(result["released"], 1)
        self.assertFalse(old.user_id)
        self.assertEqual(old.pool_id, self.pool_east)
        log = self.logs(old)
        self.assertEqual((log.action, log.rule_id, log.previous_user_id, log.pool_id),
                         ("rule_release", rule, self.user_salesperson, self.pool_east))
        self.assertEqual(recent.user_id, self.user_salesperson)

    def test_no_order_rule_fires_alone(self):
        rule = self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_order", "days": 20})
        idle = self.held("Rules Idle Co., Ltd.", 100, interaction_days=1, claimed_days=25)
        won = self.held("Rules Won Co., Ltd.", 100, interaction_days=1, claimed_days=25)
        never_claimed = self.held("Rules Unclaimed Co., Ltd.", 100, interaction_days=1)
        self.env["crm.lead"].create({"name": "Rules deal", "partner_id": won.id,
                                     "type": "opportunity", "probability": 100,
                                     "date_closed": self.days_ago(5)})
        rows = self.candidates()
        self.assertEqual(rows[idle.id]["rule_id"], rule.id)
        self.assertNotIn(won.id, rows)
        self.assertNotIn(never_claimed.id, rows)
        self.run_cron()
        self.age_warnings(idle)
        self.run_cron()
        self.assertFalse(idle.user_id)
        self.assertEqual(self.logs(idle).rule_id, rule)
        self.assertEqual(won.user_id, self.user_salesperson)

    def test_protection_period_blocks_the_rules(self):
        self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_followup", "days": 30})
        self.pool_east.protection_days = 60
        new = self.held("Rules New Co., Ltd.", 40)
        claimed = self.held("Rules Claimed Co., Ltd.", 300, interaction_days=100, claimed_days=50)
        old = self.held("Rules Older Co., Ltd.", 300, interaction_days=100)
        rows = self.candidates()
        self.assertNotIn(new.id, rows)  # its deadline is its creation + 60 days
        self.assertNotIn(claimed.id, rows)
        self.assertIn(old.id, rows)
        self.pool_east.protection_days = 0
        self.assertIn(new.id, self.candidates())

    def test_key_accounts_stay_unless_the_rule_says(self):
        rule = self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_followup", "days": 30})
        key = self.held("Rules Key Co., Ltd.", 200, interaction_days=60, tier_id=self.key_tier.id)
        self.assertNotIn(key.id, self.candidates())
        rule.include_key_accounts = True
        self.assertIn(key.id, self.candidates())

    def test_tier_rule_wins_over_the_rule_of_all_tiers(self):
        tier = self.env["customer.tier"].create({"name": "Rules Fast"})
        general = self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_followup",
                                    "days": 30})
        fast = self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_followup", "days": 90,
                                 "tier_ids": [(6, 0, tier.ids)]})
        tiered = self.held("Rules Tiered Co., Ltd.", 200, interaction_days=60, tier_id=tier.id)
        plain = self.held("Rules Plain Co., Ltd.", 200, interaction_days=60)
        rows = self.candidates()
        self.assertNotIn(tiered.id, rows)  # 60 days < its tier's 90
        self.assertEqual(rows[plain.id]["rule_id"], general.id)
        fast.days = 50
        self.assertEqual(self.candidates()[tiered.id]["rule_id"], fast.id)

    def test_rules_of_another_pool_do_not_apply(self):
        self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_followup", "days": 30})
        elsewhere = self.create_customer("Rules Elsewhere Co., Ltd.",
                                         user_id=self.user_salesperson.id)
        self.env.cr.execute("UPDATE res_partner SET create_date = %s WHERE id = %s",
                            (self.days_ago(60), elsewhere.id))
        self.assertNotIn(elsewhere.id, self.candidates())  # default pool: 90 days

    def test_rerun_is_idempotent(self):
        self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_followup", "days": 30})
        old = self.held("Rules Twice Co., Ltd.", 200, interaction_days=40)
        self.run_cron()
        self.run_cron()
        self.assertEqual(len(self.warnings(old)), 1)
        self.assertEqual(old.user_id, self.user_salesperson)
        self.age_warnings(old)
        self.run_cron()
        result = self.run_cron()
        self.assertEqual(result["released"], 0)
        self.assertEqual(len(self.logs(old)), 1)
        self.assertFalse(self.warnings(old))

    def test_warning_names_the_rule_and_the_date_in_the_salespersons_language(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_mgmt"], ["zh_CN"])
        self.Rule.create({"pool_id": self.pool_east.id, "kind": "no_followup", "days": 30})
        old = self.held("Rules Warned Co., Ltd.", 200, interaction_days=25)
        self.run_cron()
        warning = self.warnings(old)
        deadline = fields.Date.to_string(
            fields.Datetime.from_string(self.days_ago(25)).date() + timedelta(days=30))
        self.assertEqual(warning.date_deadline, deadline)
        self.assertIn(deadline, warning.summary)
        self.assertIn("No follow-up for 30 days", warning.note)
        self.assertIn("East Pool", warning.note)
        self.user_salesperson.lang = "zh_CN"
        self.env.cr.execute("UPDATE res_partner SET pool_warning_date = NULL WHERE id = %s",
                            (old.id,))
        old.invalidate_cache()
        self.run_cron()
        warning = self.warnings(old)
        self.assertIn("30 天未跟进", warning.note)
        self.assertIn(deadline, warning.summary)
