"""The customer access matrix from outside: XML-RPC against a running server, as each role."""
import uuid
import xmlrpc.client

import pytest

PASSWORD = "Rpc-access-2024"
# Odoo 11 reports an AccessError over XML-RPC with this fault code.
ACCESS_ERROR = 4


class Actor(object):
    """A logged-in user talking XML-RPC."""

    def __init__(self, server, login, password):
        self.server = server
        self.password = password
        self.uid = server.login(login, password)
        assert self.uid, "%s cannot log in" % login

    def __call__(self, model, method, *args, **kwargs):
        return self.server.execute(self.uid, self.password, model, method, *args, **kwargs)

    def refused(self, model, method, *args, **kwargs):
        """The call fails with a Fault; returns its text."""
        with pytest.raises(xmlrpc.client.Fault) as info:
            self(model, method, *args, **kwargs)
        return info.value.faultString

    def denied(self, model, method, *args, **kwargs):
        """The call fails with an AccessError (rights or record rules)."""
        with pytest.raises(xmlrpc.client.Fault) as info:
            self(model, method, *args, **kwargs)
        assert info.value.faultCode == ACCESS_ERROR, info.value.faultString


def make_user(server, admin, login, name, group_xmlids, **vals):
    """A user created by admin over RPC in exactly these groups, logged in."""
    values = {"name": name, "login": login, "password": PASSWORD,
              "email": "%s@example.com" % login,
              "groups_id": [(6, 0, [admin("ir.model.data", "xmlid_to_res_id", xmlid)
                                    for xmlid in group_xmlids])]}
    values.update(vals)
    admin("res.users", "create", values)
    return Actor(server, login, PASSWORD)


@pytest.fixture(scope="module")
def world(odoo_server):
    """Users of each role and partners of each kind, created by admin over RPC."""
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]

    def user(role, xmlids):
        return make_user(odoo_server, admin, "rpc_%s_%s" % (role, tag),
                         "RPC %s %s" % (role, tag), xmlids)

    actors = {
        "sales": user("sales", ["customer_mgmt.group_customer_salesperson"]),
        "other": user("other", ["customer_mgmt.group_customer_salesperson"]),
        "service": user("service", ["customer_mgmt.group_customer_service",
                                    "base.group_partner_manager"]),
        "manager": user("manager", ["customer_mgmt.group_customer_manager"]),
    }
    portal = user("portal", ["base.group_portal"])

    def partner(name, **vals):
        vals.update(name="%s %s" % (name, tag))
        return admin("res.partner", "create", vals)

    ids = {
        "own": partner("Own RPC Customer", is_company=True, customer=True,
                       user_id=actors["sales"].uid),
        "other": partner("Other RPC Customer", is_company=True, customer=True,
                         user_id=actors["other"].uid),
        "pool": partner("Pool RPC Customer", is_company=True, customer=True),
        "vendor": partner("Vendor RPC", is_company=True, customer=False, supplier=True),
    }
    ids["own_contact"] = partner("Own RPC Contact", parent_id=ids["own"])
    ids["other_contact"] = partner("Other RPC Contact", parent_id=ids["other"])
    ids["company"] = admin("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    ids["company"] = admin("res.company", "read", [ids["company"]], ["partner_id"])[0]["partner_id"][0]
    ids["user_partner"] = admin("res.users", "read", [actors["other"].uid], ["partner_id"])[0]["partner_id"][0]
    ids["portal_partner"] = admin("res.users", "read", [portal.uid], ["partner_id"])[0]["partner_id"][0]
    admin("res.partner", "message_post", [ids["other"]], body="Secret pricing of %s" % tag)
    admin("res.partner", "write", [ids["other"]], {"phone": "+86 10 8888 1234"})
    admin("ir.attachment", "create", {
        "name": "other-contract-%s.txt" % tag, "res_model": "res.partner",
        "res_id": ids["other"], "datas": "aGVsbG8=", "datas_fname": "contract.txt"})
    return {"admin": admin, "tag": tag, "ids": ids, **actors}


def _all(world):
    return sorted(world["ids"].values())


def test_salesperson_search_read_and_counts(world):
    sales, ids = world["sales"], world["ids"]
    visible = set(sales("res.partner", "search", [("id", "in", _all(world))]))
    expected = {ids[k] for k in ("own", "own_contact", "pool", "vendor", "company",
                                 "user_partner", "portal_partner")}
    assert visible == expected
    assert sales("res.partner", "search_count", [("id", "in", _all(world))]) == len(expected)
    rows = sales("res.partner", "search_read", [("name", "ilike", world["tag"])], ["name"])
    assert not [r for r in rows if "Other RPC" in r["name"]]
    for hidden in ("other", "other_contact"):
        sales.denied("res.partner", "read", [ids[hidden]], ["name"])
    groups = sales("res.partner", "read_group", [("id", "in", _all(world))],
                   ["user_id"], ["user_id"])
    assert world["other"].uid not in [g["user_id"] and g["user_id"][0] for g in groups]
    assert sales("res.partner", "name_search", "Other RPC Customer %s" % world["tag"]) == []
    assert sales("res.partner", "name_search", "Own RPC Customer %s" % world["tag"])


def test_salesperson_export_refused(world):
    sales, ids = world["sales"], world["ids"]
    fault = sales.refused("res.partner", "export_data", [ids["own"]], ["name", "phone"])
    assert "Only customer managers may export" in fault


def test_salesperson_write_create_unlink(world):
    sales, ids, admin = world["sales"], world["ids"], world["admin"]
    assert sales("res.partner", "write", [ids["own"]], {"comment": "rpc own"})
    for forbidden in ("other", "other_contact", "pool"):
        sales.denied(
            "res.partner", "write", [ids[forbidden]], {"comment": "hijack"})
    assert not admin("res.partner", "search",
                     [("comment", "=", "hijack"), ("id", "in", _all(world))])
    new_id = sales("res.partner", "create", {"name": "RPC New %s" % world["tag"],
                                             "is_company": True, "customer": True})
    assert admin("res.partner", "read", [new_id], ["user_id"])[0]["user_id"][0] == sales.uid
    fault = sales.refused("res.partner", "create", {
        "name": "RPC Stolen %s" % world["tag"], "customer": True,
        "user_id": world["other"].uid})
    assert "only a manager may assign" in fault
    assert not admin("res.partner", "search", [("name", "=", "RPC Stolen %s" % world["tag"])])
    sales.denied("res.partner", "create", {
        "name": "RPC Spy %s" % world["tag"], "parent_id": ids["other"]})
    assert not admin("res.partner", "search", [("name", "=", "RPC Spy %s" % world["tag"])])
    for target in ("own", "other"):
        sales.denied("res.partner", "unlink", [ids[target]])
    assert len(admin("res.partner", "search", [("id", "in", [ids["own"], ids["other"]])])) == 2


def test_salesperson_side_doors(world):
    sales, ids, admin = world["sales"], world["ids"], world["admin"]
    assert sales("res.partner", "message_post", [ids["own"]], body="rpc note")
    sales.denied("res.partner", "message_post", [ids["other"]],
                                          body="rpc spy")
    hidden = [("model", "=", "res.partner"), ("res_id", "=", ids["other"])]
    messages = admin("mail.message", "search", hidden)
    assert messages
    assert sales("mail.message", "search_read", hidden, ["body"]) == []
    assert sales("mail.message", "search_read",
                 [("body", "ilike", "Secret pricing of %s" % world["tag"])], ["body"]) == []
    sales.denied("mail.message", "read", messages[:1], ["body"])
    tracking = admin("mail.tracking.value", "search", [("mail_message_id", "in", messages)])
    assert tracking
    try:
        assert sales("mail.tracking.value", "search_read",
                     [("id", "in", tracking)], ["new_value_char"]) == []
    except xmlrpc.client.Fault as fault:
        assert fault.faultCode == ACCESS_ERROR, fault.faultString
    sales.denied("mail.tracking.value", "read", tracking,
                                          ["new_value_char"])
    attachments = [("res_model", "=", "res.partner"), ("res_id", "=", ids["other"])]
    assert admin("ir.attachment", "search", attachments)
    assert sales("ir.attachment", "search_read", attachments, ["name"]) == []
    assert sales("mail.followers", "search_read",
                 [("res_model", "=", "res.partner"), ("res_id", "=", ids["other"])],
                 ["partner_id"]) == []


def test_service_reads_but_changes_nothing(world):
    service, ids, admin = world["service"], world["ids"], world["admin"]
    assert service("res.partner", "read", [ids["other"]], ["name"])[0]["id"] == ids["other"]
    service.denied("res.partner", "write", [ids["other"]],
                                            {"comment": "service edit"})
    service.denied("res.partner", "create", {
        "name": "Service RPC %s" % world["tag"], "customer": True})
    service.denied("res.partner", "unlink", [ids["pool"]])
    assert service("res.partner", "message_post", [ids["other"]], body="service call log")
    assert "Only customer managers may export" in service.refused(
        "res.partner", "export_data", [ids["other"]], ["name"])


def test_manager_exports_and_it_is_logged(world):
    manager, ids, admin = world["manager"], world["ids"], world["admin"]
    data = manager("res.partner", "export_data", [ids["own"], ids["other"]], ["name"])
    assert len(data["datas"]) == 2
    logs = admin("customer.export.log", "search_read", [("user_id", "=", manager.uid)],
                 ["row_count", "model"])
    assert logs and logs[0]["row_count"] == 2 and logs[0]["model"] == "res.partner"


def test_pool_claim_over_rpc(world):
    sales, other, ids, admin = world["sales"], world["other"], world["ids"], world["admin"]
    pool = admin("res.partner", "create", {"name": "RPC Claimable %s" % world["tag"],
                                           "customer": True, "is_company": True})
    assert pool in other("res.partner", "search", [("is_in_pool", "=", True)])
    sales("res.partner", "action_claim", [pool])
    assert admin("res.partner", "read", [pool], ["user_id"])[0]["user_id"][0] == sales.uid
    other.denied("res.partner", "action_claim", [pool])
