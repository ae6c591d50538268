"""Scenario 11: the customer 360° view and the quick follow-up, as a salesperson in Chinese and
a manager in English.

A customer with one event of each kind (follow-up, planned and done activity, tracked change,
ticket received and closed, confirmed order, stage move): the header shows code, tier, stage,
salesperson, churn risk score and completeness; the Timeline tab, first, lists the events in
date order, and its kind links filter them; the ticket button is in the box, not under "More";
buttons without records are hidden. Log Follow-up, on the form and on a kanban card, saves in
one dialog and the timeline shows it.
"""
import datetime
import re

import pytest
from selenium.webdriver.common.by import By

from e2e_helpers import normalize, po_translations

TIMELINE_ROWS = ".o_field_widget[name='timeline_event_ids'] .o_data_row"
BOX = ".o_form_view .oe_button_box"


def _label(admin, model, field, value, lang):
    selection = admin.call(model, "fields_get", [field], ["selection"],
                           context={"lang": lang})[field]["selection"]
    return dict(selection)[value]


@pytest.fixture(scope="module")
def world(admin, salesperson, uniq):
    """A customer of the salesperson with one event of each kind, and a manager."""
    # A manager who also reads every sales order (Odoo's "All Documents").
    manager = admin.create_user("e2e_360_manager_%s" % uniq, "Manager 360 %s" % uniq,
                                ["customer_mgmt.group_customer_manager",
                                 "sales_team.group_sale_salesman_all_leads"])
    tier = admin.ref("customer_mgmt.customer_tier_key")
    name = "Jinhua Huaxin %s Tools Co., Ltd." % uniq
    customer = admin.create_customer(name, user_id=salesperson["id"], tier_id=tier)
    contact = admin.call("res.partner", "create", {"name": "Zhao 360 %s" % uniq,
                                                   "parent_id": customer})
    admin.call("customer.interaction", "create", {
        "name": "Kick-off call %s" % uniq, "partner_id": customer, "channel": "call",
        "date": "2025-01-10 02:00:00", "user_id": salesperson["id"]})
    partner_model = admin.call("ir.model", "search", [("model", "=", "res.partner")])[0]
    todo = admin.ref("mail.mail_activity_data_todo")
    admin.call("mail.activity", "create", {
        "res_model_id": partner_model, "res_id": contact, "activity_type_id": todo,
        "summary": "Send samples %s" % uniq, "date_deadline": "2099-01-01",
        "user_id": salesperson["id"]})
    done = admin.call("mail.activity", "create", {
        "res_model_id": partner_model, "res_id": customer, "activity_type_id": todo,
        "summary": "Confirm visit %s" % uniq, "date_deadline": "2025-01-05",
        "user_id": salesperson["id"]})
    admin.call("mail.activity", "action_feedback", [done], "Visit confirmed")
    admin.call("res.partner", "write", [customer], {"phone": "+86 579 8%s3" % uniq})
    ticket = admin.call("customer.feedback", "create", {
        "subject": "Manual missing %s" % uniq, "partner_id": customer,
        "feedback_type": "suggestion", "channel": "phone"})
    closed = admin.call("customer.feedback.stage", "search", [("is_closed", "=", True)], limit=1)
    admin.call("customer.feedback", "write", [ticket], {"stage_id": closed[0],
                                                     "resolution": "Manual mailed"})
    product = admin.call("product.product", "create", {
        "name": "360 Tool %s" % uniq, "type": "service", "list_price": 800.0})
    order = admin.call("sale.order", "create", {
        "partner_id": customer, "user_id": salesperson["id"],
        "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})]})
    admin.call("sale.order", "action_confirm", [order])
    # The first order moved the customer on: a stage move.
    assert admin.call("customer.lifecycle.transition", "search_count",
                      [("partner_id", "=", customer)])
    # The nightly score, as the cron writes it.
    admin.call("res.partner", "write", [customer], {"churn_risk_score": 65})
    return {"manager": manager, "customer": customer, "name": name, "contact": contact,
            "uniq": uniq}


def _texts(lang):
    """The words of the screens in the user's language (the msgids in English)."""
    if lang == "en_US":
        return lambda msgid, addon=None: msgid
    po = {}
    for addon in ("customer_mgmt", "customer_feedback", "customer_lifecycle"):
        po.update(po_translations(addon))

    def translate(msgid, addon=None):
        """As the screen shows it: arch terms are exported with their markup."""
        for key in (msgid, msgid.replace("&", "&amp;"),
                    '<span class="o_stat_text">%s</span>' % msgid):
            if key in po:
                return re.sub(r"<[^>]+>", "", po[key]).replace("&amp;", "&")
        raise KeyError(msgid)
    return translate


def _check_360(ui, admin, world, user, lang):
    t = _texts(lang)
    customer = world["customer"]
    values = admin.read_one("res.partner", customer, [
        "customer_code", "tier_id", "lifecycle_stage_id", "user_id", "completeness"],
        context={"lang": lang})
    ui.goto("#id=%d&model=res.partner&view_type=form" % customer)
    header = ui.visible(".o_customer_360")
    text = normalize(header.text)
    for label in ("Code", "Tier", "Lifecycle Stage", "Salesperson", "Churn Risk Score",
                  "Profile Completeness"):
        assert t(label) in text, (label, text)
    assert values["customer_code"] in text
    assert values["tier_id"][1] in text
    assert values["lifecycle_stage_id"][1] in text
    assert values["user_id"][1] in text
    score = ui.visible(".o_customer_360 .o_churn_high")
    assert normalize(score.text) == "65"
    assert not ui.all_visible(".o_customer_360 .o_churn_low, .o_customer_360 .o_churn_medium")
    assert header.find_elements(By.CSS_SELECTOR, ".o_progressbar[name='completeness']")

    # The Timeline tab comes first and is open; few tabs.
    tabs = [normalize(tab.text) for tab in ui.all_visible(".o_notebook .nav-tabs > li")]
    assert tabs[0] == t("Timeline"), tabs
    assert t("Profile") in tabs and t("Contacts") in tabs and t("Sales & Service") in tabs, tabs
    assert len(tabs) <= 5, tabs
    assert normalize(ui.visible(".o_notebook .nav-tabs > li.active").text) == t("Timeline")

    # Each kind, in the order of the dates (newest first), as the reader may read them.
    expected = admin.as_user(user, "customer.timeline.event", "search_read",
                             [("partner_id", "=", customer)], ["kind", "summary", "date"],
                             context={"lang": lang})
    assert {e["kind"] for e in expected} == {
        "interaction", "activity", "change", "ticket", "order", "stage"}, expected
    dates = [e["date"] for e in expected]
    assert dates == sorted(dates, reverse=True)
    ui.wait().until(lambda d: len(ui.all_visible(TIMELINE_ROWS)) == len(expected),
                    "the timeline does not list the %d events" % len(expected))
    rows = [normalize(row.text) for row in ui.all_visible(TIMELINE_ROWS)]
    for row, event in zip(rows, expected):
        assert normalize(event["summary"]) in row, (row, event)
        assert _label(admin, "customer.timeline.event", "kind", event["kind"], lang) in row
    ui.screenshot("timeline_%s" % lang)

    # The ticket button sits in the box (not under More); buttons without records are hidden.
    tickets = [b for b in ui.all_visible(BOX + " > button") if t("Open Tickets") in normalize(b.text)]
    assert tickets, [normalize(b.text) for b in ui.all_visible(BOX + " > button")]
    assert normalize(tickets[0].text).startswith("0 / 1")
    for empty in ("Complaints", "Retention", "Duplicates"):
        assert not [b for b in ui.driver.find_elements(By.CSS_SELECTOR, BOX + " button")
                    if t(empty) in normalize(b.get_attribute("textContent"))
                    and "o_invisible_modifier" not in b.get_attribute("class")], empty
    shown = [b for b in ui.driver.find_elements(By.CSS_SELECTOR, BOX + " button.oe_stat_button")
             if "o_invisible_modifier" not in b.get_attribute("class")
             and "o_button_more" not in b.get_attribute("class")]
    for button in shown:
        label = normalize(button.get_attribute("textContent"))
        value = label.split(" ")[0]
        assert not (value.isdigit() and int(value) == 0 and "/" not in label), label

    # The kind filter: the tickets alone.
    ui.button(t("Tickets"))
    ui.visible(".o_list_view")
    ui.wait().until(lambda d: ui.all_visible(".o_searchview_facet"), "no filter facet")
    ticket_label = _label(admin, "customer.timeline.event", "kind", "ticket", lang)
    listed = ui.list_rows()
    assert len(listed) == 2 and all(ticket_label in row for row in listed), listed
    ui.screenshot("timeline_tickets_%s" % lang)
    ui.breadcrumb(0)
    ui.visible(".o_customer_360")


def _log_followup(ui, admin, world, lang, summary):
    t = _texts(lang)
    ui.dialog_text()
    date_format = admin.call("res.lang", "search_read", [("code", "=", lang)],
                             ["date_format"])[0]["date_format"]
    deadline = datetime.date(2099, 6, 1)
    ui.set("summary", summary + "\n" + "Details")
    ui.set("next_step", "Quote %s" % summary)
    ui.set("next_step_date", deadline.strftime(date_format))
    ui.screenshot("quick_followup_%s" % lang)
    before = admin.call("customer.interaction", "search_count", [("name", "=", summary)])
    buttons = ui.all_visible(".modal-dialog .modal-footer .btn-primary")
    assert [normalize(b.text) for b in buttons] == [t("Save")]
    buttons[0].click()
    ui.wait().until(lambda d: not ui.all_visible(".modal-dialog"), "the dialog stays open")
    ui.wait_idle()
    [interaction] = admin.call("customer.interaction", "search_read", [("name", "=", summary)],
                               ["partner_id", "next_step_activity_id", "next_step_date"])
    assert before == 0
    assert interaction["partner_id"][0] == world["customer"]
    assert interaction["next_step_activity_id"]
    assert interaction["next_step_date"] == "2099-06-01"


@pytest.mark.parametrize("role", ["salesperson_zh", "manager_en"])
def test_customer_360_and_quick_followup(ui, admin, world, salesperson, chinese, role):
    user, lang = ((salesperson, chinese) if role == "salesperson_zh"
                  else (world["manager"], "en_US"))
    t = _texts(lang)
    ui.login(user["login"], user["password"])
    _check_360(ui, admin, world, user, lang)

    # Log Follow-up on the form: one dialog, one click, in the timeline at once.
    summary = "Form follow-up %s %s" % (role, world["uniq"])
    ui.button(t("Log Follow-up"))
    _log_followup(ui, admin, world, lang, summary)
    ui.wait().until(lambda d: any(summary in normalize(r.text) for r in ui.all_visible(TIMELINE_ROWS)),
                    "the timeline does not show the new follow-up")
    ui.screenshot("followup_in_timeline_%s" % lang)

    # And on a card of the customers' kanban.
    ui.open_customers("customer_mgmt.res_partner_menu_customer")
    ui.search(world["name"])
    ui.wait().until(lambda d: any(world["name"] in normalize(c.text)
                                  for c in ui.all_visible(".o_kanban_record")), "no card")
    card = next(c for c in ui.all_visible(".o_kanban_record") if world["name"] in normalize(c.text))
    button = card.find_element(By.CSS_SELECTOR, ".o_customer_log_followup")
    assert normalize(button.text) == t("Log Follow-up")
    button.click()
    summary = "Card follow-up %s %s" % (role, world["uniq"])
    _log_followup(ui, admin, world, lang, summary)
    ui.visible(".o_kanban_view")
    ui.open_card(world["name"])
    ui.wait().until(lambda d: any(summary in normalize(r.text) for r in ui.all_visible(TIMELINE_ROWS)),
                    "the timeline does not show the follow-up of the card")
