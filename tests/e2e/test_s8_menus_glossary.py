"""Scenario 8: each role, in Chinese and in English, opens the Customers app: five groups in
order (Customers, Follow-ups, Service, Analysis, Configuration), each opening in the side bar
without scrolling on a 1366x900 screen, and menus in one language only (docs/glossary.md)."""
import re

import pytest
from selenium.webdriver.common.by import By

from e2e_helpers import CUSTOMERS_APP, normalize

GROUPS = (
    ("customer_mgmt.customer_mgmt_menu_customers", "Customers", "客户"),
    ("customer_mgmt.customer_mgmt_menu_follow_up", "Follow-ups", "跟进"),
    ("customer_feedback.customer_feedback_menu_root", "Service", "客户服务"),
    ("customer_mgmt.customer_mgmt_menu_reporting", "Analysis", "分析"),
    ("customer_mgmt.customer_mgmt_menu_config", "Configuration", "配置"),
)
ROLES = {
    "service": "customer_mgmt.group_customer_service",
    "salesperson": "customer_mgmt.group_customer_salesperson",
    "leader": "customer_mgmt.group_customer_team_leader",
    "manager": "customer_mgmt.group_customer_manager",
    "data_admin": "customer_mgmt.group_customer_data_admin",
}
LATIN_ALLOWED = {"CSAT", "NPS", "SLA", "USCC"}
SIDEBAR = ".o_sub_menu .oe_secondary_menu"
# The side bar of the app, as the user sees it: which groups, which one is open, where it ends.
SIDEBAR_JS = """
var menu = Array.from(document.querySelectorAll('.o_sub_menu .oe_secondary_menu'))
    .filter(function (el) { return el.offsetParent !== null; })[0];
var content = document.querySelector('.o_sub_menu_content');
var groups = Array.from(menu.querySelectorAll(':scope > .oe_secondary_menu_section')).map(
    function (section) {
        var list = section.nextElementSibling;
        var open = list && list.classList.contains('oe_secondary_submenu') && list.offsetParent !== null;
        return {xmlid: section.getAttribute('data-menu-xmlid'), name: section.textContent.trim(),
                open: !!open, bottom: open ? list.getBoundingClientRect().bottom : null};
    });
var texts = Array.from(menu.querySelectorAll('.oe_secondary_menu_section, .oe_menu_text')).map(
    function (el) { return el.childElementCount ? el.firstChild.textContent.trim() : el.textContent.trim(); });
return {groups: groups, texts: texts, height: window.innerHeight,
        contentBottom: content.getBoundingClientRect().bottom,
        scrolls: content.scrollHeight > content.clientHeight + 1};
"""


@pytest.fixture(scope="module")
def role_users(admin, chinese, uniq):
    users = {}
    for role, group in ROLES.items():
        for lang in ("zh_CN", "en_US"):
            users[role, lang] = admin.create_user(
                "e2e_menu_%s_%s_%s" % (role, lang, uniq), "Menu %s %s" % (role, uniq), [group],
                lang=lang)
    return users


def _visible_groups(admin, user):
    """The groups the user may see (Odoo hides a group with nothing inside for this user)."""
    ids = [admin.ref(xmlid) for xmlid, _en, _zh in GROUPS]
    seen = admin.as_user(user, "ir.ui.menu", "search", [("id", "in", ids)])
    return [group for group, menu_id in zip(GROUPS, ids) if menu_id in seen]


def _check_fits(ui, state, where):
    assert not state["scrolls"], "%s: the side bar scrolls" % where
    for group in state["groups"]:
        if group["open"]:
            assert group["bottom"] <= state["height"], "%s: %s ends at %s px, below the window" % (
                where, group["name"], group["bottom"])
            assert group["bottom"] <= state["contentBottom"] + 1, "%s: %s is cut" % (where, group["name"])


def _check_language(texts, lang, where):
    for text in texts:
        if not text:
            continue
        if lang == "zh_CN":
            latin = set(re.findall(r"[A-Za-z]+", text)) - LATIN_ALLOWED
            assert not latin, "%s: Latin words in the Chinese menu %r" % (where, text)
            for word in ("销售渠道", "销售员交接", "团队负责人"):
                assert word not in text, "%s: %r says %s" % (where, text, word)
            assert not re.search(r"(?<!信用)(?<!流失)风险客户", text), "%s: %r" % (where, text)
        else:
            assert not re.search(r"[\u3400-\u9fff]", text), "%s: Chinese in the English menu %r" % (
                where, text)


def _open_app(ui):
    """Open the Customers app; click again if the first click came before the menu was bound."""
    shown = "%s .oe_secondary_menu_section[data-menu-xmlid^='customer_mgmt.']" % SIDEBAR
    for _attempt in range(3):
        ui.open_menu(CUSTOMERS_APP)
        if ui.all_visible(shown):
            return
    raise AssertionError("the Customers app did not open")


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
@pytest.mark.parametrize("role", list(ROLES))
def test_menu_groups_fit_and_speak_one_language(ui, admin, role_users, role, lang):
    user = role_users[role, lang]
    ui.login(user["login"], user["password"])
    _open_app(ui)
    expected = _visible_groups(admin, user)
    assert [g[0] for g in expected][:1] == ["customer_mgmt.customer_mgmt_menu_customers"]
    state = ui.driver.execute_script(SIDEBAR_JS)
    ours = [g for g in state["groups"] if g["xmlid"] in dict((x[0], x) for x in GROUPS)]
    index = 1 if lang == "en_US" else 2
    assert [normalize(g["name"]) for g in ours] == [g[index] for g in expected], (
        "%s/%s: the groups are %r" % (role, lang, [g["name"] for g in state["groups"]]))
    _check_language(state["texts"], lang, "%s/%s" % (role, lang))
    _check_fits(ui, state, "%s/%s at start" % (role, lang))
    for xmlid, english, _chinese in expected:
        section = ui.driver.find_element(
            By.CSS_SELECTOR, "%s .oe_secondary_menu_section[data-menu-xmlid='%s']" % (SIDEBAR, xmlid))
        if "o_customer_menu_closed" in (section.get_attribute("class") or ""):
            section.click()
        ui.wait_idle()
        state = ui.driver.execute_script(SIDEBAR_JS)
        opened = [g for g in state["groups"] if g["open"]]
        assert [g["xmlid"] for g in opened] == [xmlid], "%s/%s: open after a click on %s: %r" % (
            role, lang, english, [g["name"] for g in opened])
        _check_fits(ui, state, "%s/%s, %s open" % (role, lang, english))
        # Sections inside a group (Analysis, Configuration) open below it: they fit too.
        togglers = [t for t in section.find_elements(
            By.XPATH, "following-sibling::ul[1]/li/a[contains(@class,'oe_menu_toggler')]")
            if t.is_displayed()]
        for toggler in togglers:
            toggler.click()
            ui.wait_idle()
            _check_fits(ui, ui.driver.execute_script(SIDEBAR_JS), "%s/%s, %s > %s open" % (
                role, lang, english, normalize(toggler.text)))
            toggler.click()
            ui.wait_idle()
    ui.screenshot("%s_%s" % (role, lang))
