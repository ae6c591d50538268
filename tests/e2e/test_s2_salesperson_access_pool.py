"""Scenario 2: the salesperson of scenario 1 (in Chinese) only sees their own customers and the
public pool: another salesperson's customer is not in the list, not found by search, refused by
direct URL; a pool customer is claimed with a labelled button, after a confirmation; the holding
limit stops the next claim with a message.
"""
import pytest

from e2e_helpers import matches, po_translations

MAX_PARAM = "customer_mgmt.pool_max_customers"
CONFIRM = ("Claim this customer? You become its salesperson, and it counts towards the customers "
           "you may hold.")


@pytest.fixture
def accounts(admin, uniq, salesperson):
    """Another salesperson's customer and two pool customers; the holding limit set to allow
    exactly one more customer for our salesperson (restored afterwards)."""
    other = admin.create_user("e2e_other_%s" % uniq, "李销售%s" % uniq,
                              ["customer_mgmt.group_customer_salesperson"])
    hidden = admin.create_customer("上海启元%s贸易有限公司" % uniq, user_id=other["id"])
    pool = [admin.create_customer(name % uniq, user_id=False)
            for name in ("苏州瀚澍%s精密机械有限公司", "无锡瀚澍%s新材料有限公司")]
    held = admin.call("res.partner", "search_count", [
        ("user_id", "=", salesperson["id"]), ("customer", "=", True), ("parent_id", "=", False)])
    before = admin.get_param(MAX_PARAM, "0")
    admin.set_param(MAX_PARAM, str(held + 1))
    yield {"hidden": hidden, "pool": pool, "limit": held + 1}
    admin.set_param(MAX_PARAM, before)


def test_salesperson_sees_own_customers_and_claims_from_pool(ui, admin, salesperson, accounts):
    zh = po_translations("customer_mgmt")
    web_zh = po_translations("web")
    names = {pid: admin.read_one("res.partner", pid, ["name"])["name"]
             for pid in [accounts["hidden"]] + accounts["pool"]}
    hidden_name = names[accounts["hidden"]]

    ui.login(salesperson["login"], salesperson["password"])
    ui.open_customers("customer_mgmt.res_partner_menu_customer")
    ui.switch_view("list")
    assert not [row for row in ui.list_rows() if hidden_name in row]

    # Searching by its name finds nothing.
    ui.search(hidden_name)
    assert ui.list_rows() == []
    ui.screenshot("search_other_customer")

    # Its URL: an access error, and nothing of the customer shown.
    ui.goto("#id=%d&model=res.partner&view_type=form" % accounts["hidden"])
    error = ui.dialog_text()
    assert web_zh["Access Error"] in error
    assert hidden_name not in ui.page_text()
    ui.screenshot("access_error")
    ui.close_dialog()

    # The public pool: claim the first customer.
    first, second = accounts["pool"]
    ui.open_customers("customer_mgmt.res_partner_menu_pool")
    ui.search(names[first])
    row = ui.row(names[first])
    ui.screenshot("pool")
    claim = ui.visible("button[title='%s']" % zh["Claim"])
    assert claim.text == zh["Claim"], "the claim button shows its label"
    ui.click("button[title='%s']" % zh["Claim"], within=row)
    # A claim asks first: nothing is claimed until it is confirmed.
    question = ui.dialog_text()
    assert zh[CONFIRM] in question, question
    assert admin.read_one("res.partner", first, ["user_id"])["user_id"] is False
    ui.screenshot("claim_confirmation")
    ui.close_dialog()
    ui.wait().until(lambda d: admin.read_one("res.partner", first, ["user_id"])["user_id"],
                    "the customer was not claimed")
    assert admin.read_one("res.partner", first, ["user_id"])["user_id"][0] == salesperson["id"]

    # The second one: over the limit, with the message in Chinese.
    ui.search(names[second])
    ui.click("button[title='%s']" % zh["Claim"], within=ui.row(names[second]))
    ui.close_dialog()  # the confirmation
    refusal = ui.dialog_text()
    limit = accounts["limit"]
    assert matches(zh["You hold %(held)d customers and may hold at most %(max)d (Maximum "
                      "Customers per Salesperson): release customers before claiming more."],
                   refusal, limit, limit), refusal
    ui.screenshot("holding_limit")
    ui.close_dialog()
    assert admin.read_one("res.partner", second, ["user_id"])["user_id"] is False
