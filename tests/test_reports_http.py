"""Printed reports through the web client's own route, on a running server with wkhtmltopdf."""
import subprocess
import unicodedata
import uuid

import pytest
import requests

from test_rpc_access import Actor, PASSWORD, make_user

SHEET = "customer_mgmt.report_customer_sheet"


def web_session(server, login):
    """A requests session logged in to the web client as the user."""
    session = requests.Session()
    response = session.post(server.url + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "method": "call",
        "params": {"db": server.db, "login": login, "password": PASSWORD}}, timeout=60)
    assert response.json()["result"]["uid"], response.text
    return session


def pdf_text(pdf):
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf,
                            stdout=subprocess.PIPE, check=True)
    return unicodedata.normalize("NFKC", result.stdout.decode("utf-8"))


@pytest.fixture(scope="module")
def printers(odoo_server):
    admin = Actor(odoo_server, "admin", "admin")
    admin("ir.config_parameter", "set_param", "report.url", odoo_server.url)
    tag = uuid.uuid4().hex[:8]
    logins = {}
    for role, groups, lang in (
            ("sales", ["customer_mgmt.group_customer_salesperson"], "zh_CN"),
            ("other", ["customer_mgmt.group_customer_salesperson"], "en_US"),
            ("portal", ["base.group_portal"], "en_US")):
        logins[role] = "print_%s_%s" % (role, tag)
        make_user(odoo_server, admin, logins[role], "Print %s %s" % (role, tag), groups, lang=lang)
    sales_uid = admin("res.users", "search", [("login", "=", logins["sales"])])[0]
    customer = admin("res.partner", "create", {
        "name": "Printed Customer %s" % tag, "is_company": True, "customer": True,
        "user_id": sales_uid, "registered_capital": 5000000})
    return {"logins": logins, "customer": customer, "tag": tag}


def test_salesperson_downloads_the_sheet_in_chinese(odoo_server, printers):
    session = web_session(odoo_server, printers["logins"]["sales"])
    response = session.get("%s/report/pdf/%s/%d" % (odoo_server.url, SHEET, printers["customer"]),
                           timeout=120)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Printed Customer %s" % printers["tag"] in text
    assert "基本信息" in text and "注册资本" in text


@pytest.mark.parametrize("role", ["other", "portal"])
def test_others_get_no_pdf(odoo_server, printers, role):
    session = web_session(odoo_server, printers["logins"][role])
    response = session.get("%s/report/pdf/%s/%d" % (odoo_server.url, SHEET, printers["customer"]),
                           timeout=120)
    assert response.headers.get("Content-Type") != "application/pdf"
    assert not response.content.startswith(b"%PDF")
    assert ("Printed Customer %s" % printers["tag"]).encode() not in response.content
