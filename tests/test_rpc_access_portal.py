"""Portal users from outside, over XML-RPC and JSON-RPC, against every model of our four addons:
a customer's portal contact reads only what Odoo's portal rules give them (their company, their
tickets) and changes nothing."""
import uuid
import xmlrpc.client

import pytest
import requests

from test_rpc_access import PASSWORD, Actor

OUR_ADDONS = {"customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy"}
KEYS = ("own", "other")

# What a portal user of the "own" company may read of each model, as a domain evaluated by the
# administrator (Odoo's portal rules); they read nothing else and change nothing.
OWN_ROWS = {
    "res.partner": lambda world: [("id", "child_of", world["companies"]["own"])],
    "res.users": lambda world: [("id", "=", world["portal"].uid)],
    "customer.feedback": lambda world: [("partner_id", "child_of", world["companies"]["own"])],
    "sale.order": lambda world: [("message_partner_ids", "child_of", world["companies"]["own"])],
    # Odoo's survey rules: the answers one created oneself.
    "survey.user_input": lambda world: [("create_uid", "=", world["portal"].uid)],
    # customer_feedback's rules: lines of campaign answers follow the answer; Odoo's for the others.
    "survey.user_input_line": lambda world: ['|', ("user_input_id.campaign_id", "=", False),
                                             ("user_input_id.create_uid", "=", world["portal"].uid)],
    # Reference data shown on their tickets.
    "customer.feedback.stage": lambda world: [],
    "customer.feedback.category": lambda world: [],
    "customer.feedback.tag": lambda world: [],
    # Odoo's: everyone reads the report definitions (the Print menus); printing is checked.
    "ir.actions.report": lambda world: [],
    # Odoo's: everyone reads the websites (their languages; customer_feedback adds ours).
    "website": lambda world: [],
}
# Rows attached to documents: readable only on documents the portal user reads (own tests).
DOCUMENT_ROWS = {"mail.message", "mail.followers", "rating.rating", "ir.attachment"}
# Wizards: Odoo 11 gives transient models no access rights; a portal user sees only their own rows.
TRANSIENT = {"customer.lifecycle.move", "customer.pool.settings", "customer.pool.release.wizard",
             "customer.handover.wizard", "base.partner.merge.automatic.wizard",
             "res.config.settings", "customer.interaction.quick", "customer.feedback.merge",
             "customer.pool.assign.wizard", "customer.pool.take.back.wizard",
             "customer.mask.reveal.wizard",
             "customer.registry.import.wizard", "customer.registry.diff.wizard",
             "customer.registry.diff.line", "customer.change.refuse.wizard",
             "customer.merge.wizard", "customer.merge.wizard.line",
             # Odoo's composer (customer_privacy counts the recipients without consent).
             "mail.compose.message"}
# Abstract models our addons define or extend: no rows (and no table).
ABSTRACT = {
    "base", "customer.account.access.mixin", "customer.archive.mixin", "customer.batch.runner",
    "customer.churn.mixin", "customer.conflict.mixin", "customer.contact.validation.mixin",
    "customer.duplicate.mixin",
    "customer.feedback.partner.mixin", "customer.feedback.assignment.mixin",
    "customer.feedback.merge.mixin", "customer.history.mixin", "customer.lifecycle.mixin",
    "customer.mask.linked.mixin", "customer.mask.mixin", "customer.merge.mixin",
    "customer.role.rule.mixin",
    "customer.lifecycle.signal.engine", "customer.lifecycle.signals.mixin",
    "customer.naming.mixin", "customer.partner.document.access.mixin", "customer.pool.mixin",
    "customer.pool.settings.mixin", "customer.prefetch.mixin", "customer.reminder.mixin",
    "customer.report.mixin", "report.customer_mgmt.report_customer_sheet",
    "customer.privacy.partner.mixin", "customer.privacy.package", "customer.privacy.erasure",
    "ir.http",
    "report.customer_feedback.report_feedback_record",
    "report.customer_lifecycle.report_monthly_report",
    "customer.registry.provider", "customer.registry.provider.file",
    "customer.registry.partner.mixin", "customer.change.approval.mixin",
    "customer.secret.token.mixin", "customer.survey.partner.mixin", "rating.mixin"}
# Everything else of ours is refused outright.
NOTHING = {
    "crm.lead", "crm.team", "customer.change.history", "customer.duplicate.pair",
    "customer.export.log", "customer.merge.log", "customer.feedback.report",
    "customer.feedback.sla.policy",
    "customer.feedback.team.member",
    "customer.feedback.sla.escalation", "customer.feedback.sla.escalation.log",
    "customer.feedback.calendar.day", "resource.calendar",
    "customer.holiday", "customer.interaction", "customer.lifecycle.stage",
    "customer.lifecycle.stage.activity", "customer.lifecycle.transition",
    "customer.monthly.report", "customer.naming.rule",
    "customer.privacy.consent", "customer.privacy.request", "customer.privacy.access.log",
    "customer.privacy.retention.policy", "customer.privacy.retention.report",
    "customer.partner.document.access.mixin", "customer.profile.field", "customer.region",
    "customer.retention.action", "customer.survey.campaign", "customer.tag.dimension",
    "customer.timeline.event", "customer.dashboard.tile", "ir.exports",
    "customer.pool", "customer.pool.rule", "customer.pool.log", "customer.pool.claim.report",
    "customer.mask.policy", "customer.mask.reveal.log", "mail.tracking.value",
    "customer.registry.record", "customer.change.approval.rule", "customer.change.request",
    "customer.tier", "ir.model.data", "ir.rule", "ir.translation", "mail.activity", "res.partner.category", "res.partner.former.name",
}
# Documents of ours that people follow.
FOLLOWED = ("res.partner", "customer.interaction", "customer.feedback",
            "customer.retention.action")


def _value(field, tag):
    """A value of the field's type, for a write attempt."""
    return {"char": "RPC portal %s" % tag, "text": "RPC portal %s" % tag,
            "html": "<p>RPC portal %s</p>" % tag, "boolean": True, "integer": 7,
            "float": 7.0}[field["type"]]


@pytest.fixture(scope="module")
def world(odoo_server):
    """Two customer companies (own, other) of two salespeople, each with a portal contact,
    a ticket, an interaction, a retention action and a rating; the portal user is own's."""
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]

    def ref(xmlid):
        return admin("ir.model.data", "xmlid_to_res_id", xmlid)

    def user(role, xmlids, **vals):
        login = "rpcpt_%s_%s" % (role, tag)
        values = {"name": "RPC PT %s %s" % (role, tag), "login": login, "password": PASSWORD,
                  "email": "%s@example.com" % login,
                  "groups_id": [(6, 0, [ref(xmlid) for xmlid in xmlids])]}
        values.update(vals)
        admin("res.users", "create", values)
        return Actor(odoo_server, login, PASSWORD)

    sales = {key: user("sales_" + key, ["customer_mgmt.group_customer_salesperson"]) for key in KEYS}
    companies, contacts, portals, docs = {}, {}, {}, {}
    for key in KEYS:
        companies[key] = admin("res.partner", "create", {
            "name": "RPC PT %s %s Co., Ltd." % (key, tag), "is_company": True, "customer": True,
            "user_id": sales[key].uid})
        contacts[key] = admin("res.partner", "create", {
            "name": "RPC PT portal %s %s" % (key, tag), "parent_id": companies[key],
            "email": "rpcpt_contact_%s_%s@example.com" % (key, tag)})
        portals[key] = user("portal_" + key, ["base.group_portal"], partner_id=contacts[key])
        ticket = admin("customer.feedback", "create", {
            "subject": "RPC PT ticket %s %s" % (key, tag), "partner_id": companies[key],
            "feedback_type": "complaint", "channel": "phone"})
        docs[key] = {
            "res.partner": companies[key],
            "customer.feedback": ticket,
            "customer.interaction": admin("customer.interaction", "create", {
                "name": "RPC PT call %s %s" % (key, tag), "partner_id": companies[key],
                "user_id": sales[key].uid}),
            "customer.retention.action": admin("customer.retention.action", "create", {
                "name": "RPC PT action %s %s" % (key, tag), "partner_id": companies[key],
                "user_id": sales[key].uid}),
        }
        admin("customer.feedback", "rating_get_access_token", [ticket])
        admin("sale.order", "create", {"partner_id": companies[key], "user_id": sales[key].uid})
        admin("survey.user_input", "create", {"partner_id": contacts[key], "survey_id": ref(
            "customer_feedback.customer_satisfaction_survey")})
        # A campaign answer with a line: the portal user reads neither the other's nor its own.
        survey = ref("customer_feedback.customer_satisfaction_survey")
        answer = admin("survey.user_input", "create", {
            "partner_id": contacts[key], "customer_id": companies[key], "survey_id": survey,
            "campaign_id": admin("customer.survey.campaign", "create", {
                "name": "RPC PT campaign %s %s" % (key, tag), "survey_id": survey})})
        admin("survey.user_input_line", "create", {
            "user_input_id": answer, "answer_type": "text", "value_text": "RPC PT answer",
            "question_id": admin("survey.question", "search", [("survey_id", "=", survey)],
                                 limit=1)[0]})
        # The person's consent and request (customer_privacy): for employees only.
        admin("customer.privacy.consent", "create", {
            "partner_id": contacts[key], "purpose": "survey", "basis": "consent",
            "date_given": "2026-01-05", "channel": "form"})
        admin("customer.privacy.request", "create", {
            "partner_id": contacts[key], "request_type": "access"})
        for model, res_id in docs[key].items():
            admin(model, "message_post", [res_id], body="RPC PT secret %s %s" % (key, tag),
                  message_type="comment", subtype="mail.mt_comment")
    models = admin("ir.model", "search_read", [], ["model", "modules", "transient"])
    ours = sorted(row["model"] for row in models
                  if OUR_ADDONS & set((row["modules"] or "").split(", ")))
    stored = [row["model"] for row in models if row["model"] in ours and not row["transient"]
              and row["model"] not in ABSTRACT]
    return dict(admin=admin, tag=tag, sales=sales, companies=companies, contacts=contacts,
                portal=portals["own"], portal_other=portals["other"], docs=docs, ours=ours,
                stored=stored, odoo_server=odoo_server)


@pytest.fixture
def unchanged(world):
    """Every stored model of ours has as many rows after the test as before."""
    def counts():
        return {model: world["admin"](model, "search_count", []) for model in world["stored"]}
    before = counts()
    yield
    assert counts() == before


def _outside(world, model, allowed_ids, limit=3):
    """Some rows of model the portal user may not read (as the administrator finds them)."""
    return world["admin"](model, "search", [("id", "not in", allowed_ids)], limit=limit,
                          order="id desc")


def _writable_field(world, model):
    """A stored field of model that the write attempts change: one a user could edit, else any
    (readonly=True only holds in the form, see class 2)."""
    fields = world["admin"](model, "fields_get", [], ["type", "store", "readonly"])
    names = sorted((bool(field["readonly"]), name) for name, field in fields.items()
                   if field.get("store") and field["type"] in ("char", "text", "boolean",
                                                               "integer", "float"))
    name = names[0][1]
    return name, fields[name]


def _create_values(world, model):
    """What a create attempt sends: enough for Odoo to get to the access check."""
    if model == "mail.activity":
        return {"res_model_id": world["admin"]("ir.model.data", "xmlid_to_res_id",
                                               "base.model_res_partner"),
                "res_id": world["companies"]["other"], "summary": "RPC portal",
                "activity_type_id": world["admin"]("ir.model.data", "xmlid_to_res_id",
                                                   "mail.mail_activity_data_todo")}
    return {}


def test_every_model_of_our_addons_is_in_the_portal_matrix(world):
    assert set(world["ours"]) == set(OWN_ROWS) | DOCUMENT_ROWS | TRANSIENT | ABSTRACT | NOTHING


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("model", sorted(NOTHING))
def test_models_refused(world, model):
    """Refused with an AccessError: overrides check the rights before they validate or count."""
    portal = world["portal"]
    portal.denied(model, "search", [("id", ">", 0)])
    portal.denied(model, "search_count", [("id", ">", 0)])
    portal.denied(model, "read_group", [("id", ">", 0)], ["create_uid"], ["create_uid"])
    portal.denied(model, "create", _create_values(world, model))
    if model == "customer.partner.document.access.mixin":
        return
    rows = _outside(world, model, [])
    if not rows:
        return
    field, description = _writable_field(world, model)
    before = world["admin"](model, "read", rows, [field])
    portal.denied(model, "read", rows, ["display_name"])
    portal.denied(model, "write", rows, {field: _value(description, world["tag"])})
    portal.denied(model, "unlink", rows)
    assert world["admin"](model, "read", rows, [field]) == before


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("model", sorted(OWN_ROWS))
def test_models_read_only_for_their_own_rows(world, model):
    portal, admin = world["portal"], world["admin"]
    allowed = admin(model, "search", OWN_ROWS[model](world))
    found = portal(model, "search", [("id", ">", 0)])
    assert set(found) <= set(allowed)
    assert portal(model, "search_count", [("id", ">", 0)]) == len(found)
    if found:
        assert [row["id"] for row in portal(model, "read", found[:3], ["display_name"])] == found[:3]
    field, description = _writable_field(world, model)
    outside = _outside(world, model, allowed)
    assert outside or not OWN_ROWS[model](world)  # reference data: they read it all
    own = [] if model == "res.users" else found[:3]  # Odoo lets users edit their preferences
    before = admin(model, "read", outside + own, [field])
    try:
        for rows in (outside, own):
            if rows:
                portal.denied(model, "write", rows, {field: _value(description, world["tag"])})
                portal.denied(model, "unlink", rows)
        if outside:
            portal.denied(model, "read", outside, ["display_name"])
        if model == "res.users":
            assert "cannot create a new user" in portal.refused(model, "create", {"name": "RPC"})
        elif not model.startswith("survey."):  # portal users answer surveys: see the survey test
            portal.denied(model, "create", {field: _value(description, world["tag"])})
        assert admin(model, "read", outside + own, [field]) == before
    finally:
        for row in before:
            admin(model, "write", [row["id"]], {field: row[field]})


def test_portal_reads_own_company_and_tickets(world):
    portal, docs = world["portal"], world["docs"]
    for key in KEYS:
        ids = [docs[key]["res.partner"], world["contacts"][key]]
        if key == "own":
            assert sorted(portal("res.partner", "search", [("id", "in", ids)])) == sorted(ids)
            assert portal("customer.feedback", "search", [
                ("id", "=", docs[key]["customer.feedback"])]) == [docs[key]["customer.feedback"]]
        else:
            assert portal("res.partner", "search", [("id", "in", ids)]) == []
            portal.denied("res.partner", "read", ids, ["name"])
            portal.denied("customer.feedback", "read", [docs[key]["customer.feedback"]], ["subject"])


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("model", sorted(TRANSIENT))
def test_wizards_show_no_one_else_s_rows(world, model):
    """A wizard row belongs to who opened it; creating one is refused or changes nothing stored."""
    portal, admin = world["portal"], world["admin"]
    assert portal(model, "search", [("id", ">", 0)]) == []
    assert portal(model, "search_count", [("id", ">", 0)]) == 0
    others = _outside(world, model, [])
    if others:
        portal.denied(model, "read", others, ["display_name"])
        portal.denied(model, "unlink", others)
    if model in ("customer.lifecycle.move", "customer.pool.settings", "customer.handover.wizard",
                 "res.config.settings"):
        portal.denied(model, "create", {})


def _unreadable_documents(world, rows, model_field, res_field):
    """The (model, id) documents of rows that the portal user may not read."""
    by_model = {}
    for row in rows:
        if row[model_field] and row[res_field]:
            by_model.setdefault(row[model_field], set()).add(row[res_field])
    hidden = []
    for model, ids in sorted(by_model.items()):
        try:
            readable = set(world["portal"](model, "search", [("id", "in", sorted(ids))]))
        except xmlrpc.client.Fault:
            readable = set()
        hidden += [(model, res_id) for res_id in sorted(ids - readable)]
    return hidden


@pytest.mark.usefixtures("unchanged")
def test_messages_only_of_readable_documents(world):
    portal, admin, tag, docs = world["portal"], world["admin"], world["tag"], world["docs"]
    me = admin("res.users", "read", [portal.uid], ["partner_id"])[0]["partner_id"][0]
    rows = portal("mail.message", "search_read", [("id", ">", 0)],
                  ["model", "res_id", "author_id", "partner_ids"])
    private = [row for row in rows if not row["model"]]
    assert all(row["author_id"] and row["author_id"][0] == me or me in row["partner_ids"]
               for row in private)
    assert _unreadable_documents(world, rows, "model", "res_id") == []
    secrets = [row["body"] for row in portal("mail.message", "search_read", [
        ("body", "ilike", "RPC PT secret")], ["body"])]
    # Their company's and their ticket's messages, not those of the internal documents.
    assert len(secrets) == 2 and all("RPC PT secret own %s" % tag in body for body in secrets)
    hidden = admin("mail.message", "search", [("body", "ilike", "RPC PT secret other %s" % tag)])
    assert hidden
    portal.denied("mail.message", "read", hidden, ["body"])
    portal.denied("mail.message", "write", hidden, {"body": "RPC portal edit"})
    portal.denied("mail.message", "unlink", hidden)
    for model, res_id in sorted(docs["other"].items()):
        portal.denied("mail.message", "create", {"model": model, "res_id": res_id,
                                                 "body": "RPC portal spy", "message_type": "comment"})
        portal.denied(model, "message_post", [res_id], body="RPC portal spy")
    for model in ("customer.interaction", "customer.retention.action"):
        # Internal documents: not even on their own company.
        portal.denied(model, "message_post", [docs["own"][model]], body="RPC portal spy")
    assert not admin("mail.message", "search", [("body", "ilike", "RPC portal spy")])


def test_followers_only_of_readable_documents(world):
    rows = world["portal"]("mail.followers", "search_read", [("id", ">", 0)],
                           ["res_model", "res_id"])
    assert _unreadable_documents(world, rows, "res_model", "res_id") == []


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("model", FOLLOWED)
def test_portal_cannot_follow_other_documents(world, model):
    """A follower of another company's document could post on it and would get its messages."""
    portal, admin = world["portal"], world["admin"]
    me = admin("res.users", "read", [portal.uid], ["partner_id"])[0]["partner_id"][0]
    document = world["docs"]["other"][model]
    followed = [("res_model", "=", model), ("res_id", "=", document)]
    existing = admin("mail.followers", "search", followed)
    assert existing and portal("mail.followers", "search", followed) == []
    try:
        portal.denied("mail.followers", "create", {"res_model": model, "res_id": document,
                                                   "partner_id": me})
    finally:
        spies = admin("mail.followers", "search", followed + [("partner_id", "=", me)])
        admin("mail.followers", "unlink", spies)
    assert not spies


def test_no_data_package_file_even_one_s_own(world):
    """Packages are sent by data administrators; the portal reads none of the request files."""
    admin, portal = world["admin"], world["portal"]
    request = admin("customer.privacy.request", "create", {
        "partner_id": world["contacts"]["own"], "request_type": "access"})
    admin("customer.privacy.request", "action_build_package", [request])
    files = admin("ir.attachment", "search", [
        ("res_model", "=", "customer.privacy.request"), ("res_id", "=", request)])
    assert len(files) == 2
    assert portal("ir.attachment", "search", [("id", "in", files)]) == []
    portal.denied("ir.attachment", "read", files, ["datas"])


def test_ratings_only_of_readable_tickets(world):
    portal, admin = world["portal"], world["admin"]
    rows = portal("rating.rating", "search_read", [("id", ">", 0)], ["res_model", "res_id"])
    assert _unreadable_documents(world, rows, "res_model", "res_id") == []
    other = admin("rating.rating", "search", [
        ("res_model", "=", "customer.feedback"),
        ("res_id", "=", world["docs"]["other"]["customer.feedback"])])
    portal.denied("rating.rating", "read", other, ["access_token"])
    portal.denied("rating.rating", "write", other, {"rating": 1})


@pytest.mark.usefixtures("unchanged")
def test_survey_answers_only_for_oneself(world):
    portal, admin = world["portal"], world["admin"]
    survey = admin("ir.model.data", "xmlid_to_res_id",
                   "customer_feedback.customer_satisfaction_survey")
    forged = [("create_uid", "=", portal.uid), ("partner_id", "=", world["contacts"]["other"])]
    try:
        portal.denied("survey.user_input", "create", {
            "survey_id": survey, "partner_id": world["contacts"]["other"]})
    finally:
        admin("survey.user_input", "unlink", admin("survey.user_input", "search", forged))


def _our_partner_fields(world, addon):
    rows = world["admin"]("ir.model.fields", "search_read", [("model", "=", "res.partner")],
                          ["name", "modules"])
    return sorted(row["name"] for row in rows if addon in row["modules"].split(", ")
                  and set(row["modules"].split(", ")) <= OUR_ADDONS)


@pytest.mark.parametrize("addon", sorted(OUR_ADDONS))
def test_own_company_shows_none_of_our_fields(world, addon):
    """Odoo lets portal users read their company: none of what our addons record about it."""
    portal, company = world["portal"], world["companies"]["own"]
    names = _our_partner_fields(world, addon)
    assert names
    assert portal("res.partner", "read", [company], ["name"])[0]["id"] == company
    leaked = []
    for name in names:
        try:
            portal("res.partner", "read", [company], [name])
            leaked.append(name)
        except xmlrpc.client.Fault as fault:
            assert fault.faultCode == 4, fault.faultString
    assert portal("res.partner", "fields_get", names) == {}
    assert not leaked, "portal reads %s" % ", ".join(leaked)


class JsonActor(object):
    """A portal user in a web session, calling models as the web client does (JSON-RPC)."""

    def __init__(self, server, login, password):
        self.url = server.url
        self.session = requests.Session()
        reply = self.session.post(self.url + "/web/session/authenticate", json={
            "jsonrpc": "2.0", "method": "call",
            "params": {"db": server.db, "login": login, "password": password}}).json()
        assert reply["result"]["uid"], reply

    def _call(self, model, method, *args, **kwargs):
        return self.session.post("%s/web/dataset/call_kw/%s/%s" % (self.url, model, method), json={
            "jsonrpc": "2.0", "method": "call",
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        }).json()

    def __call__(self, model, method, *args, **kwargs):
        reply = self._call(model, method, *args, **kwargs)
        assert "error" not in reply, reply
        return reply["result"]

    def denied(self, model, method, *args, **kwargs):
        reply = self._call(model, method, *args, **kwargs)
        assert reply["error"]["data"]["name"] == "odoo.exceptions.AccessError", reply


@pytest.mark.usefixtures("unchanged")
def test_json_rpc_as_the_web_client(world):
    server, docs, tag = world["odoo_server"], world["docs"], world["tag"]
    portal = JsonActor(server, "rpcpt_portal_own_%s" % tag, PASSWORD)
    me = world["admin"]("res.users", "read", [world["portal"].uid], ["partner_id"])[0]["partner_id"][0]
    tickets = [docs[key]["customer.feedback"] for key in KEYS]
    assert [row["id"] for row in portal("customer.feedback", "search_read",
                                        [("id", "in", tickets)], ["subject"])] == tickets[:1]
    portal.denied("customer.feedback", "write", tickets[:1], {"subject": "RPC portal edit"})
    portal.denied("customer.feedback", "read", tickets[1:], ["subject"])
    portal.denied("res.partner", "read", [docs["other"]["res.partner"]], ["name"])
    portal.denied("res.partner", "read", [docs["own"]["res.partner"]], ["churn_risk_score"])
    portal.denied("res.partner", "write", [docs["own"]["res.partner"]], {"comment": "RPC"})
    portal.denied("customer.retention.action", "search_read", [], ["name"])
    portal.denied("customer.lifecycle.transition", "read_group", [], ["partner_id"], ["partner_id"])
    portal.denied("customer.interaction", "create", {
        "name": "RPC portal", "partner_id": docs["own"]["res.partner"]})
    portal.denied("mail.followers", "create", {
        "res_model": "customer.retention.action",
        "res_id": docs["other"]["customer.retention.action"], "partner_id": me})
    portal.denied("res.config.settings", "create", {"churn_threshold": 1})
    portal.denied("customer.lifecycle.move", "create", {
        "partner_ids": [(6, 0, [docs["own"]["res.partner"]])], "reason": "RPC"})
