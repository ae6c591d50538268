"""A scheduled batch that meets a user's concurrent save is retried, not lost.

This runs real concurrent transactions: its own cursors commit (and clean up afterwards), and
the batch runs in a thread of its own, as in a cron worker, where batches commit.
"""
import threading
import time

from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase

LOCK_WAIT_TIMEOUT = 30


class TestCronBatchRetry(TransactionCase):

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.partner_id = env["res.partner"].create({
                "name": "Concurrent Batch Test Co., Ltd.", "is_company": True,
                "customer": True}).id
            cr.commit()

    def tearDown(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM res_partner WHERE id = %s", (self.partner_id,))
            cr.commit()
        super().tearDown()

    def _wait_for_lock_wait(self, cr, pid):
        deadline = time.time() + LOCK_WAIT_TIMEOUT
        while time.time() < deadline:
            cr.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,))
            row = cr.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.05)
        self.fail("the batch never waited for the user's transaction")

    def test_batch_meeting_a_concurrent_update_is_retried(self):
        attempts = []
        outcome = {}
        batch_pid = []
        ready = threading.Event()

        def batch(env):
            attempts.append(1)
            env.cr.execute("UPDATE res_partner SET comment = 'cron' WHERE id = %s",
                           (self.partner_id,))
            return "done"

        def cron_worker():
            with api.Environment.manage(), self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cr.execute("SELECT pg_backend_pid()")
                batch_pid.append(cr.fetchone()[0])
                ready.wait(LOCK_WAIT_TIMEOUT)
                try:
                    outcome["result"] = env["customer.batch.runner"]._run_batches(
                        "Concurrent batch test", [[self.partner_id]], lambda ids: batch(env))[0]
                except Exception as error:  # reported by the assertions below
                    outcome["error"] = error

        with self.registry.cursor() as user_cr, self.registry.cursor() as watch_cr:
            # A user saves the customer and has not committed yet when the batch reaches it.
            user_cr.execute("UPDATE res_partner SET comment = 'user' WHERE id = %s",
                            (self.partner_id,))
            worker = threading.Thread(target=cron_worker)
            worker.start()
            deadline = time.time() + LOCK_WAIT_TIMEOUT
            while not batch_pid and time.time() < deadline:
                time.sleep(0.01)
            ready.set()
            self._wait_for_lock_wait(watch_cr, batch_pid[0])
            user_cr.commit()
            worker.join(LOCK_WAIT_TIMEOUT)
        self.assertFalse(worker.is_alive())
        self.assertNotIn("error", outcome, "the batch failed instead of being retried")
        self.assertEqual(outcome.get("result"), "done")
        self.assertEqual(len(attempts), 2, "refused once by PostgreSQL, then run again")
        with self.registry.cursor() as cr:
            cr.execute("SELECT comment FROM res_partner WHERE id = %s", (self.partner_id,))
            self.assertEqual(cr.fetchone()[0], "cron", "the batch's work was committed")
