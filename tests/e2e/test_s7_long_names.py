"""Scenario 7: a customer with a very long registered name takes one line in the customers
list and on its kanban card, cut with an ellipsis, instead of wrapping the row over several."""
from selenium.webdriver.common.by import By

LONG_NAME = "杭州%s" + "长江三角洲区域一体化高端装备制造与智能物流供应链管理" * 4 + "有限公司"

ELLIPSIS_STYLE = """
    var style = window.getComputedStyle(arguments[0]);
    return [style.textOverflow, style.whiteSpace, arguments[0].scrollWidth,
            arguments[0].clientWidth, arguments[0].getBoundingClientRect().height,
            parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5];
"""


def _assert_one_cut_line(ui, element, where):
    overflow, white_space, scroll_width, client_width, height, line = ui.driver.execute_script(
        ELLIPSIS_STYLE, element)
    assert (overflow, white_space) == ("ellipsis", "nowrap"), (where, overflow, white_space)
    assert scroll_width > client_width, "%s: the long name is not cut" % where
    assert height < 2 * line + 12, "%s: the name wraps (%.0f px high)" % (where, height)


def test_long_names_take_one_line_in_list_and_kanban(ui, admin, salesperson, uniq):
    name = LONG_NAME % uniq
    admin.create_customer(name, user_id=salesperson["id"])
    start = name[:12]

    ui.login(salesperson["login"], salesperson["password"])
    ui.open_customers("customer_mgmt.res_partner_menu_customer")
    ui.switch_view("list")
    ui.search(start)
    row = ui.row(start)
    cell = next(td for td in row.find_elements(By.CSS_SELECTOR, "td.o_data_cell")
                if start in td.get_attribute("textContent"))
    _assert_one_cut_line(ui, cell, "list")
    ui.screenshot("long_name_list")

    ui.switch_view("kanban")
    ui.wait().until(lambda d: any(start in card.get_attribute("textContent")
                                  for card in ui.all_visible(".o_kanban_record")),
                    "no card shows the customer")
    card = next(card for card in ui.all_visible(".o_kanban_record")
                if start in card.get_attribute("textContent"))
    title = card.find_element(By.CSS_SELECTOR, ".o_kanban_record_title")
    _assert_one_cut_line(ui, title, "kanban")
    ui.screenshot("long_name_kanban")
