"""Scenario 14: a data administrator working in Chinese answers an access request end to end:
records it, reads its deadline, builds the personal data package and closes the request."""
import datetime

import pytest

from e2e_helpers import po_translations

REQUEST_MENU = "customer_privacy.customer_privacy_request_menu"


@pytest.fixture(scope="module")
def privacy_admin(admin, chinese, uniq):
    return admin.create_user("e2e_privacy_%s" % uniq, "数据管理员%s" % uniq,
                             ["customer_mgmt.group_customer_data_admin"], lang=chinese)


def test_access_request_end_to_end_in_chinese(ui, admin, privacy_admin, uniq):
    zh = po_translations("customer_privacy")
    company = admin.create_customer("杭州个保%s贸易有限公司" % uniq)
    person_name = "欧阳%s" % uniq
    person = admin.call("res.partner", "create", {
        "name": person_name, "parent_id": company, "email": "ouyang%s@example.com" % uniq})
    ui.login(privacy_admin["login"], privacy_admin["password"])
    ui.open_customers(REQUEST_MENU)
    assert zh["Data-subject Requests"] in ui.page_text()
    ui.create()
    ui.set_many2one("partner_id", person_name)
    ui.select("request_type", zh["Access / Copy"])
    assert ui.selected("regime") == zh["PIPL (China)"]
    assert ui.save() is None
    ui.screenshot("request_saved")
    [request] = admin.call("customer.privacy.request", "search_read", [
        ("partner_id", "=", person)], ["name", "date_received", "date_due", "state", "user_id"])
    received = datetime.datetime.strptime(request["date_received"], "%Y-%m-%d").date()
    assert request["date_due"] == str(received + datetime.timedelta(days=15))
    assert request["user_id"][0] == privacy_admin["id"]
    page = ui.page_text()
    assert zh["Deadline"] in page and request["name"] in page
    ui.button(zh["Start"])
    ui.button(zh["Build Data Package"])
    ui.wait().until(lambda _driver: len(admin.call("ir.attachment", "search", [
        ("res_model", "=", "customer.privacy.request"), ("res_id", "=", request["id"])])) == 2,
        "the package was not attached")
    ui.wait().until(lambda _driver: "个人信息数据包" in ui.chatter_text(),
                    "the chatter does not log the package")
    ui.screenshot("package_built")
    ui.button(zh["Mark Done"])
    assert admin.read_one("customer.privacy.request", request["id"], ["state"])["state"] == "done"
