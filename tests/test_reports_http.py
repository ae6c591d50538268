"""Printed reports through the web client's own route, on a running server with wkhtmltopdf."""
import datetime
import os
import subprocess
import tempfile
import uuid

import pytest
import requests

from odoo.addons.customer_mgmt.tests.common import ReportMixin

from test_rpc_access import Actor, PASSWORD, make_user

SHEET = "customer_mgmt.report_customer_sheet"
ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "artifacts")
pdf_text = ReportMixin.pdf_text


def web_session(server, login):
    """A requests session logged in to the web client as the user."""
    session = requests.Session()
    response = session.post(server.url + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "method": "call",
        "params": {"db": server.db, "login": login, "password": PASSWORD}}, timeout=60)
    assert response.json()["result"]["uid"], response.text
    return session


def save_first_page(pdf, name):
    """The PDF's first page as a PNG in artifacts/e2e/, for the README's tour (bin/screenshots)."""
    folder = os.path.join(ARTIFACTS, "e2e")
    os.makedirs(folder, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        handle.name, os.path.join(folder, name)], check=True)



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
    demo = admin("ir.model.data", "xmlid_to_res_id", "customer_mgmt.res_partner_huadong_demo")
    return {"logins": logins, "customer": customer, "tag": tag, "admin": admin, "demo": demo}


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


def test_manager_prints_a_demo_customer_for_the_tour(odoo_server, printers):
    """A filled archive (the demo data, when installed) as a manager reads it, in Chinese."""
    if not printers["demo"]:
        pytest.skip("no demo data in this database")
    login = "print_manager_%s" % printers["tag"]
    make_user(odoo_server, printers["admin"], login, "经理 %s" % printers["tag"],
              ["customer_mgmt.group_customer_manager"], lang="zh_CN")
    response = web_session(odoo_server, login).get(
        "%s/report/pdf/%s/%d" % (odoo_server.url, SHEET, printers["demo"]), timeout=120)
    assert response.headers["Content-Type"] == "application/pdf"
    assert "客户信息表" in pdf_text(response.content)
    save_first_page(response.content, "r1_manager_customer_sheet_zh")


MONTHLY = "customer_lifecycle.report_monthly_report"


def _this_months_report(admin):
    """The report of the current month (demo records were created in it), computed."""
    month = datetime.date.today().replace(day=1).isoformat()
    found = admin("customer.monthly.report", "search", [("date_start", "=", month)], limit=1)
    report = found[0] if found else admin("customer.monthly.report", "create",
                                          {"date_start": month})
    admin("customer.monthly.report", "action_compute", [report])
    return report


def test_manager_downloads_the_monthly_report_in_chinese(odoo_server, printers):
    login = "print_monthly_%s" % printers["tag"]
    make_user(odoo_server, printers["admin"], login, "月报经理 %s" % printers["tag"],
              ["customer_mgmt.group_customer_manager"], lang="zh_CN")
    report = _this_months_report(printers["admin"])
    response = web_session(odoo_server, login).get(
        "%s/report/pdf/%s/%d" % (odoo_server.url, MONTHLY, report), timeout=180)
    assert response.headers["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "月度经营报告" in text and "关键指标" in text
    save_first_page(response.content, "r2_manager_monthly_report_zh")
    salesperson = web_session(odoo_server, printers["logins"]["sales"]).get(
        "%s/report/pdf/%s/%d" % (odoo_server.url, MONTHLY, report), timeout=120)
    assert not salesperson.content.startswith(b"%PDF")
