"""Lifecycle rows of the access matrix, from outside: every model, field and public method of
customer_lifecycle over XML-RPC, as each role, on its own and another salesperson's customers."""
import ast
import os
import uuid
import xmlrpc.client

import pytest

from test_rpc_access import Actor, make_user

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ADDON = "customer_lifecycle"
OUR_ADDONS = {"customer_mgmt", "customer_feedback", "customer_lifecycle"}
ROLES = ("sales", "other", "service", "leader", "manager", "data_admin", "portal")
INTERNAL = set(ROLES) - {"portal"}
MANAGERS = {"manager", "data_admin"}
# "own" is the customer of sales (whose team the leader leads), "other" the customer of other.
READERS = {"own": {"sales", "leader", "service", "manager", "data_admin"},
           "other": {"other", "service", "manager", "data_admin"}}
WORKERS = {"own": {"sales", "leader", "manager", "data_admin"},
           "other": {"other", "manager", "data_admin"}}
KEYS = ("own", "other")

# Models whose rows belong to a customer: read by READERS, changed ("change": write and create,
# "unlink") by those of the given roles who work the customer.
CUSTOMER_MODELS = {
    "customer.lifecycle.transition": {"change": {"data_admin"}, "unlink": {"data_admin"}},
    "customer.retention.action": {"change": INTERNAL, "unlink": MANAGERS},
}
# Configuration: read by every employee, changed by the given roles.
CONFIG_MODELS = {
    "customer.lifecycle.stage": MANAGERS,
    "customer.lifecycle.stage.activity": MANAGERS,
    "customer.holiday": MANAGERS,
    "customer.tier": {"data_admin"},
}
# Managers' own records: read, created, changed and deleted by the managers only.
MANAGER_MODELS = {"customer.monthly.report"}
# Models the addon extends, each with its own tests below.
# (the timeline's sources of orders and stage moves: customer_lifecycle/tests/test_timeline.py).
EXTENDED_MODELS = {"res.partner", "res.config.settings", "customer.lifecycle.move", "sale.order",
                   "mail.activity", "customer.timeline.event", "customer.dashboard.tile"}
# Abstract models (no rows): the mixins res.partner is made of, the nightly signal engine, and
# the report models of the archive sheet and the monthly report (checked by the report tests).
ABSTRACT_MODELS = {"customer.lifecycle.signals.mixin", "customer.lifecycle.mixin",
                   "customer.churn.mixin", "customer.reminder.mixin",
                   "customer.lifecycle.signal.engine", "report.customer_mgmt.report_customer_sheet",
                   "report.customer_lifecycle.report_monthly_report"}
# One field per model that a permitted user may change, and the value tried.
WRITE_VALUES = {
    "customer.lifecycle.transition": ("reason", "RPC edited reason"),
    "customer.retention.action": ("description", "RPC edited description"),
    "customer.lifecycle.stage": ("sequence", 77),
    "customer.lifecycle.stage.activity": ("summary", "RPC edited summary"),
    "customer.holiday": ("name", "RPC edited holiday"),
    "customer.tier": ("revenue_threshold_12m", 12345.0),
}
# The public methods of the addon's models (found in its source, see _public_methods) and how
# each is checked: on the rows of a customer, on the customers, on configuration, or by the
# dedicated tests of the wizard, the settings and the sales orders.
METHODS = {
    ("customer.retention.action", "action_won_back"): "customer_row",
    ("customer.retention.action", "action_lost"): "customer_row",
    ("res.partner", "action_lifecycle_move"): "customer_write",
    ("res.partner", "action_view_lifecycle_transitions"): "customer_read",
    ("res.partner", "action_view_retention_actions"): "customer_read",
    ("customer.lifecycle.stage", "action_view_customers"): "config",
    ("customer.monthly.report", "action_compute"): "test_monthly_reports_only_for_managers",
    ("customer.monthly.report", "action_send"): "test_monthly_reports_only_for_managers",
    ("customer.lifecycle.move", "action_move"): "test_move_wizard",
    ("res.config.settings", "get_values"): "test_settings_only_for_administrators",
    ("res.config.settings", "set_values"): "test_settings_only_for_administrators",
    ("sale.order", "action_confirm"): "test_sale_orders_confirmed_by_their_salesperson",
    ("sale.order", "action_cancel"): "test_sale_orders_confirmed_by_their_salesperson",
}
ORM_METHODS = {"create", "write", "unlink", "copy", "read", "search", "name_get", "name_search",
               "default_get", "fields_view_get", "read_group"}


def _class_attrs(node):
    return {target.id: stmt.value for stmt in node.body if isinstance(stmt, ast.Assign)
            for target in stmt.targets if isinstance(target, ast.Name)}


def _partner_mixins():
    """The mixins the addon's res.partner inherits (their methods are res.partner's)."""
    with open(os.path.join(ROOT, "addons", ADDON, "models", "res_partner.py")) as source:
        tree = ast.parse(source.read())
    inherit = next(_class_attrs(node)["_inherit"] for node in tree.body
                   if isinstance(node, ast.ClassDef))
    return {element.s for element in inherit.elts} - {"res.partner"}


def _public_methods():
    """(model, method) of every public method defined in the addon's Python source."""
    found = set()
    mixins = _partner_mixins()
    for folder in ("models", "wizards"):
        path = os.path.join(ROOT, "addons", ADDON, folder)
        for name in sorted(os.listdir(path)):
            if not name.endswith(".py"):
                continue
            with open(os.path.join(path, name)) as source:
                tree = ast.parse(source.read())
            for node in tree.body:
                if not isinstance(node, ast.ClassDef):
                    continue
                attrs = _class_attrs(node)
                value = attrs.get("_name") or attrs.get("_inherit")
                model = value.s if isinstance(value, ast.Str) else value.elts[0].s
                model = "res.partner" if model in mixins else model
                found.update((model, stmt.name) for stmt in node.body
                             if isinstance(stmt, ast.FunctionDef)
                             and not stmt.name.startswith("_") and stmt.name not in ORM_METHODS)
    return found


@pytest.fixture(scope="module")
def world(odoo_server):
    """Every role, two customers (of sales and of other) with lifecycle rows, and configuration."""
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]

    def ref(xmlid):
        return admin("ir.model.data", "xmlid_to_res_id", xmlid)

    def user(role, xmlids, **vals):
        return make_user(odoo_server, admin, "rpclc_%s_%s" % (role, tag),
                         "RPC LC %s %s" % (role, tag), xmlids, **vals)

    actors = {
        "sales": user("sales", ["customer_mgmt.group_customer_salesperson"]),
        "other": user("other", ["customer_mgmt.group_customer_salesperson"]),
        "service": user("service", ["customer_mgmt.group_customer_service"]),
        "leader": user("leader", ["customer_mgmt.group_customer_team_leader"]),
        "manager": user("manager", ["customer_mgmt.group_customer_manager"]),
        "data_admin": user("data_admin", ["customer_mgmt.group_customer_data_admin"]),
    }
    team = admin("crm.team", "create", {"name": "RPC LC team %s" % tag,
                                        "user_id": actors["leader"].uid})
    admin("res.users", "write", [actors["sales"].uid], {"sale_team_id": team})
    customers = {
        key: admin("res.partner", "create", {
            "name": "RPC LC %s customer %s" % (key, tag), "is_company": True, "customer": True,
            "user_id": actors["sales" if key == "own" else "other"].uid,
            "email": "%s_%s@example.com" % (key, tag)})
        for key in KEYS}
    # A partner who is nobody's user, made to follow retention actions by those who may.
    bystander = admin("res.partner", "create", {"name": "RPC LC bystander %s" % tag})
    contact = admin("res.partner", "create", {
        "name": "RPC LC portal %s" % tag, "parent_id": customers["own"],
        "email": "rpclc_portal_%s@example.com" % tag})
    actors["portal"] = user("portal", ["base.group_portal"], partner_id=contact)

    revisit = ref("customer_lifecycle.mail_activity_type_revisit")
    stage = admin("customer.lifecycle.stage", "create", {
        "name": "RPC LC stage %s" % tag, "sequence": 90,
        "activity_ids": [(0, 0, {"activity_type_id": revisit, "summary": "RPC entry %s" % tag})]})
    stage2 = admin("customer.lifecycle.stage", "create", {
        "name": "RPC LC stage two %s" % tag, "sequence": 91})
    admin("res.partner", "write", list(customers.values()), {"lifecycle_stage_id": stage})
    rows = {
        "customer.lifecycle.transition": {
            key: admin("customer.lifecycle.transition", "search", [
                ("partner_id", "=", customers[key]), ("to_stage_id", "=", stage)])[0]
            for key in KEYS},
        "customer.retention.action": {
            key: admin("customer.retention.action", "create", {
                "name": "RPC LC action %s %s" % (key, tag), "partner_id": customers[key],
                "user_id": actors["sales" if key == "own" else "other"].uid,
                # Started in the past: "today" of the admin and of the closing user may differ.
                "date": "2024-01-02"})
            for key in KEYS},
        "customer.lifecycle.stage": {"config": stage},
        "customer.lifecycle.stage.activity": {"config": admin(
            "customer.lifecycle.stage", "read", [stage], ["activity_ids"])[0]["activity_ids"][0]},
        "customer.holiday": {"config": admin("customer.holiday", "create", {
            "name": "RPC LC holiday %s" % tag, "date": "2030-10-01",
            "greeted_partner_ids": [(6, 0, list(customers.values()))]})},
        "customer.tier": {"config": admin("customer.tier", "create", {
            "name": "RPC LC tier %s" % tag})},
    }
    for key in KEYS:
        admin("customer.retention.action", "message_post", [rows["customer.retention.action"][key]],
              body="Retention secret %s %s" % (key, tag))
    # A month of its own per run: one report per month and company.
    month = "%04d-%02d-01" % (2100 + int(tag, 16) % 800, 1 + int(tag, 16) % 12)
    monthly = admin("customer.monthly.report", "create", {"date_start": month})
    return dict(actors, admin=admin, tag=tag, customers=customers, rows=rows, stage=stage,
                stage2=stage2, revisit=revisit, bystander=bystander, monthly=monthly, month=month)


def _may(model, operation, role, key):
    """Whether role may do operation on the row of model that belongs to customer key."""
    if model in CONFIG_MODELS:
        return role in INTERNAL if operation == "read" else role in CONFIG_MODELS[model]
    if operation == "read":
        return role in READERS[key]
    allowed = CUSTOMER_MODELS[model]["unlink" if operation == "unlink" else "change"]
    return role in allowed and role in WORKERS[key]


def _create_values(world, model, key, role):
    tag = "%s %s" % (world["tag"], role)
    partner = world["customers"].get(key)
    return {
        "customer.lifecycle.transition": {"partner_id": partner, "to_stage_id": world["stage2"],
                                          "reason": "RPC created %s" % tag},
        "customer.retention.action": {"name": "RPC created %s" % tag, "partner_id": partner},
        "customer.lifecycle.stage": {"name": "RPC created stage %s" % tag},
        "customer.lifecycle.stage.activity": {"stage_id": world["stage2"], "summary": tag,
                                              "activity_type_id": world["revisit"]},
        "customer.holiday": {"name": "RPC created holiday %s" % tag, "date": "2031-01-01"},
        "customer.tier": {"name": "RPC created tier %s" % tag},
    }[model]


def _count(world, model):
    return world["admin"](model, "search_count", [])


def test_every_model_of_the_addon_is_in_the_matrix(world):
    models = world["admin"]("ir.model", "search_read", [], ["model", "modules"])
    ours = {row["model"] for row in models if ADDON in (row["modules"] or "").split(", ")}
    assert ours == (set(CUSTOMER_MODELS) | set(CONFIG_MODELS) | MANAGER_MODELS | EXTENDED_MODELS
                    | ABSTRACT_MODELS)


def test_every_public_method_of_the_addon_is_in_the_matrix():
    assert _public_methods() == set(METHODS)


# ------------------------------------------------------------------ managers' reports

@pytest.mark.parametrize("role", ROLES)
def test_monthly_reports_only_for_managers(world, role):
    actor, admin, report = world[role], world["admin"], world["monthly"]
    model = "customer.monthly.report"
    if role in MANAGERS:
        assert actor(model, "search", [("id", "=", report)]) == [report]
        assert actor(model, "action_compute", [report])
        assert admin(model, "read", [report], ["state"])[0]["state"] in ("done", "sent")
        actor.denied(model, "write", [report], {"lost_count": 77})  # figures are the system's
        assert admin(model, "read", [report], ["lost_count"])[0]["lost_count"] != 77
        if role == "manager":
            assert actor(model, "action_send", [report])
            assert admin(model, "read", [report], ["state"])[0]["state"] == "sent"
        return
    count = admin(model, "search_count", [])
    for method, args in (("search", [[]]), ("read", [[report], ["name"]]),
                         ("read_group", [[], ["state"], ["state"]]),
                         ("create", [{"date_start": "2099-01-01"}]),
                         ("write", [[report], {"date_start": "2099-02-01"}]),
                         ("unlink", [[report]]), ("action_compute", [[report]]),
                         ("action_send", [[report]])):
        actor.denied(model, method, *args)
    assert admin(model, "search_count", []) == count
    assert admin(model, "read", [report], ["date_start"])[0]["date_start"] == world["month"]


# ------------------------------------------------------------------ rows of customers

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", sorted(CUSTOMER_MODELS))
def test_customer_rows_read(world, model, role):
    actor, rows, customers = world[role], world["rows"][model], world["customers"]
    ids = sorted(rows.values())
    visible = [key for key in KEYS if _may(model, "read", role, key)]
    if not visible:
        for method, args in (("search", [[("id", "in", ids)]]), ("search_count", [[]]),
                             ("read_group", [[], ["partner_id"], ["partner_id"]]),
                             ("read", [ids, ["partner_id"]])):
            actor.denied(model, method, *args)
        return
    assert sorted(actor(model, "search", [("id", "in", ids)])) == sorted(rows[k] for k in visible)
    assert actor(model, "search_count", [("id", "in", ids)]) == len(visible)
    groups = actor(model, "read_group", [("id", "in", ids)], ["partner_id"], ["partner_id"])
    assert sorted(group["partner_id"][0] for group in groups) == sorted(
        customers[key] for key in visible)
    for key in KEYS:
        if key in visible:
            row = actor(model, "read", [rows[key]], ["partner_id"])[0]
            assert row["partner_id"][0] == customers[key]
        else:
            actor.denied(model, "read", [rows[key]], ["partner_id"])
            assert actor(model, "search", [("partner_id", "=", customers[key])]) == []
    if model == "customer.retention.action":
        for key in KEYS:
            found = actor(model, "name_search", "RPC LC action %s %s" % (key, world["tag"]))
            assert bool(found) == (key in visible)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", sorted(CUSTOMER_MODELS))
def test_customer_rows_write(world, model, role):
    actor, admin, rows = world[role], world["admin"], world["rows"][model]
    field, value = WRITE_VALUES[model]
    for key in KEYS:
        before = admin(model, "read", [rows[key]], [field])[0][field]
        if _may(model, "write", role, key):
            assert actor(model, "write", [rows[key]], {field: value})
            assert admin(model, "read", [rows[key]], [field])[0][field] == value
            admin(model, "write", [rows[key]], {field: before})
        else:
            actor.denied(model, "write", [rows[key]], {field: value})
            assert admin(model, "read", [rows[key]], [field])[0][field] == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", sorted(CUSTOMER_MODELS))
def test_customer_rows_create(world, model, role):
    actor, admin = world[role], world["admin"]
    for key in KEYS:
        vals = _create_values(world, model, key, role)
        count = _count(world, model)
        if _may(model, "create", role, key):
            new = actor(model, "create", vals)
            assert admin(model, "read", [new], ["partner_id"])[0]["partner_id"][0] == vals["partner_id"]
            admin(model, "unlink", [new])
        else:
            actor.denied(model, "create", vals)
            assert _count(world, model) == count


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", sorted(CUSTOMER_MODELS))
def test_customer_rows_unlink(world, model, role):
    actor, admin = world[role], world["admin"]
    for key in KEYS:
        row = admin(model, "create", _create_values(world, model, key, role))
        if _may(model, "unlink", role, key):
            assert actor(model, "unlink", [row])
            assert not admin(model, "search", [("id", "=", row)])
        else:
            actor.denied(model, "unlink", [row])
            assert admin(model, "search", [("id", "=", row)]) == [row]
            admin(model, "unlink", [row])


@pytest.mark.parametrize("role", ROLES)
def test_retention_action_cannot_be_moved_to_a_hidden_customer(world, role):
    """Odoo checks record rules before a write only; the stored team of the action, recomputed
    as the user, checks them after the move (also without tracking, whose message would)."""
    actor, admin, customers = world[role], world["admin"], world["customers"]
    action = world["rows"]["customer.retention.action"]["own"]
    for key in KEYS:
        if _may("customer.retention.action", "write", role, "own") and role not in WORKERS[key]:
            for context in ({}, {"tracking_disable": True}):
                actor.denied("customer.retention.action", "write", [action],
                             {"partner_id": customers[key]}, context=context)
        assert admin("customer.retention.action", "read", [action],
                     ["partner_id"])[0]["partner_id"][0] == customers["own"]


@pytest.mark.parametrize("role", ROLES)
def test_retention_action_followers_and_messages(world, role):
    """Following a hidden action would show it and let one post on it and get its messages."""
    actor, admin, tag = world[role], world["admin"], world["tag"]
    rows = world["rows"]["customer.retention.action"]
    me = admin("res.users", "read", [actor.uid], ["partner_id"])[0]["partner_id"][0]
    for key in KEYS:
        followed = [("res_model", "=", "customer.retention.action"), ("res_id", "=", rows[key])]
        existing = admin("mail.followers", "search", followed)
        assert existing
        count = len(existing)
        readable = _may("customer.retention.action", "read", role, key)
        assert bool(actor("mail.followers", "search", followed)) == readable
        messages = actor("mail.message", "search_read", [
            ("model", "=", "customer.retention.action"), ("res_id", "=", rows[key]),
            ("body", "ilike", "Retention secret %s %s" % (key, tag))], ["body"])
        assert bool(messages) == readable
        for partner, allowed in ((me, readable), (world["bystander"], _may(
                "customer.retention.action", "write", role, key))):
            vals = {"res_model": "customer.retention.action", "res_id": rows[key],
                    "partner_id": partner}
            if admin("mail.followers", "search", followed + [("partner_id", "=", partner)]):
                continue  # the responsible of the action follows it already
            if allowed:
                admin("mail.followers", "unlink", [actor("mail.followers", "create", vals)])
            else:
                actor.denied("mail.followers", "create", vals)
        if not readable:
            actor.denied("mail.followers", "unlink", existing[:1])
            actor.denied("mail.followers", "write", existing[:1], {"res_id": rows["own"]})
            actor.denied("customer.retention.action", "message_post", [rows[key]],
                         body="RPC spy %s" % tag)
        assert sorted(admin("mail.followers", "search", followed)) == sorted(existing)
        assert len(existing) == count
    assert not admin("mail.message", "search", [("body", "ilike", "RPC spy %s" % tag)])


# ------------------------------------------------------------------ configuration

@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", sorted(CONFIG_MODELS))
def test_configuration_read(world, model, role):
    actor, row = world[role], world["rows"][model]["config"]
    if role not in INTERNAL:
        actor.denied(model, "search", [("id", "=", row)])
        actor.denied(model, "read", [row], ["display_name"])
        actor.denied(model, "read_group", [], ["create_uid"], ["create_uid"])
        return
    assert actor(model, "search", [("id", "=", row)]) == [row]
    assert actor(model, "read", [row], ["display_name"])[0]["id"] == row
    readable = sorted(world["customers"][key] for key in KEYS if role in READERS[key])
    if model == "customer.lifecycle.stage":
        # The stage counts only the customers the user reads.
        assert actor(model, "read", [row], ["customer_count"])[0]["customer_count"] == len(readable)
    if model == "customer.holiday":
        greeted = actor(model, "read", [row], ["greeted_partner_ids"])[0]["greeted_partner_ids"]
        assert sorted(greeted) == readable


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", sorted(CONFIG_MODELS))
def test_configuration_changed_only_by_managers(world, model, role):
    actor, admin, row = world[role], world["admin"], world["rows"][model]["config"]
    field, value = WRITE_VALUES[model]
    if model == "customer.holiday":
        value = "%s %s" % (value, world["tag"])
    before = admin(model, "read", [row], [field])[0][field]
    vals = _create_values(world, model, "config", role)
    count = _count(world, model)
    disposable = admin(model, "create", _create_values(world, model, "config", role + " bin"))
    if _may(model, "write", role, "config"):
        assert actor(model, "write", [row], {field: value})
        admin(model, "write", [row], {field: before})
        admin(model, "unlink", [actor(model, "create", vals)])
        assert actor(model, "unlink", [disposable])
    else:
        actor.denied(model, "write", [row], {field: value})
        actor.denied(model, "create", vals)
        actor.denied(model, "unlink", [disposable])
        admin(model, "unlink", [disposable])
    assert admin(model, "read", [row], [field])[0][field] == before
    assert _count(world, model) == count


@pytest.mark.parametrize("role", ROLES)
def test_used_stage_deleted_by_nobody_and_its_use_told_to_managers_only(world, role):
    """Deleting a stage still used is refused; only those who may delete stages learn how much
    it is used (the count is of every customer)."""
    actor, stage = world[role], world["stage"]
    if role in MANAGERS:
        assert "still used by 2 customers" in actor.refused("customer.lifecycle.stage", "unlink",
                                                            [stage])
    else:
        actor.denied("customer.lifecycle.stage", "unlink", [stage])
    assert world["admin"]("customer.lifecycle.stage", "search", [("id", "=", stage)]) == [stage]


# ------------------------------------------------------------------ the customers' lifecycle fields

def _partner_fields(world):
    """{name: description} of the res.partner fields customer_lifecycle adds."""
    admin = world["admin"]
    names = [row["name"] for row in admin("ir.model.fields", "search_read", [
        ("model", "=", "res.partner")], ["name", "modules"])
        if ADDON in row["modules"].split(", ") and set(row["modules"].split(", ")) <= OUR_ADDONS]
    assert "churn_risk_score" in names and "lifecycle_stage_id" in names
    return admin("res.partner", "fields_get", names, ["type", "readonly", "relation", "store"])


def _editable(fields):
    return {name: field for name, field in fields.items()
            if not field["readonly"] and field["type"] not in ("one2many", "many2many")}


def _system(fields):
    return sorted(name for name, field in fields.items()
                  if field["readonly"] and field["type"] not in ("one2many", "many2many"))


def _new_value(world, field, current):
    return {"many2one": world["stage2"], "boolean": not current, "date": "1990-05-04"}[field["type"]]


def _plain(value):
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("role", ROLES)
def test_lifecycle_fields_read(world, role):
    actor, customers = world[role], world["customers"]
    names = sorted(_partner_fields(world))
    for key in KEYS:
        if role in READERS[key]:
            assert actor("res.partner", "read", [customers[key]], names)[0]["id"] == customers[key]
            continue
        actor.denied("res.partner", "read", [customers[key]], names)
        if role == "portal" and key == "own":
            # Odoo lets portal users read their own company, but none of its lifecycle.
            assert actor("res.partner", "read", [customers[key]], ["name"])
            for name in names:
                actor.denied("res.partner", "read", [customers[key]], [name])
            assert actor("res.partner", "fields_get", names) == {}


@pytest.mark.parametrize("role", ROLES)
def test_lifecycle_fields_write(world, role):
    actor, admin, customers = world[role], world["admin"], world["customers"]
    editable = _editable(_partner_fields(world))
    assert "lifecycle_stage_id" in editable and "lifecycle_locked" in editable
    for key in KEYS:
        for name, field in sorted(editable.items()):
            before = admin("res.partner", "read", [customers[key]], [name])[0][name]
            value = _new_value(world, field, before)
            if role in WORKERS[key]:
                assert actor("res.partner", "write", [customers[key]], {name: value})
                assert _plain(admin("res.partner", "read", [customers[key]], [name])[0][name]) == value
                admin("res.partner", "write", [customers[key]], {name: _plain(before)})
            else:
                actor.denied("res.partner", "write", [customers[key]], {name: value})
                assert admin("res.partner", "read", [customers[key]], [name])[0][name] == before


@pytest.mark.parametrize("role", ROLES)
def test_lifecycle_fields_of_unworked_customers_refused(world, role):
    actor, admin, customers = world[role], world["admin"], world["customers"]
    names = _system(_partner_fields(world))
    for key in KEYS:
        if role in WORKERS[key]:
            continue
        before = admin("res.partner", "read", [customers[key]], names)[0]
        for name in names:
            actor.denied("res.partner", "write", [customers[key]], {name: False})
        assert admin("res.partner", "read", [customers[key]], names)[0] == before


@pytest.mark.parametrize("role", ["sales", "manager"])
def test_system_lifecycle_fields_refused_to_everyone(world, role):
    """Stored system fields are refused; Odoo writes nothing of a computed field that is not
    stored and has no inverse (counts, days in stage), so those only stay unchanged."""
    actor, admin, own = world[role], world["admin"], world["customers"]["own"]
    fields = _partner_fields(world)
    names = _system(fields)
    before = admin("res.partner", "read", [own], names)[0]
    accepted = []
    for name in names:
        try:
            actor("res.partner", "write", [own], {name: False})
            if fields[name]["store"]:
                accepted.append(name)
        except xmlrpc.client.Fault:
            pass
    admin("res.partner", "write", [own], {name: _plain(before[name]) for name in accepted})
    assert not accepted, "written by %s: %s" % (role, ", ".join(accepted))
    assert admin("res.partner", "read", [own], names)[0] == before


# ------------------------------------------------------------------ public methods

def _methods(kind):
    return sorted(method for method, how in METHODS.items() if how == kind)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", _methods("customer_row"), ids="/".join)
def test_customer_row_methods(world, method, role):
    model, name = method
    actor, admin, rows = world[role], world["admin"], world["rows"][model]
    for key in KEYS:
        if _may(model, "write", role, key):
            assert actor(model, name, [rows[key]])
            admin(model, "write", [rows[key]], {"outcome": "pending"})
        else:
            actor.denied(model, name, [rows[key]])
        assert admin(model, "read", [rows[key]], ["outcome"])[0]["outcome"] == "pending"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", _methods("customer_read") + _methods("customer_write"),
                         ids="/".join)
def test_customer_methods(world, method, role):
    """Buttons named with another salesperson's customer are refused, not just harmless."""
    model, name = method
    allowed = READERS if METHODS[method] == "customer_read" else WORKERS
    for key in KEYS:
        if role in allowed[key]:
            assert world[role](model, name, [world["customers"][key]])["type"] == "ir.actions.act_window"
        else:
            world[role].denied(model, name, [world["customers"][key]])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", _methods("config"), ids="/".join)
def test_configuration_methods(world, method, role):
    model, name = method
    row = world["rows"][model]["config"]
    if role in INTERNAL:
        assert world[role](model, name, [row])["type"] == "ir.actions.act_window"
    else:
        world[role].denied(model, name, [row])


@pytest.mark.parametrize("role", ROLES)
def test_move_wizard(world, role):
    actor, admin, customers = world[role], world["admin"], world["customers"]
    for key in KEYS:
        partner = customers[key]
        transitions = admin("customer.lifecycle.transition", "search_count",
                            [("partner_id", "=", partner)])
        vals = {"partner_ids": [(6, 0, [partner])], "stage_id": world["stage2"],
                "reason": "RPC wizard %s" % role}
        if role in WORKERS[key]:
            actor("customer.lifecycle.move", "action_move", [actor("customer.lifecycle.move",
                                                                   "create", vals)])
            assert admin("res.partner", "read", [partner],
                         ["lifecycle_stage_id"])[0]["lifecycle_stage_id"][0] == world["stage2"]
            admin("res.partner", "write", [partner], {"lifecycle_stage_id": world["stage"]})
            continue
        if role in {"sales", "other", "leader"} and _readable(actor, partner):
            actor.denied("customer.lifecycle.move", "action_move", [actor(
                "customer.lifecycle.move", "create", vals)])
        else:
            # The wizard cannot even name a customer the user may not read (the model guard).
            actor.denied("customer.lifecycle.move", "create", vals)
        assert admin("res.partner", "read", [partner],
                     ["lifecycle_stage_id"])[0]["lifecycle_stage_id"][0] == world["stage"]
        assert admin("customer.lifecycle.transition", "search_count",
                     [("partner_id", "=", partner)]) == transitions


def _readable(actor, partner):
    return bool(actor("res.partner", "search", [("id", "=", partner)]))


@pytest.mark.parametrize("role", ROLES)
def test_settings_only_for_administrators(world, role):
    """Transient settings have no access rights: even customer managers change none over RPC."""
    actor, admin = world[role], world["admin"]
    params = [("key", "=like", "customer_lifecycle.%")]
    before = admin("ir.config_parameter", "search_read", params, ["key", "value"])
    count = _count(world, "ir.config_parameter")
    assert "churn_threshold" in admin("res.config.settings", "get_values")
    actor.denied("res.config.settings", "create", {"churn_threshold": 1, "lifecycle_churn_days": 2})
    actor.denied("res.config.settings", "get_values")
    actor.denied("res.config.settings", "default_get", ["churn_threshold"])
    actor.denied("res.config.settings", "set_values", [])
    assert admin("ir.config_parameter", "search_read", params, ["key", "value"]) == before
    assert _count(world, "ir.config_parameter") == count


@pytest.mark.parametrize("role", ROLES)
def test_sale_orders_confirmed_by_their_salesperson(world, role):
    """Confirming an order moves its customer: only Odoo's salesperson of the order may."""
    actor, admin = world[role], world["admin"]
    salesperson = {"own": "sales", "other": "other"}
    for key in KEYS:
        customer = admin("res.partner", "create", {
            "name": "RPC LC order %s %s %s" % (key, role, world["tag"]), "is_company": True,
            "customer": True, "user_id": world[salesperson[key]].uid})
        quotation, confirmed = [admin("sale.order", "create", {
            "partner_id": customer, "user_id": world[salesperson[key]].uid}) for _i in range(2)]
        admin("sale.order", "action_confirm", [confirmed])
        transitions = admin("customer.lifecycle.transition", "search_count",
                            [("partner_id", "=", customer)])
        if role == salesperson[key]:
            assert actor("sale.order", "action_confirm", [quotation])
            assert actor("sale.order", "action_cancel", [confirmed])
            assert admin("sale.order", "read", [quotation, confirmed], ["state"]) == [
                {"id": quotation, "state": "sale"}, {"id": confirmed, "state": "cancel"}]
            continue
        actor.denied("sale.order", "action_confirm", [quotation])
        actor.denied("sale.order", "action_cancel", [confirmed])
        assert admin("sale.order", "read", [quotation, confirmed], ["state"]) == [
            {"id": quotation, "state": "draft"}, {"id": confirmed, "state": "sale"}]
        assert admin("customer.lifecycle.transition", "search_count",
                     [("partner_id", "=", customer)]) == transitions


@pytest.mark.parametrize("role", ROLES)
def test_entry_activities_follow_their_customer(world, role):
    """The activities a stage schedules on a customer are hidden with the customer."""
    actor, admin, customers = world[role], world["admin"], world["customers"]
    domain = [("res_model", "=", "res.partner"), ("res_id", "in", list(customers.values())),
              ("activity_type_id", "=", world["revisit"])]
    activities = {row["res_id"]: row["id"]
                  for row in admin("mail.activity", "search_read", domain, ["res_id"])}
    assert set(activities) == set(customers.values())
    if role not in INTERNAL:
        actor.denied("mail.activity", "search", domain)
        return
    visible = {customers[key] for key in KEYS if role in READERS[key]}
    assert {row["res_id"] for row in actor("mail.activity", "search_read", domain,
                                           ["res_id"])} == visible
    assert actor("mail.activity", "search_count", domain) == len(visible)
    for key in KEYS:
        if customers[key] not in visible:
            actor.denied("mail.activity", "read", [activities[customers[key]]], ["summary"])
            actor.denied("mail.activity", "write", [activities[customers[key]]], {"summary": "x"})
