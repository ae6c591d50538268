"""Scenario 16: a salesperson working in Chinese fills a customer from the company registry
(工商信息): the form offers the registry's row, 从工商信息填充 fills only the empty fields, and the
comparison lists a differing field without overwriting it unless ticked."""
from stdnum.cn import uscc as stdnum_uscc

from e2e_helpers import normalize, po_translations


def _uscc(uniq):
    base = "91330106%09d" % (int(uniq, 16) % 10 ** 9 if not uniq.isdigit() else int(uniq) % 10 ** 9)
    return base + stdnum_uscc.calc_check_digit(base)


def test_salesperson_fills_a_customer_from_the_registry(ui, admin, salesperson, uniq):
    zh = po_translations("customer_mgmt")
    number = _uscc(uniq)
    name = "杭州登记%s科技有限公司" % uniq
    admin.call("customer.registry.record", "create", {
        "uscc": number, "name": name, "legal_representative": "孙九",
        "business_scope": "软件开发", "status": "active"})
    customer = admin.create_customer(name, user_id=salesperson["id"], business_scope="我们写的范围",
                                     country_id=admin.ref("base.cn"))
    ui.login(salesperson["login"], salesperson["password"])
    ui.goto("#id=%d&model=res.partner&view_type=form" % customer)
    banner = ui.visible(".o_customer_registry_match")
    text = normalize(banner.text)
    assert "工商信息" in text and name in text and number in text, text
    ui.screenshot("registry_banner")

    ui.button(zh["Fill from registry"])
    filled = admin.read_one("res.partner", customer, [
        "legal_representative", "registration_number", "business_scope", "registry_status"])
    assert filled["legal_representative"] == "孙九"
    assert filled["registration_number"] == number
    assert filled["business_scope"] == "我们写的范围", "a filled field is never overwritten"
    assert filled["registry_status"] == "active"

    ui.button(zh["Compare with registry"])
    dialog = ui.dialog_text()
    assert zh["Compare with Registry"] in dialog
    assert "我们写的范围" in dialog and "软件开发" in dialog, dialog
    ui.screenshot("registry_compare")
    ui.button(zh["Overwrite Ticked Fields"])
    assert admin.read_one("res.partner", customer, ["business_scope"])["business_scope"] \
        == "我们写的范围", "nothing ticked, nothing overwritten"
