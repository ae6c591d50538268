"""The public customer pool: claim, limits, cooldown, release with a reason, automatic release."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from ..models.customer_pool_settings_mixin import pool_param
from .common import CustomerCase


def _days_ago(days):
    return fields.Datetime.to_string(
        fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=days))


class TestPool(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user("pool_other", ["customer_mgmt.group_customer_salesperson"])
        cls.pool_customer = cls.create_customer("Pool Lambda Co., Ltd.")
        cls.params = cls.env["ir.config_parameter"].sudo()

    def _set(self, key, value):
        self.params.set_param("customer_mgmt.pool_%s" % key, value)

    def _chatter(self, partner):
        return " ".join(self.env["mail.message"].search(
            [("model", "=", "res.partner"), ("res_id", "=", partner.id)]).mapped("body"))

    def test_pool_lists_customer_accounts_without_salesperson(self):
        owned = self.create_customer("Owned Mu Co., Ltd.", user_id=self.user_other.id)
        pool = self.env["res.partner"].sudo(self.user_salesperson).search([("is_in_pool", "=", True)])
        self.assertIn(self.pool_customer, pool)
        self.assertNotIn(owned, pool)
        self.assertNotIn(self.user_plain.partner_id, pool)
        with self.assertRaisesRegex(UserError, "not a customer account of the public pool"):
            self.user_plain.partner_id.sudo(self.user_salesperson).action_claim()
        portal = self.create_user("pool_portal", ["base.group_portal"]).partner_id
        portal.write({"customer": True})
        self.assertIn(portal, self.env["res.partner"].sudo(self.user_salesperson).search(
            [("is_in_pool", "=", True)]))
        self.assertNotIn(portal, self.env["res.partner"].search([("is_in_pool", "=", False)]))
        action = self.env.ref("customer_mgmt.res_partner_action_pool")
        self.assertIn("is_in_pool", action.domain)

    def test_claim(self):
        customer = self.pool_customer.sudo(self.user_salesperson)
        customer.action_claim()
        self.assertEqual(self.pool_customer.user_id, self.user_salesperson)
        self.assertIn("Claimed from the public pool by Test salesperson", self._chatter(customer))
        # Now it is the salesperson's: the other salesperson no longer sees it.
        with self.assertRaises(AccessError):
            self.pool_customer.sudo(self.user_other).action_claim()
        self.assertEqual(self.pool_customer.user_id, self.user_salesperson)

    def test_claim_owned_customer_refused(self):
        own = self.create_customer("Own Nu Co., Ltd.", user_id=self.user_salesperson.id)
        with self.assertRaisesRegex(UserError, "already has a salesperson"):
            own.sudo(self.user_salesperson).action_claim()
        self.assertEqual(own.user_id, self.user_salesperson)
        contact = self.create_contact(self.pool_customer, "Qian Contact")
        with self.assertRaisesRegex(UserError, "not a customer account of the public pool"):
            contact.sudo(self.user_salesperson).action_claim()

    def test_claim_needs_salesperson(self):
        with self.assertRaisesRegex(AccessError,
                                    "reserved to the groups \"Customers / Salesperson\""):
            self.pool_customer.sudo(self.user_service).action_claim()
        self.assertFalse(self.pool_customer.user_id)

    def test_claim_limit(self):
        self._set("max_customers", 2)
        self.create_customer("Held One", user_id=self.user_salesperson.id)
        self.create_customer("Held Two", user_id=self.user_salesperson.id)
        with self.assertRaisesRegex(UserError, "at most 2"):
            self.pool_customer.sudo(self.user_salesperson).action_claim()
        self.assertFalse(self.pool_customer.user_id)
        self._set("max_customers", 3)
        self.pool_customer.sudo(self.user_salesperson).action_claim()
        self.assertEqual(self.pool_customer.user_id, self.user_salesperson)

    def test_release_with_reason_then_cooldown(self):
        self._set("cooldown_days", 30)
        customer = self.create_customer("Released Xi Co., Ltd.", user_id=self.user_salesperson.id)
        Wizard = self.env["customer.pool.release.wizard"].sudo(self.user_salesperson)
        action = customer.sudo(self.user_salesperson).action_release_to_pool()
        wizard = Wizard.with_context(action["context"]).create({"reason": "Moved abroad"})
        self.assertEqual(wizard.partner_ids, customer)
        wizard.action_confirm()
        self.assertFalse(customer.user_id)
        self.assertEqual(customer.pool_previous_user_id, self.user_salesperson)
        self.assertTrue(customer.pool_released_date)
        self.assertIn("Reason: Moved abroad", self._chatter(customer))
        with self.assertRaisesRegex(UserError, "30 days after the release"):
            customer.sudo(self.user_salesperson).action_claim()
        self.assertFalse(customer.user_id)
        # Someone else may claim it at once; the releaser after the cooldown.
        customer.write({"pool_released_date": _days_ago(31)})
        customer.sudo(self.user_salesperson).action_claim()
        self.assertEqual(customer.user_id, self.user_salesperson)

    def test_release_requires_reason_and_ownership(self):
        customer = self.create_customer("Kept Omicron", user_id=self.user_other.id)
        Wizard = self.env["customer.pool.release.wizard"].sudo(self.user_salesperson)
        with self.assertRaises(AccessError):
            Wizard.create({"partner_ids": [(6, 0, customer.ids)], "reason": "Not mine"}).action_confirm()
        self.assertEqual(customer.user_id, self.user_other)
        own = self.create_customer("Own Pi", user_id=self.user_salesperson.id)
        wizard = Wizard.create({"partner_ids": [(6, 0, own.ids)], "reason": "   "})
        with self.assertRaisesRegex(UserError, "Give the reason"):
            wizard.action_confirm()
        self.assertEqual(own.user_id, self.user_salesperson)

    # Automatic release ----------------------------------------------------------------------

    def _neglected(self, name, days, **vals):
        customer = self.create_customer(name, user_id=self.user_salesperson.id, **vals)
        self.env.cr.execute("UPDATE res_partner SET create_date = %s WHERE id = %s",
                            (_days_ago(days), customer.id))
        customer.invalidate_cache()
        return customer

    def _warnings(self, partner):
        return self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", partner.id),
            ("activity_type_id", "=", self.env.ref("customer_mgmt.mail_activity_type_pool_warning").id)])

    def test_cron_warns_then_releases_once(self):
        Partner = self.env["res.partner"]
        old = self._neglected("Neglected Rho", 120)
        due_soon = self._neglected("Nearly Sigma", 85)
        fresh = self._neglected("Fresh Tau", 40)
        Partner._cron_release_neglected_customers(batch_limit=1)
        for customer in (old, due_soon):
            self.assertEqual(len(self._warnings(customer)), 1, customer.name)
            self.assertEqual(self._warnings(customer).user_id, self.user_salesperson)
            self.assertEqual(customer.user_id, self.user_salesperson)
        self.assertFalse(self._warnings(fresh))
        # Idempotent: a second run the same day warns nobody twice and releases nothing.
        Partner._cron_release_neglected_customers(batch_limit=1)
        self.assertEqual(len(self._warnings(old)), 1)
        self.assertEqual(old.user_id, self.user_salesperson)
        # The warning is 7 days old: the neglected customer goes back to the pool.
        (old | due_soon).write({"pool_warning_date": fields.Date.to_string(
            fields.Date.from_string(fields.Date.today()) - timedelta(days=7))})
        result = Partner._cron_release_neglected_customers(batch_limit=1)
        self.assertEqual(result["released"], 1)
        self.assertFalse(old.user_id)
        self.assertEqual(old.pool_previous_user_id, self.user_salesperson)
        self.assertIn("no interaction", self._chatter(old))
        self.assertFalse(self._warnings(old))
        self.assertEqual(due_soon.user_id, self.user_salesperson, "deadline not reached yet")
        result = Partner._cron_release_neglected_customers(batch_limit=1)
        self.assertEqual(result, {"warned": 0, "released": 0})

    def test_cron_keeps_customers_with_interactions_or_opportunities(self):
        Partner = self.env["res.partner"]
        with_opportunity = self._neglected("Busy Upsilon", 200)
        contact = self.create_contact(with_opportunity, "Opportunity Contact")
        self.env["crm.lead"].create({"name": "Big deal", "type": "opportunity",
                                     "partner_id": contact.id, "probability": 50})
        contacted = self._neglected("Contacted Phi", 200)
        if "last_interaction_date" in Partner._fields:
            self.env.cr.execute("UPDATE res_partner SET last_interaction_date = %s WHERE id = %s",
                                (_days_ago(3), contacted.id))
            contacted.invalidate_cache()
        else:
            contacted.write({"pool_warning_date": False})
        Partner._cron_release_neglected_customers()
        self.assertFalse(self._warnings(with_opportunity))
        if "last_interaction_date" in Partner._fields:
            self.assertFalse(self._warnings(contacted))

    def test_cron_excludes_key_accounts_by_default(self):
        Partner = self.env["res.partner"]
        if "tier_id" not in Partner._fields:
            self.skipTest("tiers not installed")
        key_tier = self.env["customer.tier"].create({"name": "Strategic", "is_key_account": True})
        key = self._neglected("Key Chi", 200, tier_id=key_tier.id)
        Partner._cron_release_neglected_customers()
        self.assertFalse(self._warnings(key))
        self._set("release_key_accounts", "True")
        Partner._cron_release_neglected_customers()
        self.assertTrue(self._warnings(key))

    def test_cron_uses_tier_release_days(self):
        Partner = self.env["res.partner"]
        if "pool_release_days" not in self.env["customer.tier"]._fields:
            self.skipTest("per-tier pool settings not installed")
        tier = self.env["customer.tier"].create({"name": "Small", "pool_release_days": 30})
        short = self._neglected("Short Psi", 25, tier_id=tier.id)
        default = self._neglected("Default Omega", 25)
        Partner._cron_release_neglected_customers()
        self.assertTrue(self._warnings(short))
        self.assertFalse(self._warnings(default))

    def test_settings_have_no_pool_fields(self):
        """The pool settings have one place, the managers' Pool Settings; Settings link to it."""
        pool_fields = [name for name in self.env["customer.pool.settings"]._fields
                       if name.startswith("customer_pool_")]
        self.assertTrue(pool_fields)
        self.assertFalse(set(pool_fields) & set(self.env["res.config.settings"]._fields))
        arch = self.env["res.config.settings"].sudo(self.user_admin).fields_view_get(
            view_type="form")["arch"]
        self.assertIn(str(self.env.ref("customer_mgmt.customer_pool_settings_action").id), arch)
        self.assertNotIn("customer_pool_release_days", arch)
