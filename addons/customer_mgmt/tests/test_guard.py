"""The registry-walking attack suite on the models and fields of customer_mgmt."""
from odoo.exceptions import AccessError

from . import guard_common


class TestGuardCustomerMgmt(guard_common.GuardCase):
    addon = "customer_mgmt"


class TestGuardedEntryPoints(guard_common.GuardCase):
    """The guard's refusals as users meet them: imports, and the pool behind a flipped flag."""

    addon = "customer_mgmt"

    def test_import_reports_each_refusal_by_its_message(self):
        Partner = self.env["res.partner"].sudo(self.user_data_admin)
        count = Partner.search_count([])
        result = Partner.load(["name", "is_company", "customer"], [
            ["   ", "1", "1"],
            ["名" * 300, "1", "1"],
            ["Guard Import Trading Co., Ltd.", "1", "1"]])
        self.assertFalse(result["ids"])
        messages = [message["message"] for message in result["messages"]]
        self.assertEqual(len(messages), 2, messages)
        self.assertIn("(name)", messages[0])
        self.assertIn("only spaces", messages[0])
        self.assertIn("256", messages[1])
        for message in messages:
            self.assertNotIn("Unknown error", message)
            self.assertNotIn("class", message)
        result = Partner.load(["name", "is_company", "last_interaction_date"], [
            ["Guard Forged Trading Co., Ltd.", "1", "2001-01-01 00:00:00"]])
        self.assertFalse(result["ids"])
        self.assertIn("last_interaction_date", result["messages"][0]["message"])
        self.assertEqual(Partner.search_count([]), count)

    def test_salesperson_making_a_partner_a_customer_holds_it(self):
        vendor = self.env["res.partner"].create(
            {"name": "Guard Vendor Trading Co., Ltd.", "is_company": True, "customer": False})
        vendor.sudo(self.user_salesperson).write({"customer": True})
        self.assertEqual(vendor.user_id, self.user_salesperson)
        self.assertFalse(vendor.is_in_pool)

    def test_related_fields_keep_the_groups_of_what_they_show(self):
        """A field showing a restricted field through a path is restricted as well."""
        for name in sorted(self.env.registry):
            model = self.env[name]
            for field in model._fields.values():
                if not field.related:
                    continue
                target = model
                for step in field.related[:-1]:
                    target = self.env[target._fields[step].comodel_name]
                shown = target._fields[field.related[-1]]
                if shown.groups and target._guard_info().restricted.get(shown.name):
                    self.assertTrue(
                        field.groups and set(field.groups.split(",")) >= set(
                            shown.groups.split(",")),
                        "%s shows the restricted %s without its groups" % (field, shown))

    def test_copy_keeps_system_values_but_refuses_forged_defaults(self):
        original = self.create_customer("Guard Copy Trading Co., Ltd.",
                                        user_id=self.user_salesperson.id)
        mine = original.sudo(self.user_salesperson)
        with self.assertRaises(AccessError):
            mine.copy({"name": "Guard Copy Two Trading Co., Ltd.",
                       "last_interaction_date": "2001-01-01 00:00:00"})
        with self.assertRaises(AccessError):
            mine.copy({"name": "Guard Copy Two Trading Co., Ltd.",
                       "parent_id": self.hidden_customer.id})
        copied = mine.copy({"name": "Guard Copy Three Trading Co., Ltd."})
        self.assertEqual(copied.env.uid, self.user_salesperson.id)
        self.assertFalse(copied.env.context.get("customer_system_write"))


class TestGroupMembershipMemo(guard_common.GuardCase):
    """The memo of user_has_groups (see also test_group_checks.py)."""

    addon = "customer_mgmt"

    def test_technical_features_group_is_not_memoised(self):
        """base.group_no_one counts only in debug mode: asked again at every call."""
        admin = self.env["res.partner"].sudo(self.user_admin)
        admin.user_has_groups("base.group_no_one")
        admin.user_has_groups("base.group_user")
        memo = admin._registry_memo()
        self.assertIn(("user_has_groups", self.user_admin.id, "base.group_user"), memo)
        self.assertFalse([key for key in memo if "base.group_no_one" in key])

    def test_memo_is_forgotten_with_odoo_s_caches(self):
        partners = self.env["res.partner"].sudo(self.user_plain)
        partners.user_has_groups("base.group_user")
        self.assertTrue(partners._registry_memo())
        self.registry.clear_caches()
        self.assertFalse(partners._registry_memo())


class TestGuardReadOnlyViews(guard_common.GuardCase):
    """The SQL views the registry walk leaves out: no role creates or writes their rows."""

    addon = "customer_mgmt"

    def test_timeline_events_refused_on_create_and_write(self):
        event = self.record_factories()["customer.timeline.event"]()
        self.assertEqual(len(event), 1)
        for user in self._roles():
            Event = self.env["customer.timeline.event"].sudo(user)
            with self.assertRaises(AccessError, msg="%s created an event" % user.login):
                Event.create({"summary_text": "forged", "partner_id": self.own_customer.id})
            with self.assertRaises(AccessError, msg="%s wrote an event" % user.login):
                event.sudo(user).write({"summary_text": "forged"})
            with self.assertRaises(AccessError, msg="%s deleted an event" % user.login):
                event.sudo(user).unlink()
