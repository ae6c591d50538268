"""The batch runner of every scheduled action of the customer addons.

A cron of customer_mgmt, customer_feedback or customer_lifecycle selects its work, cuts it
into batches and hands them to ``customer.batch.runner``::

    results = self.env["customer.batch.runner"]._run_batches(
        "Public pool: warnings", split_every(batch_limit, rows), self._pool_send_warnings)

The runner commits what the job did before, then runs each batch in a transaction of its own
and commits it: a job that dies half-way keeps the batches it finished, and the next run goes
on from the state, crons being idempotent. A user saving one of the batch's records at the same
moment makes PostgreSQL refuse the batch (serialization failure or deadlock); Odoo does not
retry crons, so the batch is rolled back and run again in a fresh transaction. Tests (a
"testing" thread) and callers passing the context key ``customer_mgmt_no_commit`` (demo data,
benchmarks) get no commit: the batches simply run in the caller's transaction.
This is the only place of the three addons that commits.
"""
import logging
import random
import threading
import time

import psycopg2

from odoo import api, models

_logger = logging.getLogger(__name__)

BATCH_TRIES = 4  # a cron batch that meets a concurrent update runs up to this many times
NO_COMMIT_KEY = "customer_mgmt_no_commit"


class CustomerBatchRunner(models.AbstractModel):
    """Runs the batches of a scheduled action: commit, retry on conflicts, one log line."""

    _name = "customer.batch.runner"
    _description = "Batch Runner of Scheduled Actions"

    @api.model
    def _commits(self):
        """Whether batches commit: not in tests nor under the context key customer_mgmt_no_commit."""
        return not (self.env.context.get(NO_COMMIT_KEY)
                    or getattr(threading.current_thread(), "testing", False))

    @api.model
    def _run_batches(self, label, batches, func):
        """Run ``func(batch)`` for each batch (sized: a recordset, a list) and return the results.

        ``batches`` may be a generator: it is read one batch at a time, after the previous
        batch was committed, so that it can select the next batch from the state the previous
        one left. ``func`` must be idempotent: on a serialization failure or deadlock the batch
        is rolled back and run again, up to BATCH_TRIES times, before the error is raised.
        Logs the label with the number of batches, items, retries and seconds.
        """
        commits = self._commits()
        start = time.time()
        results, items, retries = [], 0, 0
        if commits:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        for batch in batches:
            result, tries = self._run_batch(func, batch) if commits else (func(batch), 1)
            results.append(result)
            items += len(batch)
            retries += tries - 1
        _logger.info("%s: %d batches, %d items, %d retries, %.1f s%s", label, len(results),
                     items, retries, time.time() - start, "" if commits else " (not committed)")
        return results

    @api.model
    def _run_batch(self, func, batch):
        """(result, tries) of one batch run and committed in a transaction of its own."""
        cr = self.env.cr
        for attempt in range(1, BATCH_TRIES + 1):
            try:
                result = func(batch)
                cr.commit()  # pylint: disable=invalid-commit
                return result, attempt
            except psycopg2.extensions.TransactionRollbackError as error:
                cr.rollback()
                self.env.clear()
                if attempt == BATCH_TRIES:
                    raise
                _logger.info("A scheduled batch met a concurrent update (%s); retrying it (%d/%d)",
                             error.pgcode, attempt, BATCH_TRIES - 1)
                time.sleep(0.2 * attempt + random.random() * 0.3)
