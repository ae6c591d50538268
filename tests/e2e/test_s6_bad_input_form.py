"""Scenario 6: bad input typed into the customer form is refused with a translated message.

The model guard refuses a name of only spaces and a name past the limit; the web client shows
the refusal in the user's language, naming the field, and nothing is saved.
"""
from e2e_helpers import po_translations


def test_blank_and_overlong_names_refused_in_the_form(ui, admin, salesperson, uniq):
    zh = po_translations("customer_mgmt")
    created_before = admin.call("res.partner", "search_count",
                                [("create_uid", "=", salesperson["id"])])
    ui.login(salesperson["login"], salesperson["password"])
    ui.open_customers("customer_mgmt.res_partner_menu_customer")
    ui.create()

    ui.set("name", "   ")
    ui.close_dialogs_quietly()
    refusal = ui.save()
    assert refusal, "a name of only spaces was saved"
    assert "(name)" in refusal
    assert zh["it cannot be empty or only spaces."] in refusal
    ui.screenshot("blank_name_refused")
    ui.close_dialog()

    ui.set("name", "杭州" + "长" * 300 + "有限公司")
    ui.close_dialogs_quietly()
    refusal = ui.save()
    assert refusal, "an overlong name was saved"
    assert "256" in refusal
    ui.close_dialog()
    ui.discard()
    assert admin.call("res.partner", "search_count",
                      [("create_uid", "=", salesperson["id"])]) == created_before
