"""The web client as a user reaches it: served, styled, with the Customers app."""
import os
import re

import pytest
import requests

ADDONS = ["customer_mgmt", "customer_feedback", "customer_lifecycle"]


def test_addons_installed_over_xmlrpc(odoo_server):
    uid = odoo_server.login("admin", "admin")
    assert uid, "admin/admin must log in on the test database"
    modules = odoo_server.execute(
        uid, "admin", "ir.module.module", "search_read",
        [["name", "in", ADDONS]], fields=["name", "state"])
    assert {m["name"]: m["state"] for m in modules} == {name: "installed" for name in ADDONS}


def test_stylesheets_compile(odoo_server):
    """Odoo compiles its LESS stylesheets with lessc: a missing lessc yields an error stylesheet."""
    session = requests.Session()
    page = session.get(odoo_server.url + "/web/login", timeout=30)
    assert page.status_code == 200
    links = re.findall(r'<link[^>]+href="(/web/content/[^"]+\.css)"', page.text)
    assert links, "the login page links no compiled stylesheet"
    for href in links:
        css = session.get(odoo_server.url + href, timeout=120)
        assert css.status_code == 200, href
        assert "Could not execute command" not in css.text, "lessc is missing: %s" % href
        assert "error" not in css.text[:300].lower(), css.text[:300]
        assert len(css.text) > 10000, "suspiciously small stylesheet %s" % href


@pytest.fixture(scope="module")
def browser(artifacts_dir):
    """Headless Debian Chromium driven through chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1366,900", "--lang=en-US"):
        options.add_argument(arg)
    service = Service(os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def test_customers_app_in_styled_web_client(odoo_server, browser, artifacts_dir):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 180)
    try:
        _open_customers_app(odoo_server, browser, wait, By, ec)
    finally:
        browser.save_screenshot(os.path.join(artifacts_dir, "web_client_customers.png"))


def _open_customers_app(odoo_server, browser, wait, By, ec):
    browser.get(odoo_server.url + "/web/login")
    wait.until(ec.presence_of_element_located((By.NAME, "login"))).send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("admin")
    browser.find_element(By.CSS_SELECTOR, "form.oe_login_form button[type=submit]").click()
    navbar = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#oe_main_menu_navbar")))
    # Styled: the compiled stylesheet gives the navbar its colour and a fixed height.
    background = navbar.value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    apps = wait.until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, "[data-menu-xmlid='customer_mgmt.customer_mgmt_menu_root']")))
    browser.execute_script("arguments[0].click();", apps)
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".o_kanban_view, .o_list_view")))
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#oe_main_menu_navbar"), "Customers"))
