"""Shared base for customer_feedback's tests: factories on top of customer_mgmt's roles."""
import threading

from psycopg2 import sql
from werkzeug.serving import make_server

import odoo
from odoo.tests.common import HttpCase, get_db_name

from odoo.addons.customer_mgmt.tests.common import CustomerCase

_SERVER = {}


def server_url():
    """Odoo's WSGI application on a free local port, served by a thread of this process.

    pytest-odoo starts no HTTP server and port 8069 may be used by ``bin/run``; serving from
    this process lets the requests share the registry's test cursor with the test.
    """
    if "url" not in _SERVER:
        server = make_server("127.0.0.1", 0, odoo.service.wsgi_server.application)
        thread = threading.Thread(target=server.serve_forever, name="odoo.service.httpd.test")
        thread.daemon = True
        thread.start()
        _SERVER.update(server=server, url="http://127.0.0.1:%d" % server.server_port)
    return _SERVER["url"]


class InProcessHttpCase(HttpCase):
    """HttpCase whose requests and test share the registry's test cursor, served in-process."""

    # Odoo 11's HttpCase serves the requests on a test cursor other than self.cr, so data
    # created by the test would be invisible to them: the test works on that cursor instead.
    registry_test_mode = False

    def setUp(self):
        registry = odoo.registry(get_db_name())
        registry.enter_test_mode()
        self.addCleanup(registry.leave_test_mode)
        super().setUp()
        # self.cr is the test cursor, its lock taken by this thread: let the server use it
        # between our calls; take it back before the test case closes it.
        self.cr.release()
        self.addCleanup(self.cr.acquire)
        self.base_url = server_url()
        self.env = self.env(context=dict(
            self.env.context, mail_create_nosubscribe=True, no_reset_password=True))


class FeedbackCase(CustomerCase):
    """Adds customers owned by the test salesperson and a ticket factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.create_customer(
            "Hangzhou Feedback Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.contact = cls.create_contact(cls.customer, "Li Feedback", email="li.feedback@example.com")
        cls.other_customer = cls.create_customer(
            "Ningbo Other Trading Co., Ltd.", user_id=cls.user_manager.id)

    @classmethod
    def create_feedback(cls, customer=None, **values):
        """Create a feedback ticket (a complaint by default) for a customer."""
        customer = customer or cls.customer
        vals = {
            "subject": "Late delivery",
            "partner_id": customer.id,
            "feedback_type": "complaint",
            "channel": "phone",
            "description": "<p>The goods arrived a week late.</p>",
        }
        vals.update(values)
        return cls.env["customer.feedback"].create(vals)


def feedback_snapshot(cr, tables):
    """Every row of the tables an attack could change, and the customers' latest scores."""
    rows = {}
    for table in tables:
        cr.execute(sql.SQL("SELECT t::text FROM {} t ORDER BY t.id").format(sql.Identifier(table)))
        rows[table] = cr.fetchall()
    cr.execute("SELECT id, last_nps_score, last_nps_date, last_csat_score, last_csat_date"
               " FROM res_partner ORDER BY id")
    rows["res_partner"] = cr.fetchall()
    return rows
