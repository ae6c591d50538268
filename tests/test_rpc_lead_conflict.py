"""Lead conflict check (撞单) over XML-RPC: a salesperson learns who holds a matching customer,
never its name, phone or e-mail, in the refusal, the onchange, the fields and the notes
(the ORM tests: customer_mgmt/tests/test_lead_conflict.py)."""
import json
import uuid
import xmlrpc.client

import pytest

from test_rpc_access import Actor, make_user

MODE = "customer_mgmt.lead_conflict_mode"


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]
    digits = str(int(tag, 16) % 10000).zfill(4)
    team = admin("crm.team", "create", {"name": "华东一组 %s" % tag})
    holder = make_user(odoo_server, admin, "rpc_lc_holder_%s" % tag, "李娜 %s" % tag,
                       ["customer_mgmt.group_customer_salesperson"], sale_team_id=team)
    sales = make_user(odoo_server, admin, "rpc_lc_sales_%s" % tag, "RPC Conflict Sales %s" % tag,
                      ["customer_mgmt.group_customer_salesperson"])
    china = admin("ir.model.data", "xmlid_to_res_id", "base.cn")
    customer = admin("res.partner", "create", {
        "name": "Hidden Conflict %s Machinery Co., Ltd." % tag, "is_company": True,
        "customer": True, "user_id": holder.uid, "team_id": team, "country_id": china,
        "phone": "+86 21 6688 %s" % digits, "email": "secret-%s@conflict.example.com" % tag})
    admin("res.partner", "write", [customer], {"pool_claim_date": "2026-10-01 08:00:00"})
    previous = admin("ir.config_parameter", "get_param", MODE)
    admin("ir.config_parameter", "set_param", MODE, "warn")
    secrets = ["Hidden Conflict", "secret-%s" % tag, "conflict.example.com"]
    yield {"admin": admin, "sales": sales, "holder": holder, "customer": customer, "tag": tag,
           "phone": "021 6688 %s" % digits, "china": china, "secrets": secrets}
    admin("ir.config_parameter", "set_param", MODE, previous or "warn")


def _no_secret(text, world):
    for secret in world["secrets"]:
        assert secret not in text, secret


def test_onchange_and_fields_name_only_the_holder(world):
    sales, tag = world["sales"], world["tag"]
    values = {"name": "RPC deal", "type": "lead", "phone": world["phone"], "mobile": False,
              "partner_name": False, "contact_name": False, "email_from": False,
              "registration_number": False, "country_id": world["china"], "partner_id": False,
              "conflict_partner_ids": [], "conflict_lead_ids": [], "conflict_hidden_note": False}
    spec = {"phone": "1", "partner_name": "1", "email_from": "1", "mobile": "1",
            "conflict_partner_ids": "", "conflict_partner_ids.display_name": "",
            "conflict_lead_ids": "", "conflict_hidden_note": ""}
    result = sales("crm.lead", "onchange", [], values, "phone", spec)
    message = result["warning"]["message"]
    assert "held by 李娜 %s, 华东一组 %s, since 2026-10-01" % (tag, tag) in message
    _no_secret(json.dumps(result, ensure_ascii=False), world)

    lead = sales("crm.lead", "create", {"name": "RPC deal %s" % tag, "phone": world["phone"],
                                        "country_id": world["china"]})
    row = sales("crm.lead", "read", [lead], ["conflict_partner_ids", "conflict_hidden_note",
                                             "conflict_phone_key"])[0]
    assert row["conflict_partner_ids"] == []
    assert "held by 李娜 %s" % tag in row["conflict_hidden_note"]
    _no_secret(json.dumps(row, ensure_ascii=False), world)
    bodies = sales("mail.message", "search_read", [("model", "=", "crm.lead"),
                                                   ("res_id", "=", lead)], ["body"])
    text = " ".join(message["body"] for message in bodies)
    assert "held by 李娜 %s" % tag in text
    _no_secret(text, world)
    # The keys do not find the hidden customer either.
    assert sales("res.partner", "search", [("phone_key", "=", row["conflict_phone_key"])]) == []


def test_block_refuses_with_the_holder_and_saves_nothing(world):
    sales, admin, tag = world["sales"], world["admin"], world["tag"]
    admin("ir.config_parameter", "set_param", MODE, "block")
    try:
        with pytest.raises(xmlrpc.client.Fault) as info:
            sales("crm.lead", "create", {"name": "RPC blocked %s" % tag,
                                         "phone": world["phone"], "country_id": world["china"]})
    finally:
        admin("ir.config_parameter", "set_param", MODE, "warn")
    fault = info.value.faultString
    assert "Lead Conflict Check: Block" in fault
    assert 'Phone "%s"' % world["phone"] in fault
    assert "held by 李娜 %s" % tag in fault
    _no_secret(fault, world)
    assert admin("crm.lead", "search", [("name", "=", "RPC blocked %s" % tag)]) == []


def test_conversion_onto_the_held_customer_refused(world):
    sales, admin, tag = world["sales"], world["admin"], world["tag"]
    lead = sales("crm.lead", "create", {"name": "RPC convert %s" % tag, "type": "lead"})
    with pytest.raises(xmlrpc.client.Fault) as info:
        sales("crm.lead", "handle_partner_assignation", [lead], "exist", world["customer"])
    assert "held by 李娜 %s" % tag in info.value.faultString
    _no_secret(info.value.faultString, world)
    row = admin("crm.lead", "read", [lead], ["partner_id", "type"])[0]
    assert row["partner_id"] is False and row["type"] == "lead"
