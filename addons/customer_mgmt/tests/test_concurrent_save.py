"""Two users saving the same customer at the same moment, as real concurrent transactions.

Each save is a request through Odoo's RPC dispatcher (odoo.service.model.execute, which retries
a transaction refused for a concurrent update) in a thread of its own; a third cursor holds the
customer's row until both saves wait for it, so they really overlap and one of them is refused
by PostgreSQL and retried. The records are committed first and removed afterwards.
"""
from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase

from .concurrency import run_overlapping


class TestConcurrentSave(TransactionCase):

    def setUp(self):
        super().setUp()
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

    def test_both_saves_land_in_turn_and_the_history_is_one_chain(self):
        saves = list(zip(self.user_ids, (250, 30)))
        waiting, outcomes, hangs = run_overlapping(
            self.registry, "SELECT id FROM res_partner WHERE id = %s FOR UPDATE",
            (self.partner_id,), [(uid, "res.partner", "write", [self.partner_id],
                                  {"employee_count": value}) for uid, value in saves])
        self.assertFalse(hangs)
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
