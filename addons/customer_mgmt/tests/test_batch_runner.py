"""The batch runner of the scheduled actions, and every cron of the three addons going through it.

Commits and retries happen only outside tests: those tests run the runner in a thread of its
own with a cursor of its own, as a cron worker does, and clean up what it committed.
"""
import logging
import os
import re
import threading

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.modules import get_module_path

from odoo.addons.customer_mgmt.models.customer_batch_runner import BATCH_TRIES

from .common import CustomerCase

ADDONS = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")
RUNNER_LOGGER = "odoo.addons.customer_mgmt.models.customer_batch_runner"
LOG_LEVEL = logging.INFO  # by number: Odoo names its level 25 "INFO" too
TEST_PARAM = "customer_mgmt.test_batch_runner"
THREAD_TIMEOUT = 60


class TestBatchRunner(CustomerCase):

    def _in_cron_thread(self, job, context=None):
        """Run job(runner) in a thread with a cursor of its own, as a cron worker; its outcome.

        The thread rolls back at the end: what persists was committed by the runner.
        """
        outcome = {}

        def worker():
            with api.Environment.manage(), self.registry.cursor() as cr:
                runner = api.Environment(cr, SUPERUSER_ID, context or {})["customer.batch.runner"]
                try:
                    outcome["result"] = job(runner)
                except Exception as error:  # reported by the tests
                    outcome["error"] = error
                cr.rollback()

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(THREAD_TIMEOUT)
        self.assertFalse(thread.is_alive(), "the cron thread did not finish")
        return outcome

    def _committed_param(self):
        with self.registry.cursor() as cr:
            cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", (TEST_PARAM,))
            row = cr.fetchone()
        return row and row[0]

    def _remove_param(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM ir_config_parameter WHERE key = %s", (TEST_PARAM,))
            cr.commit()

    @staticmethod
    def _set_param(runner, value):
        runner.env["ir.config_parameter"].set_param(TEST_PARAM, value)
        return value

    def test_commits_only_outside_tests_and_without_the_context_key(self):
        runner = self.env["customer.batch.runner"]
        self.assertFalse(runner._commits(), "a test thread never commits")
        told_not_to = runner.with_context(customer_mgmt_no_commit=True)
        decisions = {}

        def worker():
            decisions["cron"] = runner._commits()
            decisions["no_commit"] = told_not_to._commits()

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(THREAD_TIMEOUT)
        self.assertEqual(decisions, {"cron": True, "no_commit": False})

    def test_each_batch_is_committed_in_a_cron_thread(self):
        self.addCleanup(self._remove_param)
        outcome = self._in_cron_thread(lambda runner: runner._run_batches(
            "Test job", [["first"], ["second"]],
            lambda batch: self._set_param(runner, batch[0])))
        self.assertEqual(outcome, {"result": ["first", "second"]})
        self.assertEqual(self._committed_param(), "second", "the batches were committed")

    def test_context_key_keeps_batches_in_the_callers_transaction(self):
        self.addCleanup(self._remove_param)
        outcome = self._in_cron_thread(lambda runner: runner._run_batches(
            "Test job", [["first"]], lambda batch: self._set_param(runner, batch[0])),
            context={"customer_mgmt_no_commit": True})
        self.assertEqual(outcome, {"result": ["first"]})
        self.assertFalse(self._committed_param(), "nothing was committed under the context key")

    def test_batch_refused_once_is_rolled_back_and_run_again(self):
        self.addCleanup(self._remove_param)
        attempts = []

        def func(batch):
            attempts.append(batch)
            self._set_param(runner_of[0], "attempt %d" % len(attempts))
            if len(attempts) == 1:
                raise psycopg2.extensions.TransactionRollbackError("could not serialize access")
            return "done"

        runner_of = []

        def job(runner):
            runner_of.append(runner)
            return runner._run_batches("Retried job", [["only"]], func)

        with self.assertLogs(RUNNER_LOGGER, LOG_LEVEL) as logs:
            outcome = self._in_cron_thread(job)
        self.assertEqual(outcome, {"result": ["done"]})
        self.assertEqual(attempts, [["only"], ["only"]], "refused once, then run again")
        self.assertEqual(self._committed_param(), "attempt 2", "the refused attempt rolled back")
        self.assertTrue(any("retrying it (1/%d)" % (BATCH_TRIES - 1) in line
                            for line in logs.output), logs.output)
        self.assertTrue(any("Retried job: 1 batches, 1 items, 1 retries" in line
                            for line in logs.output), logs.output)

    def test_batch_always_refused_raises_after_the_last_try(self):
        attempts = []

        def func(batch):
            attempts.append(batch)
            raise psycopg2.extensions.TransactionRollbackError("deadlock detected")

        outcome = self._in_cron_thread(
            lambda runner: runner._run_batches("Doomed job", [["only"]], func))
        self.assertIsInstance(outcome.get("error"), psycopg2.extensions.TransactionRollbackError)
        self.assertEqual(len(attempts), BATCH_TRIES)

    def test_in_tests_a_refused_batch_is_not_retried(self):
        attempts = []

        def func(batch):
            attempts.append(batch)
            raise psycopg2.extensions.TransactionRollbackError("could not serialize access")

        with self.assertRaises(psycopg2.extensions.TransactionRollbackError):
            self.env["customer.batch.runner"]._run_batches("Test job", [["only"]], func)
        self.assertEqual(len(attempts), 1, "no rollback, hence no retry, in the test's transaction")

    def test_batches_are_read_one_at_a_time_and_the_job_logged(self):
        done = []

        def batches():
            for batch in ([1, 2], [3]):
                yield batch + [len(done)]  # how many batches were done when this one was read

        with self.assertLogs(RUNNER_LOGGER, LOG_LEVEL) as logs:
            results = self.env["customer.batch.runner"]._run_batches(
                "Test job", batches(), lambda batch: done.append(batch) or len(batch))
        self.assertEqual(done, [[1, 2, 0], [3, 1]])
        self.assertEqual(results, [3, 2])
        self.assertEqual(len(logs.output), 1, logs.output)
        self.assertIn("Test job: 2 batches, 5 items, 0 retries", logs.output[0])
        self.assertIn("(not committed)", logs.output[0])


class TestScheduledActions(CustomerCase):

    def test_every_cron_calls_a_documented_model_method(self):
        crons = self.env["ir.model.data"].search(
            [("model", "=", "ir.cron"), ("module", "in", ADDONS)])
        self.assertGreaterEqual(len(crons), 10)
        for data in crons:
            cron = self.env["ir.cron"].browse(data.res_id)
            match = re.match(r"^model\.(\w+)\(", cron.code.strip())
            self.assertTrue(match, "%s.%s: the code calls one model method" % (
                data.module, data.name))
            name = match.group(1)
            self.assertTrue(name.startswith("_cron_"), "%s calls %s" % (data.name, name))
            method = getattr(type(self.env[cron.model_id.model]), name, None)
            self.assertTrue(method, "%s: %s has no %s" % (data.name, cron.model_id.model, name))
            self.assertEqual(getattr(method, "_api", None), "model", "%s is not @api.model" % name)
            self.assertIn("cron", (method.__doc__ or "").lower(),
                          "the docstring of %s says a cron calls it" % name)

    def test_only_the_batch_runner_commits(self):
        runner_file = os.path.join(get_module_path("customer_mgmt"), "models",
                                   "customer_batch_runner.py")
        committing = []
        for addon in ADDONS:
            root = get_module_path(addon)
            for folder, dirs, files in os.walk(root):
                dirs[:] = [name for name in dirs if name != "tests"]
                for name in files:
                    path = os.path.join(folder, name)
                    if not name.endswith(".py") or path == runner_file:
                        continue
                    with open(path, encoding="utf-8") as source:
                        text = source.read()
                    if "cr.commit(" in text:
                        committing.append(os.path.relpath(path, os.path.dirname(root)))
        self.assertEqual(committing, [])
        with open(runner_file, encoding="utf-8") as source:
            self.assertIn("cr.commit(", source.read())
