"""Public pools from outside, over XML-RPC: a salesperson reads and claims only the customers
of the pools serving them; the pool log is read by managers and written by nobody; only pool
administrators assign."""
import uuid

import pytest

from test_rpc_access import Actor, make_user


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]

    def user(role, xmlids, **vals):
        return make_user(odoo_server, admin, "rpcpool_%s_%s" % (role, tag),
                         "RPC Pool %s %s" % (role, tag), xmlids, **vals)

    sales = user("sales", ["customer_mgmt.group_customer_salesperson"])
    other = user("other", ["customer_mgmt.group_customer_salesperson"])
    leader = user("leader", ["customer_mgmt.group_customer_team_leader"])
    manager = user("manager", ["customer_mgmt.group_customer_manager"])
    pool = admin("customer.pool", "create", {
        "name": "RPC Pool %s" % tag, "user_ids": [(6, 0, [sales.uid])],
        "admin_ids": [(6, 0, [leader.uid])]})

    def pool_customer(name):
        partner = admin("res.partner", "create", {
            "name": "%s %s Co., Ltd." % (name, tag), "is_company": True, "customer": True})
        # pool_id is system-maintained: the pool's administrator takes it back into the pool.
        admin("res.partner", "write", [partner], {"user_id": manager.uid})
        wizard = admin("customer.pool.take.back.wizard", "create", {
            "pool_id": pool, "partner_ids": [(6, 0, [partner])], "reason": "RPC test"})
        admin("customer.pool.take.back.wizard", "action_confirm", [wizard])
        return partner

    return {"admin": admin, "sales": sales, "other": other, "leader": leader,
            "manager": manager, "pool": pool, "tag": tag, "pool_customer": pool_customer}


def test_only_served_salespeople_read_and_claim(world):
    sales, other = world["sales"], world["other"]
    customer = world["pool_customer"]("RPC Scoped")
    assert customer in sales("res.partner", "search", [("is_in_pool", "=", True)])
    assert customer not in other("res.partner", "search", [("is_in_pool", "=", True)])
    other.denied("res.partner", "read", [customer], ["name"])
    other.denied("res.partner", "action_claim", [customer])
    assert world["pool"] not in other("customer.pool", "search", [])
    sales("res.partner", "action_claim", [customer])
    assert world["admin"]("res.partner", "read", [customer], ["user_id"])[0]["user_id"][0] \
        == sales.uid


def test_pool_fields_and_log_are_system_written(world):
    sales, manager, leader = world["sales"], world["manager"], world["leader"]
    customer = world["pool_customer"]("RPC Logged")
    sales.refused("res.partner", "write", [customer], {"pool_id": False})
    logs = manager("customer.pool.log", "search", [("partner_id", "=", customer)])
    assert len(logs) == 1
    assert leader("customer.pool.log", "search", [("partner_id", "=", customer)]) == logs
    sales.denied("customer.pool.log", "search", [])
    for actor in (manager, leader):
        actor.denied("customer.pool.log", "create", {"action": "claim", "partner_id": customer,
                                                     "date": "2026-01-01 00:00:00"})
        actor.denied("customer.pool.log", "write", logs, {"reason": "forged"})
        actor.denied("customer.pool.log", "unlink", logs)
    assert manager("customer.pool.log", "read", logs, ["reason"])[0]["reason"] == "RPC test"


def test_only_administrators_assign(world):
    customer = world["pool_customer"]("RPC Assigned")
    for actor in (world["sales"], world["other"]):
        wizard = world["admin"]("customer.pool.assign.wizard", "create", {
            "pool_id": world["pool"], "partner_ids": [(6, 0, [customer])],
            "user_ids": [(6, 0, [world["sales"].uid])]})
        actor.denied("customer.pool.assign.wizard", "action_confirm", [wizard])
    wizard = world["leader"]("customer.pool.assign.wizard", "create", {
        "pool_id": world["pool"], "partner_ids": [(6, 0, [customer])],
        "user_ids": [(6, 0, [world["sales"].uid])]})
    world["leader"]("customer.pool.assign.wizard", "action_confirm", [wizard])
    assert world["admin"]("res.partner", "read", [customer], ["user_id"])[0]["user_id"][0] \
        == world["sales"].uid


def test_documents_of_a_pool_customer_follow_the_pool(world):
    """Tickets, their analysis, retention actions, lifecycle moves and consents of a pool
    customer: readable by the salespeople the pool serves, not by the others."""
    admin, sales, other = world["admin"], world["sales"], world["other"]
    customer = world["pool_customer"]("RPC Pool Documents")
    person = admin("res.partner", "create", {"name": "RPC Pool Person %s" % world["tag"],
                                             "parent_id": customer})
    documents = {
        "customer.feedback": admin("customer.feedback", "create", {
            "subject": "RPC pool ticket %s" % world["tag"], "partner_id": customer,
            "feedback_type": "complaint", "channel": "phone"}),
        "customer.retention.action": admin("customer.retention.action", "create", {
            "name": "RPC pool action %s" % world["tag"], "partner_id": customer,
            "user_id": world["manager"].uid, "date": "2024-01-02"}),
        "customer.privacy.consent": admin("customer.privacy.consent", "create", {
            "partner_id": person, "purpose": "survey", "basis": "consent",
            "date_given": "2026-01-05", "channel": "form"}),
    }
    report = admin("customer.feedback.report", "search", [("partner_id", "=", customer)])
    transitions = admin("customer.lifecycle.transition", "search", [("partner_id", "=", customer)])
    for model, ids in [(model, [record]) for model, record in documents.items()] + [
            ("customer.feedback.report", report), ("customer.lifecycle.transition", transitions)]:
        if not ids:
            continue
        assert sales(model, "search", [("id", "in", ids)]) == ids, model
        assert other(model, "search", [("id", "in", ids)]) == [], model
        other.denied(model, "read", ids, ["partner_id"])
    assert report and documents["customer.feedback"]
