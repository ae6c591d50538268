"""Scenario 5: a data administrator (English UI) tightens a naming rule and merges a duplicate
pair found by the nightly scan."""
import xmlrpc.client

import pytest

MIN_LENGTH_RULE = "customer_mgmt.customer_naming_rule_min_length"
DUPLICATE_CRON = "customer_mgmt.customer_duplicate_pair_cron"


@pytest.fixture(scope="module")
def data_admin(admin, uniq):
    return admin.create_user("e2e_data_%s" % uniq, "Data Admin %s" % uniq,
                             ["customer_mgmt.group_customer_data_admin"])


@pytest.fixture
def min_length_rule(admin):
    """The rule the administrator edits; its settings are put back afterwards."""
    rule_id = admin.ref(MIN_LENGTH_RULE)
    before = admin.read_one("customer.naming.rule", rule_id, ["min_length", "severity", "name"])
    yield before
    admin.call("customer.naming.rule", "write", [rule_id], {
        "min_length": before["min_length"], "severity": before["severity"]})


@pytest.fixture
def duplicate_pair(admin, uniq):
    """Two spellings of one company, paired by the duplicate scan (run now, as the cron would)."""
    first = admin.create_customer("Ningbo Haixing %s Trading Co., Ltd." % uniq,
                                  phone="+86 574 8%s3" % uniq)
    second = admin.create_customer("Ningbo Haixing %s Trading Ltd." % uniq)
    admin.call("ir.cron", "method_direct_trigger", [admin.ref(DUPLICATE_CRON)])
    pairs = admin.call("customer.duplicate.pair", "search_read", [
        ("partner_a_id", "in", [first, second]), ("partner_b_id", "in", [first, second]),
        ("state", "=", "open")], ["id"])
    assert len(pairs) == 1, "the scan did not pair the two spellings"
    return {"id": pairs[0]["id"], "partners": [first, second]}


def test_data_admin_edits_naming_rule(ui, admin, data_admin, min_length_rule, uniq):
    ui.login(data_admin["login"], data_admin["password"])
    ui.open_customers("customer_mgmt.customer_naming_rule_menu")
    ui.open_row(min_length_rule["name"])
    ui.edit()
    ui.set("min_length", "4")
    ui.select("severity", "Block")
    assert ui.save() is None
    assert ui.field_text("min_length") == "4"
    ui.screenshot("naming_rule")
    rule = admin.read_one("customer.naming.rule", admin.ref(MIN_LENGTH_RULE),
                          ["min_length", "severity", "message"])
    assert (rule["min_length"], rule["severity"]) == (4, "block")
    # The edited rule applies at once: a three-character company name is refused.
    with pytest.raises(xmlrpc.client.Fault) as refused:
        admin.as_user(data_admin, "res.partner", "create",
                      {"name": "ABC", "is_company": True, "customer": True})
    assert rule["message"] in refused.value.faultString
    assert not admin.call("res.partner", "search", [("name", "=", "ABC"),
                                                    ("create_uid", "=", data_admin["id"])])


def test_data_admin_merges_duplicate_pair(ui, admin, data_admin, duplicate_pair):
    first, second = duplicate_pair["partners"]
    names = {pid: admin.read_one("res.partner", pid, ["name"])["name"] for pid in (first, second)}
    ui.login(data_admin["login"], data_admin["password"])
    ui.open_customers("customer_mgmt.customer_duplicate_pair_menu")
    ui.search(names[first])
    row = ui.row(names[second])
    assert names[first] in ui.list_rows()[0]
    ui.screenshot("duplicate_pairs")
    ui.click("button[title='Merge']", within=row)
    wizard = ui.dialog_text()
    assert names[first] in wizard and names[second] in wizard
    ui.screenshot("merge_wizard")
    ui.button("Merge Contacts")
    ui.wait().until(lambda d: len(admin.call("res.partner", "search", [
        ("id", "in", [first, second])], context={"active_test": False})) == 1,
        "the two customers were not merged")
    ui.close_dialogs_quietly()
    [kept] = admin.call("res.partner", "search", [("id", "in", [first, second])],
                        context={"active_test": False})
    # Odoo's wizard proposes the destination (by creation date, equal here): either one is kept.
    assert kept in (first, second)
    state = admin.call("customer.duplicate.pair", "search_read",
                       [("id", "=", duplicate_pair["id"])], ["state"])
    assert state == [] or state[0]["state"] != "open"


def test_data_admin_merges_from_the_customer_form(ui, admin, data_admin, uniq):
    """A customer created twice shows its twin on the form; Merge opens the merge dialog."""
    first = admin.create_customer("Wenzhou Ouhai %s Valve Co., Ltd." % uniq)
    second = admin.create_customer("Wenzhou Ouhai %s Valve Ltd." % uniq)
    names = {pid: admin.read_one("res.partner", pid, ["name"])["name"] for pid in (first, second)}
    ui.login(data_admin["login"], data_admin["password"])
    ui.goto("#id=%d&model=res.partner&view_type=form" % second)
    panel = ui.visible(".o_customer_duplicate_matches")
    assert names[first] in panel.text
    ui.button("Merge with these records")
    wizard = ui.dialog_text()
    assert names[first] in wizard and names[second] in wizard
    ui.screenshot("merge_from_form")
    ui.button("Merge Contacts")
    ui.wait().until(lambda d: len(admin.call("res.partner", "search", [
        ("id", "in", [first, second])], context={"active_test": False})) == 1,
        "the two customers were not merged")
    ui.close_dialogs_quietly()
