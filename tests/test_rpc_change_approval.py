"""Approval of key changes (审批) over XML-RPC: a salesperson's write of a company's legal name
becomes a change request while the rest of the write is saved; the team leader approves, the
salesperson may not."""
import uuid

import pytest

from test_rpc_access import Actor, make_user


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]
    leader = make_user(odoo_server, admin, "rpc_approval_leader_%s" % tag,
                       "RPC Approval Leader %s" % tag, ["customer_mgmt.group_customer_team_leader"])
    team = admin("crm.team", "create", {"name": "RPC Approval %s" % tag, "user_id": leader.uid})
    sales = make_user(odoo_server, admin, "rpc_approval_sales_%s" % tag,
                      "RPC Approval Sales %s" % tag, ["customer_mgmt.group_customer_salesperson"],
                      sale_team_id=team)
    admin("res.users", "write", [leader.uid], {"sale_team_id": team})
    customer = admin("res.partner", "create", {
        "name": "RPC Approval %s Trading Co., Ltd." % tag, "is_company": True, "customer": True,
        "user_id": sales.uid, "team_id": team})
    return {"admin": admin, "leader": leader, "sales": sales, "customer": customer, "tag": tag}


def test_salesperson_rename_is_a_request_the_leader_approves(world):
    admin, sales, leader, customer = world["admin"], world["sales"], world["leader"], world["customer"]
    old_name = "RPC Approval %s Trading Co., Ltd." % world["tag"]
    new_name = "RPC Approval %s Renamed Co., Ltd." % world["tag"]
    sales("res.partner", "write", [customer], {"name": new_name,
                                               "website": "https://rpc-approval.example.com",
                                               "change_reason": "Renamed last month"})
    row = admin("res.partner", "read", [customer], ["name", "website"])[0]
    assert row["name"] == old_name
    assert row["website"] == "https://rpc-approval.example.com"
    requests = sales("customer.change.request", "search_read", [("partner_id", "=", customer)],
                     ["field_name", "new_value", "state", "reason"])
    assert [(r["field_name"], r["new_value"], r["state"], r["reason"]) for r in requests] == [
        ("name", new_name, "pending", "Renamed last month")]
    request = requests[0]["id"]
    sales.denied("customer.change.request", "action_approve", [request])
    sales.denied("customer.change.request", "write", [request], {"state": "approved"})
    assert admin("res.partner", "read", [customer], ["name"])[0]["name"] == old_name
    activity = admin("customer.change.request", "read", [request], ["activity_id"])[0]["activity_id"]
    assert activity, "the team leader has a to-do to review the change"
    leader("customer.change.request", "action_approve", [request])
    assert not admin("mail.activity", "search", [("id", "=", activity[0])])
    assert admin("res.partner", "read", [customer], ["name"])[0]["name"] == new_name
    assert admin("customer.change.request", "read", [request], ["state"])[0]["state"] == "approved"
