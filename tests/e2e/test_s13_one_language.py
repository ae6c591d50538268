"""Scenario 13: one language at a time. Every screen of the Customers app, walked from its menus
as each role opens it, shows no English word to a Chinese user and no Chinese to an English one.

The check reads what the product says (menus, titles, buttons, filters, column headers, form
labels, tabs, stat buttons), not data (customer names, notes, the stages other tests create);
shipped data records are translated in the .po files, which test_i18n checks.
"""
import re

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from e2e_helpers import CUSTOMERS_APP

# What the product itself says on a screen; data cells and typed values are left out.
OWN_TEXT = (
    ".o_menu_sections a",
    ".o_control_panel .breadcrumb > li:first-child",
    ".o_control_panel .o_cp_buttons button",
    ".o_search_options .dropdown-menu a",
    ".o_list_view thead th",
    ".o_form_view .o_form_label",
    ".o_form_view .nav-tabs > li > a",
    ".o_form_view .o_statusbar_buttons > button",
    ".o_form_view .oe_button_box .o_stat_text",
    ".o_form_view .o_horizontal_separator",
)
COLLECT_JS = """
var out = [];
arguments[0].forEach(function (css) {
    document.querySelectorAll(css).forEach(function (el) {
        var text = el.textContent.replace(/\\s+/g, ' ').trim();
        if (text) { out.push(text); }
    });
});
return out;
"""
# Names and abbreviations that both languages write in Latin letters.
LATIN_ALLOWED = {"CSAT", "NPS", "SLA", "USCC", "CRM", "ID", "URL", "PDF", "CSV", "XLSX",
                 "Excel", "API", "Odoo", "VIP", "KA", "QQ", "WeChat"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]{2,}")
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff60\u3000-\u303f]")


def foreign_words(text, lang):
    """The words of ``text`` that do not belong to ``lang``'s screens."""
    if lang == "zh_CN":
        return [word for word in LATIN_WORD.findall(text) if word not in LATIN_ALLOWED]
    return CJK.findall(text)


def screens(admin, user):
    """(menu name, action id) of every window action the user's Customers menus open."""
    root = admin.ref(CUSTOMERS_APP)
    menus = admin.as_user(user, "ir.ui.menu", "search_read",
                          [("id", "child_of", root), ("action", "!=", False)],
                          ["complete_name", "action"])
    return [(menu["complete_name"], int(menu["action"].split(",")[1])) for menu in menus
            if menu["action"].startswith("ir.actions.act_window,")]


def open_first_row(ui, attempts=3):
    """Click the list's first record; the list may render again meanwhile (a stale row is
    looked up again)."""
    for attempt in range(attempts):
        try:
            row = ui.all_visible(".o_list_view .o_data_row")[0]
            row.find_elements(By.CSS_SELECTOR, "td.o_data_cell")[0].click()
            return
        except StaleElementReferenceException:
            if attempt == attempts - 1:
                raise
            ui.wait_idle()


def walk(ui, admin, user, lang):
    """Open every screen (its list, then its first record) and collect foreign words."""
    found = {}
    ui.login(user["login"], user["password"])
    for name, action in screens(admin, user):
        ui.goto("#action=%d" % action)
        if ui.all_visible(".o_cp_switch_list") and not ui.all_visible(".o_list_view"):
            ui.switch_view("list")
        pages = [ui.driver.execute_script(COLLECT_JS, list(OWN_TEXT))]
        rows = ui.all_visible(".o_list_view .o_data_row")
        # Lists edited in place (settings tables) open no form.
        if rows and not ui.all_visible(".o_list_view.o_list_editable, .o_editable_list"):
            open_first_row(ui)
            ui.wait_idle()
            if ui.all_visible(".o_form_view"):
                pages.append(ui.driver.execute_script(COLLECT_JS, list(OWN_TEXT)))
        for texts in pages:
            for text in texts:
                words = foreign_words(text, lang)
                if words:
                    found.setdefault(name, set()).add("%s (%s)" % (text, ", ".join(words)))
    return found


@pytest.fixture(scope="module")
def readers(admin, chinese, uniq):
    """One user per role and language; the data administrator sees nearly every screen."""
    def user(role, group, lang):
        return admin.create_user("e2e_lang_%s_%s_%s" % (role, lang, uniq),
                                 "Lang %s %s %s" % (role, lang, uniq),
                                 ["customer_mgmt.%s" % group], lang=lang)
    return {
        ("data_admin", "zh_CN"): user("data_admin", "group_customer_data_admin", chinese),
        ("salesperson", "zh_CN"): user("salesperson", "group_customer_salesperson", chinese),
        ("data_admin", "en_US"): user("data_admin", "group_customer_data_admin", "en_US"),
        ("service", "en_US"): user("service", "group_customer_service", "en_US"),
    }


@pytest.fixture(scope="module")
def sample_records(admin, uniq):
    """A customer with a contact, so that the customer screens have a record to open."""
    customer = admin.create_customer("Lang Check %s Trading Co., Ltd." % uniq)
    admin.call("res.partner", "create", {"name": "Lang Contact %s" % uniq,
                                         "parent_id": customer})
    return customer


@pytest.mark.parametrize("role,lang", [("data_admin", "zh_CN"), ("salesperson", "zh_CN"),
                                       ("data_admin", "en_US"), ("service", "en_US")])
def test_every_screen_speaks_one_language(ui, admin, readers, sample_records, role, lang):
    found = walk(ui, admin, readers[(role, lang)], lang)
    assert not found, "foreign words on %s screens of the %s:\n%s" % (lang, role, "\n".join(
        "%s: %s" % (screen, "; ".join(sorted(texts))) for screen, texts in sorted(found.items())))
