"""One scheduled action of our addons, run in a process of its own as the cron worker runs it.

  cron_child.py --db DB --cron XMLID [--batch-limit N] [--days-ahead D] [--pause-after-commit K]

Calls the cron's ``_cron_*`` method (the one its code names) as the cron's user, with
``batch_limit=N`` when the method takes one, so that a run has several committed batches, and
``date_ref`` D days after today when it takes one (a night months later has work to do).
With ``--pause-after-commit K`` it prints ``COMMITTED K`` after the K-th commit of its cursor
(the batch runner's commits: the first is the one before the batches), then goes on into the
next batches and, at the first INSERT, UPDATE or DELETE after it, prints ``WRITING <commits>``
and waits a moment inside the open transaction, so that tests/faults/run.py SIGKILLs it or
restarts PostgreSQL under it with a batch half-written. A run that writes nothing more pauses
before its last commit instead (``IDLE <commits>``). Prints ``DONE <commits>`` when the cron
returns.
"""
import argparse
import datetime
import inspect
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "upgrade"))
from fingerprint import start_odoo  # noqa: E402

WRITE_WORDS = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--cron", required=True)
    parser.add_argument("--batch-limit", type=int)
    parser.add_argument("--days-ahead", type=int, default=0)
    parser.add_argument("--pause-after-commit", type=int)
    args = parser.parse_args(argv)
    odoo, registry = start_odoo(args.db)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        cron = env.ref(args.cron)
        method = re.match(r"\s*model\.(_cron_\w+)\(", cron.code).group(1)
        model = env[cron.model_id.model].sudo(cron.user_id)
        kwargs = {}
        parameters = inspect.signature(getattr(type(model), method)).parameters
        if args.batch_limit and "batch_limit" in parameters:
            kwargs["batch_limit"] = args.batch_limit
        if args.days_ahead and "date_ref" in parameters:
            kwargs["date_ref"] = odoo.fields.Date.to_string(
                datetime.date.today() + datetime.timedelta(days=args.days_ahead))
        commit, execute, count, armed = cr.commit, cr.execute, [0], [False]

        def pause(word):
            armed[0] = False
            print("%s %d" % (word, count[0]), flush=True)
            time.sleep(1.0)

        def counted_commit():
            result = commit()
            count[0] += 1
            if count[0] == args.pause_after_commit:
                print("COMMITTED %d" % count[0], flush=True)
                armed[0] = True
            return result

        def watched_execute(query, *a, **k):
            result = execute(query, *a, **k)
            if armed[0] and writes(query):
                pause("WRITING")
            return result

        def writes(query):
            if isinstance(query, bytes):  # psycopg2's execute_values
                query = query.decode("utf-8", "replace")
            elif not isinstance(query, str):  # psycopg2.sql
                query = query.as_string(cr._cnx)
            head = query.lstrip()[:6].upper()
            return head in ("INSERT", "UPDATE", "DELETE") or (
                head.startswith("WITH") and WRITE_WORDS.search(query))
        cr.commit = counted_commit
        cr.execute = watched_execute
        getattr(model, method)(**kwargs)
        if armed[0]:
            pause("IDLE")
        commit()
    print("DONE %d" % count[0], flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
