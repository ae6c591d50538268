"""Scenario 15: a contact person working in Chinese opens 我的同意 on the portal, withdraws
their consent to marketing e-mail and sees it withdrawn; the contract basis stays, saying why."""
import pytest

from e2e_helpers import po_translations

CONSENT = "customer.privacy.consent"


@pytest.fixture(scope="module")
def chinese_website(admin, chinese):
    """The website offers Chinese out of the box (customer_feedback adds the active languages
    at install), so portal pages follow the person's language."""
    lang = admin.call("res.lang", "search", [("code", "=", chinese)])[0]
    for row in admin.call("website", "search_read", [], ["language_ids"]):
        assert lang in row["language_ids"], row
    return chinese


@pytest.fixture(scope="module")
def person(admin, chinese_website, uniq):
    company = admin.create_customer("杭州同意%s贸易有限公司" % uniq)
    login = "liu.xin.%s@example.com" % uniq
    contact = admin.call("res.partner", "create", {
        "name": "刘欣%s" % uniq, "parent_id": company, "email": login})
    user = admin.create_user(login, "刘欣%s" % uniq, ["base.group_portal"], lang=chinese_website,
                             partner_id=contact)
    consents = {purpose: admin.call(CONSENT, "create", {
        "partner_id": contact, "purpose": purpose, "basis": basis,
        "date_given": "2026-01-05", "channel": "form", "evidence": "E2E %s" % uniq})
        for purpose, basis in (("marketing_email", "consent"), ("service", "contract"))}
    return dict(user, consents=consents)


def test_portal_user_withdraws_a_marketing_consent_in_chinese(ui, admin, person):
    zh = po_translations("customer_privacy")
    marketing, service = person["consents"]["marketing_email"], person["consents"]["service"]
    ui.login(person["login"], person["password"], backend=False)
    ui.driver.get(ui.url + "/zh_CN/my")
    ui.text_in("body", zh["My Consents"])
    ui.click("a[href$='/my/consents']")
    ui.text_in("table.o_portal_consent_table", zh["Marketing E-mail"])
    ui.text_in("tr.o_consent_%d" % service, zh["Contract"])
    assert not ui.all_visible("tr.o_consent_%d button.o_consent_withdraw" % service)
    ui.text_in("tr.o_consent_%d .o_consent_not_withdrawable" % service, "没有可撤回的同意")
    ui.screenshot("my_consents")

    ui.click("tr.o_consent_%d button.o_consent_withdraw" % marketing)
    ui.text_in(".o_consent_withdrawn", "您已撤回")
    ui.text_in("tr.o_consent_%d" % marketing, zh["Withdrawn"])
    assert not ui.all_visible("tr.o_consent_%d button.o_consent_withdraw" % marketing)
    ui.screenshot("consent_withdrawn")
    row = admin.read_one(CONSENT, marketing, ["state", "withdrawal_channel", "withdrawn_by_id"])
    assert row["state"] == "withdrawn"
    assert row["withdrawal_channel"] == "portal"
    assert row["withdrawn_by_id"][0] == person["id"]
    assert admin.read_one(CONSENT, service, ["state"])["state"] == "active"
