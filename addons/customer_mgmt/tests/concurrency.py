"""Requests in real concurrent transactions, for the tests where two users race."""
import threading
import time

from odoo import api
from odoo.service import model as rpc_model

WAIT_SECONDS = 30


def rpc_call(dbname, uid, model, method, *args):
    """One request through Odoo's RPC dispatcher, which retries a transaction refused for a
    concurrent update: ``{"result": ...}`` or ``{"error": exception}``."""
    with api.Environment.manage():
        try:
            return {"result": rpc_model.execute(dbname, uid, model, method, *args)}
        except Exception as error:  # reported by the assertions of the tests
            return {"error": error}


def run_overlapping(registry, lock_query, lock_params, calls):
    """Run the calls ``(uid, model, method, *args)``, each in a thread of its own, while a
    cursor holds the lock ``lock_query`` takes, and let it go once all of them wait for it.

    Returns how many waited, the outcomes in the order of the calls, and whether one hangs.
    """
    outcomes = [{} for _call in calls]

    def run(call, outcome):
        outcome.update(rpc_call(registry.db_name, *call))

    with registry.cursor() as blocker, registry.cursor() as watch:
        blocker.execute(lock_query, lock_params)
        threads = [threading.Thread(target=run, args=(call, outcome))
                   for call, outcome in zip(calls, outcomes)]
        for thread in threads:
            thread.start()
        deadline, waiting = time.time() + WAIT_SECONDS, 0
        while time.time() < deadline and waiting < len(calls):
            watch.execute("""SELECT count(*) FROM pg_stat_activity
                              WHERE datname = current_database() AND wait_event_type = 'Lock'""")
            waiting = watch.fetchone()[0]
            watch.rollback()  # pg_stat_activity stays the same within a transaction
            time.sleep(0.05)
        blocker.rollback()
        for thread in threads:
            thread.join(WAIT_SECONDS)
    return waiting, outcomes, any(thread.is_alive() for thread in threads)
