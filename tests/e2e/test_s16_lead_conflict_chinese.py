"""Scenario 16: a salesperson working in Chinese enters an opportunity whose phone belongs to a
customer another salesperson holds (撞单).

While typing, the 疑似撞单 dialog says who holds it (李娜, 华东一组, since when), never its name;
saved on Warn, the chatter notes it; on Block, saving is refused in Chinese and nothing is saved.
"""
import pytest

from e2e_helpers import matches, po_translations

MODE = "customer_mgmt.lead_conflict_mode"


@pytest.fixture
def held_customer(admin, chinese, uniq):
    """A customer of 李娜 (华东一组) with a phone of this run."""
    team = admin.call("crm.team", "create", {"name": "华东一组%s" % uniq})
    holder = admin.create_user("e2e_lc_holder_%s" % uniq, "李娜%s" % uniq,
                               ["customer_mgmt.group_customer_salesperson"], lang=chinese,
                               sale_team_id=team)
    phone = "+86 21 66%s" % uniq
    customer = admin.create_customer(
        "隐秘精密机械%s有限公司" % uniq, user_id=holder["id"], team_id=team, phone=phone,
        country_id=admin.ref("base.cn"))
    admin.call("res.partner", "write", [customer], {"pool_claim_date": "2026-10-01 08:00:00"})
    mode = admin.get_param(MODE, "warn")
    admin.set_param(MODE, "warn")
    yield {"holder": holder, "team": "华东一组%s" % uniq, "phone": "021 66%s" % uniq,
           "name": "隐秘精密机械%s有限公司" % uniq}
    admin.set_param(MODE, mode)


def _new_opportunity(ui, admin, name):
    ui.goto("#action=%d&view_type=list" % admin.ref("crm.crm_lead_opportunities"))
    ui.create()
    ui.set("name", name)


def test_salesperson_sees_only_who_holds_the_customer(ui, admin, salesperson, uniq,
                                                      held_customer):
    zh = po_translations("customer_mgmt")
    held_line = zh["%(what)s is held by %(user)s, %(team)s, since %(since)s."]
    holder, team = held_customer["holder"]["name"], held_customer["team"]

    ui.login(salesperson["login"], salesperson["password"])
    _new_opportunity(ui, admin, "撞单询价%s" % uniq)
    ui.set("phone", held_customer["phone"])
    warning = ui.dialog_text()
    assert zh["Possible lead conflict"] in warning
    assert zh["This lead may already be worked:"] in warning
    assert matches(held_line, warning, holder, team, "2026-10-01"), warning
    assert held_customer["name"] not in warning
    ui.screenshot("conflict_warning")
    ui.close_dialog()

    # Warn: saved, with a note naming the holder only.
    assert ui.save() is None
    chatter = ui.chatter_text()
    assert zh["Possible lead conflict: open the lead to see the matches you may read."] in chatter
    assert holder in chatter and held_customer["name"] not in chatter
    ui.screenshot("conflict_note")

    # Block: the same opportunity is refused, in Chinese, and not saved.
    admin.set_param(MODE, "block")
    _new_opportunity(ui, admin, "撞单拒绝%s" % uniq)
    ui.set("phone", held_customer["phone"])
    ui.close_dialog()
    refusal = ui.save()
    assert refusal, "saved despite Block"
    assert zh["This lead conflicts with customers or leads worked by others and was not "
              "saved (Lead Conflict Check: Block). Link it to the customer, claim it or ask "
              "its salesperson:"] in refusal
    assert holder in refusal and held_customer["name"] not in refusal
    ui.screenshot("conflict_refused")
    ui.close_dialog()
    ui.discard()
    assert not admin.call("crm.lead", "search", [("name", "=", "撞单拒绝%s" % uniq)])
