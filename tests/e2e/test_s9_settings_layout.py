"""Scenario 9: the Customers block of Odoo's Settings, in Chinese and in English, follows Odoo
11's layout: every label and input sits inside its own setting box, boxes do not overlap, no
label follows another setting's input on its line, a checkbox sits beside its own label, and
the texts speak a manager's words. A changed value is saved and read back. The pool settings
live in the managers' Pool Settings only, which the Settings link to."""
import re

import pytest
from selenium.webdriver.common.by import By

from e2e_helpers import normalize, po_translations

BLOCK = ".app_settings_block[data-key='customer_mgmt']"
TECHNICAL_WORDS = re.compile(r"pg_trgm|\bcron\b|\bSQL\b|\bbatch|ir\.config_parameter|定时任务|批次",
                             re.I)
GREETING_PARAM = "customer_lifecycle.greeting_days_before"

# Each label and input of the block: its rectangle, its setting box's, and what it is.
GEOMETRY_JS = """
var block = document.querySelector(arguments[0]);
function rect(el) { var r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
            height: r.height}; }
function shown(el) { var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; }
var boxes = Array.prototype.filter.call(block.querySelectorAll('.o_setting_box'), shown);
var items = [];
block.querySelectorAll('label, .o_form_label, input, select, textarea').forEach(function (el) {
    if (!shown(el) || (el.tagName === 'INPUT' && el.type === 'hidden')) { return; }
    var box = el.closest('.o_setting_box');
    var pane = el.closest('.o_setting_left_pane');
    items.push({kind: /^(LABEL|SPAN|DIV)$/.test(el.tagName) ? 'label' : 'input',
                text: (el.innerText || el.name || el.id || el.tagName).trim().slice(0, 60),
                id: el.id || '', for_: el.getAttribute('for') || '',
                box: box ? boxes.indexOf(box) : -1, left_pane: !!pane, rect: rect(el)});
});
var checkboxes = boxes.map(function (box) {
    var input = box.querySelector('.o_setting_left_pane input');
    var label = box.querySelector('.o_setting_right_pane label');
    return {input: input ? input.id : null, label: label ? label.getAttribute('for') : null,
            text: label ? label.innerText.trim() : null};
});
return {boxes: boxes.map(rect), items: items, checkboxes: checkboxes,
        text: block.innerText};
"""


@pytest.fixture(scope="module")
def admins(admin, chinese, uniq):
    """Administrators (Settings) who are also customer data administrators, one per language."""
    return {lang: admin.create_user(
        "e2e_s9_%s_%s" % (lang, uniq), "Settings Admin %s %s" % (lang, uniq),
        ["base.group_system", "customer_mgmt.group_customer_data_admin"], lang=lang)
        for lang in ("en_US", chinese)}


def _open_settings(ui, admin):
    ui.goto("#action=%d" % admin.ref("customer_mgmt.res_config_settings_action"))
    ui.visible(BLOCK)
    ui.wait_idle()


def _inside(inner, outer, slack=1.0):
    return (inner["left"] >= outer["left"] - slack and inner["right"] <= outer["right"] + slack
            and inner["top"] >= outer["top"] - slack and inner["bottom"] <= outer["bottom"] + slack)


def _overlap(a, b):
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return width > 1 and height > 1


def _same_line(a, b):
    return min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > \
        0.5 * min(a["height"], b["height"])


def _layout_faults(geometry):
    boxes, items = geometry["boxes"], geometry["items"]
    faults = []
    assert boxes and items, "the Customers block shows no settings"
    for item in items:
        if item["box"] < 0:
            faults.append("%s %r lies outside every setting box" % (item["kind"], item["text"]))
        elif not _inside(item["rect"], boxes[item["box"]]):
            faults.append("%s %r sticks out of its setting box" % (item["kind"], item["text"]))
    for i, first in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            if _overlap(first, boxes[j]):
                faults.append("setting boxes %d and %d overlap" % (i, j))
    for label in (item for item in items if item["kind"] == "label"):
        for field in (item for item in items if item["kind"] == "input"):
            after = 0 <= label["rect"]["left"] - field["rect"]["right"] < 60
            if not (after and _same_line(label["rect"], field["rect"])):
                continue
            own = label["for_"] and label["for_"] == field["id"]
            own_checkbox = field["left_pane"] and field["box"] == label["box"]
            if not (own or own_checkbox):
                faults.append("label %r follows the input %r on its line"
                              % (label["text"], field["text"]))
    for number, checkbox in enumerate(geometry["checkboxes"]):
        if checkbox["input"] and checkbox["label"] != checkbox["input"]:
            faults.append("the checkbox of box %d sits beside the label %r of another field"
                          % (number, checkbox["text"]))
    return faults


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
def test_settings_block_layout_and_words(ui, admin, admins, lang):
    user = admins[lang]
    ui.login(user["login"], user["password"])
    _open_settings(ui, admin)
    ui.driver.set_window_size(1366, 900)
    geometry = ui.driver.execute_script(GEOMETRY_JS, BLOCK)
    ui.screenshot("settings_%s" % lang)
    for box in ("customer_size_thresholds_setting", "customer_churn_weights_setting",
                "customer_reminder_data_quality_setting"):
        ui.scroll_to("%s #%s" % (BLOCK, box))
        ui.screenshot("settings_%s_%s" % (lang, box))
    faults = _layout_faults(geometry)
    assert not faults, "\n".join(faults)
    text = normalize(geometry["text"])
    assert not TECHNICAL_WORDS.search(text), TECHNICAL_WORDS.search(text).group(0)
    # One place per setting: the pool settings are the managers', linked from here.
    pool_title = "Pool Settings" if lang == "en_US" else po_translations("customer_mgmt")[
        "Pool Settings"]
    assert pool_title in text
    for field in ("customer_pool_release_days", "customer_pool_max_customers"):
        assert not ui.driver.find_elements(By.CSS_SELECTOR, "%s [name='%s']" % (BLOCK, field))
    if lang == "zh_CN":
        assert "Feedback Tickets" not in text and "Weight:" not in text, "untranslated texts"


def test_settings_save_reads_back(ui, admin, admins):
    user = admins["zh_CN"]
    before = admin.get_param(GREETING_PARAM) or "3"
    wanted = str(int(before) % 20 + 1)
    try:
        ui.login(user["login"], user["password"])
        _open_settings(ui, admin)
        field = ui.driver.find_element(
            By.CSS_SELECTOR, "%s input[name='reminder_greeting_days_before']" % BLOCK)
        ui.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
        ui.set("reminder_greeting_days_before", wanted)
        ui.click(".o_base_settings .o_control_panel .o_statusbar_buttons button.oe_highlight")
        ui.wait().until(lambda d: admin.get_param(GREETING_PARAM) == wanted,
                        "the changed value was not saved")
        _open_settings(ui, admin)
        assert ui.field("reminder_greeting_days_before").get_attribute("value") == wanted
    finally:
        admin.set_param(GREETING_PARAM, before)


def test_pool_settings_linked_and_saved_by_managers(ui, admin, admins, chinese, uniq):
    """The Settings link to the managers' Pool Settings, the pool's one form; customer managers,
    who cannot open the Settings, change the pool there."""
    ui.login(admins["en_US"]["login"], admins["en_US"]["password"])
    _open_settings(ui, admin)
    ui.button("Open Pool Settings")
    ui.visible(".o_form_view .o_field_widget[name='customer_pool_warning_days']")

    manager = admin.create_user("e2e_s9_manager_%s" % uniq, "经理%s" % uniq,
                                ["customer_mgmt.group_customer_manager"], lang=chinese)
    settings_menu = admin.ref("customer_mgmt.res_config_settings_menu")
    assert not admin.as_user(manager, "ir.ui.menu", "search", [("id", "=", settings_menu)])
    before = admin.get_param("customer_mgmt.pool_warning_days") or "7"
    wanted = str(int(before) % 20 + 1)
    try:
        ui.login(manager["login"], manager["password"])
        ui.goto("#action=%d" % admin.ref("customer_mgmt.customer_pool_settings_action"))
        ui.visible(".o_form_view .o_field_widget[name='customer_pool_warning_days']")
        text = normalize(ui.visible(".o_form_view").text)
        assert not TECHNICAL_WORDS.search(text)
        zh = po_translations("customer_mgmt")
        for label in ("Wait Before Claiming Again (Days)", "Release Warning (Days Before)",
                      "Release Key Accounts Too"):
            assert zh[label] in text, label
        ui.screenshot("pool_settings_manager")
        ui.set("customer_pool_warning_days", wanted)
        ui.button(zh["Save"])
        ui.wait().until(lambda d: admin.get_param("customer_mgmt.pool_warning_days") == wanted,
                        "the pool setting was not saved")
    finally:
        admin.set_param("customer_mgmt.pool_warning_days", before)
