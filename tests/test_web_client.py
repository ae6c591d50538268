"""The web client as a user reaches it: served, with compiled stylesheets (the browser test is in e2e)."""
import re

import requests

ADDONS = ["customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy"]


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
