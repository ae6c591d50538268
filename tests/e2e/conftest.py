"""End-to-end fixtures: a headless Chromium on the test server, users and data made over XML-RPC.

Every scenario creates what it needs as admin (users with passwords, customers) under unique
names, so that the suite runs on a fresh test database and again on a kept one. Screenshots
and page dumps land in artifacts/e2e/.
"""
import os
import uuid

import pytest

from e2e_helpers import Admin, WebUI, new_chromium

ADMIN_LOGIN = ADMIN_PASSWORD = "admin"


@pytest.fixture(scope="session")
def e2e_artifacts(artifacts_dir):
    """Screenshots of the scenarios: artifacts/e2e/<scenario>_<step>.png."""
    path = os.path.join(artifacts_dir, "e2e")
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):  # only this run's evidence
        if name.endswith((".png", ".html")):
            os.remove(os.path.join(path, name))
    return path


@pytest.fixture(scope="session")
def admin(odoo_server):
    """XML-RPC as admin, with the factories the scenarios use."""
    return Admin(odoo_server, ADMIN_LOGIN, ADMIN_PASSWORD)


@pytest.fixture(scope="session")
def chinese(admin):
    """The Chinese language with every module's translations (bin/test installs none)."""
    admin.ensure_language("zh_CN")
    return "zh_CN"


@pytest.fixture(scope="session")
def uniq():
    """A short token that makes names unique per run (digits: valid in every name)."""
    return str(uuid.uuid4().int)[:6]


@pytest.fixture(scope="session")
def driver(odoo_server):
    """One headless Debian Chromium for the whole suite; each scenario logs in afresh."""
    browser = new_chromium()
    yield browser
    browser.quit()


@pytest.fixture
def ui(request, driver, odoo_server, e2e_artifacts):
    """The web client driven as a user; on failure, a screenshot and the page source."""
    scenario = request.module.__name__.replace("test_", "", 1)
    web = WebUI(driver, odoo_server.url, e2e_artifacts, scenario)
    yield web
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        web.screenshot("FAILED_%s" % request.node.name)
        web.dump("FAILED_%s" % request.node.name)
    web.close_dialogs_quietly()


@pytest.fixture(scope="session")
def salesperson(admin, chinese, uniq):
    """The salesperson of scenarios 1 and 2, working in Chinese (中文)."""
    return admin.create_user(
        "e2e_sales_%s" % uniq, "王销售%s" % uniq,
        ["customer_mgmt.group_customer_salesperson"], lang=chinese)


def pytest_collection_modifyitems(config, items):
    """Retry a failed browser scenario once: a busy two-core machine can starve the web client.

    A scenario that fails twice still fails the run; the summary counts every retry ("rerun").
    """
    here = os.path.dirname(os.path.abspath(__file__))
    for item in items:
        if str(item.fspath).startswith(here + os.sep):
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=2))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for the failure screenshot of `ui`."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)
