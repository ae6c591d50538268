"""Scenario 4: a manager (English UI) reads the customer distribution by region and tier, hands a
leaving salesperson's customers over, and moves a customer on the lifecycle kanban with a reason.
"""
import pytest

from selenium.webdriver.common.by import By

from e2e_helpers import normalize


@pytest.fixture(scope="module")
def team(admin, uniq):
    """The manager, a leaving salesperson with two East China key accounts, their successor."""
    manager = admin.create_user("e2e_manager_%s" % uniq, "Manager %s" % uniq,
                                ["customer_mgmt.group_customer_manager"])
    leaving = admin.create_user("e2e_leaving_%s" % uniq, "Leaving Sales %s" % uniq,
                                ["customer_mgmt.group_customer_salesperson"])
    successor = admin.create_user("e2e_successor_%s" % uniq, "Successor Sales %s" % uniq,
                                  ["customer_mgmt.group_customer_salesperson"])
    stem = "Wenzhou Lanxin %s" % uniq
    customers = [admin.create_customer(
        "%s %s Co., Ltd." % (stem, kind), user_id=leaving["id"],
        region_id=admin.ref("customer_mgmt.customer_region_east"),
        tier_id=admin.ref("customer_mgmt.customer_tier_key"))
        for kind in ("Valves", "Pumps")]
    return {"manager": manager, "leaving": leaving, "successor": successor,
            "stem": stem, "customers": customers}


def test_manager_pivot_by_region_and_tier(ui, admin, team):
    ui.login(team["manager"]["login"], team["manager"]["password"])
    ui.open_customers("customer_mgmt.res_partner_menu_distribution")
    ui.switch_view("pivot")
    ui.search(team["stem"])
    pivot = ui.visible(".o_pivot table")
    ui.wait().until(lambda d: "East China" in normalize(pivot.text), "no East China row")
    columns = [normalize(h.text) for h in pivot.find_elements(By.CSS_SELECTOR, "thead th")]
    assert "Key" in columns, columns
    rows = {}
    for row in pivot.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = [normalize(c.text) for c in row.find_elements(By.CSS_SELECTOR, "td")]
        rows[cells[0]] = cells[1:]
    # Only our two customers match the search: both in East China x Key.
    assert rows.get("East China", [None])[0] == "2", rows
    assert rows.get("Total", [None])[0] == "2", rows
    ui.screenshot("pivot_filtered")
    # All customers, for the docs.
    ui.clear_search()
    ui.visible(".o_pivot table")
    ui.screenshot("pivot_region_tier")


def test_manager_hands_customers_over(ui, admin, team):
    ui.login(team["manager"]["login"], team["manager"]["password"])
    ui.open_customers("customer_mgmt.customer_handover_wizard_menu")
    ui.dialog_text()
    ui.set_many2one("from_user_id", team["leaving"]["name"])
    ui.set_many2one("to_user_id", team["successor"]["name"])
    ui.set("note", "Leaving the company at the end of the month.")
    ui.screenshot("handover_wizard")
    ui.button("Hand Over")
    ui.wait().until(lambda d: "Customers Handed Over" in ui.dialog_text(), "no handover result")
    assert ui.field_text("customer_count") == "2"
    ui.screenshot("handover_done")
    ui.close_dialog()
    owners = admin.call("res.partner", "read", team["customers"], ["user_id"])
    assert {o["user_id"][0] for o in owners} == {team["successor"]["id"]}


def test_manager_moves_customer_on_lifecycle_kanban(ui, admin, team, uniq):
    if not admin.call("ir.module.module", "search_count", [
            ("name", "=", "customer_lifecycle"), ("state", "=", "installed")]):
        pytest.skip("customer_lifecycle is not installed")
    stage = {code: admin.ref("customer_lifecycle.customer_lifecycle_stage_%s" % code)
             for code in ("potential", "intention", "loyal")}
    names = {code: admin.read_one("customer.lifecycle.stage", sid, ["name"])["name"]
             for code, sid in stage.items()}
    name = "Taizhou Mingrui %s Plastics Co., Ltd." % uniq
    customer = admin.create_customer(name, user_id=team["successor"]["id"])
    assert admin.read_one("res.partner", customer, ["lifecycle_stage_id"])[
        "lifecycle_stage_id"][0] == stage["potential"]

    ui.login(team["manager"]["login"], team["manager"]["password"])
    ui.open_customers("customer_lifecycle.res_partner_lifecycle_menu")
    ui.search(name)
    assert name in normalize(ui.kanban_column(names["potential"]).text)

    # Drag and drop: a manual move, recorded as a transition with its reason.
    ui.drag_card(name, names["intention"])
    ui.wait().until(lambda d: admin.read_one("res.partner", customer, ["lifecycle_stage_id"])[
        "lifecycle_stage_id"][0] == stage["intention"], "the drop did not move the customer")
    ui.screenshot("lifecycle_dragged")
    transitions = admin.call("customer.lifecycle.transition", "search_read",
                             [("partner_id", "=", customer)], ["to_stage_id", "rule", "reason"])
    assert [(t["to_stage_id"][0], t["rule"]) for t in transitions] == [(stage["intention"], False)]
    assert transitions[0]["reason"]

    # Change Stage on the customer: the manager says why.
    ui.open_card(name)
    ui.button("Change Stage")
    ui.dialog_text()
    ui.set_many2one("stage_id", names["loyal"])
    reason = "Signed a two-year framework agreement."
    ui.set("reason", reason)
    ui.screenshot("lifecycle_change_stage")
    ui.button("Change Stage")
    ui.wait().until(lambda d: admin.read_one("res.partner", customer, ["lifecycle_stage_id"])[
        "lifecycle_stage_id"][0] == stage["loyal"], "Change Stage did not move the customer")
    reasons = admin.call("customer.lifecycle.transition", "search_read", [
        ("partner_id", "=", customer), ("to_stage_id", "=", stage["loyal"])], ["reason"])
    assert [t["reason"] for t in reasons] == [reason]

    # The whole kanban, for the docs.
    ui.close_dialogs_quietly()
    ui.open_menu("customer_lifecycle.res_partner_lifecycle_menu")
    ui.visible(".o_kanban_group")
    ui.screenshot("lifecycle_kanban")
