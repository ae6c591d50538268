"""Two users saving the same customer at the same moment, as real concurrent transactions.

Each save is a request through Odoo's RPC dispatcher (odoo.service.model.execute, which retries
a transaction refused for a concurrent update) in a thread of its own; a third cursor holds the
customer's row until both saves wait for it, so they really overlap and one of them is refused
by PostgreSQL and retried. The records are committed first and removed afterwards.
"""
import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.service import model as rpc_model
from odoo.tests.common import TransactionCase

WAIT_SECONDS = 30


class TestConcurrentSave(TransactionCase):

    def setUp(self):
        super().setUp()
        self.dbname = self.cr.dbname
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"no_reset_password": True})
            users = env["res.users"].browse()
            for login, group in (("save_salesperson", "group_customer_salesperson"),
                                 ("save_manager", "group_customer_manager")):
                users |= env["res.users"].create({
                    "name": "Test %s" % login, "login": login, "lang": "en_US",
                    "email": "%s@example.com" % login,
                    "groups_id": [(6, 0, env.ref("customer_mgmt.%s" % group).ids)]})
            self.user_ids = users.ids
            self.partner_id = env["res.partner"].create({
                "name": "Concurrent Save Co., Ltd.", "is_company": True, "customer": True,
                "user_id": users[0].id, "employee_count": 10}).id
            cr.commit()
        self.addCleanup(self._remove_committed_records)

    def _remove_committed_records(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            users = env["res.users"].browse(self.user_ids)
            user_partners = users.mapped("partner_id")
            documents = (self.partner_id,) + tuple(user_partners.ids)
            cr.execute("DELETE FROM mail_message WHERE model = 'res.partner' AND res_id IN %s",
                       (documents,))
            cr.execute("DELETE FROM mail_followers WHERE res_model = 'res.partner' "
                       "AND res_id IN %s", (documents,))
            env["res.partner"].browse(self.partner_id).unlink()
            users.unlink()
            user_partners.unlink()
            cr.commit()

    def _save(self, uid, value, outcome):
        """One user's Save of the customer form."""
        with api.Environment.manage():
            try:
                outcome["result"] = rpc_model.execute(
                    self.dbname, uid, "res.partner", "write", [self.partner_id],
                    {"employee_count": value})
            except Exception as error:  # reported by the assertions of the test
                outcome["error"] = error

    def test_both_saves_land_in_turn_and_the_history_is_one_chain(self):
        saves = list(zip(self.user_ids, (250, 30)))
        outcomes = [{} for _save in saves]
        with self.registry.cursor() as blocker, self.registry.cursor() as watch:
            blocker.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE",
                            (self.partner_id,))
            threads = [threading.Thread(target=self._save, args=(uid, value, outcome))
                       for (uid, value), outcome in zip(saves, outcomes)]
            for thread in threads:
                thread.start()
            deadline, waiting = time.time() + WAIT_SECONDS, 0
            while time.time() < deadline and waiting < len(saves):
                watch.execute("""SELECT count(*) FROM pg_stat_activity
                                  WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                waiting = watch.fetchone()[0]
                watch.rollback()
                time.sleep(0.05)
            blocker.rollback()
            for thread in threads:
                thread.join(WAIT_SECONDS)
        self.assertEqual(waiting, len(saves), "the saves did not overlap: %s" % outcomes)
        self.assertEqual([outcome.get("error") for outcome in outcomes], [None, None])
        with self.registry.cursor() as cr:
            cr.execute("SELECT employee_count FROM res_partner WHERE id = %s", (self.partner_id,))
            final = cr.fetchone()[0]
            cr.execute("""SELECT v.old_value_integer, v.new_value_integer
                            FROM mail_tracking_value v
                            JOIN mail_message m ON m.id = v.mail_message_id
                           WHERE m.model = 'res.partner' AND m.res_id = %s
                             AND v.field = 'employee_count' ORDER BY m.id""", (self.partner_id,))
            chain = cr.fetchall()
        self.assertIn(final, (250, 30))
        # The two saves, the first from the created value (10), each starting where the last
        # one ended.
        self.assertEqual(len(chain), 2, chain)
        self.assertEqual(chain[0][0], 10)
        self.assertEqual(chain[1][0], chain[0][1])
        self.assertEqual(chain[-1][1], final)
