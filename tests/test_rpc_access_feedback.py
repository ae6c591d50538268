"""Feedback and lifecycle rows of the access matrix, from outside: XML-RPC as each role."""
import uuid

import pytest

from test_rpc_access import Actor, make_user


@pytest.fixture(scope="module")
def world(odoo_server):
    """Roles, two customer companies with a portal contact each, and one ticket per customer."""
    admin = Actor(odoo_server, "admin", "admin")
    tag = uuid.uuid4().hex[:8]

    def user(role, xmlids, **vals):
        return make_user(odoo_server, admin, "rpcfb_%s_%s" % (role, tag),
                         "RPC FB %s %s" % (role, tag), xmlids, **vals)

    actors = {
        "sales": user("sales", ["customer_mgmt.group_customer_salesperson"]),
        "other": user("other", ["customer_mgmt.group_customer_salesperson"]),
        "service": user("service", ["customer_mgmt.group_customer_service"]),
        "manager": user("manager", ["customer_mgmt.group_customer_manager"]),
    }
    own = admin("res.partner", "create", {
        "name": "Own Feedback RPC %s Co., Ltd." % tag, "is_company": True, "customer": True,
        "user_id": actors["sales"].uid})
    other = admin("res.partner", "create", {
        "name": "Other Feedback RPC %s Co., Ltd." % tag, "is_company": True, "customer": True,
        "user_id": actors["other"].uid})
    portal_contacts = {}
    for key, company in (("own", own), ("other", other)):
        contact = admin("res.partner", "create", {
            "name": "Portal %s %s" % (key, tag), "parent_id": company,
            "email": "portal_%s_%s@example.com" % (key, tag)})
        portal_contacts[key] = contact
        actors["portal_" + key] = user("portal_" + key, ["base.group_portal"], partner_id=contact)
    tickets = {
        key: admin("customer.feedback", "create", {
            "subject": "RPC ticket %s %s" % (key, tag), "partner_id": company,
            "feedback_type": "complaint", "channel": "phone"})
        for key, company in (("own", own), ("other", other))
    }
    return dict(actors, admin=admin, tag=tag, own=own, other=other, tickets=tickets)


def _tickets(world):
    return sorted(world["tickets"].values())


def test_salesperson_sees_only_own_customers_feedback(world):
    sales, tickets = world["sales"], world["tickets"]
    assert sales("customer.feedback", "search", [("id", "in", _tickets(world))]) == [tickets["own"]]
    assert sales("customer.feedback", "search_count", [("id", "in", _tickets(world))]) == 1
    sales.denied("customer.feedback", "read", [tickets["other"]], ["subject"])
    sales.denied("customer.feedback", "write", [tickets["other"]], {"subject": "hijack"})
    groups = sales("customer.feedback", "read_group", [("id", "in", _tickets(world))],
                   ["partner_id"], ["partner_id"])
    assert [g["partner_id"][0] for g in groups] == [world["own"]]
    assert sales("customer.feedback", "name_search", "RPC ticket other %s" % world["tag"]) == []
    sales.denied("customer.feedback", "message_post", [tickets["other"]], body="spy")
    hidden = [("model", "=", "customer.feedback"), ("res_id", "=", tickets["other"])]
    assert world["admin"]("mail.message", "search", hidden)
    assert sales("mail.message", "search_read", hidden, ["body"]) == []


def test_service_handles_every_ticket(world):
    service, tickets = world["service"], world["tickets"]
    assert sorted(service("customer.feedback", "search", [("id", "in", _tickets(world))])) == _tickets(world)
    assert service("customer.feedback", "write", [tickets["other"]], {"root_cause": "carrier delay"})
    new = service("customer.feedback", "create", {
        "subject": "Service RPC %s" % world["tag"], "partner_id": world["other"],
        "feedback_type": "inquiry", "channel": "phone"})
    assert new
    service.denied("res.partner", "write", [world["other"]], {"comment": "service edit"})


def test_portal_users_see_only_their_company(world):
    portal, tickets = world["portal_own"], world["tickets"]
    assert portal("customer.feedback", "search", [("id", "in", _tickets(world))]) == [tickets["own"]]
    portal.denied("customer.feedback", "read", [tickets["other"]], ["subject"])
    portal.denied("customer.feedback", "write", [tickets["own"]], {"subject": "portal edit"})
    other_portal = world["portal_other"]
    assert other_portal("customer.feedback", "search", [("id", "in", _tickets(world))]) == [tickets["other"]]


def test_manager_reads_all_and_lifecycle_follows_customers(world):
    manager, sales, admin = world["manager"], world["sales"], world["admin"]
    assert sorted(manager("customer.feedback", "search", [("id", "in", _tickets(world))])) == _tickets(world)
    stage = admin("ir.model.data", "xmlid_to_res_id", "customer_lifecycle.customer_lifecycle_stage_intention")
    admin("res.partner", "write", [world["own"], world["other"]], {"lifecycle_stage_id": stage})
    transitions = admin("customer.lifecycle.transition", "search",
                        [("partner_id", "in", [world["own"], world["other"]])])
    assert len(transitions) >= 2
    visible = sales("customer.lifecycle.transition", "search_read",
                    [("id", "in", transitions)], ["partner_id"])
    assert visible and {row["partner_id"][0] for row in visible} == {world["own"]}
    assert len(manager("customer.lifecycle.transition", "search", [("id", "in", transitions)])) == len(transitions)


def test_merge_of_tickets_over_xmlrpc(world):
    """Service merges tickets of one customer; across customers, others' tickets and roles
    without ticket rights are refused and nothing changes."""
    admin, service, sales, portal = world["admin"], world["service"], world["sales"], world["portal_own"]

    def ticket(company, subject):
        return admin("customer.feedback", "create", {
            "subject": "%s %s" % (subject, world["tag"]), "partner_id": company,
            "feedback_type": "complaint", "channel": "phone"})

    def wizard(actor, ids, keep):
        return actor("customer.feedback.merge", "create",
                     {"ticket_ids": [(6, 0, ids)], "keep_ticket_id": keep})

    def states(ids):
        return admin("customer.feedback", "read", ids, ["stage_id", "merged_into_id"])

    keep, duplicate = ticket(world["own"], "Merge keep"), ticket(world["own"], "Merge dup")
    foreign = ticket(world["other"], "Merge foreign")
    foreign_dup = ticket(world["other"], "Merge foreign dup")
    before = states([keep, duplicate, foreign, foreign_dup])
    across = service.refused("customer.feedback.merge", "action_merge",
                             [wizard(service, [keep, foreign], keep)])
    names = {row["id"]: row["name"] for row in admin(
        "customer.feedback", "read", [keep, foreign], ["name"])}
    assert names[keep] in across and names[foreign] in across, across
    assert "Traceback" not in across.split("\n")[-1]
    sales.denied("customer.feedback.merge", "create",
                 {"ticket_ids": [(6, 0, [foreign, foreign_dup])], "keep_ticket_id": foreign})
    portal.denied("customer.feedback.merge", "action_merge", [wizard(portal, [keep, duplicate], keep)])
    assert states([keep, duplicate, foreign, foreign_dup]) == before
    service("customer.feedback.merge", "action_merge", [wizard(service, [keep, duplicate], keep)])
    merged = admin("customer.feedback", "read", [duplicate], ["merged_into_id", "is_closed"])[0]
    assert merged["merged_into_id"][0] == keep and merged["is_closed"]
def test_service_pauses_tickets_managers_configure_sla_calendars(world):
    """Service staff move a ticket to a waiting stage (the clock stops) and cannot change the
    SLA's calendar, holidays, levels or the ticket's SLA bookkeeping; managers configure them."""
    service, manager, admin, sales = (world["service"], world["manager"], world["admin"],
                                      world["sales"])
    ticket = world["tickets"]["own"]
    waiting = admin("ir.model.data", "xmlid_to_res_id",
                    "customer_feedback.customer_feedback_stage_waiting")
    calendar = admin("ir.model.data", "xmlid_to_res_id",
                     "customer_feedback.resource_calendar_china_standard")
    service("customer.feedback", "write", [ticket], {"stage_id": waiting})
    [row] = service("customer.feedback", "read", [ticket], ["sla_status", "sla_paused_since"])
    assert row["sla_status"] == "paused" and row["sla_paused_since"]
    for field, value in (("sla_paused_hours", 0), ("sla_paused_since", False),
                         ("sla_next_escalation_date", False)):
        with pytest.raises(Exception):
            service("customer.feedback", "write", [ticket], {field: value})
    [row] = admin("customer.feedback", "read", [ticket], ["sla_paused_since"])
    assert row["sla_paused_since"]
    day = {"date": "2029-10-01", "day_type": "holiday", "name": "RPC %s" % world["tag"],
           "calendar_id": calendar}
    for actor in (service, sales):
        actor.denied("customer.feedback.calendar.day", "create", day)
        actor.denied("resource.calendar", "write", [calendar], {"name": "Hijacked"})
    policy = admin("customer.feedback.sla.policy", "search", [], limit=1)
    level = admin("customer.feedback.sla.escalation", "search", [], limit=1)
    service.denied("customer.feedback.sla.policy", "write", policy, {"tz": "UTC"})
    service.denied("customer.feedback.sla.escalation", "write", level, {"percent": 1})
    assert not admin("customer.feedback.calendar.day", "search", [("name", "=", day["name"])])
    created = manager("customer.feedback.calendar.day", "create", day)
    [row] = manager("customer.feedback.calendar.day", "read", [created], ["leave_id"])
    assert row["leave_id"]
    manager("customer.feedback.calendar.day", "unlink", [created])
