"""Scenario 12: the Customers app opens on "My Work" (我的工作) for each role.

A salesperson working in Chinese, a customer-service agent and a manager (English) log in: the
app opens on their dashboard; every tile shows the count the database gives over XML-RPC as
that user, and its click lists that many records. The salesperson's customer list opens on
"My Customers"; a manager's export dialog offers the readable 客户清单 template and exports
names, not external ids.
"""
import csv
import datetime
import glob
import io
import os
import re
import time

import pytest
import pytz
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e_helpers import FIRST_LOAD_TIMEOUT, normalize, po_translations

CUSTOMERS_APP = "customer_mgmt.customer_mgmt_menu_root"
CUSTOMERS_MENU = "customer_mgmt.res_partner_menu_customer"
POOL = "customer_mgmt.pool_"
ACCOUNT = [("customer", "=", True), ("parent_id", "=", False)]
FOLLOW_UP_MODELS = ["res.partner", "customer.interaction"]
TZ = "Asia/Shanghai"  # the users' time zone (Admin.create_user)


def user_today():
    return datetime.datetime.now(pytz.timezone(TZ)).date()


@pytest.fixture(scope="module")
def pool_settings(admin):
    """A short release period: every new customer of the salesperson goes back within the
    warning days; a holding limit, so that the quota tile counts down."""
    keys = {"release_days": "3", "warning_days": "7", "max_customers": "10"}
    saved = {key: admin.get_param(POOL + key, False) for key in keys}
    for key, value in keys.items():
        admin.set_param(POOL + key, value)
    yield keys
    for key, value in saved.items():
        admin.set_param(POOL + key, value if value is not False else "")


@pytest.fixture(scope="module")
def people(admin, chinese, uniq, pool_settings):
    """The three roles, customers of the salesperson with follow-ups, a ticket."""
    sales = admin.create_user("e2e_mywork_sales_%s" % uniq, "李工作%s" % uniq,
                              ["customer_mgmt.group_customer_salesperson"], lang=chinese)
    service = admin.create_user("e2e_mywork_service_%s" % uniq, "Service Work %s" % uniq,
                                ["customer_mgmt.group_customer_service"])
    manager = admin.create_user("e2e_mywork_manager_%s" % uniq, "Manager Work %s" % uniq,
                                ["customer_mgmt.group_customer_manager"])
    manager_zh = admin.create_user("e2e_mywork_manager_zh_%s" % uniq, "经理工作%s" % uniq,
                                   ["customer_mgmt.group_customer_manager"], lang=chinese)
    customers = [admin.create_customer("杭州工作%s%s贸易有限公司" % (uniq, kind),
                                       user_id=sales["id"], city="杭州")
                 for kind in ("甲", "乙", "丙")]
    other = admin.create_customer("宁波别人%s贸易有限公司" % uniq, user_id=manager["id"])
    call = admin.ref("mail.mail_activity_data_call")
    model = admin.call("ir.model", "search", [("model", "=", "res.partner")])[0]
    today = user_today()
    for partner, days in ((customers[0], 0), (customers[1], 0), (customers[2], -3),
                          (other, 0)):
        admin.call("mail.activity", "create", {
            "res_model_id": model, "res_id": partner, "activity_type_id": call,
            "user_id": sales["id"] if partner != other else manager["id"],
            "summary": "回访 %s" % uniq,
            "date_deadline": (today + datetime.timedelta(days=days)).isoformat()})
    if admin.call("ir.module.module", "search_count", [
            ("name", "=", "customer_feedback"), ("state", "=", "installed")]):
        admin.call("customer.feedback", "create", {
            "subject": "Broken seal %s" % uniq, "partner_id": customers[0],
            "feedback_type": "complaint", "channel": "phone", "user_id": service["id"]})
    return {"sales": sales, "service": service, "manager": manager, "manager_zh": manager_zh,
            "customers": customers, "other": other}


def expected_counts(admin, user):
    """{tile code: (count, records listed)} computed over XML-RPC as the user, from the rules
    each tile states (not from the tiles)."""
    def count(model, domain):
        return admin.as_user(user, model, "search_count", domain)

    today = user_today()
    day = today.isoformat()
    mine = [("user_id", "=", user["id"])]
    follow = mine + [("res_model", "in", FOLLOW_UP_MODELS)]
    held = count("res.partner", ACCOUNT + mine)
    counts = {
        "followups_today": (count("mail.activity", follow + [("date_deadline", "=", day)]),) * 2,
        "followups_overdue": (count("mail.activity", follow + [("date_deadline", "<", day)]),) * 2,
        # A short release period (pool_settings): all my customers go back within the days.
        "pool_return": (held,) * 2,
        "claim_quota": (10 - held, held),
    }
    open_tickets = [("is_closed", "=", False)]
    new_stage = admin.ref("customer_feedback.customer_feedback_stage_new")
    if new_stage:
        counts.update({
            "tickets_new": (count("customer.feedback", open_tickets + [
                ("stage_id", "=", new_stage)]),) * 2,
            "tickets_mine": (count("customer.feedback", open_tickets + mine),) * 2,
            "tickets_sla_breached": (count("customer.feedback", open_tickets + [
                ("sla_status", "=", "breached")]),) * 2,
            "tickets_sla_at_risk": (count("customer.feedback", open_tickets + [
                ("sla_status", "=", "at_risk")]),) * 2,
            "team_tickets_open": (count("customer.feedback", open_tickets),) * 2,
            "tickets_unassigned_my_teams": (count("customer.feedback", open_tickets + [
                ("user_id", "=", False), ("team_id.user_id", "=", user["id"])]),) * 2,
        })
    at_risk = admin.ref("customer_lifecycle.customer_lifecycle_stage_at_risk")
    if at_risk:
        threshold = int(admin.get_param("customer_lifecycle.churn_threshold", "60") or 60)
        monday = pytz.timezone(TZ).localize(datetime.datetime.combine(
            today - datetime.timedelta(days=today.weekday()), datetime.time.min)).astimezone(
                pytz.utc)
        counts.update({
            "churn_warnings": (count("res.partner", ACCOUNT + [
                "|", ("churn_risk_score", ">=", threshold),
                ("lifecycle_stage_id", "=", at_risk)]),) * 2,
            "team_customers": (count("res.partner", ACCOUNT + [("user_id", "!=", False)]),) * 2,
            "team_followups_week": (count("customer.interaction", [
                ("date", ">=", monday.strftime("%Y-%m-%d %H:%M:%S"))]),) * 2,
        })
    return counts


def dashboard_tiles(ui):
    """{code: (shown value, note)} of the cards of the dashboard on screen."""
    ui.visible(".o_customer_dashboard .o_customer_tile")
    ui.wait_idle()
    tiles = {}
    for card in ui.all_visible(".o_customer_dashboard .o_customer_tile"):
        code = re.search(r"o_customer_tile_code_(\w+)", card.get_attribute("class")).group(1)
        tiles[code] = (normalize(card.find_element(By.CSS_SELECTOR, ".o_customer_tile_value").text),
                       normalize(card.find_element(By.CSS_SELECTOR, ".o_customer_tile_note").text))
    return tiles


def listed_count(ui):
    """How many records the list on screen holds: its pager, or its groups' counts."""
    ui.visible(".o_list_view, .o_view_nocontent, .oe_view_nocontent")
    ui.wait_idle()
    headers = ui.all_visible(".o_list_view .o_group_header")
    if headers:
        return sum(int(re.search(r"\((\d+)\)", normalize(h.text)).group(1)) for h in headers)
    limits = ui.all_visible(".o_pager_limit")
    if limits:
        return int(normalize(limits[0].text))
    return len(ui.all_visible(".o_list_view .o_data_row"))


def open_app_on_dashboard(ui, user, title):
    ui.login(user["login"], user["password"])
    # The home action (Discuss) may still be loading when the app is clicked and then replace
    # it: click again until the dashboard shows. The first page after an update may still be
    # compiling the assets, hence the long last wait.
    for attempt in range(3):
        ui.open_menu(CUSTOMERS_APP)
        try:
            ui.visible(".o_kanban_view.o_customer_dashboard",
                       FIRST_LOAD_TIMEOUT if attempt == 2 else 20)
            break
        except TimeoutException:
            if attempt == 2:
                raise
    assert normalize(ui.visible(".breadcrumb").text) == title


def check_tiles(ui, admin, user, present, absent):
    """Each tile shows the database's count, and its click lists that many records."""
    expected = expected_counts(admin, user)
    shown = dashboard_tiles(ui)
    assert set(present) <= set(shown), shown
    assert not set(absent) & set(shown), shown
    for code in shown:
        value, listed = expected[code]
        assert shown[code][0] == str(value), (code, shown[code], value)
        ui.click(".o_customer_tile_code_%s .o_customer_tile_link" % code)
        assert listed_count(ui) == listed, code
        ui.breadcrumb(0)
        ui.visible(".o_kanban_view.o_customer_dashboard")
    return shown


SALES_TILES = ["followups_today", "followups_overdue", "pool_return", "claim_quota"]
SERVICE_TILES = ["tickets_new", "tickets_mine", "tickets_sla_breached", "tickets_sla_at_risk"]
LEADER_TILES = ["churn_warnings", "team_customers", "team_followups_week", "team_tickets_open"]


def test_salesperson_works_from_my_work_in_chinese(ui, admin, people):
    zh = po_translations("customer_mgmt")
    sales = people["sales"]
    open_app_on_dashboard(ui, sales, zh["My Work"])
    shown = check_tiles(ui, admin, sales, SALES_TILES, SERVICE_TILES + LEADER_TILES)
    # Two calls due today and one overdue were planned (a new customer may add its own).
    assert int(shown["followups_today"][0]) >= 2 and int(shown["followups_overdue"][0]) >= 1
    assert shown["pool_return"][0] == "3"
    assert shown["pool_return"][1] == zh["The nearest goes back in %d days."] % 3
    assert shown["claim_quota"][1] == zh["You hold %(held)d of at most %(max)d customers."] % {
        "held": 3, "max": 10}
    titles = [normalize(t.text) for t in ui.all_visible(".o_customer_tile_title")]
    assert zh["Follow-ups Due Today"] in titles, titles
    ui.screenshot("salesperson_dashboard")

    # The customers' list opens on My Customers: the salesperson's three, not the manager's.
    ui.open_customers(CUSTOMERS_MENU)
    facets = [normalize(f.text) for f in ui.all_visible(".o_searchview_facet")]
    assert any(zh["My Customers"] in facet for facet in facets), facets
    ui.switch_view("list")
    assert listed_count(ui) == 3
    ui.screenshot("salesperson_my_customers")


def test_service_agent_sees_the_ticket_queue(ui, admin, people):
    if not admin.ref("customer_feedback.customer_feedback_stage_new"):
        pytest.skip("customer_feedback is not installed")
    service = people["service"]
    open_app_on_dashboard(ui, service, "My Work")
    shown = check_tiles(ui, admin, service, ["followups_today"] + SERVICE_TILES,
                        ["pool_return", "claim_quota"] + LEADER_TILES)
    assert int(shown["tickets_mine"][0]) >= 1
    ui.screenshot("service_dashboard")
    # Service opens the customers unfiltered: it serves every customer.
    ui.open_customers(CUSTOMERS_MENU)
    assert not ui.all_visible(".o_searchview_facet")


def test_manager_sees_team_figures(ui, admin, people):
    if not admin.ref("customer_lifecycle.customer_lifecycle_stage_at_risk"):
        pytest.skip("customer_lifecycle is not installed")
    manager = people["manager"]
    open_app_on_dashboard(ui, manager, "My Work")
    check_tiles(ui, admin, manager, LEADER_TILES + ["followups_today"], [])
    ui.screenshot("manager_dashboard")
    ui.open_customers(CUSTOMERS_MENU)
    assert not ui.all_visible(".o_searchview_facet"), "managers open on every customer"


def test_export_dialog_offers_readable_customer_list(ui, admin, people, uniq, e2e_artifacts):
    zh = po_translations("customer_mgmt")
    web = po_translations("web")
    manager = people["manager_zh"]
    downloads = os.path.join(e2e_artifacts, "downloads_s12")
    os.makedirs(downloads, exist_ok=True)
    for name in glob.glob(os.path.join(downloads, "*")):
        os.remove(name)
    ui.driver.execute_cdp_cmd("Page.setDownloadBehavior",
                              {"behavior": "allow", "downloadPath": downloads})
    ui.login(manager["login"], manager["password"])
    ui.open_customers(CUSTOMERS_MENU)
    ui.switch_view("list")
    ui.search("杭州工作%s" % uniq)
    ui.wait().until(lambda d: len(ui.list_rows()) == 3, "the three customers are not listed")
    ui.click("thead .o_list_record_selector input")
    ui.wait_idle()
    action = web.get("Action", "Action")
    export = web.get("Export", "Export")

    def reselect():
        boxes = ui.all_visible("thead .o_list_record_selector input")
        if boxes and not boxes[0].is_selected():
            boxes[0].click()

    ui.action_menu_entry(export, action, reselect).click()
    ui.visible(".modal-dialog .o_exported_lists_select")
    ui.wait_idle()
    readable = ui.driver.find_element(By.CSS_SELECTOR, "input[name=o_import_compat_name][value='']")
    assert readable.is_selected(), "the dialog opens on the readable export"
    select = Select(ui.driver.find_element(By.CSS_SELECTOR, ".o_exported_lists_select"))
    options = [normalize(o.text) for o in select.options]
    assert zh["Customer List"] == "客户清单" and "客户清单" in options, options
    assert zh["Contact List"] in options, options
    select.select_by_visible_text("客户清单")
    ui.wait().until(lambda d: len(ui.all_visible(".o_fields_list option")) > 5,
                    "the template's columns are not listed")
    columns = [normalize(o.text) for o in ui.all_visible(".o_fields_list option")]
    assert admin.label("res.partner", "user_id", "zh_CN") in columns, columns
    ui.screenshot("export_dialog")
    ui.button(web.get("Export To File", "Export To File"))
    deadline = time.time() + 60
    while time.time() < deadline:
        files = [name for name in glob.glob(os.path.join(downloads, "*"))
                 if not name.endswith(".crdownload")]
        if files:
            break
        time.sleep(0.5)
    assert files, "nothing was downloaded"
    with open(files[0], encoding="utf-8") as handle:
        rows = list(csv.reader(io.StringIO(handle.read())))
    header, data = rows[0], rows[1:]
    assert admin.label("res.partner", "user_id", "zh_CN") in header, header
    assert "user_id" not in header and "id" not in header, header
    salesperson = header.index(admin.label("res.partner", "user_id", "zh_CN"))
    assert {row[salesperson] for row in data} == {people["sales"]["name"]}, data
    assert not any("customer_mgmt." in cell or "__export__" in cell for row in data
                   for cell in row), data
