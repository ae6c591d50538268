"""One definition per concept: the customer account, typed settings, registration numbers and
the readable-records subquery are each defined once, agree in all their forms, and are not
restated elsewhere in the addons."""
import os
import re

from psycopg2 import sql

from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tools.safe_eval import safe_eval

from ..models.customer_pool_settings_mixin import POOL_INTEGER_SETTINGS, pool_param
from ..utils import settings
from ..utils.accounts import (
    ACCOUNT_DOMAIN, account_domain, account_domain_text, account_sql, is_account)
from ..utils.registration import InvalidRegistration, clean_registration, registration_key
from .common import CustomerCase

ADDONS = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")
# The only files allowed to spell the conditions out.
DEFINITION_FILES = {os.path.join("customer_mgmt", "utils", "accounts.py")}
_Q = r"[\"']"
_CUSTOMER_TERM = r"\(\s*%scustomer%s\s*,\s*%s=%s\s*,\s*True\s*\)" % (_Q, _Q, _Q, _Q)
_PARENT_TERM = r"\(\s*%sparent_id%s\s*,\s*%s=%s\s*,\s*False\s*\)" % (_Q, _Q, _Q, _Q)
# A domain restating the account: both terms close to each other, in either order.
ACCOUNT_DOMAIN_COPY = re.compile(r"%s[\s\S]{0,120}?%s|%s[\s\S]{0,120}?%s" % (
    _CUSTOMER_TERM, _PARENT_TERM, _PARENT_TERM, _CUSTOMER_TERM))
# SQL restating the account: "customer" and "parent_id IS NULL" close to each other.
ACCOUNT_SQL_COPY = re.compile(
    r"\bcustomer\b[\s\S]{0,80}?parent_id\s+IS\s+NULL|parent_id\s+IS\s+NULL[\s\S]{0,80}?\bcustomer\b",
    re.IGNORECASE)
# The record rules turned into a subquery: only ir.rule._readable_subquery does it.
RULES_SUBQUERY_COPY = re.compile(r"_apply_ir_rules\(\s*\w*query\b[\s\S]{0,200}?\.get_sql\(\)")


def addon_sources():
    """(relative path, text) of the Python files of the addons, tests excepted."""
    for addon in ADDONS:
        root = get_module_path(addon)
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in ("tests", "__pycache__")]
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    relative = os.path.relpath(path, os.path.dirname(root))
                    with open(path, encoding="utf-8") as source:
                        yield relative, source.read()


class TestCustomerAccountDefinition(CustomerCase):
    """The domain, the SQL condition, the predicate and is_customer_master select the same."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.create_customer("Definition Alpha Co., Ltd.")
        cls.contact = cls.create_contact(cls.company, "Definition Contact", customer=True)
        cls.supplier = cls.create_customer("Definition Supplier Co., Ltd.", customer=False)
        cls.archived = cls.create_customer("Definition Archived Co., Ltd.")
        cls.archived.active = False
        cls.individual = cls.env["res.partner"].create(
            {"name": "Definition Wang Wu", "is_company": False, "customer": True})
        cls.all = cls.company | cls.contact | cls.supplier | cls.archived | cls.individual

    def _sql_ids(self, active):
        self.env.cr.execute(sql.SQL("SELECT p.id FROM res_partner p WHERE {} AND p.id IN %s").format(
            account_sql("p", active=active)), (tuple(self.all.ids),))
        return {row[0] for row in self.env.cr.fetchall()}

    def test_forms_agree(self):
        Partner = self.env["res.partner"]
        ids = [("id", "in", self.all.ids)]
        active = Partner.search(ACCOUNT_DOMAIN + ids)
        self.assertEqual(active, self.company | self.individual)
        self.assertEqual(set(active.ids), self._sql_ids(active=True))
        self.assertEqual(Partner.search([("is_customer_master", "=", True)] + ids), active)
        self.assertEqual(Partner.search([("is_customer_master", "=", False)] + ids),
                         self.contact | self.supplier)
        every = Partner.with_context(active_test=False)
        with_archived = every.search(ACCOUNT_DOMAIN + ids)
        self.assertEqual(with_archived, self.company | self.individual | self.archived)
        self.assertEqual(set(with_archived.ids), self._sql_ids(active=False))
        self.assertEqual(every.browse(self.all.ids).filtered(is_account), with_archived)
        self.assertEqual(every.browse(self.all.ids).filtered("is_customer_master"), with_archived)

    def test_builders(self):
        self.assertEqual(account_domain(("user_id", "=", 7)), ACCOUNT_DOMAIN + [("user_id", "=", 7)])
        self.assertEqual(ACCOUNT_DOMAIN, [("customer", "=", True), ("parent_id", "=", False)])
        text = account_domain_text("('user_id', '=', from_user_id)")
        self.assertEqual(safe_eval(text, {"from_user_id": 7}), ACCOUNT_DOMAIN + [("user_id", "=", 7)])
        cursor = self.env.cr._obj
        self.assertEqual(account_sql("p").as_string(cursor),
                         '"p".active AND "p".customer AND "p".parent_id IS NULL')
        # The alias is an identifier: it is quoted, never pasted into the SQL.
        self.assertEqual(account_sql('x" OR TRUE --', active=False).as_string(cursor),
                         '"x"" OR TRUE --".customer AND "x"" OR TRUE --".parent_id IS NULL')

    def test_no_copy_in_the_addons(self):
        # The patterns catch the copies this module replaced.
        self.assertTrue(ACCOUNT_DOMAIN_COPY.search(
            '[("region_id", "in", ids), ("customer", "=", True), ("parent_id", "=", False)]'))
        self.assertTrue(ACCOUNT_DOMAIN_COPY.search(
            "domain=\"[('parent_id', '=', False), ('customer', '=', True)]\""))
        self.assertTrue(ACCOUNT_SQL_COPY.search(
            "WHERE p.active AND p.customer AND p.parent_id IS NULL AND p.user_id IS NOT NULL"))
        self.assertTrue(RULES_SUBQUERY_COPY.search(
            'records._apply_ir_rules(query, "read")\n from_clause, where, params = query.get_sql()'))
        copies = []
        for path, text in addon_sources():
            if path in DEFINITION_FILES:
                continue
            for pattern in (ACCOUNT_DOMAIN_COPY, ACCOUNT_SQL_COPY):
                copies += ["%s: %s" % (path, match.group(0)) for match in pattern.finditer(text)]
            if not path.endswith(os.path.join("models", "ir_rule.py")):
                copies += ["%s: %s" % (path, match.group(0))
                           for match in RULES_SUBQUERY_COPY.finditer(text)]
        self.assertFalse(copies, "Import the definition (utils/accounts.py, "
                                 "ir.rule._readable_subquery) instead of restating it:\n%s"
                         % "\n".join(copies))


class TestReadableSubquery(CustomerCase):
    """The record rules of a user as one subquery: exactly the records the user may read."""

    def test_matches_search(self):
        mine = self.create_customer("Subquery Mine Co., Ltd.", user_id=self.user_salesperson.id)
        other = self.create_customer("Subquery Other Co., Ltd.", user_id=self.user_manager.id)
        Rule = self.env["ir.rule"]
        self.assertIsNone(Rule._readable_subquery("res.partner"))
        query, params = Rule.sudo(self.user_salesperson)._readable_subquery("res.partner")
        self.env.cr.execute("SELECT id FROM res_partner WHERE id IN %%s AND id IN (%s)" % query,
                            [(mine.id, other.id)] + params)
        selected = {row[0] for row in self.env.cr.fetchall()}
        readable = self.env["res.partner"].sudo(self.user_salesperson).search(
            [("id", "in", (mine | other).ids)])
        self.assertEqual(selected, set(readable.ids))
        self.assertIn(mine.id, selected)


class TestSettingsReaders(CustomerCase):
    """Typed settings: defaults on missing or garbage values, bounds applied."""

    KEY = "customer_mgmt.test_definitions_setting"

    def _set(self, value):
        self.env["ir.config_parameter"].sudo().set_param(self.KEY, value)

    def test_int_and_float(self):
        env = self.env
        self._set(False)
        self.assertEqual(settings.get_int(env, self.KEY, 7), 7)
        self.assertEqual(settings.get_float(env, self.KEY, 0.5), 0.5)
        for garbage in ("", "abc", "1.5x"):
            self._set(garbage)
            self.assertEqual(settings.get_int(env, self.KEY, 7), 7)
            self.assertEqual(settings.get_float(env, self.KEY, 0.5), 0.5)
        self._set("3.5")
        self.assertEqual(settings.get_int(env, self.KEY, 7), 7)
        self.assertEqual(settings.get_float(env, self.KEY, 0.5), 3.5)
        self._set("-4")
        self.assertEqual(settings.get_int(env, self.KEY, 7), -4)
        self.assertEqual(settings.get_int(env, self.KEY, 7, minimum=0), 0)
        self._set("40")
        self.assertEqual(settings.get_int(env, self.KEY, 7, minimum=0, maximum=30), 30)
        self.assertEqual(settings.get_float(env, self.KEY, 0.5, minimum=0.01, maximum=1.0), 1.0)

    def test_bool_selection_text_typed(self):
        env = self.env
        self._set(False)
        self.assertTrue(settings.get_bool(env, self.KEY, True))
        self.assertFalse(settings.get_bool(env, self.KEY))
        self.assertEqual(settings.get_selection(env, self.KEY, "block", ("block", "warn")), "block")
        self.assertEqual(settings.get_text(env, self.KEY, "C"), "C")
        for false in ("0", "False", "false"):
            self._set(false)
            self.assertFalse(settings.get_bool(env, self.KEY, True))
            self.assertIs(settings.get_typed(env, self.KEY, True), False)
        self._set("True")
        self.assertTrue(settings.get_bool(env, self.KEY, False))
        self._set("warn")
        self.assertEqual(settings.get_selection(env, self.KEY, "block", ("block", "warn")), "warn")
        self._set("refuse")
        self.assertEqual(settings.get_selection(env, self.KEY, "block", ("block", "warn")), "block")
        self._set("12")
        self.assertEqual(settings.get_typed(env, self.KEY, 3), 12)
        self.assertEqual(settings.get_typed(env, self.KEY, 3.0), 12.0)
        self.assertIsInstance(settings.get_typed(env, self.KEY, 3.0), float)

    def test_pool_and_phone_settings_use_them(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("customer_mgmt.pool_release_days", "soon")
        self.assertEqual(pool_param(self.env, "release_days"), 90)
        params.set_param("customer_mgmt.pool_release_days", "-3")
        self.assertEqual(pool_param(self.env, "release_days"), 0)
        params.set_param("customer_mgmt.phone_validation", "whatever")
        self.assertEqual(self.env["res.partner"]._customer_mgmt_phone_mode(), "block")
        params.set_param("customer_mgmt.duplicate_similarity_threshold", "7")
        self.assertEqual(self.env["res.partner"]._duplicate_similarity_threshold(), 1.0)

    def test_pool_settings_in_one_form(self):
        """The managers' Pool Settings hold the pool settings; Odoo's Settings only link to it."""
        wizard, config = self.env["customer.pool.settings"], self.env["res.config.settings"]
        for name in list(POOL_INTEGER_SETTINGS) + ["customer_pool_release_key_accounts"]:
            self.assertIn(name, wizard._fields)
            self.assertNotIn(name, config._fields)


class TestRegistrationNumbers(CustomerCase):
    """One normal form for storing, validating and looking up registration numbers."""

    USCC = "91110000600037341L"

    def test_clean(self):
        self.assertEqual(clean_registration("9111 0000 6000 3734 1l", "CN"), self.USCC)
        self.assertEqual(clean_registration(" 0123 4567 ", "GB"), "01234567")
        self.assertEqual(clean_registration("hrb 123-45", "DE"), "HRB123-45")
        self.assertFalse(clean_registration("  ", "CN"))
        self.assertFalse(clean_registration(False, "CN"))
        with self.assertRaises(InvalidRegistration) as error:
            clean_registration("911100006000373410", "CN")
        self.assertEqual(error.exception.number, "911100006000373410")
        self.assertTrue(error.exception.description)

    def test_lookup_key(self):
        self.assertEqual(registration_key("9111 0000 6000 3734 1l", "CN"), self.USCC)
        self.assertEqual(registration_key("hrb 123-45", "DE"), "HRB123-45")
        # An invalid number is never refused by the lookup: its compact form is compared.
        self.assertEqual(registration_key("９１１１-0000.6000 373410", "CN"), "911100006000373410")
        self.assertFalse(registration_key(False, "CN"))

    def test_model_refuses_with_its_message(self):
        with self.assertRaisesRegex(ValidationError, 'registration number "911100006000373410" '
                                                     'is not valid for China'):
            self.env["res.partner"]._customer_mgmt_clean_registration("911100006000373410", "CN")
        self.assertEqual(self.env["res.partner"]._customer_mgmt_clean_registration(
            "9111 0000 6000 3734 1l", "CN"), self.USCC)
