"""The model guard from outside: restricted fields, system fields and bad input over XML-RPC
and JSON-RPC, enumerated from what the server itself reports about its fields."""
import uuid
import xmlrpc.client

import pytest
import requests

from test_rpc_access import ACCESS_ERROR, PASSWORD, Actor, make_user

# Odoo reports a UserError (and, with customer_mgmt, a ValidationError) with this fault code.
WARNING = 2
MAGIC = {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name",
         "__last_update"}


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]

    def user(role, xmlids):
        return make_user(odoo_server, admin, "rpcguard_%s_%s" % (role, tag),
                         "RPC Guard %s %s" % (role, tag), xmlids)

    actors = {
        "service": user("service", ["customer_mgmt.group_customer_service"]),
        "sales": user("sales", ["customer_mgmt.group_customer_salesperson"]),
        "other": user("other", ["customer_mgmt.group_customer_salesperson"]),
        "manager": user("manager", ["customer_mgmt.group_customer_manager"]),
    }
    own = admin("res.partner", "create", {
        "name": "Own Guard RPC %s Co., Ltd." % tag, "is_company": True, "customer": True,
        "user_id": actors["sales"].uid})
    hidden = admin("res.partner", "create", {
        "name": "Hidden Guard RPC %s Co., Ltd." % tag, "is_company": True, "customer": True,
        "user_id": actors["other"].uid, "annual_revenue": 5000000})
    return dict(actors, admin=admin, tag=tag, own=own, hidden=hidden, server=odoo_server)


def _restricted_partner_fields(world):
    """Fields the manager is shown and customer service is not: restricted by groups=."""
    shown = set(world["manager"]("res.partner", "fields_get", [], attributes=["type"]))
    hidden_from_service = shown - set(world["service"]("res.partner", "fields_get", [],
                                                       attributes=["type"]))
    return sorted(hidden_from_service)


def _fault(actor, model, method, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as info:
        actor(model, method, *args, **kwargs)
    assert "Traceback" not in info.value.faultString
    assert "psycopg2" not in info.value.faultString
    return info.value


def test_restricted_fields_refused_to_service_over_xmlrpc(world):
    service = world["service"]
    restricted = _restricted_partner_fields(world)
    assert {"annual_revenue", "credit_rating", "registered_capital", "risk_reason"} <= set(
        restricted)
    for name in restricted:
        for method, args, kwargs in (
                ("search", [[(name, "!=", False)]], {}),
                ("search_count", [[(name, "!=", False)]], {}),
                ("search_read", [[(name, "!=", False)], ["name"]], {}),
                ("search", [[("parent_id.%s" % name, "!=", False)]], {}),
                ("search", [[]], {"order": "%s desc" % name}),
                ("read_group", [[], [name], [name]], {}),
                ("read_group", [[], [name, "id"], ["user_id"]], {}),
                ("name_search", [""], {"args": [(name, "!=", False)]})):
            fault = _fault(service, "res.partner", method, *args, **kwargs)
            assert fault.faultCode == ACCESS_ERROR, (method, name, fault.faultString)
            assert name in fault.faultString
    # Through another model's many2one as well.
    fault = _fault(service, "customer.interaction", "search",
                   [("partner_id.annual_revenue", ">", 1000000)])
    assert fault.faultCode == ACCESS_ERROR
    # The manager, who may read them, still filters on them.
    assert world["hidden"] in world["manager"]("res.partner", "search", [
        ("annual_revenue", ">", 1000000), ("id", "=", world["hidden"])])


def test_restricted_fields_refused_over_jsonrpc(world):
    session = requests.Session()
    url = world["server"].url
    login = session.post(url + "/web/session/authenticate", json={"params": {
        "db": world["server"].db, "login": "rpcguard_service_%s" % world["tag"],
        "password": PASSWORD}}).json()
    assert login["result"]["uid"] == world["service"].uid
    for name in _restricted_partner_fields(world):
        answer = session.post(url + "/web/dataset/call_kw", json={"params": {
            "model": "res.partner", "method": "search_read",
            "args": [[(name, "!=", False)], ["name"]], "kwargs": {}}}).json()
        assert answer["error"]["data"]["name"] == "odoo.exceptions.AccessError", answer
        assert name in answer["error"]["data"]["message"]


def test_system_fields_refused_to_the_salesperson(world):
    """Every stored readonly field our addons declare on res.partner, as its server lists it."""
    admin, sales = world["admin"], world["sales"]
    rows = admin("ir.model.fields", "search_read", [
        ("model", "=", "res.partner"), ("readonly", "=", True), ("store", "=", True),
        ("modules", "ilike", "customer_")], ["name", "ttype", "modules"])
    names = sorted(row["name"] for row in rows if row["name"] not in MAGIC and any(
        module.strip().startswith("customer_") for module in row["modules"].split(",")))
    assert {"last_interaction_date", "account_user_id", "possible_duplicate",
            "pool_released_date", "completeness"} <= set(names)
    types = {row["name"]: row["ttype"] for row in rows}
    samples = {"boolean": True, "integer": 7, "float": 7.5, "char": "forged", "text": "forged",
               "date": "2001-01-01", "datetime": "2001-01-01 00:00:00",
               "many2one": sales.uid, "selection": False, "monetary": 7.5,
               "many2many": [(5,)], "one2many": [(5,)], "html": "<p>forged</p>"}
    before = admin("res.partner", "read", [world["own"]], names)
    for name in names:
        fault = _fault(sales, "res.partner", "write", [world["own"]],
                       {name: samples[types[name]]})
        assert fault.faultCode == ACCESS_ERROR and name in fault.faultString, fault.faultString
        fault = _fault(sales, "res.partner", "create", {
            "name": "Forged %s Co., Ltd." % name, "is_company": True,
            name: samples[types[name]]})
        assert fault.faultCode == ACCESS_ERROR
    assert admin("res.partner", "read", [world["own"]], names) == before
    assert not admin("res.partner", "search", [("name", "=like", "Forged %")])


def test_bad_input_refused_with_a_clear_message(world):
    admin, sales = world["admin"], world["sales"]
    own = world["own"]
    before = admin("res.partner", "read", [own], ["name", "color", "date", "type", "country_id"])
    for vals, words in (
            ({"name": "   "}, ["name", "spaces"]),
            ({"name": 12345}, ["name", "12345"]),
            ({"name": "名" * 300}, ["name", "256"]),
            ({"color": "red"}, ["color", "red"]),
            ({"date": "2024-02-30"}, ["date", "2024-02-30"]),
            ({"type": "spaceship"}, ["type", "spaceship"]),
            ({"country_id": "China"}, ["country_id", "China"]),
            ({"country_id": 999999999}, ["country_id", "999999999"])):
        fault = _fault(sales, "res.partner", "write", [own], vals)
        assert fault.faultCode == WARNING, fault.faultString
        for word in words:
            assert word in fault.faultString, (vals, fault.faultString)
    assert admin("res.partner", "read", [own], ["name", "color", "date", "type",
                                                 "country_id"]) == before


def test_links_to_hidden_records_refused(world):
    sales, admin = world["sales"], world["admin"]
    fault = _fault(sales, "res.partner", "create", {
        "name": "Spy Contact %s" % world["tag"], "parent_id": world["hidden"]})
    assert fault.faultCode == ACCESS_ERROR
    fault = _fault(sales, "customer.interaction", "create", {
        "name": "Spy visit", "partner_id": world["hidden"], "channel": "call"})
    assert fault.faultCode == ACCESS_ERROR
    assert not admin("res.partner", "search", [("name", "=", "Spy Contact %s" % world["tag"])])
    assert not admin("customer.interaction", "search", [("partner_id", "=", world["hidden"])])
