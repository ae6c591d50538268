"""The company registry over XML-RPC: a data administrator imports (wizard and load), a
salesperson reads the registry and fills a customer from it but writes no registry row."""
import base64
import uuid

import pytest
from stdnum.cn import uscc as stdnum_uscc

from test_rpc_access import Actor, make_user


def _uscc(tag, serial):
    base = "91330000%02d%07d" % (serial, int(tag, 16) % 10 ** 7)
    return base + stdnum_uscc.calc_check_digit(base)


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]
    data_admin = make_user(odoo_server, admin, "rpc_registry_admin_%s" % tag,
                           "RPC Registry Admin %s" % tag, ["customer_mgmt.group_customer_data_admin"])
    sales = make_user(odoo_server, admin, "rpc_registry_sales_%s" % tag,
                      "RPC Registry Sales %s" % tag, ["customer_mgmt.group_customer_salesperson"])
    return {"admin": admin, "data_admin": data_admin, "sales": sales, "tag": tag,
            "uscc": [_uscc(tag, serial) for serial in range(1, 4)]}


def _file(lines):
    return base64.b64encode("\n".join(lines).encode("utf-8")).decode("ascii")


def test_import_over_rpc_all_or_nothing(world):
    data_admin, sales, admin = world["data_admin"], world["sales"], world["admin"]
    first, second, third = world["uscc"]
    name = "杭州远程导入%s有限公司" % world["tag"]
    bad = {"data_file": _file(["USCC,Registered Name,Founding Date",
                               "%s,%s,2010-01-01" % (first, name),
                               "%s,杭州坏日期有限公司,2010-02-30" % second]),
           "filename": "bad.csv"}
    wizard = data_admin("customer.registry.import.wizard", "create", bad)
    fault = data_admin.refused("customer.registry.import.wizard", "action_import", [wizard])
    assert 'Row 3, column "Founding Date"' in fault and "2010-02-30" in fault
    assert not admin("customer.registry.record", "search", [("uscc", "in", [first, second])])
    # The salesperson may not import.
    wizard = sales("customer.registry.import.wizard", "create", dict(bad, filename="x.csv"))
    sales.denied("customer.registry.import.wizard", "action_import", [wizard])
    good = {"data_file": _file(["统一社会信用代码,企业名称,法定代表人",
                                "%s,%s,周八" % (first, name)]), "filename": "good.csv"}
    wizard = data_admin("customer.registry.import.wizard", "create", good)
    data_admin("customer.registry.import.wizard", "action_import", [wizard])
    record = admin("customer.registry.record", "search", [("uscc", "=", first)])
    assert len(record) == 1
    # The salesperson reads it, writes nothing.
    assert sales("customer.registry.record", "read", record, ["name"])[0]["name"] == name
    sales.denied("customer.registry.record", "write", record, {"name": "杭州越权有限公司"})
    sales.denied("customer.registry.record", "create", {"uscc": third, "name": "杭州越权有限公司"})
    result = sales("customer.registry.record", "load", ["uscc", "name"], [[third, "杭州越权有限公司"]])
    assert result["ids"] is False and result["messages"]
    assert not admin("customer.registry.record", "search", [("uscc", "=", third)])
    # A customer of the salesperson offers the row and is filled from it.
    customer = admin("res.partner", "create", {
        "name": name, "is_company": True, "customer": True, "user_id": sales.uid,
        "country_id": admin("ir.model.data", "xmlid_to_res_id", "base.cn")})
    read = sales("res.partner", "read", [customer], ["registry_match_id"])[0]
    assert read["registry_match_id"][0] == record[0]
    sales("res.partner", "action_registry_fill", [customer])
    filled = admin("res.partner", "read", [customer], ["legal_representative", "registration_number"])[0]
    assert (filled["legal_representative"], filled["registration_number"]) == ("周八", first)


def test_load_over_rpc_refuses_bad_rows(world):
    data_admin, admin = world["data_admin"], world["admin"]
    __, second, third = world["uscc"]
    result = data_admin("customer.registry.record", "load", ["uscc", "name", "registered_capital"], [
        [second, "杭州远程加载有限公司", "100"],
        [third[:-1] + ("0" if third[-1] != "0" else "1"), "杭州坏码有限公司", "100"]])
    assert result["ids"] is False
    assert any("Unified Social Credit Code" in message["message"] for message in result["messages"])
    assert not admin("customer.registry.record", "search", [("uscc", "=", second)])
