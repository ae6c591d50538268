"""Scenario 10: the feedback ticket form. A stage the ticket may not enter yet (Resolved without
a resolution) is refused with a translated warning, in read and in edit mode, and the status
bar goes back to the stage the ticket is in, so that a later Save does not apply it; a ticket
logged as a complaint is a complaint; the ticket list shows one line per ticket."""
import pytest
from selenium.webdriver.common.by import By

from e2e_helpers import normalize, po_translations

STAGE = "customer_feedback.customer_feedback_stage_%s"
REFUSAL = ("The ticket %s cannot move to the stage %s without a resolution: describe how the "
           "feedback was resolved first.")


@pytest.fixture(scope="module")
def people(admin, chinese, uniq):
    if not admin.call("ir.module.module", "search_count", [
            ("name", "=", "customer_feedback"), ("state", "=", "installed")]):
        pytest.skip("customer_feedback is not installed")
    agents = {lang: admin.create_user(
        "e2e_s10_%s_%s" % (lang, uniq), "Agent %s %s" % (lang, uniq),
        ["customer_mgmt.group_customer_service", "customer_mgmt.group_customer_salesperson"],
        lang=lang) for lang in ("en_US", chinese)}
    customer = admin.create_customer("Suzhou Tianhe %s Textiles Co., Ltd." % uniq,
                                     user_id=agents["en_US"]["id"])
    return {"agents": agents, "customer": customer}


def _stage_name(admin, code, lang):
    return admin.call("customer.feedback.stage", "read", [admin.ref(STAGE % code)], ["name"],
                      context={"lang": lang})[0]["name"]


def _current_stage(ui):
    return normalize(ui.visible(".o_statusbar_status .btn-primary, .o_statusbar_status "
                                "button.disabled.o_arrow_button").text)


@pytest.mark.parametrize("lang", ["zh_CN", "en_US"])
@pytest.mark.parametrize("mode", ["read", "edit"])
def test_refused_stage_goes_back(ui, admin, people, uniq, lang, mode):
    agent = people["agents"][lang]
    ticket_id = admin.call("customer.feedback", "create", {
        "subject": "Faded colours %s %s %s" % (uniq, lang, mode), "partner_id": people["customer"],
        "feedback_type": "complaint", "user_id": agent["id"]})
    ticket = admin.read_one("customer.feedback", ticket_id, ["name", "stage_id"])
    in_progress, resolved = (_stage_name(admin, code, lang) for code in ("in_progress", "resolved"))
    admin.call("customer.feedback", "write", [ticket_id],
               {"stage_id": admin.ref(STAGE % "in_progress")})

    ui.login(agent["login"], agent["password"])
    ui.goto("#id=%d&model=customer.feedback&view_type=form" % ticket_id)
    ui.visible(".o_statusbar_status")
    assert _current_stage(ui) == in_progress
    if mode == "edit":
        ui.edit()
    ui.statusbar(resolved)
    # In edit mode the HTML editor keeps hidden dialogs of its own: wait for a shown one.
    ui.wait().until(lambda d: ui.all_visible(".modal-dialog"), "no dialog after the refused move")
    ui.wait_idle()
    text = normalize(ui.all_visible(".modal-dialog")[-1].text)
    ui.screenshot("refused_%s_%s" % (mode, lang))
    template = REFUSAL if lang == "en_US" else po_translations("customer_feedback")[REFUSAL]
    assert "Server Error" not in text and "Traceback" not in text and "服务器错误" not in text, text
    assert normalize(template.split("%s")[0]) in text, text
    assert ticket["name"] in text, text
    ui.close_dialog()
    assert _current_stage(ui) == in_progress, "the status bar keeps the refused stage"
    if mode == "edit":
        assert ui.save() is None
    else:
        assert ui.all_visible(".o_form_view.o_form_readonly")
        ui.edit()
        assert ui.save() is None
    assert admin.read_one("customer.feedback", ticket_id, ["stage_id"])["stage_id"][0] == \
        admin.ref(STAGE % "in_progress")
    assert _current_stage(ui) == in_progress
