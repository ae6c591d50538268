"""The Customers app's menus: five groups in order, no name twice, the glossary's words."""
import re

from .common import CustomerCase

ADDONS = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")
GROUPS = (
    "customer_mgmt.customer_mgmt_menu_customers",
    "customer_mgmt.customer_mgmt_menu_follow_up",
    "customer_feedback.customer_feedback_menu_root",
    "customer_mgmt.customer_mgmt_menu_reporting",
    "customer_mgmt.customer_mgmt_menu_config",
)
GROUP_NAMES = {
    "en_US": ["Customers", "Follow-ups", "Service", "Analysis", "Configuration"],
    "zh_CN": ["客户", "跟进", "客户服务", "分析", "配置"],
}
# docs/glossary.md, "Forbidden on our screens".
FORBIDDEN_ZH = (
    ("风险客户 alone", re.compile(r"(?<!信用)(?<!流失)风险客户")),
    ("销售渠道", re.compile("销售渠道")),
    ("团队 alone", re.compile(r"(?<!销售)团队(?!主管)")),
    ("团队负责人", re.compile("团队负责人")),
    ("销售员交接", re.compile("销售员交接")),
)
LATIN_ALLOWED = {"CSAT", "NPS", "SLA", "USCC"}
MAX_ENTRIES = 8
# The side bar shows about 24 rows on a 1366x900 screen: the groups, then the open one.
MAX_ROWS = 22


class TestMenuNames(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"].load_lang("zh_CN")
        cls.env["ir.translation"].load_module_terms(list(ADDONS), ["zh_CN"])
        cls.root = cls.env.ref("customer_mgmt.customer_mgmt_menu_root")

    def _menus(self, user=None, lang="en_US"):
        """The menus of the app a user sees (all of them for the superuser), root left out."""
        menus = self.env["ir.ui.menu"]
        if user:
            menus = menus.sudo(user)
        else:
            menus = menus.with_context({"ir.ui.menu.full_list": True})
        return menus.with_context(lang=lang).search(
            [("id", "child_of", self.root.id), ("id", "!=", self.root.id)])

    def test_every_menu_of_ours_is_in_the_app(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", ADDONS), ("model", "=", "ir.ui.menu")])
        ours = self.env["ir.ui.menu"].browse(data.mapped("res_id"))
        self.assertFalse(ours - self._menus() - self.root,
                         "menus outside the Customers app: %s" % (ours - self._menus() - self.root).mapped("complete_name"))

    def test_groups_in_order(self):
        top = self._menus().filtered(lambda m: m.parent_id == self.root).sorted(
            lambda m: (m.sequence, m.id))
        expected = [self.env.ref(xmlid) for xmlid in GROUPS]
        self.assertEqual([m for m in top if m in expected], expected)
        for lang, names in GROUP_NAMES.items():
            self.assertEqual([m.with_context(lang=lang).name for m in expected], names)
        my_work = self.env.ref("customer_mgmt.customer_mgmt_menu_my_work")
        self.assertEqual(top[:1], my_work, "the app opens on My Work, its first entry")
        self.assertTrue(all(m.sequence > 1 for m in top - my_work))

    def test_no_name_twice(self):
        for lang in ("en_US", "zh_CN"):
            names = self._menus(lang=lang).mapped("name")
            twice = sorted({name for name in names if names.count(name) > 1})
            self.assertFalse(twice, "%s: menu names used twice: %s" % (lang, twice))

    def test_glossary_words(self):
        for menu in self._menus(lang="zh_CN"):
            for label, pattern in FORBIDDEN_ZH:
                self.assertFalse(pattern.search(menu.name), "%s: %s" % (menu.name, label))
            latin = set(re.findall(r"[A-Za-z]+", menu.name)) - LATIN_ALLOWED
            self.assertFalse(latin, "Latin words in the Chinese menu %s" % menu.name)
            english = menu.with_context(lang="en_US").name
            self.assertFalse(re.search(r"[\u3400-\u9fff]", english),
                             "Chinese in the English menu %s" % english)
            self.assertNotEqual(menu.name, english, "the menu %s is not translated" % english)

    def test_groups_small_enough_for_each_role(self):
        for role, user in list(self.users.items()) + [("admin", self.user_admin)]:
            menus = self._menus(user)
            top = menus.filtered(lambda m: m.parent_id == self.root)
            self.assertTrue(top, "%s sees no group" % role)
            for group in top:
                entries = menus.filtered(lambda m: m.parent_id == group)
                self.assertLessEqual(len(entries), MAX_ENTRIES, "%s: %s" % (role, group.name))
                sections = entries.filtered(lambda m: menus.filtered(lambda c: c.parent_id == m))
                widest = max([len(menus.filtered(lambda c: c.parent_id == s)) for s in sections] or [0])
                self.assertLessEqual(widest, MAX_ENTRIES, "%s: %s" % (role, group.name))
                self.assertLessEqual(len(top) + len(entries) + widest, MAX_ROWS,
                                     "%s: %s does not fit the screen" % (role, group.name))

    def test_access_of_moved_menus(self):
        """Entries that moved keep their groups: handover for managers, duplicates for data admins."""
        visible = {role: self._menus(user) for role, user in self.users.items()}
        handover = self.env.ref("customer_mgmt.customer_handover_wizard_menu")
        duplicates = self.env.ref("customer_mgmt.customer_duplicate_pair_menu")
        self.assertNotIn(handover, visible["leader"])
        self.assertIn(handover, visible["manager"])
        self.assertNotIn(duplicates, visible["manager"])
        self.assertIn(duplicates, visible["data_admin"])
        analysis = self.env.ref("customer_mgmt.customer_mgmt_menu_analysis_customer")
        self.assertNotIn(analysis, visible["salesperson"])
        self.assertIn(analysis, visible["leader"])

    def test_tiers_and_stages_do_not_share_names(self):
        """The tier Prospect is 意向客户; 潜在客户 is only the lifecycle stage Potential."""
        tier = self.env.ref("customer_mgmt.customer_tier_potential").with_context(lang="zh_CN")
        self.assertEqual(tier.name, "意向客户")
        if "customer.lifecycle.stage" in self.env:
            stages = self.env["customer.lifecycle.stage"].with_context(lang="zh_CN").search([])
            tiers = self.env["customer.tier"].with_context(lang="zh_CN").search([])
            self.assertFalse(set(stages.mapped("name")) & set(tiers.mapped("name")))
            at_risk = self.env.ref("customer_lifecycle.customer_lifecycle_stage_at_risk")
            self.assertEqual(at_risk.with_context(lang="zh_CN").name, "流失预警")
