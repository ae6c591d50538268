"""Fixtures of the cross-addon suites: a real Odoo server on a free local port."""
import os
import socket
import subprocess
import sys
import time
import xmlrpc.client

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTIFACTS = os.path.join(ROOT, "artifacts")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer(object):
    """A running Odoo HTTP server and the XML-RPC helpers to talk to it."""

    def __init__(self, db, port, process):
        self.db = db
        self.port = port
        self.process = process
        self.url = "http://127.0.0.1:%d" % port

    def common(self):
        return xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/common", allow_none=True)

    def models(self):
        return xmlrpc.client.ServerProxy(self.url + "/xmlrpc/2/object", allow_none=True)

    def login(self, login, password):
        return self.common().authenticate(self.db, login, password, {})

    def execute(self, uid, password, model, method, *args, **kwargs):
        return self.models().execute_kw(self.db, uid, password, model, method, list(args), kwargs)


@pytest.fixture(scope="session")
def odoo_server():
    """Start Odoo on the test database (CRM_TEST_DB, set by bin/test) and stop it afterwards."""
    db = os.environ.get("CRM_TEST_DB")
    if not db:
        pytest.skip("CRM_TEST_DB is not set: run the suites through bin/test")
    port = _free_port()
    os.makedirs(ARTIFACTS, exist_ok=True)
    log_path = os.path.join(ARTIFACTS, "odoo-server-%s.log" % db)
    log = open(log_path, "w")
    cmd = [
        os.environ.get("CRM_PY", sys.executable), os.path.join(ROOT, "bin", "odoo"),
        "-c", os.path.join(ROOT, "odoo.conf"), "-d", db, "--db-filter", "^%s$" % db,
        "--http-port", str(port), "--longpolling-port", str(_free_port()),
        "--max-cron-threads", "0", "--workers", "0", "--log-level", "warn",
    ]
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    server = OdooServer(db, port, process)
    deadline = time.time() + 300
    while True:
        if process.poll() is not None:
            raise RuntimeError("Odoo exited early; see %s" % log_path)
        try:
            if requests.get(server.url + "/web/login", timeout=5).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.time() > deadline:
            process.kill()
            raise RuntimeError("Odoo did not answer within 300 s; see %s" % log_path)
        time.sleep(0.5)
    yield server
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture(scope="session")
def artifacts_dir():
    """Folder where suites leave screenshots and logs for people to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    return ARTIFACTS
