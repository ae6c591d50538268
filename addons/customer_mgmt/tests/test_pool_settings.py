"""Pool Settings for customer managers (Customers → Configuration), without Odoo's Settings."""
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.customer_pool_settings_mixin import pool_param, pool_release_key_accounts
from .common import CustomerCase

POOL_FIELDS = ["customer_pool_max_customers", "customer_pool_cooldown_days",
               "customer_pool_release_days", "customer_pool_warning_days",
               "customer_pool_release_key_accounts"]


class TestPoolSettings(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.params = cls.env["ir.config_parameter"].sudo()
        for key in ("max_customers", "cooldown_days", "release_days", "warning_days",
                    "release_key_accounts"):
            cls.params.set_param("customer_mgmt.pool_%s" % key, False)

    def _form(self, user):
        Settings = self.env["customer.pool.settings"].sudo(user)
        return Settings.create(Settings.default_get(POOL_FIELDS))

    def _param_values(self):
        return {key: self.params.get_param("customer_mgmt.pool_%s" % key)
                for key in ("max_customers", "cooldown_days", "release_days", "warning_days",
                            "release_key_accounts")}

    def test_manager_opens_defaults_and_saves(self):
        Settings = self.env["customer.pool.settings"].sudo(self.user_manager)
        defaults = Settings.default_get(POOL_FIELDS)
        self.assertEqual(defaults["customer_pool_max_customers"], 0)
        self.assertEqual(defaults["customer_pool_cooldown_days"], 0)
        self.assertEqual(defaults["customer_pool_release_days"], 90)
        self.assertEqual(defaults["customer_pool_warning_days"], 7)
        self.assertFalse(defaults["customer_pool_release_key_accounts"])
        form = Settings.create(dict(defaults, customer_pool_max_customers=1,
                                    customer_pool_cooldown_days=3,
                                    customer_pool_release_days=45,
                                    customer_pool_warning_days=5,
                                    customer_pool_release_key_accounts=True))
        action = form.action_save()
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(pool_param(self.env, "max_customers"), 1)
        self.assertEqual(pool_param(self.env, "cooldown_days"), 3)
        self.assertEqual(pool_param(self.env, "release_days"), 45)
        self.assertEqual(pool_param(self.env, "warning_days"), 5)
        self.assertTrue(pool_release_key_accounts(self.env))
        # Reopening shows the saved values.
        self.assertEqual(Settings.default_get(POOL_FIELDS)["customer_pool_release_days"], 45)
        # The pool uses the new limit: a salesperson holding one customer may claim no more.
        self.create_customer("Held Sigma Co., Ltd.", user_id=self.user_salesperson.id)
        pool_customer = self.create_customer("Pool Tau Co., Ltd.")
        with self.assertRaisesRegex(UserError, "at most 1"):
            pool_customer.sudo(self.user_salesperson).action_claim()
        self.assertFalse(pool_customer.user_id)

    def test_non_managers_refused(self):
        form = self._form(self.user_manager)
        form.write({"customer_pool_max_customers": 9, "customer_pool_release_days": 10})
        before = self._param_values()
        for user in (self.user_salesperson, self.user_service, self.user_leader):
            Settings = self.env["customer.pool.settings"].sudo(user)
            with self.assertRaisesRegex(AccessError, "Only customer managers"):
                Settings.create({"customer_pool_max_customers": 9})
            # Even a form created by someone else cannot be saved by them.
            with self.assertRaises(AccessError):
                form.sudo(user).action_save()
        self.assertEqual(self._param_values(), before)
        self.assertEqual(pool_param(self.env, "release_days"), 90)

    def test_negative_values_refused(self):
        before = self._param_values()
        Settings = self.env["customer.pool.settings"].sudo(self.user_manager)
        for name in ("customer_pool_max_customers", "customer_pool_cooldown_days",
                     "customer_pool_release_days", "customer_pool_warning_days"):
            with self.assertRaisesRegex(ValidationError, "cannot be negative \\(-1\\)"):
                Settings.create({name: -1})
        form = self._form(self.user_manager)
        with self.assertRaisesRegex(ValidationError, "Release After.*cannot be negative"):
            form.write({"customer_pool_release_days": -5})
            form.action_save()
        self.assertEqual(self._param_values(), before)
        self.assertEqual(pool_param(self.env, "release_days"), 90)

    def test_menu_for_managers_only(self):
        menu = self.env.ref("customer_mgmt.customer_pool_settings_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertTrue(Menu.sudo(self.user_manager).search([("id", "=", menu.id)]))
        self.assertFalse(Menu.sudo(self.user_leader).search([("id", "=", menu.id)]))
        self.assertEqual(menu.action, self.env.ref("customer_mgmt.customer_pool_settings_action"))
        view = self.env["customer.pool.settings"].sudo(self.user_manager).fields_view_get(
            view_type="form")
        self.assertIn("action_save", view["arch"])
