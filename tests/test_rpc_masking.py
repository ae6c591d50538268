"""Masking of contact data from outside, over XML-RPC: a salesperson reads a pool customer's
phone and e-mail masked by read, search_read and name_get; an export of a masked role is
masked; a full number still finds the customer; Show number reveals it and is logged."""
import uuid

import pytest

from test_rpc_access import Actor, make_user

PHONE_MASKED = "138****5678"
EMAIL_MASKED = "z***@example.com"


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]

    def user(role, xmlids):
        return make_user(odoo_server, admin, "rpcmask_%s_%s" % (role, tag),
                         "RPC Mask %s %s" % (role, tag), xmlids)

    sales = user("sales", ["customer_mgmt.group_customer_salesperson"])
    manager = user("manager", ["customer_mgmt.group_customer_manager"])
    # A group of its own masks the exports of this manager only (policies of other groups
    # apply besides those of the user's highest customer role).
    group = admin("res.groups", "create", {"name": "RPC Mask Exporters %s" % tag,
                                           "users": [(4, manager.uid)]})
    admin("customer.mask.policy", "create", {
        "name": "RPC export masked %s" % tag, "group_id": group, "condition": "customer",
        "field_name": "phone", "mask_format": "phone"})
    pool = admin("customer.pool", "create", {
        "name": "RPC Mask Pool %s" % tag, "user_ids": [(6, 0, [sales.uid])]})
    customer = admin("res.partner", "create", {
        "name": "RPC Mask %s Co., Ltd." % tag, "is_company": True, "customer": True,
        "phone": "13812345678", "email": "zhang@example.com", "user_id": manager.uid})
    wizard = admin("customer.pool.take.back.wizard", "create", {
        "pool_id": pool, "partner_ids": [(6, 0, [customer])], "reason": "RPC mask test"})
    admin("customer.pool.take.back.wizard", "action_confirm", [wizard])
    real = admin("res.partner", "read", [customer], ["phone"])[0]["phone"]
    return {"admin": admin, "sales": sales, "manager": manager, "customer": customer,
            "real": real, "tag": tag}


def test_read_and_search_read_masked(world):
    sales, customer = world["sales"], world["customer"]
    row = sales("res.partner", "read", [customer], ["phone", "email", "phone_key"])[0]
    assert (row["phone"], row["email"], row["phone_key"]) == (
        PHONE_MASKED, EMAIL_MASKED, PHONE_MASKED)
    rows = sales("res.partner", "search_read", [("id", "=", customer)], ["phone", "email"])
    assert (rows[0]["phone"], rows[0]["email"]) == (PHONE_MASKED, EMAIL_MASKED)
    name = sales("res.partner", "name_get", [customer], context={"show_email": True})[0][1]
    assert EMAIL_MASKED in name and "zhang@" not in name
    # The real values for the administrator.
    assert world["admin"]("res.partner", "read", [customer], ["email"])[0]["email"] == \
        "zhang@example.com"


def test_full_number_finds_it_masked(world):
    sales = world["sales"]
    found = sales("res.partner", "search_read", [("phone", "=", world["real"])], ["phone"])
    # Other pool customers of a kept database may share the number: all come masked.
    assert world["customer"] in [row["id"] for row in found]
    assert {row["phone"] for row in found} == {PHONE_MASKED}


def test_export_data_masked(world):
    result = world["manager"]("res.partner", "export_data", [world["customer"]],
                              ["name", "phone", "email"])
    assert result["datas"][0][1:] == [PHONE_MASKED, "zhang@example.com"]
    world["sales"].refused("res.partner", "export_data", [world["customer"]], ["phone"])


def test_write_back_keeps_number_and_reveal_is_logged(world):
    sales, manager, customer = world["sales"], world["manager"], world["customer"]
    manager("res.partner", "write", [customer], {"phone": PHONE_MASKED})
    assert world["admin"]("res.partner", "read", [customer], ["phone"])[0]["phone"] == \
        world["real"]
    # By keyword: Odoo 11 takes a positional argument after the ids of a decorated method
    # for the context.
    action = sales("res.partner", "action_reveal_contact", [customer], field_name="phone")
    shown = sales(action["res_model"], "read", [action["res_id"]], ["value"])[0]["value"]
    assert shown == world["real"]
    logs = manager("customer.mask.reveal.log", "search_read",
                   [("partner_id", "=", customer)], ["user_id", "field_name"])
    assert [(log["user_id"][0], log["field_name"]) for log in logs] == [
        (sales.uid, "phone")]
    sales.denied("customer.mask.reveal.log", "search", [])


def test_lead_onchange_copies_customer_masked(world):
    """The lead form's partner onchange, called as the web client calls it."""
    values = {"name": "RPC mask deal", "type": "lead", "partner_id": world["customer"],
              "phone": False, "email_from": False, "partner_name": False,
              "contact_name": False}
    spec = {name: "1" for name in ("partner_id", "phone", "email_from", "partner_name",
                                   "contact_name")}
    value = world["sales"]("crm.lead", "onchange", [], values, "partner_id", spec)["value"]
    assert (value["phone"], value["email_from"]) == (PHONE_MASKED, EMAIL_MASKED)
    value = world["admin"]("crm.lead", "onchange", [], values, "partner_id", spec)["value"]
    assert value["phone"] == world["real"]
    # Saved from that form, the lead keeps the customer's real number; it reads masked.
    lead = world["sales"]("crm.lead", "create", dict(
        values, phone=PHONE_MASKED, email_from=EMAIL_MASKED))
    assert world["admin"]("crm.lead", "read", [lead], ["phone"])[0]["phone"] == world["real"]
    assert world["sales"]("crm.lead", "read", [lead], ["phone"])[0]["phone"] == PHONE_MASKED


def test_fragment_search_does_not_confirm_a_number(world):
    sales, customer = world["sales"], world["customer"]
    fragment = world["real"][-9:]  # the last digits, spacing as stored
    assert customer not in sales("res.partner", "search", [("phone", "ilike", fragment)])
    assert customer not in [row[0] for row in sales(
        "res.partner", "name_search", "zhang@exa", [], "ilike", 0)]
    assert customer in sales("res.partner", "search", [("phone", "ilike", world["real"])])
    assert customer in world["admin"]("res.partner", "search", [("phone", "ilike", fragment)])
