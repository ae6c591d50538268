"""Merge Customers over XML-RPC: a manager merges field by field; a salesperson is refused and
nothing changes (the ORM tests: customer_mgmt/tests/test_merge_fields.py)."""
import uuid
import xmlrpc.client

import pytest

from test_rpc_access import ACCESS_ERROR, Actor, make_user


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]
    manager = make_user(odoo_server, admin, "rpc_merge_manager_%s" % tag,
                        "RPC Merge Manager %s" % tag, ["customer_mgmt.group_customer_manager"])
    sales = make_user(odoo_server, admin, "rpc_merge_sales_%s" % tag,
                      "RPC Merge Sales %s" % tag, ["customer_mgmt.group_customer_salesperson"])
    kept = admin("res.partner", "create", {
        "name": "RPC Merge Kept %s Co., Ltd." % tag, "is_company": True, "customer": True,
        "city": "Hangzhou", "user_id": sales.uid})
    other = admin("res.partner", "create", {
        "name": "RPC Merge Other %s Co., Ltd." % tag, "is_company": True, "customer": True,
        "city": "Ningbo", "website": "http://merge-%s.example.com" % tag, "user_id": sales.uid})
    return {"admin": admin, "manager": manager, "sales": sales, "kept": kept, "other": other,
            "tag": tag}


def test_merge_over_xmlrpc(world):
    admin, manager, sales = world["admin"], world["manager"], world["sales"]
    kept, other = world["kept"], world["other"]
    context = {"active_model": "res.partner", "active_ids": [kept, other]}
    # A salesperson can neither open the dialog nor confirm one.
    with pytest.raises(xmlrpc.client.Fault) as info:
        sales("customer.merge.wizard", "create", {}, context=context)
    assert info.value.faultCode == ACCESS_ERROR, info.value.faultString
    wizard = manager("customer.merge.wizard", "create",
                     {"dst_partner_id": kept}, context=context)
    with pytest.raises(xmlrpc.client.Fault) as info:
        sales("customer.merge.wizard", "action_confirm", [wizard])
    assert info.value.faultCode == ACCESS_ERROR, info.value.faultString
    assert len(admin("res.partner", "search", [("id", "in", [kept, other])])) == 2
    # The manager keeps the other's city.
    lines = manager("customer.merge.wizard.line", "search_read",
                    [("wizard_id", "=", wizard)], ["field_name"])
    city = [line["id"] for line in lines if line["field_name"] == "city"]
    manager("customer.merge.wizard.line", "write", city, {"partner_id": other})
    manager("customer.merge.wizard", "action_confirm", [wizard])
    assert admin("res.partner", "search", [("id", "=", other)]) == []
    values = admin("res.partner", "read", [kept], ["city", "website"])[0]
    assert values["city"] == "Ningbo"
    assert values["website"] == "http://merge-%s.example.com" % world["tag"]
    logs = manager("customer.merge.log", "search_read", [("partner_id", "=", kept)],
                   ["merged_ids", "user_id"])
    assert [(log["merged_ids"], log["user_id"][0]) for log in logs] == [(str(other),
                                                                          manager.uid)]
