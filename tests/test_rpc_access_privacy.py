"""Privacy rows of the access matrix, from outside: the models and public methods of
customer_privacy over XML-RPC, as each role. Only data administrators handle data-subject
requests; employees record consents of the persons of the customers they read; ID numbers are
masked for all but data administrators, whose reveals, like exports, the access log records."""
import ast
import os
import uuid

import pytest

from test_rpc_access import Actor, make_user

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDON = "customer_privacy"
ROLES = ("sales", "other", "service", "leader", "manager", "data_admin", "portal")
# Who reads and records the consents of the contact of "own" (the customer of sales, whose
# team the leader leads) and of "other" (the customer of other).
CONSENT_WORKERS = {"own": {"sales", "leader", "service", "manager", "data_admin"},
                   "other": {"other", "service", "manager", "data_admin"}}
REQUEST_HANDLERS = {"data_admin"}
ID_NUMBER, MASKED = "11010519491231002X", "1101**********002X"
# Who reads the individual customer of "sales" (and its masked ID number).
INDIVIDUAL_READERS = {"sales", "leader", "service", "manager", "data_admin"}
# Every public method of the addon and who may call it.
METHODS = {
    ("res.partner", "action_open_privacy_consents"): "consent",
    ("res.partner", "action_reveal_id_number"): "id_number",
    ("customer.privacy.consent", "action_withdraw"): "consent",
    ("customer.privacy.request", "action_start"): "request",
    ("customer.privacy.request", "action_done"): "request",
    ("customer.privacy.request", "action_refuse"): "request",
    ("customer.privacy.request", "action_reopen"): "request",
    ("customer.privacy.request", "action_build_package"): "request",
    ("customer.privacy.request", "action_anonymise"): "request",
    ("customer.privacy.request", "action_open_packages"): "request",
    ("customer.privacy.retention.policy", "action_dry_run"): "retention",
    ("customer.privacy.retention.report", "action_confirm"): "retention",
}
ORM_METHODS = {"create", "write", "unlink", "read", "search", "name_get", "get_values",
               "set_values", "export_data", "binary_content"}
MIXINS = {"customer.privacy.partner.mixin": "res.partner"}


def _public_methods():
    """(model, method) of every public method in the addon's models."""
    found = set()
    path = os.path.join(ROOT, "addons", ADDON, "models")
    for name in sorted(os.listdir(path)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(path, name)) as source:
            tree = ast.parse(source.read())
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            attrs = {target.id: stmt.value for stmt in node.body if isinstance(stmt, ast.Assign)
                     for target in stmt.targets if isinstance(target, ast.Name)}
            value = attrs.get("_name") or attrs.get("_inherit")
            model = value.s if isinstance(value, ast.Str) else value.elts[0].s
            model = MIXINS.get(model, model)
            found.update((model, stmt.name) for stmt in node.body
                         if isinstance(stmt, ast.FunctionDef)
                         and not stmt.name.startswith("_") and stmt.name not in ORM_METHODS)
    return found


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]

    def user(role, xmlids, **vals):
        return make_user(odoo_server, admin, "rpcpv_%s_%s" % (role, tag),
                         "RPC PV %s %s" % (role, tag), xmlids, **vals)

    actors = {
        "sales": user("sales", ["customer_mgmt.group_customer_salesperson"]),
        "other": user("other", ["customer_mgmt.group_customer_salesperson"]),
        "service": user("service", ["customer_mgmt.group_customer_service"]),
        "leader": user("leader", ["customer_mgmt.group_customer_team_leader"]),
        "manager": user("manager", ["customer_mgmt.group_customer_manager"]),
        "data_admin": user("data_admin", ["customer_mgmt.group_customer_data_admin"]),
    }
    team = admin("crm.team", "create", {"name": "RPC PV team %s" % tag,
                                        "user_id": actors["leader"].uid})
    admin("res.users", "write", [actors["sales"].uid], {"sale_team_id": team})
    customers, contacts, consents = {}, {}, {}
    for key in ("own", "other"):
        customers[key] = admin("res.partner", "create", {
            "name": "RPC PV %s customer %s" % (key, tag), "is_company": True, "customer": True,
            "user_id": actors["sales" if key == "own" else "other"].uid})
        contacts[key] = admin("res.partner", "create", {
            "name": "RPC PV %s person %s" % (key, tag), "parent_id": customers[key],
            "email": "rpcpv_%s_%s@example.com" % (key, tag)})
        consents[key] = admin("customer.privacy.consent", "create", {
            "partner_id": contacts[key], "purpose": "survey", "basis": "consent",
            "date_given": "2026-01-05", "channel": "form"})
    actors["portal"] = user("portal", ["base.group_portal"], partner_id=contacts["own"])
    request = admin("customer.privacy.request", "create", {
        "partner_id": contacts["own"], "request_type": "access", "date_received": "2026-01-05"})
    individual = admin("res.partner", "create", {
        "name": "RPC PV individual %s" % tag, "is_company": False, "customer": True,
        "user_id": actors["sales"].uid})
    actors["data_admin"]("res.partner", "write", [individual], {"privacy_id_number": ID_NUMBER})
    return dict(actors, admin=admin, tag=tag, customers=customers, contacts=contacts,
                consents=consents, request=request, individual=individual)


def test_every_public_method_is_in_the_matrix():
    assert _public_methods() == set(METHODS)


@pytest.mark.parametrize("role", ROLES)
def test_only_data_admins_handle_requests(world, role):
    actor, request, contact = world[role], world["request"], world["contacts"]["own"]
    if role in REQUEST_HANDLERS:
        assert actor("customer.privacy.request", "search", [("id", "=", request)]) == [request]
        new = actor("customer.privacy.request", "create", {
            "partner_id": contact, "request_type": "correction"})
        actor("customer.privacy.request", "action_start", [new])
        actor("customer.privacy.request", "write", [new], {"notes": "RPC handled"})
        actor("customer.privacy.request", "action_done", [new])
        assert actor("customer.privacy.request", "read", [new], ["state"])[0]["state"] == "done"
        return
    actor.denied("customer.privacy.request", "search", [])
    actor.denied("customer.privacy.request", "read", [request], ["name"])
    actor.denied("customer.privacy.request", "create", {
        "partner_id": contact, "request_type": "deletion"})
    actor.denied("customer.privacy.request", "write", [request], {"notes": "forged"})
    for (model, method), kind in sorted(METHODS.items()):
        if kind == "request":
            text = actor.refused(model, method, [request])
            assert method in text
    assert world["admin"]("customer.privacy.request", "read", [request], ["state"])[0][
        "state"] == "new"


def test_data_admin_builds_the_package_and_the_manager_may_not(world):
    request = world["request"]
    world["manager"].refused("customer.privacy.request", "action_build_package", [request])
    world["data_admin"]("customer.privacy.request", "action_build_package", [request])
    names = [row["name"] for row in world["admin"]("ir.attachment", "search_read", [
        ("res_model", "=", "customer.privacy.request"), ("res_id", "=", request)], ["name"])]
    assert sorted(name.rsplit(".", 1)[1] for name in names) == ["json", "xlsx"]


@pytest.mark.parametrize("role", ROLES)
def test_consents_of_the_customers_one_reads(world, role):
    actor = world[role]
    for key in ("own", "other"):
        consent, contact = world["consents"][key], world["contacts"][key]
        if role in CONSENT_WORKERS[key]:
            assert actor("customer.privacy.consent", "search",
                         [("id", "=", consent)]) == [consent]
            new = actor("customer.privacy.consent", "create", {
                "partner_id": contact, "purpose": "marketing_email", "basis": "consent",
                "date_given": "2026-02-01", "channel": "phone",
                "evidence": "RPC %s %s" % (role, world["tag"])})
            actor("customer.privacy.consent", "action_withdraw", [new])
            row = actor("customer.privacy.consent", "read", [new], ["state", "withdrawn_by_id"])
            assert row[0]["state"] == "withdrawn"
            assert row[0]["withdrawn_by_id"][0] == actor.uid
            action = actor("res.partner", "action_open_privacy_consents", [contact])
            assert action["res_model"] == "customer.privacy.consent"
        else:
            if role != "portal":  # portal users have no access to the model at all
                assert actor("customer.privacy.consent", "search", [("id", "=", consent)]) == []
            actor.refused("customer.privacy.consent", "action_withdraw", [consent])
            actor.refused("customer.privacy.consent", "create", {
                "partner_id": contact, "purpose": "sms", "basis": "consent",
                "date_given": "2026-02-01", "channel": "phone"})
    # Nobody but data administrators deletes a consent: the record of it is the evidence.
    if role not in REQUEST_HANDLERS:
        actor.refused("customer.privacy.consent", "unlink", [world["consents"]["own"]])


def test_withdrawn_by_is_system_maintained(world):
    text = world["sales"].refused("customer.privacy.consent", "write",
                                  [world["consents"]["own"]],
                                  {"withdrawn_by_id": world["other"].uid})
    assert "withdrawn_by_id" in text


def test_only_data_admins_run_erasure(world):
    admin, tag = world["admin"], world["tag"]
    person = admin("res.partner", "create", {
        "name": "RPC PV erased %s" % tag, "parent_id": world["customers"]["own"],
        "email": "rpcpv_erased_%s@example.com" % tag})
    request = admin("customer.privacy.request", "create", {
        "partner_id": person, "request_type": "deletion"})
    for role in ROLES:
        if role not in REQUEST_HANDLERS:
            world[role].refused("customer.privacy.request", "action_anonymise", [request])
    assert admin("res.partner", "read", [person], ["email"])[0]["email"]
    world["data_admin"]("customer.privacy.request", "action_anonymise", [request])
    row = admin("res.partner", "read", [person], ["name", "email"])[0]
    assert row["name"] == "Anonymised person %d" % person
    assert not row["email"]


def _access_logs(world, **values):
    return world["admin"]("customer.privacy.access.log", "search_read", [
        (key, "=", value) for key, value in values.items()], ["action", "user_id", "partner_id"])


def test_invalid_id_number_refused_over_rpc(world):
    admin, tag = world["data_admin"], world["tag"]
    name = "RPC PV invalid id %s" % tag
    for value, expected in (("110105194912310021", "ID Number"),
                            (["110105194912310021"], "privacy_id_number")):
        for text in (admin.refused("res.partner", "create", {
                "name": name, "is_company": False, "privacy_id_number": value}),
                     admin.refused("res.partner", "write", [world["individual"]],
                                   {"privacy_id_number": value})):
            assert "110105194912310021" in text and expected in text, text
    assert not world["admin"]("res.partner", "search", [("name", "=", name)])
    assert admin("res.partner", "read", [world["individual"]], ["privacy_id_number"])[0][
        "privacy_id_number"] == ID_NUMBER


@pytest.mark.parametrize("role", ROLES)
def test_id_number_masked_and_unreachable(world, role):
    actor, person = world[role], world["individual"]
    if role in INDIVIDUAL_READERS:
        row = actor("res.partner", "read", [person], ["privacy_id_number_masked"])[0]
        assert row["privacy_id_number_masked"] == MASKED
    if role == "data_admin":
        assert actor("res.partner", "read", [person], ["privacy_id_number"])[0][
            "privacy_id_number"] == ID_NUMBER
        assert actor("res.partner", "search", [("privacy_id_number", "like", "1101%"),
                                               ("id", "=", person)]) == [person]
        return
    actor.denied("res.partner", "read", [person], ["privacy_id_number"])
    actor.denied("res.partner", "search_read", [], ["privacy_id_number"], 0, 1)
    if role == "portal":
        return  # portal users read no partner list, let alone filter it
    for domain in ([("privacy_id_number", "like", "1101%")],
                   [("privacy_id_number", "=", ID_NUMBER)],
                   [("parent_id.privacy_id_number", "!=", False)]):
        actor.denied("res.partner", "search", domain)
        actor.denied("res.partner", "search_count", domain)
    actor.denied("res.partner", "read_group", [], ["privacy_id_number"], ["privacy_id_number"])
    actor.denied("res.partner", "search", [], 0, 1, "privacy_id_number")
    actor.denied("res.partner", "write", [person], {"privacy_id_number": "360426199101010071"})
    assert "privacy_id_number" not in actor("res.partner", "fields_get", [], ["string"])
    if role == "manager":
        text = actor.refused("res.partner", "export_data", [person], ["name", "privacy_id_number"])
        assert "privacy_id_number" in text
    else:
        actor.refused("res.partner", "export_data", [person], ["name", "privacy_id_number"])
    text = actor.refused("res.partner", "action_reveal_id_number", [person])
    assert "action_reveal_id_number" in text
    assert world["admin"]("res.partner", "read", [person], ["privacy_id_number"])[0][
        "privacy_id_number"] == ID_NUMBER


def test_reveal_and_export_are_logged(world):
    person, data_admin, manager = world["individual"], world["data_admin"], world["manager"]
    action = data_admin("res.partner", "action_reveal_id_number", [person])
    assert (action["res_id"], action["target"]) == (person, "new")
    logs = _access_logs(world, partner_id=person, action="id_revealed")
    assert [log["user_id"][0] for log in logs] == [data_admin.uid]
    data = manager("res.partner", "export_data", [person], ["name", "privacy_id_number_masked"])
    assert data["datas"] == [["RPC PV individual %s" % world["tag"], MASKED]]
    logs = _access_logs(world, partner_id=person, action="export")
    assert [log["user_id"][0] for log in logs] == [manager.uid]
    data = data_admin("res.partner", "export_data", [person], ["privacy_id_number"])
    assert data["datas"] == [[ID_NUMBER]]
    assert len(_access_logs(world, partner_id=person, action="export")) == 2


def test_package_download_is_logged(world):
    request = world["admin"]("customer.privacy.request", "create", {
        "partner_id": world["contacts"]["other"], "request_type": "portability"})
    world["data_admin"]("customer.privacy.request", "action_build_package", [request])
    assert len(_access_logs(world, request_id=request, action="package_built")) == 1
    files = world["data_admin"]("ir.attachment", "search", [
        ("res_model", "=", "customer.privacy.request"), ("res_id", "=", request)])
    world["manager"].denied("ir.attachment", "read", files, ["datas"])
    assert not _access_logs(world, request_id=request, action="package_downloaded")
    world["data_admin"]("ir.attachment", "read", files, ["datas"])
    logs = _access_logs(world, request_id=request, action="package_downloaded")
    assert [log["user_id"][0] for log in logs] == [world["data_admin"].uid] * 2


@pytest.mark.parametrize("role", ROLES)
def test_access_log_read_only(world, role):
    actor = world[role]
    world["data_admin"]("res.partner", "action_reveal_id_number", [world["individual"]])
    log = world["admin"]("customer.privacy.access.log", "search", [], 0, 1)
    if role == "data_admin":
        assert actor("customer.privacy.access.log", "search", [("id", "in", log)]) == log
        assert actor("customer.privacy.access.log", "read_group", [], ["user_id"], ["user_id"])
    else:
        actor.denied("customer.privacy.access.log", "search", [])
        actor.denied("customer.privacy.access.log", "read", log, ["partner_id"])
    actor.refused("customer.privacy.access.log", "create", {
        "action": "export", "partner_id": world["individual"], "user_id": actor.uid})
    actor.refused("customer.privacy.access.log", "write", log, {"field_names": "forged"})
    actor.refused("customer.privacy.access.log", "unlink", log)
    assert world["admin"]("customer.privacy.access.log", "search", [("id", "in", log)]) == log
def test_portal_withdrawal_is_not_callable_over_rpc(world):
    """The portal page withdraws through a private method: over RPC nobody reaches it."""
    consent = world["consents"]["own"]
    for role in ("portal", "sales"):
        text = world[role].refused("customer.privacy.consent", "_portal_withdraw", [consent],
                                   world[role].uid)
        assert "_portal_withdraw" in text
    assert world["admin"]("customer.privacy.consent", "read", [consent], ["state"])[0][
        "state"] == "active"
def test_only_data_admins_run_and_confirm_retention_dry_runs(world):
    admin = world["admin"]
    policy = admin("ir.model.data", "xmlid_to_res_id",
                   "customer_privacy.customer_privacy_retention_policy_closed_tickets")
    action = world["data_admin"]("customer.privacy.retention.policy", "action_dry_run", [policy])
    report = action["res_id"]
    assert world["data_admin"]("customer.privacy.retention.report", "read", [report],
                               ["kind", "state"])[0]["state"] == "draft"
    for role in ROLES:
        if role in REQUEST_HANDLERS:
            continue
        actor = world[role]
        assert "action_dry_run" in actor.refused(
            "customer.privacy.retention.policy", "action_dry_run", [policy])
        assert "action_confirm" in actor.refused(
            "customer.privacy.retention.report", "action_confirm", [report])
        actor.denied("customer.privacy.retention.policy", "read", [policy], ["period_number"])
        actor.denied("customer.privacy.retention.report", "read", [report], ["item_count"])
        actor.denied("customer.privacy.retention.policy", "write", [policy],
                     {"period_number": 1})
    assert admin("customer.privacy.retention.report", "read", [report], ["state"])[0][
        "state"] == "draft"
    # The data administrator's period is checked, then the confirmation is theirs.
    for value in (0, "three"):
        text = world["data_admin"].refused("customer.privacy.retention.policy", "write",
                                           [policy], {"period_number": value})
        assert "period_number" in text or "Retention Period" in text
    world["data_admin"]("customer.privacy.retention.report", "action_confirm", [report])
    row = admin("customer.privacy.retention.policy", "read", [policy],
                ["period_number", "confirmed_by_id", "active"])[0]
    assert row["period_number"] == 3 and not row["active"]
    assert row["confirmed_by_id"][0] == world["data_admin"].uid
    text = world["data_admin"].refused("customer.privacy.retention.policy", "write", [policy],
                                       {"confirmed_on": "2026-01-01 00:00:00"})
    assert "confirmed_on" in text
