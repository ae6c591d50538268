"""Scenario 18: public pools (公海池) in Chinese. A team leader administers two pools of their
team: they see both pools' customers (not those of a pool serving another team), assign two of
them to a salesperson with 分配 (a third beyond the salesperson's holding limit is refused with
the message in the dialog), and later take one back into its pool with a reason (收回). The
salesperson sees only the pools serving them and claims a customer (领取). The pool log (公海日志)
shows the claim, the assignments and the take-back, with who and why; the claim report opens.
"""
import itertools

import pytest
from selenium.webdriver.common.by import By

from e2e_helpers import matches, normalize, po_translations

POOL_MENU = "customer_mgmt.res_partner_menu_pool"
CUSTOMERS = "customer_mgmt.res_partner_menu_customer"
POOL_LOG = "customer_mgmt.customer_pool_log_menu"
CLAIMS = "customer_mgmt.customer_pool_claim_report_menu"
CONFIRM = ("Claim this customer? You become its salesperson, and it counts towards the customers "
           "you may hold.")
ATTEMPTS = itertools.count(1)
REFUSAL = ("Nothing was assigned: %(users)s would hold more than %(max)d customers (Maximum "
           "Customers per Salesperson of %(pool)s).")


@pytest.fixture
def tag(uniq):
    """The run's token and the attempt: a retried scenario makes its users and pools anew."""
    return "%s%d" % (uniq, next(ATTEMPTS))


@pytest.fixture
def pools(admin, chinese, tag):
    """Team 一组 (leader 刘组长, salesperson 赵销售) served by the pools 甲 and 乙, which the leader
    administers; team 二组 served by the pool 丙, which they do not. Pool 甲 lets a salesperson
    hold two customers."""
    leader = admin.create_user("e2e_pool_leader_%s" % tag, "刘组长%s" % tag,
                               ["customer_mgmt.group_customer_team_leader"], lang=chinese)
    member = admin.create_user("e2e_pool_member_%s" % tag, "赵销售%s" % tag,
                               ["customer_mgmt.group_customer_salesperson"], lang=chinese)
    team = admin.call("crm.team", "create", {"name": "公海一组%s" % tag, "user_id": leader["id"]})
    other_team = admin.call("crm.team", "create", {"name": "公海二组%s" % tag})
    admin.call("res.users", "write", [leader["id"], member["id"]], {"sale_team_id": team})

    def pool(name, teams, admins, maximum):
        return admin.call("customer.pool", "create", {
            "name": name % tag, "sequence": 90, "team_ids": [(6, 0, teams)],
            "admin_ids": [(6, 0, admins)], "max_customers": maximum})

    ids = {"甲": pool("甲公海%s", [team], [leader["id"]], 2),
           "乙": pool("乙公海%s", [team], [leader["id"]], 20),
           "丙": pool("丙公海%s", [other_team], [], 20)}
    customers = {}
    for key, name, pool_key in (("a1", "苏州甲一%s机械有限公司", "甲"),
                                ("a2", "苏州甲二%s机械有限公司", "甲"),
                                ("a3", "苏州甲三%s机械有限公司", "甲"),
                                ("b1", "杭州乙一%s贸易有限公司", "乙"),
                                ("c1", "广州丙一%s电子有限公司", "丙")):
        # As the superuser: the pool a customer is in is system-maintained.
        customers[key] = {"name": name % tag, "id": admin.create_customer(
            name % tag, user_id=False, pool_id=ids[pool_key])}
    return {"leader": leader, "member": member, "pools": ids, "customers": customers,
           "pool_names": {key: admin.read_one("customer.pool", pid, ["name"])["name"]
                          for key, pid in ids.items()}}


def holder(admin, customer):
    user = admin.read_one("res.partner", customer["id"], ["user_id"])["user_id"]
    return user and user[0]


def select_rows(ui, *names):
    """Tick the list rows showing these names."""
    for name in names:
        box = ui.row(name).find_element(By.CSS_SELECTOR, ".o_list_record_selector input")
        if not box.is_selected():
            ui.driver.execute_script("arguments[0].click();", box)
        ui.wait().until(lambda d, n=name: ui.row(n).find_element(
            By.CSS_SELECTOR, ".o_list_record_selector input").is_selected(),
            "the row %r is not selected" % name)
        ui.wait_idle()


def open_action(ui, label, action_label, *names):
    """The entry of the Action menu of the selected rows, and the wizard it opens."""
    ui.action_menu_entry(label, action_label, lambda: select_rows(ui, *names)).click()
    ui.visible(".modal-dialog .o_form_view")
    ui.wait_idle()


def dismiss_wizard(ui):
    """Close the wizard with its header's cross (its first footer button would confirm it)."""
    dialog = ui.all_visible(".modal-dialog")[-1]
    dialog.find_element(By.CSS_SELECTOR, ".modal-header .close").click()
    ui.wait().until(lambda d: dialog not in ui.all_visible(".modal-dialog"),
                    "the wizard stays open")
    ui.wait_idle()


def test_pool_administrator_and_salesperson_in_chinese(ui, admin, pools, tag):
    zh = po_translations("customer_mgmt")
    web = po_translations("web")
    action_label = web.get("Action", "Action")
    leader, member = pools["leader"], pools["member"]
    names = {key: c["name"] for key, c in pools["customers"].items()}
    pool_names = pools["pool_names"]

    # (a) The leader's public pool: the customers of both pools they administer, not those of
    # the pool serving another team.
    ui.login(leader["login"], leader["password"])
    ui.open_customers(POOL_MENU)
    ui.search(tag)
    ui.wait().until(lambda d: len(ui.list_rows()) == 4, "the four pool customers are not listed")
    rows = ui.list_rows()
    for key in ("a1", "a2", "a3", "b1"):
        assert any(names[key] in row for row in rows), (key, rows)
    assert not [row for row in rows if names["c1"] in row], rows
    assert any(pool_names["甲"] in row for row in rows) and any(
        pool_names["乙"] in row for row in rows), rows
    ui.screenshot("leader_pool")

    # Two customers of 甲 assigned to the salesperson with 分配公海客户.
    select_rows(ui, names["a1"], names["a2"])
    open_action(ui, zh["Assign Pool Customers"], action_label, names["a1"], names["a2"])
    dialog = ui.dialog_text()
    assert zh["Assign Pool Customers"] in dialog
    assert names["a1"] in dialog and names["a2"] in dialog, dialog
    assert ui.field("pool_id").get_attribute("value") == pool_names["甲"]
    ui.set_many2one("user_ids", member["name"])
    ui.screenshot("assign_wizard")
    ui.button(zh["Assign"])
    ui.wait().until(lambda d: not ui.all_visible(".modal-dialog"), "the wizard stays open")
    ui.wait().until(lambda d: holder(admin, pools["customers"]["a1"]) == member["id"]
                    and holder(admin, pools["customers"]["a2"]) == member["id"],
                    "the two customers were not assigned")
    ui.wait().until(lambda d: not [r for r in ui.list_rows() if names["a1"] in r],
                    "the assigned customer stays in the pool list")

    # A third: beyond the salesperson's limit in 甲 (two), refused and nothing assigned.
    select_rows(ui, names["a3"])
    open_action(ui, zh["Assign Pool Customers"], action_label, names["a3"])
    ui.set_many2one("user_ids", member["name"])
    ui.button(zh["Assign"])
    ui.wait().until(lambda d: len(ui.all_visible(".modal-dialog")) == 2,
                    "no refusal over the wizard")
    refusal = ui.dialog_text()
    assert matches(zh[REFUSAL], refusal, member["name"], 2, pool_names["甲"]), refusal
    ui.screenshot("assign_limit")
    ui.close_dialog()
    dismiss_wizard(ui)
    assert holder(admin, pools["customers"]["a3"]) is False

    # (b) The salesperson sees the pools serving them (甲 and 乙), not 丙, and claims from 乙.
    ui.login(member["login"], member["password"])
    ui.open_customers(POOL_MENU)
    ui.search(tag)
    ui.wait().until(lambda d: len(ui.list_rows()) == 2, "the two pool customers are not listed")
    rows = ui.list_rows()
    assert any(names["a3"] in row for row in rows) and any(names["b1"] in row for row in rows)
    assert not [row for row in rows if names["c1"] in row], rows
    ui.screenshot("member_pool")
    ui.click("button[title='%s']" % zh["Claim"], within=ui.row(names["b1"]))
    assert zh[CONFIRM] in ui.dialog_text()
    ui.close_dialog()  # the confirmation
    ui.wait().until(lambda d: holder(admin, pools["customers"]["b1"]) == member["id"],
                    "the customer was not claimed")

    # (c) The leader takes a1 back into 甲 with a reason (收回公海), from their customers.
    reason = "三个月未跟进%s" % tag
    ui.login(leader["login"], leader["password"])
    ui.open_customers(CUSTOMERS)
    ui.switch_view("list")
    ui.search(names["a1"])
    select_rows(ui, names["a1"])
    open_action(ui, zh["Take Back into Pool"], action_label, names["a1"])
    assert zh["Take Back into Pool"] in ui.dialog_text()
    assert ui.field("pool_id").get_attribute("value") == pool_names["甲"], \
        "the wizard offers the pool the leader administers"
    ui.set("reason", reason)
    ui.screenshot("take_back_wizard")
    ui.button(zh["Take Back"])
    ui.wait().until(lambda d: not ui.all_visible(".modal-dialog"), "the wizard stays open")
    ui.wait().until(lambda d: holder(admin, pools["customers"]["a1"]) is False,
                    "the customer was not taken back")

    # (d) The pool log: the claim, the assignments and the take-back, who and why.
    ui.open_customers(POOL_LOG)
    assert zh["Pool Log"] in normalize(ui.visible(".breadcrumb").text)
    ui.switch_view("list")
    ui.search(tag)
    headers = normalize(ui.visible(".o_list_view thead").text)
    for label in ("Done By", "Reason", "Salesperson After"):
        assert zh[label] in headers, (label, headers)

    def logged(*parts):
        return lambda d: [row for row in ui.list_rows() if all(p in row for p in parts)]

    ui.wait().until(logged(names["b1"], zh["Claim"], member["name"], pool_names["乙"]),
                    "no claim row")
    for key in ("a1", "a2"):
        ui.wait().until(logged(names[key], zh["Assignment"], member["name"], leader["name"],
                               pool_names["甲"]), "no assignment row of %s" % key)
    ui.wait().until(logged(names["a1"], zh["Take Back"], leader["name"], reason,
                           pool_names["甲"]), "no take-back row")
    assert not [row for row in ui.list_rows() if names["c1"] in row]
    ui.screenshot("pool_log")

    # (e) The claim report opens on the leader's pools.
    ui.open_customers(CLAIMS)
    assert zh["Pool Claims"] in normalize(ui.visible(".breadcrumb").text)
    ui.visible(".o_pivot")
    ui.text_in(".o_pivot", member["name"])
    pivot = normalize(ui.visible(".o_pivot").text)
    assert zh["Claims and Assignments"] in pivot, pivot
    ui.screenshot("claim_report")
