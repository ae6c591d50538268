"""Scenario 10: the feedback ticket form. A stage the ticket may not enter yet (Resolved without
a resolution) is refused with a translated warning, in read and in edit mode, and the status
bar goes back to the stage the ticket is in, so that a later Save does not apply it; a ticket
logged as a complaint is a complaint; the ticket list shows one line per ticket."""
import re

import pytest
from selenium.webdriver.common.by import By

from e2e_helpers import normalize, po_translations

STAGE = "customer_feedback.customer_feedback_stage_%s"
REFUSAL = ("The ticket %s cannot move to the stage %s without a resolution: describe how the "
           "feedback was resolved first.")


@pytest.fixture(scope="module")
def people(admin, chinese, uniq):
    if not admin.call("ir.module.module", "search_count", [
            ("name", "=", "customer_feedback"), ("state", "=", "installed")]):
        pytest.skip("customer_feedback is not installed")
    agents = {lang: admin.create_user(
        "e2e_s10_%s_%s" % (lang, uniq), "Agent %s %s" % (lang, uniq),
        ["customer_mgmt.group_customer_service", "customer_mgmt.group_customer_salesperson"],
        lang=lang) for lang in ("en_US", chinese)}
    customer = admin.create_customer("Suzhou Tianhe %s Textiles Co., Ltd." % uniq,
                                     user_id=agents["en_US"]["id"])
    return {"agents": agents, "customer": customer}


def _stage_name(admin, code, lang):
    return admin.call("customer.feedback.stage", "read", [admin.ref(STAGE % code)], ["name"],
                      context={"lang": lang})[0]["name"]


def _current_stage(ui):
    return normalize(ui.visible(".o_statusbar_status .btn-primary, .o_statusbar_status "
                                "button.disabled.o_arrow_button").text)


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
@pytest.mark.parametrize("mode", ["read", "edit"])
def test_refused_stage_goes_back(ui, admin, people, uniq, lang, mode):
    agent = people["agents"][lang]
    ticket_id = admin.call("customer.feedback", "create", {
        "subject": "Faded colours %s %s %s" % (uniq, lang, mode), "partner_id": people["customer"],
        "feedback_type": "complaint", "user_id": agent["id"]})
    ticket = admin.read_one("customer.feedback", ticket_id, ["name", "stage_id"])
    in_progress, resolved = (_stage_name(admin, code, lang) for code in ("in_progress", "resolved"))
    admin.call("customer.feedback", "write", [ticket_id],
               {"stage_id": admin.ref(STAGE % "in_progress")})

    ui.login(agent["login"], agent["password"])
    ui.goto("#id=%d&model=customer.feedback&view_type=form" % ticket_id)
    ui.visible(".o_statusbar_status")
    assert _current_stage(ui) == in_progress
    if mode == "edit":
        ui.edit()
    ui.statusbar(resolved)
    # In edit mode the HTML editor keeps hidden dialogs of its own: wait for a shown one.
    ui.wait().until(lambda d: ui.all_visible(".modal-dialog"), "no dialog after the refused move")
    ui.wait_idle()
    text = normalize(ui.all_visible(".modal-dialog")[-1].text)
    ui.screenshot("refused_%s_%s" % (mode, lang))
    template = REFUSAL if lang == "en_US" else po_translations("customer_feedback")[REFUSAL]
    assert "Server Error" not in text and "Traceback" not in text and "服务器错误" not in text, text
    assert normalize(template.split("%s")[0]) in text, text
    assert ticket["name"] in text, text
    ui.close_dialog()
    assert _current_stage(ui) == in_progress, "the status bar keeps the refused stage"
    if mode == "edit":
        assert ui.save() is None
    else:
        assert ui.all_visible(".o_form_view.o_form_readonly")
        ui.edit()
        assert ui.save() is None
    assert admin.read_one("customer.feedback", ticket_id, ["stage_id"])["stage_id"][0] == \
        admin.ref(STAGE % "in_progress")
    assert _current_stage(ui) == in_progress


def _type_label(admin, lang, code="complaint"):
    selection = admin.call("customer.feedback", "fields_get", ["feedback_type"], ["selection"],
                           context={"lang": lang})["feedback_type"]["selection"]
    return dict(selection)[code]


def _log_and_check_complaint(ui, admin, customer_name, subject, lang):
    ui.create()
    assert ui.selected("feedback_type") == _type_label(admin, lang)
    ui.set("subject", subject)
    if not ui.field("partner_id").get_attribute("value"):
        ui.set_many2one("partner_id", customer_name)
    assert ui.save() is None
    [ticket] = admin.call("customer.feedback", "search_read", [("subject", "=", subject)],
                          ["feedback_type"])
    assert ticket["feedback_type"] == "complaint"


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
def test_complaints_are_logged_as_complaints(ui, admin, people, uniq, lang):
    agent = people["agents"][lang]
    customer_name = admin.read_one("res.partner", people["customer"], ["name"])["name"]
    ui.login(agent["login"], agent["password"])
    # The Complaints menu of the Feedback app.
    ui.goto("#action=%d" % admin.ref("customer_feedback.customer_feedback_complaint_action"))
    _log_and_check_complaint(ui, admin, customer_name, "Torn seams %s %s" % (uniq, lang), lang)
    # The customer's Complaints button (shown once the customer has a complaint).
    fresh = admin.create_customer("Wuxi Qinghe %s %s Silk Co., Ltd." % (uniq, lang),
                                  user_id=agent["id"])
    admin.call("customer.feedback", "create", {
        "subject": "First complaint %s %s" % (uniq, lang), "partner_id": fresh,
        "feedback_type": "complaint", "user_id": agent["id"]})
    ui.goto("#id=%d&model=res.partner&view_type=form" % fresh)
    complaints = po_translations("customer_feedback")["Complaints"] if lang == "zh_CN" \
        else "Complaints"
    ui.button(complaints)
    ui.visible(".o_kanban_view, .o_list_view")
    _log_and_check_complaint(ui, admin, "Wuxi Qinghe %s %s" % (uniq, lang),
                             "Wrong colour %s %s" % (uniq, lang), lang)
    # The plain form preselects no type: the person logging the ticket picks it.
    ui.open_menu("customer_feedback.customer_feedback_menu")
    ui.create()
    assert not ui.selected("feedback_type")
    ui.discard()


ROW_LINES_JS = """
var faults = [];
arguments[0].querySelectorAll('td').forEach(function (td) {
    var style = getComputedStyle(td);
    var line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.45;
    var content = td.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    if (content > 1.5 * line) { faults.push(td.innerText.trim() + ' (' + content + ' px)'); }
});
return faults;
"""


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
def test_ticket_list_rows_take_one_line(ui, admin, people, uniq, lang):
    agent = people["agents"][lang]
    for number in range(2):
        admin.call("customer.feedback", "create", {
            "subject": "Shipment %s-%s-%s arrived with the wrong labels on every carton" % (
                uniq, lang, number),
            "partner_id": people["customer"], "feedback_type": "complaint",
            "user_id": agent["id"]})
    ui.login(agent["login"], agent["password"])
    ui.driver.set_window_size(1366, 900)
    ui.goto("#action=%d" % admin.ref("customer_feedback.customer_feedback_action"))
    ui.switch_view("list")
    ui.search("Shipment %s-%s" % (uniq, lang))
    rows = [row for row in ui.all_visible(".o_list_view .o_data_row")
            if "Shipment %s-%s" % (uniq, lang) in row.get_attribute("textContent")]
    assert len(rows) == 2
    ui.screenshot("ticket_list_%s" % lang)
    last, window = ui.driver.execute_script(
        "var cells = document.querySelectorAll('table.o_list_view thead th');"
        "return [cells[cells.length - 1].getBoundingClientRect().right,"
        " document.documentElement.clientWidth];")
    assert last <= window + 1, "the last column ends outside the window (%s > %s px)" % (
        last, window)
    for row in rows:
        faults = ui.driver.execute_script(ROW_LINES_JS, row)
        assert not faults, "cells wrap: %s" % faults
        dates = [normalize(td.text) for td in row.find_elements(
            By.CSS_SELECTOR, "td.o_customer_datetime_short_cell") if normalize(td.text)]
        assert dates, "the received date is missing"
        for text in dates:
            assert not re.search(r"\d+:\d+:\d+|秒", text), "a date shows seconds: %r" % text
