"""Walks the registry: every public method an addon adds declares its groups and refuses
everyone else, changing nothing (shared by the three addons' test_public_methods.py)."""
import inspect

from psycopg2 import sql

from odoo.exceptions import AccessError

from odoo.addons.customer_mgmt.utils.access import (
    ADDON_MODULE_PREFIX, addon_public_methods, check_allowed_groups, declared_groups,
    user_in_groups)

# Tables a refused call could change besides those of the addons' models.
WATCHED_TABLES = ("res_partner", "res_users", "mail_message", "mail_activity", "mail_followers",
                  "mail_mail", "mail_tracking_value", "ir_config_parameter", "crm_lead")


def dummy_arguments(method):
    """None for each required argument after ``self``: the refusal comes before any use."""
    signature = inspect.signature(inspect.unwrap(method))
    return [None for parameter in list(signature.parameters.values())[1:]
            if parameter.default is parameter.empty
            and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)]


class PublicMethodGroupsMixin(object):
    """For a CustomerCase subclass: ``addon`` names the addon; ``method_records()`` returns
    {model name: function creating test records of that model}."""

    addon = None
    # Methods each walk must find: proves that the walk sees the addon's classes at all.
    expected_methods = ()

    def method_records(self):
        raise NotImplementedError

    def _methods(self):
        return addon_public_methods(self.env, "odoo.addons.%s." % self.addon)

    def _role_users(self):
        users = dict(self.users, plain=self.user_plain)
        users["portal"] = self.create_user(
            "methods_portal_%s" % self.addon, ["base.group_portal"])
        return users

    def _watched_tables(self):
        tables = set(WATCHED_TABLES)
        for model_name in self.env.registry:
            model = self.env[model_name]
            if model._abstract or not model._auto:  # no table, or an SQL view (reports)
                continue
            if any(klass.__module__.startswith(ADDON_MODULE_PREFIX)
                   for klass in type(model).__mro__):
                tables.add(model._table)
        self.env.cr.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        existing = {row[0] for row in self.env.cr.fetchall()}
        return sorted(tables & existing)

    def _snapshot(self, tables, records):
        """Row counts of the tables and the stored values of the records, as superuser."""
        self.env.cr.execute(sql.SQL("SELECT {}").format(sql.SQL(", ").join(
            sql.SQL("(SELECT count(*) FROM {})").format(sql.Identifier(table))
            for table in tables)))
        counts = dict(zip(tables, self.env.cr.fetchone()))
        records = records.sudo()
        records.invalidate_cache()
        names = [name for name, field in records._fields.items()
                 if field.store and field.type != "binary"]
        return counts, records.read(names)

    def test_every_public_method_declares_its_groups(self):
        methods = self._methods()
        for key in self.expected_methods:
            self.assertIn(key, methods, "the walk does not see %s.%s" % key)
        undeclared = sorted("%s.%s" % key for key, method in methods.items()
                            if not declared_groups(method))
        self.assertFalse(undeclared, "public methods without allowed_groups: %s" % undeclared)
        for key, method in methods.items():
            for xmlid in declared_groups(method):
                self.assertTrue(self.env.ref(xmlid, raise_if_not_found=False),
                                "%s.%s declares the unknown group %s" % (key + (xmlid,)))

    def test_public_methods_refuse_roles_outside_their_groups(self):
        methods = self._methods()
        factories = self.method_records()
        missing = sorted({model for model, _name in methods} - set(factories))
        self.assertFalse(missing, "no test records for the models %s" % missing)
        users = self._role_users()
        tables = self._watched_tables()
        checked = 0
        for (model, name), method in sorted(methods.items()):
            groups = declared_groups(method) or ()  # undeclared: nobody may call it
            records = factories[model]()
            arguments = dummy_arguments(method)
            for role, user in sorted(users.items()):
                as_user = records.sudo(user)
                if user_in_groups(as_user.env, groups):
                    # The declaration lets the role in (what the method then does is the
                    # feature tests' business).
                    check_allowed_groups(as_user, name, groups)
                    continue
                before = self._snapshot(tables, records)
                with self.assertRaises(AccessError, msg="%s.%s as %s" % (model, name, role)) \
                        as refused:
                    getattr(as_user, name)(*arguments)
                self.assertIn(name, refused.exception.name)
                self.assertIn("reserved to the groups", refused.exception.name)
                self.assertEqual(self._snapshot(tables, records), before,
                                 "%s.%s as %s changed the database" % (model, name, role))
                checked += 1
        self.assertTrue(checked, "no refused call was tried")
