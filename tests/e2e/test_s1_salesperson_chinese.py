"""Scenario 1: a salesperson working in Chinese creates a customer company.

The abbreviated name and the bad phone are refused with Chinese messages; once fixed the
customer saves with a code; a similar company triggers the duplicate warning; a call is logged
with 写跟进 (Log Follow-up); the chatter shows the tracked phone change.
"""
import pytest
from selenium.webdriver.common.by import By

from e2e_helpers import matches, normalize, po_translations

LEGAL_SUFFIX_RULE = "customer_mgmt.customer_naming_rule_legal_suffix"
PHONE_PARAM = "customer_mgmt.phone_validation"
# Characters of made-up company names: each run spells its own, so that the customers of
# earlier runs on a kept database never look similar enough to raise the duplicate warning.
NAME_CHARS = "瀚澍翊澜珩璟琰瑄玥瑾岚峤嵘崧溯淇沅泓湛澈"


def made_up_name(uniq):
    return "".join(NAME_CHARS[(int(digit) * 7 + position) % len(NAME_CHARS)]
                   for position, digit in enumerate(uniq[:3])) + uniq


@pytest.fixture
def legal_names_required(admin):
    """The company's strict policy: abbreviated company names and invalid phones are refused,
    not only flagged (both are configurable and flag by default)."""
    rule_id = admin.ref(LEGAL_SUFFIX_RULE)
    severity = admin.read_one("customer.naming.rule", rule_id, ["severity"])["severity"]
    phone_mode = admin.get_param(PHONE_PARAM, "warn")
    admin.call("customer.naming.rule", "write", [rule_id], {"severity": "block"})
    admin.set_param(PHONE_PARAM, "block")
    yield rule_id
    admin.call("customer.naming.rule", "write", [rule_id], {"severity": severity})
    admin.set_param(PHONE_PARAM, phone_mode)


def test_salesperson_creates_customer_in_chinese(ui, admin, salesperson, uniq,
                                                 legal_names_required):
    zh = po_translations("customer_mgmt")
    phone_label = admin.label("res.partner", "phone", "zh_CN")
    rule_message = admin.read_one(
        "customer.naming.rule", legal_names_required, ["message"],
        context={"lang": "zh_CN"})["message"]
    assert rule_message == zh[admin.read_one(
        "customer.naming.rule", legal_names_required, ["message"])["message"]]
    abbreviated = made_up_name(uniq)
    legal_name = "杭州%s科技有限公司" % abbreviated
    bad_phone = "12345"
    phone = "+86 571 8%s1" % uniq
    new_phone = "+86 571 8%s2" % uniq

    ui.login(salesperson["login"], salesperson["password"])
    ui.open_customers("customer_mgmt.res_partner_menu_customer")
    ui.create()

    # The abbreviated name: refused at once, in Chinese.
    ui.set("name", abbreviated)
    warning = ui.dialog_text()
    assert zh["Naming rules"] in warning
    assert matches(zh["The name \"%s\" breaks these naming rules:\n%s"], warning, abbreviated)
    assert rule_message in warning
    assert zh["It cannot be saved like this."] in warning
    ui.screenshot("name_warning")
    ui.close_dialog()

    # With a bad phone too, saving is refused twice (one message at a time): fix each one.
    ui.set("phone", bad_phone)
    refused = set()
    for _attempt in range(2):
        refusal = ui.save()
        assert refusal, "saved despite %s" % ("the bad phone" if "name" in refused else "the name")
        if matches(zh["The %s \"%s\" is not a valid phone number (country %s)."], refusal,
                   phone_label, bad_phone):
            refused.add("phone")
            ui.screenshot("phone_refused")
            ui.close_dialog()
            ui.set("phone", phone)
        else:
            assert matches(zh["The name \"%s\" is refused:\n%s"], refusal, abbreviated), refusal
            assert rule_message in refusal
            refused.add("name")
            ui.screenshot("name_refused")
            ui.close_dialog()
            ui.set("name", legal_name)
        assert not admin.call("res.partner", "search", [("name", "in", [abbreviated, legal_name])])
    assert refused == {"phone", "name"}

    # Both fixed: saved, with a customer code.
    assert ui.save() is None
    [customer] = admin.call("res.partner", "search_read", [("name", "=", legal_name)],
                            ["customer_code", "phone", "user_id"])
    assert customer["customer_code"]
    assert customer["user_id"][0] == salesperson["id"]
    assert ui.field_text("customer_code") == customer["customer_code"]
    ui.screenshot("customer_saved")

    # A similar company: the duplicate warning names the saved one with its code.
    ui.create()
    ui.set("name", "杭州%s科技股份有限公司" % abbreviated)
    warning = ui.dialog_text()
    assert zh["Possible duplicates"] in warning
    assert zh["This customer may already exist:"] in warning
    assert legal_name in warning and customer["customer_code"] in warning
    ui.screenshot("duplicate_warning")
    ui.close_dialog()
    # The form lists the existing customer as a record to open, not only as text.
    panel = ui.visible(".o_customer_duplicate_matches")
    assert "该客户可能已存在" in normalize(panel.text)
    match = next(row for row in panel.find_elements(By.CSS_SELECTOR, ".o_data_row")
                 if legal_name in normalize(row.text))
    match.find_element(By.CSS_SELECTOR, "td.o_data_cell").click()
    opened = ui.dialog_text()
    assert legal_name in opened and customer["customer_code"] in opened
    ui.screenshot("duplicate_opened")
    ui.close_dialogs_quietly()
    ui.discard()

    # A call, logged with 写跟进 (Log Follow-up) on the customer: one dialog, one click.
    ui.goto("#id=%d&model=res.partner&view_type=form" % customer["id"])
    ui.button(zh["Log Follow-up"])
    ui.dialog_text()
    subject = "首次电话沟通 %s" % uniq
    ui.set("summary", subject)
    ui.button(zh["Save"])
    ui.wait().until(lambda d: not ui.all_visible(".modal-dialog"), "the dialog stays open")
    interactions = admin.call("customer.interaction", "search_read", [("name", "=", subject)],
                              ["partner_id", "channel", "user_id"])
    assert [(i["partner_id"][0], i["channel"], i["user_id"][0]) for i in interactions] == [
        (customer["id"], "call", salesperson["id"])]
    # The Interactions button appears once there is one.
    ui.wait().until(lambda d: any(zh["Interactions"] in b.text for b in ui.all_visible(
        ".oe_button_box .oe_stat_button")), "no Interactions button")
    ui.screenshot("interaction_logged")

    # The phone changes: the chatter shows old and new value.
    ui.goto("#id=%d&model=res.partner&view_type=form" % customer["id"])
    ui.edit()
    ui.set("phone", new_phone)
    assert ui.save() is None
    changed = admin.read_one("res.partner", customer["id"], ["phone"])["phone"]
    assert changed != customer["phone"]
    ui.text_in(".o_mail_thread .o_thread_message", changed)
    tracking = ui.chatter_text()
    assert customer["phone"] in tracking and changed in tracking
    assert phone_label in tracking
    ui.scroll_to(".o_mail_thread .o_thread_message", changed)
    ui.screenshot("chatter_phone_change")
