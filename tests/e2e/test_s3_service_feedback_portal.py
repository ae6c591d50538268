"""Scenario 3: a customer-service agent (English UI) opens any customer read-only, logs a
complaint for it and moves it through the stages; the customer's contact sees the ticket on the
portal under /my and rates it once it is resolved."""
import pytest

from e2e_helpers import normalize

STAGE = "customer_feedback.customer_feedback_stage_%s"


@pytest.fixture(scope="module")
def people(admin, uniq):
    """The agent; a customer of another salesperson; its contact person with a portal login."""
    if not admin.call("ir.module.module", "search_count", [
            ("name", "=", "customer_feedback"), ("state", "=", "installed")]):
        pytest.skip("customer_feedback is not installed")
    agent = admin.create_user("e2e_service_%s" % uniq, "Service Agent %s" % uniq,
                              ["customer_mgmt.group_customer_service"])
    owner = admin.create_user("e2e_owner_%s" % uniq, "Owner Sales %s" % uniq,
                              ["customer_mgmt.group_customer_salesperson"])
    customer = admin.create_customer("Hangzhou Beifeng %s Foods Co., Ltd." % uniq,
                                     user_id=owner["id"])
    login = "zhao.min.%s@example.com" % uniq
    contact = admin.call("res.partner", "create", {
        "name": "Zhao Min %s" % uniq, "parent_id": customer, "type": "contact", "email": login})
    portal = admin.create_user(login, "Zhao Min %s" % uniq, ["base.group_portal"],
                               partner_id=contact)
    return {"agent": agent, "customer": customer, "contact": contact, "portal": portal,
            "customer_name": "Hangzhou Beifeng %s Foods Co., Ltd." % uniq,
            "contact_name": "Zhao Min %s" % uniq}


def test_service_logs_complaint_and_customer_rates_it(ui, admin, people, uniq):
    stage_names = {code: admin.read_one("customer.feedback.stage", admin.ref(STAGE % code),
                                        ["name"])["name"]
                   for code in ("in_progress", "resolved")}

    # The agent opens another salesperson's customer: read-only.
    ui.login(people["agent"]["login"], people["agent"]["password"])
    ui.open_customers("customer_mgmt.res_partner_menu_customer")
    ui.search(people["customer_name"])
    ui.open_card(people["customer_name"])
    assert not ui.all_visible(".o_form_button_edit"), "customer service may not edit customers"
    ui.screenshot("customer_read_only")

    # Log Feedback: a complaint of the contact person.
    ui.button("Log Feedback")
    ui.visible(".o_form_view.o_form_editable")
    subject = "Late delivery of order %s" % uniq
    ui.set("subject", subject)
    ui.select("feedback_type", "Complaint")
    ui.set_many2one("contact_id", people["contact_name"])
    assert people["customer_name"] in ui.field("partner_id").get_attribute("value")
    assert ui.save() is None
    [ticket] = admin.call("customer.feedback", "search_read", [("subject", "=", subject)],
                          ["name", "partner_id", "feedback_type", "stage_id"])
    assert ticket["partner_id"][0] == people["customer"]
    assert ticket["feedback_type"] == "complaint"
    assert ui.field_text("name") == ticket["name"]

    # Through the stages: In progress, then Resolved once the resolution is written.
    ui.statusbar(stage_names["in_progress"])
    ui.wait().until(lambda d: admin.read_one("customer.feedback", ticket["id"], ["stage_id"])[
        "stage_id"][0] == admin.ref(STAGE % "in_progress"), "the ticket is not in progress")
    ui.edit()
    ui.tab("Resolution")
    ui.set("resolution", "Shipped the missing cartons by express; delivery confirmed.")
    assert ui.save() is None
    ui.statusbar(stage_names["resolved"])
    ui.wait().until(lambda d: admin.read_one("customer.feedback", ticket["id"], ["stage_id"])[
        "stage_id"][0] == admin.ref(STAGE % "resolved"), "the ticket is not resolved")
    ui.screenshot("ticket_resolved")

    # The customer's contact on the portal: the ticket under /my, then the rating.
    ui.login(people["portal"]["login"], people["portal"]["password"], backend=False)
    ui.driver.get(ui.url + "/my")
    ui.text_in("body", "Feedback")
    ui.driver.get(ui.url + "/my/feedback")
    ui.text_in("body", subject)
    ui.screenshot("portal_my_feedback")
    ui.click("a[href^='/my/feedback/%d']" % ticket["id"])
    ui.text_in("body", ticket["name"])
    ui.click("a.o_feedback_rate_10")
    ui.visible("textarea[name=feedback]").send_keys("Quick and friendly, thank you.")
    ui.screenshot("portal_rating")
    ui.click("form[action$='/submit_feedback'] button[type=submit]")
    # Opening the rating page already consumes the rating; the comment comes with the submit.
    domain = [("res_model", "=", "customer.feedback"), ("res_id", "=", ticket["id"]),
              ("consumed", "=", True), ("feedback", "!=", False)]
    ui.wait().until(lambda d: admin.call("rating.rating", "search_read", domain, ["rating"]),
                    "the rating comment was not recorded")
    [rating] = admin.call("rating.rating", "search_read", domain, ["rating", "feedback"])
    assert rating["rating"] == 10
    assert "Quick and friendly" in normalize(rating["feedback"])
