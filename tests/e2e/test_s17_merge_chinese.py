"""Scenario 17: a data administrator working in Chinese merges a pair of possible duplicates
field by field (逐字段合并): the dialog lists the differing values, the chosen ones are kept,
the other customer's name becomes a former name (曾用名) and the merge is logged."""
from e2e_helpers import po_translations


def test_data_admin_merges_a_duplicate_pair_field_by_field(ui, admin, chinese, uniq):
    zh = po_translations("customer_mgmt")
    data_admin = admin.create_user(
        "e2e_merge_admin_%s" % uniq, "赵数据%s" % uniq,
        ["customer_mgmt.group_customer_data_admin"], lang=chinese)
    kept = admin.create_customer("苏州合并%s机械有限公司" % uniq, city="苏州")
    other = admin.create_customer("苏州合并%s机械贸易有限公司" % uniq, city="无锡",
                                  website="http://merge%s.example.com" % uniq)
    pair = admin.call("customer.duplicate.pair", "create", {
        "partner_a_id": min(kept, other), "partner_b_id": max(kept, other),
        "reason": "name", "similarity": 0.8})
    ui.login(data_admin["login"], data_admin["password"])
    ui.goto("#id=%d&model=customer.duplicate.pair&view_type=form" % pair)
    ui.button(zh["Merge Field by Field"])
    dialog = ui.dialog_text()
    assert zh["Merge Customers"] in dialog, dialog
    assert "苏州" in dialog and "无锡" in dialog, dialog
    ui.screenshot("merge_dialog")
    ui.button(zh["Merge"])
    ui.close_dialog()  # the confirmation
    ui.wait_idle()
    remaining = admin.call("res.partner", "search", [("id", "in", [kept, other])])
    assert len(remaining) == 1, remaining
    kept_id = remaining[0]
    values = admin.read_one("res.partner", kept_id, ["website", "former_name_ids"])
    assert values["website"] == "http://merge%s.example.com" % uniq
    former = admin.call("res.partner.former.name", "search_read",
                        [("partner_id", "=", kept_id)], ["name"])
    assert [row["name"] for row in former] != []
    assert admin.call("customer.merge.log", "search_count", [("partner_id", "=", kept_id)]) == 1
