"""The Customers app opens in the styled web client, as admin reaches it after logging in."""
from selenium.common.exceptions import TimeoutException

from e2e_helpers import CUSTOMERS_APP, TIMEOUT


def test_customers_app_in_styled_web_client(ui):
    ui.login("admin", "admin")
    navbar = ui.visible("#oe_main_menu_navbar")
    # Styled: the compiled stylesheet gives the navbar its colour.
    background = navbar.value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    try:
        ui.open_menu(CUSTOMERS_APP)
        ui.visible(".o_kanban_view, .o_list_view", TIMEOUT)
    except TimeoutException:
        # The home action may still have been starting when the app was clicked: click again,
        # as a user would, and this time it must open.
        ui.open_menu(CUSTOMERS_APP)
        ui.visible(".o_kanban_view, .o_list_view")
    ui.text_in("#oe_main_menu_navbar", "Customers")
    ui.screenshot("customers_app")
