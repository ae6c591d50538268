"""Log Follow-up over XML-RPC: the dialog and its Save refuse a user who cannot read the
customer, and save nothing (the ORM tests: customer_mgmt/tests/test_quick_followup.py)."""
import uuid
import xmlrpc.client

import pytest

from test_rpc_access import ACCESS_ERROR, Actor, make_user


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]
    sales = make_user(odoo_server, admin, "rpc_quick_sales_%s" % tag, "RPC Quick Sales %s" % tag,
                      ["customer_mgmt.group_customer_salesperson"])
    other = make_user(odoo_server, admin, "rpc_quick_other_%s" % tag, "RPC Quick Other %s" % tag,
                      ["customer_mgmt.group_customer_salesperson"])
    customer = admin("res.partner", "create", {
        "name": "RPC Quick Customer %s" % tag, "is_company": True, "customer": True,
        "user_id": other.uid})
    return {"admin": admin, "sales": sales, "other": other, "customer": customer}


def _denied(call):
    with pytest.raises(xmlrpc.client.Fault) as info:
        call()
    assert info.value.faultCode == ACCESS_ERROR, info.value.faultString
    return info.value.faultString


def test_quick_followup_refused_over_xmlrpc_to_who_cannot_read_the_customer(world):
    sales, admin, customer = world["sales"], world["admin"], world["customer"]
    values = {"partner_id": customer, "channel": "call", "summary": "Forged follow-up"}
    _denied(lambda: sales("res.partner", "action_log_followup", [customer]))
    _denied(lambda: sales("customer.interaction.quick", "create", values))
    # A wizard made for someone else: its Save is refused too.
    wizard = world["other"]("customer.interaction.quick", "create", values)
    _denied(lambda: sales("customer.interaction.quick", "action_save", [wizard]))
    assert not admin("customer.interaction", "search", [("partner_id", "=", customer)])
    # The customer's salesperson saves it in one call.
    world["other"]("customer.interaction.quick", "action_save", [wizard])
    assert admin("customer.interaction", "search_count", [("partner_id", "=", customer)]) == 1
