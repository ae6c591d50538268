"""Fault suite: scheduled actions killed or cut off from PostgreSQL mid-run, an import killed.

  run.py --base DB [--only crons,restart,import] [--crons XMLID,...] [--batch-limit N]
         [--import-rows N] [--out FILE.md]

``DB`` is a filled database with our addons (bin/test-faults builds it); it is never changed:
every case runs on copies of it (``createdb -T``).

* crons: for each scheduled action of our addons (enumerated from the database), a reference
  copy runs it straight through, another copy is SIGKILLed in the batch after the first
  committed one, once that batch has written (its transaction open: tests/faults/cron_child.py),
  and run again, and the two must end equal (tests/faults/outcome.py); last, the reference copy
  runs it once more, which must change nothing (idempotence).
* restart: the same, but PostgreSQL is restarted (``pg_ctlcluster ... restart``) at that point:
  the run must stop with an error (no hang) and the next one complete equal.
* import: 5,000 customers imported through ``base_import`` in one process, SIGKILLed half-way
  (after half the time a complete import takes): either nothing or every row, and no customer
  lacking a value a complete import gives every row.
Exits non-zero on any failure and writes a Markdown report.
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import xmlrpc.client

from psycopg2 import sql

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from outcome import cursor, created_counts, differences, max_ids, outcome  # noqa: E402

PY = os.environ.get("CRM_PY", sys.executable)
OUR_MODULES = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")
CHILD_TIMEOUT = 1800
# Crons taking a date_ref run as of this many days later, when generated customers have aged.
DAYS_AHEAD = 120


def copy_db(base, name):
    drop_db(name)
    subprocess.check_call(["createdb", "-T", base, name])


def drop_db(name):
    subprocess.call(["dropdb", "--if-exists", name], stderr=subprocess.DEVNULL)


def wait_backends_gone(db, timeout=120):
    """Wait until no PostgreSQL backend works on ``db`` any more. A SIGKILLed client's backend
    finishes its statement (a COMMIT in flight too) before it notices; in production Odoo's lock
    on the cron row, held by that backend, keeps the next run of the job waiting the same way."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with cursor("postgres") as cr:
            cr.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (db,))
            if not cr.fetchone()[0]:
                return
        time.sleep(0.2)
    raise AssertionError("the killed run's backend still works on %s after %d s" % (db, timeout))


def scheduled_actions(base):
    with cursor(base) as cr:
        cr.execute("""SELECT module || '.' || name FROM ir_model_data
                       WHERE model = 'ir.cron' AND module IN %s ORDER BY module, name""",
                   (OUR_MODULES,))
        return [row[0] for row in cr.fetchall()]


def child(db, cron, batch_limit, pause=None):
    command = [PY, os.path.join(HERE, "cron_child.py"), "--db", db, "--cron", cron,
               "--batch-limit", str(batch_limit), "--days-ahead", str(DAYS_AHEAD)]
    if pause:
        command += ["--pause-after-commit", str(pause)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)


def run_through(db, cron, batch_limit):
    """Run the cron to its end: (seconds, commits) or an AssertionError naming the failure."""
    start = time.time()
    process = child(db, cron, batch_limit)
    out, err = process.communicate(timeout=CHILD_TIMEOUT)
    done = [line for line in out.splitlines() if line.startswith("DONE")]
    if process.returncode != 0 or not done:
        raise AssertionError("%s did not complete on %s (exit %s): %s"
                             % (cron, db, process.returncode, err.strip()[-2000:]))
    return time.time() - start, int(done[0].split()[1])


def interrupt(db, cron, batch_limit, fault, pause):
    """Start the cron and apply the fault at its first write after its ``pause``-th commit:
    (where the fault came: ("WRITING" or "IDLE" (nothing written before the end), the commits
    made) or None when the run ended first; the exit code; stderr)."""
    process = child(db, cron, batch_limit, pause)
    reached = None
    for line in process.stdout:
        if line.startswith(("WRITING", "IDLE")):
            reached = tuple(line.split()[:2])
            if fault == "kill":
                os.kill(process.pid, signal.SIGKILL)
            else:
                restart_postgresql()
            break
        if line.startswith("DONE"):
            break
    try:
        out, err = process.communicate(timeout=CHILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("%s hung after PostgreSQL restarted" % cron)
    return reached, process.returncode, err


def can_restart():
    """Whether this process may restart PostgreSQL: root, or sudo without a password."""
    return os.geteuid() == 0 or subprocess.call(
        ["sudo", "-n", "true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0


def restart_postgresql():
    """Restart the cluster serving PGHOST/PGPORT, as an administrator's restart does."""
    clusters = subprocess.check_output(["pg_lsclusters", "-h"], universal_newlines=True)
    port = os.environ.get("PGPORT", "5432")
    version, name = next(line.split()[:2] for line in clusters.splitlines()
                         if line.split()[2] == port)
    command = ["pg_ctlcluster", version, name, "restart"]
    if os.geteuid() != 0:
        command = ["sudo", "-n"] + command
    subprocess.check_call(command)
    for _attempt in range(60):
        if subprocess.call(["pg_isready", "-q"]) == 0:
            return
        time.sleep(1)
    raise AssertionError("PostgreSQL did not come back after the restart")


def case_cron(base, cron, batch_limit, before, initial, faults):
    """(rows for the report, failures) of one cron under each fault.

    One reference copy runs the cron straight through; each fault gets a copy of its own that
    is interrupted and run again, and must end as the reference; last, the reference runs the
    cron a second time, which must change nothing (idempotence).
    """
    tag = str(os.getpid())
    reference = base + "_ref_" + tag
    rows, failures = [], []
    try:
        copy_db(base, reference)
        seconds, commits = run_through(reference, cron, batch_limit)
        expected = outcome(reference, before)
        created = created_counts(initial, expected)
        made = ", ".join("%s %s" % item for item in sorted(created.items())) or "nothing"
        # After the first committed batch (the runner commits once before its batches); a job
        # with a single batch is interrupted in that batch, after the runner's first commit.
        pause = 2 if commits > 2 else 1
        for fault in faults:
            verdict, found = interrupted_case(base, cron, batch_limit, before, expected, fault,
                                              pause, commits)
            failures += found
            rows.append([cron, fault, seconds, made, verdict, "-"])
        run_through(reference, cron, batch_limit)
        again = differences(expected, outcome(reference, before))
        failures += ["%s (run twice): %s" % (cron, sentence) for sentence in again]
        for row in rows:
            row[5] = "nothing" if not again else "; ".join(again)
    except AssertionError as error:
        failures.append(str(error))
        rows.append([cron, "/".join(faults), 0, "-", "failed", "-"])
    finally:
        drop_db(reference)
    return [tuple(row) for row in rows], failures


def interrupted_case(base, cron, batch_limit, before, expected, fault, pause, commits):
    """(verdict, failures) of the cron interrupted by ``fault`` at its commit ``pause``."""
    faulty = "%s_cut_%s_%d" % (base, fault, os.getpid())
    failures = []
    try:
        copy_db(base, faulty)
        reached, code, err = interrupt(faulty, cron, batch_limit, fault, pause)
        if not reached:
            return "no commit reached", ["%s: never reached its commit %d" % (cron, pause)]
        where, reached_commit = reached[0], int(reached[1])
        note = ("in a batch after commit %d of %d, half-written: " if where == "WRITING"
                else "after commit %d of %d, the last: ") % (reached_commit, commits)
        if fault == "kill" and code != -signal.SIGKILL:
            failures.append("%s: the SIGKILL did not end the run (exit %s)" % (cron, code))
        wait_backends_gone(faulty)
        if fault == "restart" and code == 0:
            note += "the run ended before PostgreSQL went down; "
        elif fault == "restart" and "Error" not in err:
            failures.append("%s: failed after the restart without saying why" % cron)
        run_through(faulty, cron, batch_limit)
        found = differences(expected, outcome(faulty, before))
        failures += ["%s (%s): %s" % (cron, fault, sentence) for sentence in found]
        return note + ("equal" if not found else "DIFFERENT"), failures
    except AssertionError as error:
        return "failed", failures + [str(error)]
    finally:
        drop_db(faulty)


def import_child(db, rows, marker):
    command = [PY, os.path.join(HERE, "import_child.py"), "--db", db, "--rows", str(rows),
               "--marker", marker]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)


def imported(db, marker):
    """(count, {column: rows with it empty}) of the customers the import created."""
    with cursor(db) as cr:
        cr.execute("SELECT column_name FROM information_schema.columns "
                   "WHERE table_name = 'res_partner' ORDER BY column_name")
        columns = [row[0] for row in cr.fetchall()]
        cr.execute("SELECT count(*) FROM res_partner WHERE email LIKE %s", ("%@" + marker,))
        count = cr.fetchone()[0]
        cr.execute(sql.SQL("SELECT {} FROM res_partner WHERE email LIKE %s").format(
            sql.SQL(", ").join(sql.SQL("count(*) - count({})").format(sql.Identifier(c))
                               for c in columns)), ("%@" + marker,))
        empty = dict(zip(columns, cr.fetchone()))
    return count, empty


def case_import(base, rows):
    tag = str(os.getpid())
    reference, faulty = base + "_imp_ref_" + tag, base + "_imp_cut_" + tag
    marker = "faultimport.example.com"
    failures = []
    try:
        copy_db(base, reference)
        copy_db(base, faulty)
        start = time.time()
        process = import_child(reference, rows, marker)
        out, err = process.communicate(timeout=CHILD_TIMEOUT)
        seconds = time.time() - start
        if process.returncode != 0:
            return (rows, seconds, "-", "reference import failed"), [err.strip()[-2000:]]
        full_count, full_empty = imported(reference, marker)
        if full_count != rows:
            failures.append("the complete import created %d customers of %d" % (full_count, rows))
        process = import_child(faulty, rows, marker)
        time.sleep(seconds / 2)
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        wait_backends_gone(faulty)
        count, empty = imported(faulty, marker)
        if count not in (0, full_count):
            failures.append("the killed import left %d of %d customers" % (count, full_count))
        half = sorted(c for c, n in empty.items() if n and not full_empty.get(c))
        if count and half:
            failures.append("customers of the killed import lack %s" % ", ".join(half))
        return (rows, seconds, count, "whole" if not failures else "BROKEN"), failures
    finally:
        drop_db(reference)
        drop_db(faulty)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db):
    """An Odoo server with two HTTP workers on ``db``: (process, url)."""
    port = free_port()
    command = [PY, os.path.join(ROOT, "bin", "odoo"), "-c", os.path.join(ROOT, "odoo.conf"),
               "-d", db, "--db-filter", "^%s$" % db, "--http-port", str(port),
               "--longpolling-port", str(free_port()), "--workers", "2",
               "--max-cron-threads", "0", "--log-level", "warn"]
    for option, env in (("--db_host", "PGHOST"), ("--db_port", "PGPORT"), ("--db_user", "PGUSER")):
        if os.environ.get(env):
            command += [option, os.environ[env]]
    os.makedirs(os.path.join(ROOT, "artifacts"), exist_ok=True)
    with open(os.path.join(ROOT, "artifacts", "faults-server.log"), "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = "http://127.0.0.1:%d" % port
    for _attempt in range(180):
        try:
            urllib.request.urlopen(url + "/web/login", timeout=5)
            return process, url
        except OSError:
            time.sleep(1)
    os.killpg(process.pid, signal.SIGTERM)
    raise AssertionError("the Odoo server did not start")


def case_concurrent(base, rounds):
    """Two users save the same customer at the same moment, ``rounds`` times.

    One through the web client's JSON-RPC (/web/dataset/call_kw), one over XML-RPC, released
    together by a barrier. Every save must succeed (Odoo retries a transaction that met a
    concurrent update) or be refused with a message that is not a traceback, and the tracked
    history must be one chain: each change's old value is the previous change's new value.
    """
    db = base + "_conc_" + str(os.getpid())
    failures = []
    copy_db(base, db)
    server = None
    try:
        with cursor(db) as cr:
            cr.execute("""SELECT id FROM res_partner WHERE customer AND is_company
                           AND parent_id IS NULL AND active ORDER BY id LIMIT 1""")
            partner_id = cr.fetchone()[0]
        server, url = start_server(db)
        session = requests_session(url, db, "admin", "admin")
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", allow_none=True)
        models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
        uid = common.authenticate(db, "bench_manager", "bench", {})
        barrier = threading.Barrier(2, timeout=300)
        outcomes = {"ok": 0, "refused": [], "errors": []}
        lock = threading.Lock()

        def guarded(client):
            def run():
                try:
                    client()
                except Exception as error:  # noqa: BLE001 (reported as a failure)
                    record({"message": "%s: %s" % (type(error).__name__, error)})
                    barrier.abort()
            return run

        def web_client():
            for number in range(rounds):
                barrier.wait()
                payload = {"jsonrpc": "2.0", "method": "call", "id": number, "params": {
                    "model": "res.partner", "method": "write",
                    "args": [[partner_id], {"employee_count": 1000 + number}], "kwargs": {}}}
                answer = json.loads(session(url + "/web/dataset/call_kw", payload))
                record(answer.get("error"))

        def rpc_client():
            for number in range(rounds):
                barrier.wait()
                try:
                    models.execute_kw(db, uid, "bench", "res.partner", "write",
                                      [[partner_id], {"employee_count": 2000 + number}])
                    record(None)
                except xmlrpc.client.Fault as fault:
                    # Odoo's XML-RPC fault codes 2-4 are UserError/AccessDenied/AccessError
                    # (a message); 1 is any other exception (a traceback).
                    record({"message": fault.faultString, "data": {
                        "exception_type": "user_error" if fault.faultCode in (2, 3, 4) else "",
                        "message": fault.faultString}})

        def record(error):
            with lock:
                if not error:
                    outcomes["ok"] += 1
                elif error.get("data", {}).get("exception_type") in (
                        "user_error", "validation_error", "access_error", "warning"):
                    outcomes["refused"].append(error["data"]["message"])
                else:
                    outcomes["errors"].append(str(error)[:300])

        threads = [threading.Thread(target=guarded(web_client)),
                   threading.Thread(target=guarded(rpc_client))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if outcomes["errors"]:
            failures.append("concurrent saves: %d errors, e.g. %s"
                            % (len(outcomes["errors"]), outcomes["errors"][0]))
        with cursor(db) as cr:
            cr.execute("""SELECT v.old_value_integer, v.new_value_integer
                            FROM mail_tracking_value v JOIN mail_message m ON m.id = v.mail_message_id
                           WHERE m.model = 'res.partner' AND m.res_id = %s
                             AND v.field = 'employee_count' ORDER BY m.id""", (partner_id,))
            chain = cr.fetchall()
            cr.execute("SELECT employee_count FROM res_partner WHERE id = %s", (partner_id,))
            final = cr.fetchone()[0]
        broken = [i for i in range(1, len(chain)) if chain[i][0] != chain[i - 1][1]]
        if broken:
            failures.append("tracked history is not one chain at change %d of %d: %s then %s"
                            % (broken[0], len(chain), chain[broken[0] - 1], chain[broken[0]]))
        if chain and chain[-1][1] != final:
            failures.append("the last tracked value %s is not the saved value %s"
                            % (chain[-1][1], final))
        return (2 * rounds, outcomes["ok"], len(outcomes["refused"]), len(outcomes["errors"]),
                len(chain)), failures
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        drop_db(db)


def requests_session(url, db, login, password):
    """A web client session: a function posting JSON with the session cookie."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())

    def post(address, payload):
        request = urllib.request.Request(address, json.dumps(payload).encode("utf-8"),
                                         {"Content-Type": "application/json"})
        return opener.open(request, timeout=120).read().decode("utf-8")
    answer = json.loads(post(url + "/web/session/authenticate", {
        "jsonrpc": "2.0", "method": "call", "params": {
            "db": db, "login": login, "password": password}}))
    if not answer.get("result", {}).get("uid"):
        raise AssertionError("the web login of %s failed: %s" % (login, answer))
    return post


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--only", default="crons,restart,import,concurrent")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--crons", help="comma-separated cron XML ids (default: all of ours)")
    parser.add_argument("--batch-limit", type=int, default=500)
    parser.add_argument("--import-rows", type=int, default=5000)
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    crons = args.crons.split(",") if args.crons else scheduled_actions(args.base)
    before = max_ids(args.base)
    initial = outcome(args.base, before)
    rows, failures = [], []
    notes = []
    if "restart" in only and not can_restart():
        only.discard("restart")
        notes.append("PostgreSQL restarts skipped: they need root or sudo without a password.")
        print(notes[-1], flush=True)
    faults = [fault for fault, key in (("kill", "crons"), ("restart", "restart")) if key in only]
    if faults:
        for cron in crons:
            print("... %s: %s" % ("/".join(faults), cron), flush=True)
            cron_rows, found = case_cron(args.base, cron, args.batch_limit, before, initial, faults)
            print("    %s" % (found or "ok"), flush=True)
            rows += cron_rows
            failures += found
    report = ["# Fault suite", "", "Base database: %s; batches of %d." % (args.base, args.batch_limit),
              ""] + notes + ["", "| scheduled action | fault | straight run (s) | what it did (+created ~changed -deleted rows) | "
              "after the fault and a rerun | run twice creates |", "|---|---|---:|---|---|---|"]
    report += ["| %s | %s | %.1f | %s | %s | %s |" % row for row in rows]
    if "import" in only:
        print("... import killed half-way", flush=True)
        row, found = case_import(args.base, args.import_rows)
        print("    %s %s" % (row, found or "ok"), flush=True)
        failures += found
        report += ["", "| import rows | complete import (s) | rows left by the killed import | "
                   "verdict |", "|---:|---:|---:|---|", "| %s | %.1f | %s | %s |" % row]
    if "concurrent" in only:
        print("... two users saving one customer at once", flush=True)
        row, found = case_concurrent(args.base, args.rounds)
        print("    %s %s" % (row, found or "ok"), flush=True)
        failures += found
        report += ["", "| concurrent saves | succeeded | refused with a message | errors | "
                   "tracked changes (one chain) |", "|---:|---:|---:|---:|---:|",
                   "| %d | %d | %d | %d | %d |" % row]
    report += ["", "## Failures", ""] + (["- %s" % f for f in failures] or ["- none"])
    text = "\n".join(report) + "\n"
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text)
    print(text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
