"""Scenario 19: approval of a key change (审批) in Chinese. A salesperson changes a customer's
tier with a reason: the tier is not written, the customer shows the pending change; the team
leader finds the request in Change Requests (变更申请) and in a to-do, approves it, and the
tier is the new one."""
from e2e_helpers import po_translations


def test_salesperson_asks_team_leader_approves_a_tier_change(ui, admin, chinese, uniq):
    zh = po_translations("customer_mgmt")
    leader = admin.create_user(
        "e2e_approval_leader_%s" % uniq, "周组长%s" % uniq,
        ["customer_mgmt.group_customer_team_leader"], lang=chinese)
    team = admin.call("crm.team", "create", {"name": "审批%s组" % uniq, "user_id": leader["id"]})
    sales = admin.create_user(
        "e2e_approval_sales_%s" % uniq, "吴销售%s" % uniq,
        ["customer_mgmt.group_customer_salesperson"], lang=chinese, sale_team_id=team)
    admin.call("res.users", "write", [leader["id"]], {"sale_team_id": team})
    tier = admin.call("customer.tier", "create", {"name": "战略%s" % uniq})
    name = "宁波审批%s电器有限公司" % uniq
    customer = admin.create_customer(name, user_id=sales["id"], team_id=team)

    ui.login(sales["login"], sales["password"])
    ui.goto("#id=%d&model=res.partner&view_type=form" % customer)
    ui.edit()
    notice = ui.visible(".o_customer_change_reason")
    assert zh["Your changes of"] in notice.text, notice.text
    ui.set_many2one("tier_id", "战略%s" % uniq)
    ui.set("change_reason", "签了三年框架合同")
    ui.screenshot("change_with_reason")
    assert ui.save() is None
    ui.visible(".o_customer_change_pending")
    assert not admin.read_one("res.partner", customer, ["tier_id"])["tier_id"], \
        "the tier waits for approval"
    pending = zh["Pending change: %(field)s from \"%(old)s\" to \"%(new)s\", waiting for approval "
                 "by a data administrator or the team leader."].split("%(field)s")[0]
    ui.wait().until(lambda d: pending in ui.chatter_text() and "签了三年框架合同" in ui.chatter_text(),
                    "the chatter shows no pending change with its reason")

    assert admin.call("mail.activity", "search_count", [
        ("res_model", "=", "res.partner"), ("res_id", "=", customer),
        ("user_id", "=", leader["id"])]) == 1, "the team leader has a review to-do"

    ui.login(leader["login"], leader["password"])
    ui.open_customers("customer_mgmt.customer_change_request_menu")
    ui.wait().until(lambda d: any(name in row for row in ui.list_rows()),
                    "the request is not in the review list")
    ui.open_row(name)
    assert "签了三年框架合同" in ui.page_text()
    ui.screenshot("review")
    ui.button(zh["Approve"])
    ui.wait().until(lambda d: admin.read_one("res.partner", customer, ["tier_id"])["tier_id"],
                    "the approval did not write the tier")
    assert admin.read_one("res.partner", customer, ["tier_id"])["tier_id"][0] == tier
    assert not admin.call("mail.activity", "search_count", [
        ("res_model", "=", "res.partner"), ("res_id", "=", customer),
        ("user_id", "=", leader["id"])]), "the review to-do is done"
