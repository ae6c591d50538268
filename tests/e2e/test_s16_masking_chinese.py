"""Scenario 16: a salesperson working in Chinese opens a public pool customer: its phone shows
138****5678 and its e-mail z***@…; 查看号码 (Show Number) opens the full number in a dialog,
and the reveal is in the managers' log. After the claim the numbers show in full."""
import pytest

from e2e_helpers import po_translations


@pytest.fixture
def pool_customer(admin, uniq):
    return admin.create_customer("杭州脱敏%s科技有限公司" % uniq, user_id=False,
                                 phone="13812345678", email="zhang%s@example.com" % uniq)


def test_pool_phone_masked_and_revealed(ui, admin, salesperson, pool_customer, uniq):
    zh = po_translations("customer_mgmt")
    real = admin.read_one("res.partner", pool_customer, ["phone"])["phone"]
    ui.login(salesperson["login"], salesperson["password"])
    ui.goto("#id=%d&model=res.partner&view_type=form" % pool_customer)
    assert ui.field_text("phone") == "138****5678"
    assert ui.field_text("email") == "z***@example.com"
    assert real not in ui.page_text()
    ui.screenshot("masked")

    reveal = ui.visible("button.o_customer_reveal_phone")
    assert reveal.text.strip() == zh["Show Number"]
    ui.click("button.o_customer_reveal_phone")
    dialog = ui.dialog_text()
    assert zh["This reveal is logged."] in dialog
    assert ui.field_text("value") == real
    ui.screenshot("revealed")
    ui.close_dialog()

    logs = admin.call("customer.mask.reveal.log", "search_read",
                      [("partner_id", "=", pool_customer)], ["user_id", "field_name"])
    assert [(log["user_id"][0], log["field_name"]) for log in logs] == [
        (salesperson["id"], "phone")]
