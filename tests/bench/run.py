"""Benchmark runner: fills databases and measures our addons against plain Odoo 11 and SQL.

Run with the project's Python 3.7 (``$CRM_PY``); bin/bench drives it:

  run.py fill --db PLAIN --size N            common data (plain database, before the copy)
  run.py fill-ours --db OURS                 data only our addons have (after installing them)
  run.py measure --ours OURS --plain PLAIN [--tracked TRACKED] --size N [--runs R]
                 [--clients C] [--requests Q] [--import-rows M] [--out FILE.md] [--json FILE.json]
  run.py profile --db DB [--db DB2] [--out FILE.md]   query log and cProfile of create and write

Times are server-side wall-clock medians; queries are counted on the cursor. Every
measurement that changes data runs in a transaction that is rolled back, so runs repeat.
"""
import argparse
import json
import logging
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

OUR_MODULES = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")
# Our addons plus the bench-only module of the "plain + tracking" database (installed there only).
ADDONS_PATH = ",".join(os.path.join(ROOT, path) for path in ("addons", "tests/bench/addons"))
CUSTOMER_DOMAIN = [("customer", "=", True), ("parent_id", "=", False)]
_logger = logging.getLogger("bench")


# --------------------------------------------------------------------------- set-up

def start_odoo(database=None, extra=()):
    """Parse odoo.conf plus the connection from the environment (what bin/setup exports)."""
    os.chdir(ROOT)  # odoo.conf's addons_path is relative to the repository
    import odoo
    from odoo.tools import config
    args = ["-c", os.path.join(ROOT, "odoo.conf"), "--addons-path", ADDONS_PATH, "--log-level",
            os.environ.get("CRM_BENCH_LOG", "warn"), "--max-cron-threads", "0"]
    for option, env in (("--db_host", "PGHOST"), ("--db_port", "PGPORT"), ("--db_user", "PGUSER")):
        if os.environ.get(env):
            args += [option, os.environ[env]]
    if database:
        args += ["-d", database]
    config.parse_config(args + list(extra))
    logging.getLogger("bench").setLevel(logging.INFO)
    return odoo


class Db(object):
    """A database's registry and fresh cursors/environments on it."""

    def __init__(self, name):
        import odoo
        self.odoo = odoo
        self.name = name
        with odoo.api.Environment.manage():
            self.registry = odoo.registry(name)

    def env(self, cr, uid=None):
        from odoo import SUPERUSER_ID, api
        return api.Environment(cr, uid or SUPERUSER_ID, {})

    def cursor(self):
        return self.registry.cursor()

    def uid(self, login):
        with self.cursor() as cr:
            cr.execute("SELECT id FROM res_users WHERE login = %s", (login,))
            row = cr.fetchone()
            return row and row[0]


def median(values):
    return statistics.median(values) if values else None


def p95(values):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def timed(cr, func):
    """(seconds, queries, result) of func()."""
    queries = cr.sql_log_count
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, cr.sql_log_count - queries, result


# --------------------------------------------------------------------------- fill

def cmd_fill(args):
    start_odoo()
    import generate
    db = Db(args.db)
    with db.odoo.api.Environment.manage(), db.cursor() as cr:
        counts = generate.fill_common(db.env(cr), args.size)
        cr.commit()
    print(json.dumps(counts))


def cmd_fill_ours(args):
    start_odoo()
    import generate
    db = Db(args.db)
    with db.odoo.api.Environment.manage(), db.cursor() as cr:
        recomputed = generate.recompute_ours(db.env(cr)) if args.recompute else None
        counts = generate.fill_ours(db.env(cr))
        if recomputed is not None:
            counts["recomputed"] = recomputed
        cr.commit()
    print(json.dumps(counts))


# --------------------------------------------------------------------------- measurements

def company_values(env, serial, salesperson_id):
    """A company name and phone that pass customer_mgmt's rules, different for each call."""
    return {
        "name": "Hangzhou Benchcreate%s Trading Co., Ltd." % serial,
        "is_company": True, "customer": True,
        "phone": "+86 571 8%03d %04d" % (serial % 1000, (serial * 7) % 10000),
        "email": "sales%s@benchcreate.example.com" % serial,
        "country_id": env.ref("base.cn").id, "city": "Hangzhou", "user_id": salesperson_id,
    }


def create_company_with_contacts(env, serial, salesperson_id):
    """The operation measured: a company and two contact persons, as a salesperson types them."""
    Partner = env["res.partner"]
    company = Partner.create(company_values(env, serial, salesperson_id))
    for k in (1, 2):
        Partner.create({
            "name": "Contact%d %s" % (k, serial), "parent_id": company.id,
            "mobile": "+86 138 %04d %04d" % (serial % 10000, k),
            "email": "c%d.%s@benchcreate.example.com" % (k, serial)})
    return company


def measure_create(db, runs, ops=3):
    """Measurement 1: create a company + 2 contacts, then write a phone, as a salesperson."""
    uid = db.uid("bench_sp_01")
    create_t, create_q, write_t, write_q = [], [], [], []
    with db.odoo.api.Environment.manage():
        for run in range(runs + 1):  # the first run warms caches and is dropped
            with db.cursor() as cr:
                env = db.env(cr, uid)
                for op in range(ops):
                    serial = int(time.time() * 1000) % 10 ** 9 * 10 + op
                    seconds, queries, company = timed(
                        cr, lambda: create_company_with_contacts(env, serial, uid))
                    if run:
                        create_t.append(seconds)
                        create_q.append(queries)
                    seconds, queries, _ = timed(cr, lambda: company.write(
                        {"phone": "+86 571 8%03d %04d" % (op, serial % 10000)}))
                    if run:
                        write_t.append(seconds)
                        write_q.append(queries)
                cr.rollback()
    return {"create_ms": median(create_t) * 1000, "create_queries": median(create_q),
            "write_ms": median(write_t) * 1000, "write_queries": median(write_q)}


def import_csv(rows, offset=0):
    """A customer file as users import it: varied Chinese and international company names
    (some may match existing customers, as in real files), phones, e-mails, cities."""
    import random
    import generate
    rnd = random.Random(offset)
    lines = ["name,is_company,customer,phone,email,city,country_id"]
    for index in range(rows):
        serial = offset + index
        if rnd.random() < 0.7:
            city = rnd.choice(generate.CN_CITIES)
            name = "%s%s%s%s%s" % (city, rnd.choice(generate.CN_WORDS), rnd.choice(
                generate.CN_WORDS), rnd.choice(generate.CN_TRADES), rnd.choice(generate.CN_FORMS))
            phone = "+86 %s %s%07d" % (rnd.choice(generate.CN_AREAS), rnd.choice("56"),
                                        rnd.randrange(10 ** 7))
            country = "China"
        else:
            city = rnd.choice(generate.EN_CITIES)
            name = "%s %s %s %s" % (rnd.choice(generate.EN_WORDS), rnd.choice(generate.EN_WORDS),
                                    rnd.choice(generate.EN_TRADES), rnd.choice(generate.EN_FORMS))
            phone = "+1 212 %03d %04d" % (rnd.randrange(200, 999), rnd.randrange(10000))
            country = "United States"
        lines.append('"%s",True,True,"%s",import%d@benchimport.example.com,"%s",%s'
                     % (name, phone, serial, city, country))
    return ("\n".join(lines) + "\n").encode("utf-8")


def measure_import(db, rows, runs):
    """Measurement 2: base_import of customers (the web client's path), as the manager (our
    addons let only customer managers and data administrators import customers)."""
    uid = db.uid("bench_manager")
    seconds_list, errors = [], 0
    options = {"headers": True, "quoting": '"', "separator": ",", "encoding": "utf-8",
               "date_format": "", "datetime_format": "", "float_thousand_separator": ",",
               "float_decimal_separator": "."}
    fields = ["name", "is_company", "customer", "phone", "email", "city", "country_id"]
    with db.odoo.api.Environment.manage():
        for run in range(runs):
            with db.cursor() as cr:
                env = db.env(cr, uid)
                wizard = env["base_import.import"].create({
                    "res_model": "res.partner", "file": import_csv(rows, run * rows),
                    "file_name": "customers.csv", "file_type": "text/csv"})
                start = time.perf_counter()
                messages = wizard.do(fields, options)
                seconds_list.append(time.perf_counter() - start)
                errors += len([m for m in messages or [] if m.get("type") == "error"])
                if messages:
                    _logger.warning("import messages on %s: %s", db.name, messages[:3])
                cr.rollback()
    return {"import_s": median(seconds_list), "import_errors": errors}


def list_fields(env, view_type="tree"):
    """Fields of the customers list (or kanban) view (our action's view when we have one)."""
    action = env.ref("customer_mgmt.res_partner_action_customer", raise_if_not_found=False)
    view_id = False
    if action:
        views = [v for v, mode in action.views if mode == view_type]
        view_id = views[0] if views else False
    view = env["res.partner"].fields_view_get(view_id=view_id, view_type=view_type)
    return list(view["fields"])


PARTNER_COLUMN = re.compile(r'"res_partner"\."(\w+)" as "')


def measure_list(db, login, runs, view_type="tree"):
    """Measurement 3: first page of customers (80 rows of the list, 40 cards of the kanban,
    default order) plus the count; the queries and the res_partner columns they read."""
    uid = db.uid(login)
    times, queries = [], []
    limit = 80 if view_type == "tree" else 40
    columns = set()
    with db.odoo.api.Environment.manage():
        for run in range(runs + 1):
            with db.cursor() as cr:
                env = db.env(cr, uid)
                names = list_fields(env, view_type)
                Partner = env["res.partner"].with_context(active_test=True)
                original = cr.execute
                statements = []

                def capture(query, params=None, log_exceptions=None):
                    statements.append((str(query), params))
                    return original(query, params) if log_exceptions is None else original(
                        query, params, log_exceptions)

                def page():
                    cr.execute = capture
                    try:
                        rows = Partner.search_read(CUSTOMER_DOMAIN, names, limit=limit)
                        return rows, Partner.search_count(CUSTOMER_DOMAIN)
                    finally:
                        del cr.execute
                seconds, count, result = timed(cr, page)
                if run:
                    times.append(seconds)
                    queries.append(count)
                # Columns of res_partner read for the rows shown (not for related partners).
                shown = {row["id"] for row in result[0]}
                columns = {name for query, params in statements
                           if any(isinstance(p, (tuple, list)) and shown.intersection(p)
                                  for p in params or ())
                           for name in PARTNER_COLUMN.findall(query)}
                cr.rollback()
    return {"ms": median(times) * 1000, "queries": median(queries), "rows": len(result[0]),
            "count": result[1], "columns_read": len(columns), "columns_shown": len(names)}


def floor_list(db, runs):
    """Bare SQL of the first page: 80 customer rows in display order plus the count."""
    times = []
    with db.cursor() as cr:
        for _run in range(runs + 1):
            start = time.perf_counter()
            cr.execute("SELECT id, display_name, phone, email, user_id, city, country_id "
                       "FROM res_partner WHERE customer AND parent_id IS NULL AND active "
                       "ORDER BY display_name, id LIMIT 80")
            cr.fetchall()
            cr.execute("SELECT count(*) FROM res_partner WHERE customer AND parent_id IS NULL "
                       "AND active")
            cr.fetchall()
            times.append(time.perf_counter() - start)
    return median(times[1:]) * 1000


def measure_duplicate(db, runs):
    """Measurement 4: the duplicate check made at create, and the plan of its trigram query."""
    uid = db.uid("bench_sp_01")
    times, captured, plan = [], [], []
    with db.odoo.api.Environment.manage():
        with db.cursor() as cr:
            cr.execute("SELECT name FROM res_partner WHERE ref LIKE 'BENCH-%%' AND is_company "
                       "ORDER BY id LIMIT %s", (runs + 1,))
            names = [row[0] for row in cr.fetchall()]
        Partner = None
        for run, name in enumerate(names):
            with db.cursor() as cr:
                env = db.env(cr, uid)
                Partner = env["res.partner"]
                if not hasattr(Partner, "_find_duplicate_candidates"):
                    return None
                # A near-duplicate as a salesperson would type it: another legal form.
                values = {"name": name.replace("有限公司", "股份有限公司").replace(
                    "Co., Ltd.", "Limited"), "is_company": True,
                    "phone": "+86 571 8765 4321", "email": "new@dup.example.com",
                    "country_id": env.ref("base.cn").id, "parent_id": False}
                original = cr.execute
                log = []

                def capture(query, params=None, log_exceptions=None):
                    log.append((query, params))
                    return original(query, params) if log_exceptions is None else original(
                        query, params, log_exceptions)
                cr.execute = capture
                try:
                    seconds, _q, result = timed(cr, lambda: Partner.browse()._find_duplicate_candidates(values))
                finally:
                    del cr.execute
                if run:
                    times.append(seconds)
                if not plan:
                    for query, params in log:
                        if "similarity" in query:
                            cr.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                                       (str(Partner._duplicate_similarity_threshold()),))
                            cr.execute("EXPLAIN ANALYZE " + query, params)
                            plan = [row[0] for row in cr.fetchall()]
                            captured = [query, params]
                cr.rollback()
    uses_trgm = any("trgm" in line for line in plan)
    floor = None
    if captured:
        with db.cursor() as cr:
            cr.execute("SELECT set_config('pg_trgm.similarity_threshold', '0.6', true)")
            samples = []
            for _run in range(runs + 1):
                start = time.perf_counter()
                cr.execute(captured[0], captured[1])
                cr.fetchall()
                samples.append(time.perf_counter() - start)
            floor = median(samples[1:] or samples) * 1000
    return {"ms": median(times) * 1000 if times else None, "uses_trgm_index": uses_trgm,
            "plan": plan, "floor_ms": floor}


# The ways a salesperson finds a customer (measurement 7); plain Odoo has only the first.
SEARCH_KINDS = ("name fragment", "short name", "former name", "code", "phone", "USCC")


def _search_text(cr, kind, partner):
    """What the user types to find ``partner`` by ``kind``; sets the value first where the
    generated data has none (the transaction is rolled back afterwards)."""
    partner_id, name, phone, code = partner
    if kind == "name fragment":
        start = len(name) // 4
        return name[start:start + 4].strip() or name[:4]
    if kind == "short name":
        cr.execute("UPDATE res_partner SET short_name = %s WHERE id = %s",
                   ("简称%d" % partner_id, partner_id))
        return "简称%d" % partner_id
    if kind == "former name":
        cr.execute("INSERT INTO res_partner_former_name (partner_id, name, date) "
                   "VALUES (%s, %s, now())", (partner_id, "旧名贸易%d有限公司" % partner_id))
        return "旧名贸易%d" % partner_id
    if kind == "code":
        return code
    if kind == "phone":
        return phone
    from stdnum.cn import uscc
    base = "91330100MA%07d" % (partner_id % 10000000)
    number = base + uscc.calc_check_digit(base)
    cr.execute("UPDATE res_partner SET registration_number = %s WHERE id = %s",
               (number, partner_id))
    return number


def measure_search(db, runs):
    """Measurement 7: name_search (the many2one and the search box) as the salesperson, one
    figure per way of finding a customer, and the plan of each one's slowest query."""
    uid = db.uid("bench_sp_01")
    with db.cursor() as cr:
        ours = "customer_code" in db.odoo.tools.table_columns(cr, "res_partner")
        cr.execute("SELECT id, name, phone, %s FROM res_partner WHERE ref LIKE 'BENCH-%%%%' "
                   "AND is_company AND user_id = %%s AND phone IS NOT NULL "
                   "ORDER BY id LIMIT 1" % ("customer_code" if ours else "NULL"), (uid,))
        partner = cr.fetchone()
    result = {}
    with db.odoo.api.Environment.manage():
        for kind in SEARCH_KINDS if ours else SEARCH_KINDS[:1]:
            with db.cursor() as cr:
                text = _search_text(cr, kind, partner)
                env = db.env(cr, uid)
                times, statements = [], []
                original = cr.execute

                def capture(query, params=None, log_exceptions=None):
                    start = time.perf_counter()
                    try:
                        return original(query, params) if log_exceptions is None else \
                            original(query, params, log_exceptions)
                    finally:
                        statements.append((time.perf_counter() - start, query, params))
                found = []
                for run in range(runs + 1):
                    env["res.partner"].invalidate_cache()
                    del statements[:]
                    cr.execute = capture
                    try:
                        seconds, _q, found = timed(
                            cr, lambda: env["res.partner"].name_search(text, limit=8))
                    finally:
                        del cr.execute
                    if run:
                        times.append(seconds)
                slowest = max(statements, key=lambda s: s[0]) if statements else None
                plan = []
                if slowest:
                    cr.execute("EXPLAIN ANALYZE " + slowest[1], slowest[2])
                    plan = [row[0] for row in cr.fetchall()]
                ids = [row[0] for row in found]
                # A fragment may match more customers than the 8 shown: then any is a hit.
                hit = partner[0] in ids or kind == "name fragment" and len(ids) == 8
                result[kind] = {"ms": median(times) * 1000, "text": text, "found": hit,
                                "queries": len(statements), "plan": plan}
                cr.rollback()
    return result


# Bare SQL over the rows a cron reads, matched on the cron's method name.
CRON_FLOORS = [
    (("neglected", "pool"), """
        SELECT p.id, p.user_id, COALESCE(p.last_interaction_date, p.create_date)
        FROM res_partner p WHERE p.customer AND p.parent_id IS NULL AND p.active
          AND p.user_id IS NOT NULL
          AND COALESCE(p.last_interaction_date, p.create_date) < now() - interval '90 days'"""),
    (("duplicate",), """
        SELECT a.id, b.id FROM res_partner a JOIN res_partner b
          ON a.duplicate_key = b.duplicate_key AND a.id < b.id
        WHERE a.duplicate_key IS NOT NULL AND a.active AND b.active"""),
    (("lifecycle", "churn", "signal"), """
        SELECT o.partner_id, count(*), sum(o.amount_total), min(o.date_order), max(o.date_order),
               (SELECT count(*) FROM customer_interaction i WHERE i.partner_id = o.partner_id
                  AND i.date > now() - interval '90 days')
        FROM sale_order o WHERE o.state IN ('sale', 'done') GROUP BY o.partner_id"""),
    (("revisit",), """
        SELECT p.id, p.user_id FROM res_partner p JOIN customer_tier t ON t.id = p.tier_id
        WHERE p.customer AND p.parent_id IS NULL AND p.active AND t.revisit_interval_days > 0
          AND COALESCE(p.last_interaction_date, p.create_date)
              < now() - make_interval(days => t.revisit_interval_days)"""),
    (("verification",), """
        SELECT p.id, p.user_id FROM res_partner p
        WHERE p.customer AND p.parent_id IS NULL AND p.active
          AND (p.last_verified_date IS NULL OR p.last_verified_date < now() - interval '365 days')"""),
    (("quality",), """
        SELECT p.user_id, count(*), avg(p.completeness), sum(p.possible_duplicate::int)
        FROM res_partner p WHERE p.customer AND p.parent_id IS NULL AND p.active
        GROUP BY p.user_id"""),
    (("monthly_report",), """
        SELECT 'region', p.region_id, count(*) FROM res_partner p
        WHERE p.customer AND p.parent_id IS NULL AND p.active GROUP BY p.region_id
        UNION ALL SELECT 'tier', p.tier_id, count(*) FROM res_partner p
        WHERE p.customer AND p.parent_id IS NULL AND p.active GROUP BY p.tier_id
        UNION ALL SELECT 'industry', p.industry_id, count(*) FROM res_partner p
        WHERE p.customer AND p.parent_id IS NULL AND p.active GROUP BY p.industry_id
        UNION ALL SELECT 'stage', p.lifecycle_stage_id, count(*) FROM res_partner p
        WHERE p.customer AND p.parent_id IS NULL AND p.active GROUP BY p.lifecycle_stage_id
        UNION ALL SELECT 'interactions', i.user_id, count(*) FROM customer_interaction i
        WHERE i.date >= date_trunc('month', now()) - interval '1 month'
          AND i.date < date_trunc('month', now()) GROUP BY i.user_id"""),
    (("sla",), """
        SELECT f.id FROM customer_feedback f
        WHERE NOT f.is_closed AND (f.sla_response_deadline < now()
                                   OR f.sla_resolution_deadline < now())"""),
]


def our_crons(db):
    """Every ir.cron that one of our addons defines (from ir_model_data)."""
    with db.cursor() as cr:
        cr.execute("""
            SELECT c.id, d.module || '.' || d.name, c.cron_name, m.model, a.code
            FROM ir_model_data d
            JOIN ir_cron c ON c.id = d.res_id
            JOIN ir_act_server a ON a.id = c.ir_actions_server_id
            JOIN ir_model m ON m.id = a.model_id
            WHERE d.model = 'ir.cron' AND d.module IN %s ORDER BY d.module, d.name
        """, (OUR_MODULES,))
        return cr.fetchall()


def cron_floor(db, code, model, runs=3):
    """Median time of the bare SQL aggregate over the rows the cron reads."""
    table = model.replace(".", "_")
    queries = [sql for keys, sql in CRON_FLOORS if any(k in code for k in keys)]
    queries.append('SELECT count(*) FROM "%s"' % table)
    with db.cursor() as cr:
        for query in queries:
            try:
                samples = []
                for _run in range(runs):
                    start = time.perf_counter()
                    cr.execute(query)
                    cr.fetchall()
                    samples.append(time.perf_counter() - start)
                return median(samples), ("row count" if query is queries[-1] else "aggregate")
            except Exception:  # noqa: BLE001 (a column may not exist yet: next floor)
                cr.rollback()
    return None, None


def write_floor(db, writes, runs=3):
    """Median time of bare SQL writing as many rows into each table as the cron did.

    Per table: INSERT ... SELECT of as many existing rows (new ids, ON CONFLICT DO NOTHING so
    unique keys cost their probe), UPDATE and DELETE of as many rows by id, in one
    transaction rolled back afterwards: the database work the cron cannot avoid, without its
    Python.
    """
    from psycopg2 import sql
    if not writes:
        return 0.0
    samples = []
    with db.cursor() as cr:
        for _run in range(runs):
            start = time.perf_counter()
            for table, (inserted, updated, deleted) in sorted(writes.items()):
                columns = [c for c in db.odoo.tools.table_columns(cr, table) if c != "id"]
                ident = sql.Identifier(table)
                cols = sql.SQL(", ").join(map(sql.Identifier, columns))
                statements = []
                if inserted and columns:
                    statements.append((sql.SQL(
                        "INSERT INTO {t} ({c}) SELECT {c} FROM {t} "
                        "CROSS JOIN generate_series(1, %s) LIMIT %s ON CONFLICT DO NOTHING"
                    ).format(t=ident, c=cols), (inserted, inserted)))
                if updated and columns:
                    column = sql.Identifier("write_date" if "write_date" in columns else columns[0])
                    statements.append((sql.SQL(
                        "UPDATE {t} SET {col} = {col} WHERE id IN "
                        "(SELECT id FROM {t} ORDER BY id LIMIT %s)").format(t=ident, col=column),
                        (updated,)))
                if deleted:
                    statements.append((sql.SQL(
                        "DELETE FROM {t} WHERE id IN (SELECT id FROM {t} ORDER BY id LIMIT %s)"
                    ).format(t=ident), (deleted,)))
                for statement, params in statements:
                    try:
                        with cr.savepoint():
                            cr.execute(statement, params)
                    except Exception:  # noqa: BLE001 (a constraint refuses a copy: not counted)
                        _logger.warning("write floor: %s refused", statement.as_string(cr._obj))
            samples.append(time.perf_counter() - start)
            cr.rollback()
    return median(samples)


CRON_TIMEOUT = int(os.environ.get("CRM_BENCH_CRON_TIMEOUT", "900"))


def run_cron_forked(db, cron_id):
    """Run one cron's server action in a forked child; its time, queries and peak memory.

    The child starts from this process (registry loaded, so its peak RSS includes Odoo's own
    memory, as a cron worker's would), runs the action and rolls back: our crons skip their
    commits in a "testing" thread, so each run sees the same data.
    """
    import psutil
    db.odoo.sql_db.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        status = 0
        try:
            import signal

            def too_long(_signum, _frame):
                raise TimeoutError("still running after %d s: stopped" % CRON_TIMEOUT)
            signal.signal(signal.SIGALRM, too_long)
            signal.alarm(CRON_TIMEOUT)
            threading.current_thread().testing = True
            rss_start = psutil.Process().memory_info().rss
            with db.odoo.api.Environment.manage(), db.cursor() as cr:
                env = db.env(cr)
                cron = env["ir.cron"].browse(cron_id)
                action = cron.ir_actions_server_id.sudo(cron.user_id.id)
                seconds, queries, _ = timed(cr, action.run)
                signal.alarm(0)
                # What the run wrote, table by table (this transaction's statistics).
                cr.execute("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del "
                           "FROM pg_stat_xact_user_tables WHERE schemaname = 'public' "
                           "AND n_tup_ins + n_tup_upd + n_tup_del > 0")
                writes = {row[0]: list(row[1:]) for row in cr.fetchall()}
                cr.rollback()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
            out = {"seconds": seconds, "queries": queries, "rss_start_mb": rss_start / 2 ** 20,
                   "rss_peak_mb": peak / 2 ** 20, "writes": writes}
        except Exception as error:  # noqa: BLE001 (reported by the parent)
            import traceback
            out = {"error": "%s: %s" % (type(error).__name__, error),
                   "traceback": traceback.format_exc()[-3000:]}
            status = 1
        with os.fdopen(write_end, "w") as handle:
            handle.write(json.dumps(out))
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else {"error": "the cron process died"}


def measure_crons(db, runs):
    results = []
    for cron_id, xmlid, name, model, code in our_crons(db):
        print("    %s" % xmlid, flush=True)
        samples = [run_cron_forked(db, cron_id) for _run in range(runs)]
        for sample in samples:
            if "error" in sample:
                _logger.error("cron %s failed: %s", xmlid, sample.get("traceback", sample["error"]))
        ok = [s for s in samples if "seconds" in s]
        floor, kind = cron_floor(db, code, model)
        writes = ok[0]["writes"] if ok else {}
        written = sum(sum(counts) for counts in writes.values())
        floor_write = write_floor(db, writes) if ok else None
        if floor is not None and floor_write is not None:
            floor += floor_write
            kind = "%s + %d rows written" % (kind, written)
        results.append({
            "xmlid": xmlid, "name": name, "code": code.strip(),
            "seconds": median([s["seconds"] for s in ok]) if ok else None,
            "queries": median([s["queries"] for s in ok]) if ok else None,
            "rss_peak_mb": max([s["rss_peak_mb"] for s in ok]) if ok else None,
            "rss_start_mb": min([s["rss_start_mb"] for s in ok]) if ok else None,
            "errors": len(samples) - len(ok),
            "error_samples": [s["error"] for s in samples if "error" in s][:2],
            "floor_s": floor, "floor_kind": kind, "floor_write_s": floor_write,
            "writes": writes})
    return results


# --------------------------------------------------------------------------- concurrency

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_concurrency(db_name, clients, requests_per_client, log_dir, crons_idle=False):
    """Measurement 6: Odoo with --workers=4 and a cron thread, C salespeople over XML-RPC.

    By default every active cron is due, so the nightly jobs run while the clients work (ours
    has ten more than plain Odoo); ``crons_idle`` postpones them all: the clients alone.
    """
    import psycopg2
    import requests
    conn = psycopg2.connect(dbname=db_name)
    with conn, conn.cursor() as cr:
        if crons_idle:
            cr.execute("UPDATE ir_cron SET nextcall = (now() at time zone 'UTC') + interval '1 day' "
                       "WHERE active")
        else:
            cr.execute("UPDATE ir_cron SET nextcall = (now() at time zone 'UTC') - interval '1 minute' "
                       "WHERE active AND numbercall != 0")
    conn.close()
    port = free_port()
    log_path = os.path.join(log_dir, "bench-server-%s.log" % db_name)
    cmd = [sys.executable, os.path.join(ROOT, "bin", "odoo"), "-c", os.path.join(ROOT, "odoo.conf"),
           "--addons-path", ADDONS_PATH, "-d", db_name, "--db-filter", "^%s$" % db_name,
           "--http-port", str(port),
           "--longpolling-port", str(free_port()), "--workers", "4", "--max-cron-threads", "1",
           "--log-level", "info"]
    for option, env in (("--db_host", "PGHOST"), ("--db_port", "PGPORT"), ("--db_user", "PGUSER")):
        if os.environ.get(env):
            cmd += [option, os.environ[env]]
    with open(log_path, "w") as log:
        # Own process group: a cron worker still busy when the test ends is stopped too.
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = "http://127.0.0.1:%d" % port
    try:
        deadline = time.time() + 180
        while True:
            if proc.poll() is not None:
                raise RuntimeError("Odoo exited early; see %s" % log_path)
            try:
                if requests.get(url + "/web/login", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.time() > deadline:
                raise RuntimeError("Odoo did not answer within 180 s; see %s" % log_path)
            time.sleep(1)
        latencies, errors, lock = [], [], threading.Lock()

        def client(index):
            login = "bench_sp_%02d" % (index + 1)
            common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common", allow_none=True)
            models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
            uid = common.authenticate(db_name, login, "bench", {})
            if not uid:
                with lock:
                    errors.append("login %s failed" % login)
                return
            domain = CUSTOMER_DOMAIN + [("user_id", "=", uid)]
            own = []
            for number in range(requests_per_client):
                kind = number % 3
                start = time.perf_counter()
                try:
                    if kind == 0 or not own:
                        rows = models.execute_kw(db_name, uid, "bench", "res.partner", "search_read",
                                                 [domain], {"fields": ["name", "phone", "email",
                                                                       "city"], "limit": 80})
                        own = [row["id"] for row in rows] or own
                    elif kind == 1:
                        models.execute_kw(db_name, uid, "bench", "res.partner", "read",
                                          [own[number % len(own)]],
                                          {"fields": ["name", "phone", "email", "user_id",
                                                      "child_ids", "comment"]})
                    else:
                        models.execute_kw(db_name, uid, "bench", "res.partner", "write",
                                          [[own[number % len(own)]],
                                           {"phone": "+86 571 8%03d %04d" % (index, number)}])
                except Exception as error:  # noqa: BLE001 (counted and reported)
                    with lock:
                        errors.append("%s: %s" % (login, str(error)[:200]))
                    continue
                with lock:
                    latencies.append(time.perf_counter() - start)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - start
    finally:
        import signal
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return {"requests": len(latencies), "errors": len(errors), "error_samples": errors[:5],
            "throughput": len(latencies) / wall if wall else None,
            "p95_ms": p95(latencies) * 1000 if latencies else None, "wall_s": wall}


# --------------------------------------------------------------------------- profile

# Frames of Odoo's ORM plumbing: a query is attributed to the first frame outside them.
PLUMBING = ("/odoo/sql_db.py", "/odoo/models.py", "/odoo/fields.py", "/odoo/api.py",
            "/odoo/tools/", "/odoo/osv/", "<decorator-gen", "tests/bench/run.py",
            "/contextlib.py", "/functools.py")


def _frame_label(frame):
    path = frame.filename
    for marker in ("/odoo/addons/", "/addons/"):
        if marker in path:
            path = path.rsplit(marker, 1)[1]
            break
    else:
        path = path.rsplit("/odoo/", 1)[-1]
    return "%s:%s" % (path, frame.name)


def query_issuers():
    """(issuer, our caller, chain): the frame that sent the query, the innermost frame of our
    addons on the way (None when the query does not come through our code), and the last
    four frames outside the ORM's plumbing."""
    import traceback
    stack = traceback.extract_stack()[:-1]
    frames = [f for f in stack if not any(m in f.filename for m in PLUMBING)] or stack[-1:]
    ours = next((f for f in reversed(stack) if "/addons/customer_" in f.filename
                 and "/odoo/addons/" not in f.filename), None)
    return (_frame_label(frames[-1]), ours and _frame_label(ours),
            " < ".join(_frame_label(f) for f in reversed(frames[-4:])))


def profile_operations(db, login="bench_sp_01"):
    """Query log and cProfile of one create (company + 2 contacts) and one phone write."""
    import cProfile
    import io
    import pstats
    uid = db.uid(login)
    report = {}
    with db.odoo.api.Environment.manage():
        with db.cursor() as cr:
            env = db.env(cr, uid)
            serial = int(time.time() * 1000) % 10 ** 9 * 10

            def create(offset):
                return create_company_with_contacts(env, serial + offset, uid)

            def write(company, offset):
                company.write({"phone": "+86 571 8%03d %04d" % (offset, serial % 10000)})
            write(create(1), 1)  # warms caches, as the first run of measure_create
            # As measure_create: the phone is written on the company just created.
            created = {}
            operations = (("create", lambda n: created.__setitem__(n, create(n))),
                          ("write", lambda n: write(created[n], n)))
            for name, func in operations:
                log = []
                original = cr.execute

                def capture(query, params=None, log_exceptions=None):
                    issuer, ours, chain = query_issuers()
                    start = time.perf_counter()
                    try:
                        return original(query, params) if log_exceptions is None else \
                            original(query, params, log_exceptions)
                    finally:
                        log.append({"ms": (time.perf_counter() - start) * 1000,
                                    "issuer": issuer, "ours": ours, "chain": chain,
                                    "sql": " ".join(str(query).split())[:160]})
                cr.execute = capture
                start = time.perf_counter()
                try:
                    func(2)
                finally:
                    del cr.execute
                wall = (time.perf_counter() - start) * 1000
                report[name] = {"wall_ms": wall, "queries": len(log),
                                "sql_ms": sum(e["ms"] for e in log), "log": log}
            # cProfile on a second, identical pair (its overhead would skew the query log).
            for name, func in operations:
                profiler = cProfile.Profile()
                profiler.enable()
                func(3)
                profiler.disable()
                out = io.StringIO()
                stats = pstats.Stats(profiler, stream=out)
                stats.sort_stats("cumulative").print_stats(r"customer_|mail_thread|mail_message|"
                                                           r"mail_tracking|ir_rule|res_partner", 45)
                text = re.sub(r"\S*/site-packages/", "", out.getvalue())
                report[name]["cprofile"] = text.replace(ROOT + "/", "")
            for data in report.values():
                groups = {}
                for entry in data["log"]:
                    key = (entry["ours"] or "-", entry["issuer"])
                    count, ms = groups.get(key, (0, 0.0))
                    groups[key] = (count + 1, ms + entry["ms"])
                data["groups"] = sorted(([k[0], k[1], c, ms] for k, (c, ms) in groups.items()),
                                        key=lambda g: (-g[2], g[0], g[1]))
            cr.rollback()
    return report


def render_profile(db_name, report):
    lines = []
    for name, data in report.items():
        lines += ["", "## %s on %s: %d queries, %.1f ms of SQL, %.1f ms in all (query log on)"
                  % (name, db_name, data["queries"], data["sql_ms"], data["wall_ms"]), "",
                  "| queries | SQL ms | innermost frame of our addons | issued by |",
                  "|---:|---:|---|---|"]
        for ours, issuer, count, ms in data["groups"]:
            lines.append("| %d | %.1f | %s | %s |" % (count, ms, ours, issuer))
        lines += ["", "Statements in order:", "", "```"]
        for index, entry in enumerate(data["log"], 1):
            lines.append("%3d %6.2f ms  %s\n                %s" % (
                index, entry["ms"], entry["chain"], entry["sql"]))
        lines += ["```", "", "cProfile (second identical operation, cumulative):", "", "```",
                  data["cprofile"].strip(), "```"]
    return "\n".join(lines) + "\n"


def cmd_profile(args):
    start_odoo()
    text = ""
    for name in args.db:
        db = Db(name)
        text += "# Profile of %s\n" % name + render_profile(name, profile_operations(db))
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text)
    print(text)


# --------------------------------------------------------------------------- table

def fmt(value, digits=1):
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return ("%%.%df" % digits) % value
    return str(value)


def ratio(a, b):
    return a / b if a is not None and b else None


def row(figure, ours, plain, floor, ratio_value, goal, met):
    return {"figure": figure, "ours": ours, "plain": plain, "floor": floor,
            "ratio": ratio_value, "goal": goal, "met": met}


def build_rows(r):
    rows = []
    c_o, c_p = (r["create"]["ours"], r["create"]["plain"]) if r.get("create") else (None, None)
    for key, label in (("create", "1. create company + 2 contacts"), ("write", "1. write a phone")):
        if not c_o:
            break
        q = ratio(c_o[key + "_queries"], c_p[key + "_queries"])
        t = ratio(c_o[key + "_ms"], c_p[key + "_ms"])
        rows.append(row(label + " (ms)", c_o[key + "_ms"], c_p[key + "_ms"], None, t, "<= 1.25x",
                        t is not None and t <= 1.25))
        rows.append(row(label + " (queries)", c_o[key + "_queries"], c_p[key + "_queries"], None,
                        q, "<= 1.25x", q is not None and q <= 1.25))
    if r.get("import"):
        i_o, i_p = r["import"]["ours"], r["import"]["plain"]
        t = ratio(i_o["import_s"], i_p["import_s"])
        rows.append(row("2. import %d customers (s; errors %d/%d)" % (
            r["import_rows"], i_o["import_errors"], i_p["import_errors"]),
            i_o["import_s"], i_p["import_s"], None, t, "<= 1.3x",
            t is not None and t <= 1.3 and not i_o["import_errors"]))
    for key, label in (("list", "list"), ("kanban", "kanban")):
        listing = r.get(key)
        if not listing:
            continue
        for role, plain_role in (("salesperson", "plain"), ("manager", "plain_manager")):
            ours, plain = listing[role], listing[plain_role]
            t = ratio(ours["ms"], plain["ms"])
            rows.append(row("3. customers %s as %s (ms; %s queries, %s columns read of the rows "
                            "for %s fields shown; plain %s, %s)" % (
                                label, role, fmt(ours["queries"], 0), ours.get("columns_read"),
                                ours.get("columns_shown"), fmt(plain["queries"], 0),
                                plain.get("columns_read")),
                            ours["ms"], plain["ms"], listing.get("floor_ms"), t, "<= 1.2x plain",
                            t is not None and t <= 1.2))
    dup = r.get("duplicate")
    if dup:
        rows.append(row("4. duplicate check at create (ms; trigram index used: %s)"
                        % fmt(dup["uses_trgm_index"]), dup["ms"], None, dup["floor_ms"],
                        ratio(dup["ms"], dup["floor_ms"]), "< 20 ms, trigram index",
                        dup["ms"] is not None and dup["ms"] < 20 and dup["uses_trgm_index"]))
    search = r.get("search")
    if search:
        plain_fragment = (search["plain"].get("name fragment") or {}).get("ms")
        for kind in SEARCH_KINDS:
            found = search["ours"].get(kind)
            if not found:
                continue
            plain_ms = plain_fragment if kind == "name fragment" else None
            rows.append(row("7. find a customer by %s as salesperson (ms; found: %s)" % (
                kind, fmt(found["found"])), found["ms"], plain_ms, None,
                ratio(found["ms"], plain_ms), "< 50 ms", found["ms"] < 50 and found["found"]))
    for cron in r.get("crons") or []:
        t = ratio(cron["seconds"], cron["floor_s"])
        rows.append(row("5. cron %s (s; peak RSS %s MB; floor %s)" % (
            cron["xmlid"], fmt(cron["rss_peak_mb"], 0), cron["floor_kind"]),
            cron["seconds"], None, cron["floor_s"], t, "< 60 s, <= 3x floor, < 1 GB",
            cron["seconds"] is not None and not cron["errors"] and cron["seconds"] < 60
            and t is not None and t <= 3 and cron["rss_peak_mb"] < 1024))
    con = r.get("concurrency")
    if con:
        o, p = con["ours"], con["plain"]
        t = ratio(o["throughput"], p["throughput"])
        rows.append(row("6. %d clients%s, throughput (req/s; errors %d/%d)" % (
            con["clients"], ", crons idle" if con.get("crons_idle") else "", o["errors"],
            p["errors"]), o["throughput"], p["throughput"], None, t,
            "errors 0", not o["errors"]))
        rows.append(row("6. %d clients, p95 latency (ms)" % con["clients"], o["p95_ms"],
                        p["p95_ms"], None, ratio(o["p95_ms"], p["p95_ms"]), "(reported)", None))
    return rows


def render(rows, header):
    lines = [header, "", "| figure | ours | plain | floor | ratio | goal | met |",
             "|---|---:|---:|---:|---:|---|---|"]
    for r in rows:
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["figure"], fmt(r["ours"], 3 if isinstance(r["ours"], float) and r["ours"] < 1
                             else 1),
            fmt(r["plain"], 3 if isinstance(r["plain"], float) and r["plain"] < 1 else 1),
            fmt(r["floor"], 3), fmt(r["ratio"], 2) + ("x" if r["ratio"] is not None else ""),
            r["goal"], "" if r["met"] is None else ("yes" if r["met"] else "**no**")))
    return "\n".join(lines) + "\n"


def build_tracked_rows(r):
    """Issue 13's table: ours against plain Odoo tracking the same standard fields."""
    rows = []

    def add(label, ours, tracked, plain, goal, limit, higher_is_better=False, extra_ok=True):
        value = ratio(ours, tracked)
        met = None
        if limit is not None:
            met = value is not None and extra_ok and (
                value >= limit if higher_is_better else value <= limit)
        rows.append({"figure": label, "ours": ours, "tracked": tracked, "plain": plain,
                     "ratio": value, "goal": goal, "met": met})
    create = r.get("create")
    if create and create.get("tracked"):
        o, t, p = create["ours"], create["tracked"], create["plain"]
        for key, label, time_goal, query_goal in (
                ("create", "1. create company + 2 contacts", 1.2, 1.15),
                ("write", "1. write a phone", 1.2, 1.1)):
            add(label + " (ms)", o[key + "_ms"], t[key + "_ms"], p[key + "_ms"],
                "<= %.2gx" % time_goal, time_goal)
            add(label + " (queries)", o[key + "_queries"], t[key + "_queries"],
                p[key + "_queries"], "<= %.3gx" % query_goal, query_goal)
    imp = r.get("import")
    if imp and imp.get("tracked"):
        o, t, p = imp["ours"], imp["tracked"], imp["plain"]
        add("2. import %d customers (s; errors %d/%d/%d)" % (
            r["import_rows"], o["import_errors"], t["import_errors"], p["import_errors"]),
            o["import_s"], t["import_s"], p["import_s"], "<= 1.3x, no errors", 1.3,
            extra_ok=not o["import_errors"])
    listing = r.get("list")
    if listing and listing.get("tracked"):
        add("3. customers page (ms)", listing["salesperson"]["ms"], listing["tracked"]["ms"],
            listing["plain"]["ms"], "(reported)", None)
        add("3. customers page (queries)", listing["salesperson"]["queries"],
            listing["tracked"]["queries"], listing["plain"]["queries"], "(reported)", None)
    con = r.get("concurrency")
    if con and con.get("tracked"):
        o, t, p = con["ours"], con["tracked"], con["plain"]
        add("6. %d clients%s, throughput (req/s; errors %d/%d/%d)" % (
            con["clients"], ", crons idle" if con.get("crons_idle") else "", o["errors"],
            t["errors"], p["errors"]), o["throughput"],
            t["throughput"], p["throughput"], ">= 0.9x, no errors", 0.9, higher_is_better=True,
            extra_ok=not o["errors"])
        add("6. %d clients, p95 latency (ms)" % con["clients"], o["p95_ms"], t["p95_ms"],
            p["p95_ms"], "(reported)", None)
    return rows


def render_tracked(rows):
    def num(value):
        return fmt(value, 3 if isinstance(value, float) and value < 1 else 1)
    lines = ["Against plain Odoo with tracking (issue 13), as a salesperson:", "",
             "| figure | ours | plain + tracking | plain | ours / tracked | goal | met |",
             "|---|---:|---:|---:|---:|---|---|"]
    for r in rows:
        lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["figure"], num(r["ours"]), num(r["tracked"]), num(r["plain"]),
            fmt(r["ratio"], 2) + ("x" if r["ratio"] is not None else ""), r["goal"],
            "" if r["met"] is None else ("yes" if r["met"] else "**no**")))
    return "\n".join(lines) + "\n"


def cmd_measure(args):
    start_odoo()
    ours, plain = Db(args.ours), Db(args.plain)
    tracked = Db(args.tracked) if args.tracked else None
    result = {"size": args.size, "runs": args.runs, "import_rows": args.import_rows,
              "tracked": bool(tracked)}
    def step(message):
        """Print progress and keep what is measured so far (a long run may be stopped)."""
        print("==> " + message, flush=True)
        if args.json:
            with open(args.json, "w") as handle:
                json.dump(result, handle, indent=1, default=str)
    only = set(args.only.split(",")) if args.only else None

    def wanted(name):
        return only is None or name in only
    if wanted("create"):
        step("1. create and write")
        result["create"] = {"ours": measure_create(ours, args.runs),
                            "plain": measure_create(plain, args.runs)}
        if tracked:
            result["create"]["tracked"] = measure_create(tracked, args.runs)
    if wanted("import"):
        step("2. import %d rows" % args.import_rows)
        result["import"] = {"ours": measure_import(ours, args.import_rows, args.import_runs),
                            "plain": measure_import(plain, args.import_rows, args.import_runs)}
        if tracked:
            result["import"]["tracked"] = measure_import(tracked, args.import_rows,
                                                         args.import_runs)
    if wanted("list"):
        step("3. customers list")
        result["list"] = {"salesperson": measure_list(ours, "bench_sp_01", args.runs),
                          "manager": measure_list(ours, "bench_manager", args.runs),
                          "plain": measure_list(plain, "bench_sp_01", args.runs),
                          "plain_manager": measure_list(plain, "bench_manager", args.runs),
                          "floor_ms": floor_list(ours, args.runs)}
        if tracked:
            result["list"]["tracked"] = measure_list(tracked, "bench_sp_01", args.runs)
        result["kanban"] = {
            "salesperson": measure_list(ours, "bench_sp_01", args.runs, "kanban"),
            "manager": measure_list(ours, "bench_manager", args.runs, "kanban"),
            "plain": measure_list(plain, "bench_sp_01", args.runs, "kanban"),
            "plain_manager": measure_list(plain, "bench_manager", args.runs, "kanban")}
    if wanted("duplicate"):
        step("4. duplicate check")
        result["duplicate"] = measure_duplicate(ours, args.runs)
    if wanted("crons"):
        step("5. scheduled actions")
        result["crons"] = measure_crons(ours, args.cron_runs)
    if wanted("search"):
        step("7. finding a customer")
        result["search"] = {"ours": measure_search(ours, args.runs),
                            "plain": measure_search(plain, args.runs)}
    if args.clients and wanted("concurrency"):
        step("6. concurrency (%d clients x %d requests)" % (args.clients, args.requests))
        log_dir = os.path.dirname(os.path.abspath(args.out)) if args.out else ROOT
        idle = args.crons_idle
        result["concurrency"] = {
            "clients": args.clients, "crons_idle": idle,
            "ours": measure_concurrency(args.ours, args.clients, args.requests, log_dir, idle),
            "plain": measure_concurrency(args.plain, args.clients, args.requests, log_dir, idle)}
        if tracked:
            result["concurrency"]["tracked"] = measure_concurrency(
                args.tracked, args.clients, args.requests, log_dir, idle)
    rows = build_rows(result)
    result["rows"] = rows
    header = "## %d customers (%s UTC, %d runs, median)" % (
        args.size, time.strftime("%Y-%m-%d %H:%M", time.gmtime()), args.runs)
    table = render(rows, header)
    if tracked:
        result["tracked_rows"] = build_tracked_rows(result)
        table += "\n" + render_tracked(result["tracked_rows"])
    if result.get("duplicate") and result["duplicate"]["plan"]:
        table += "\nPlan of the duplicate check's similar-name query:\n\n```\n%s\n```\n" % "\n".join(
            result["duplicate"]["plan"])
    for kind, found in sorted((result.get("search") or {}).get("ours", {}).items()):
        table += "\nPlan of the slowest query of the search by %s (%r):\n\n```\n%s\n```\n" % (
            kind, found["text"], "\n".join(found["plan"]))
    print(table)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(table)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(result, handle, indent=1, default=str)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("fill")
    p.add_argument("--db", required=True)
    p.add_argument("--size", type=int, required=True)
    p = sub.add_parser("fill-ours")
    p.add_argument("--db", required=True)
    p.add_argument("--recompute", action="store_true",
                   help="the common data was inserted after our addons were installed")
    p = sub.add_parser("measure")
    p.add_argument("--ours", required=True)
    p.add_argument("--plain", required=True)
    p.add_argument("--tracked", help='the "plain + tracking" database (bench_plain_tracking)')
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--import-rows", type=int, default=10000)
    p.add_argument("--import-runs", type=int, default=1)
    p.add_argument("--cron-runs", type=int, default=1)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=60)
    p.add_argument("--crons-idle", action="store_true",
                   help="measurement 6 without the crons (all postponed): the clients alone")
    p.add_argument("--out")
    p.add_argument("--json")
    p.add_argument("--only", help="comma-separated subset of: create, import, list, duplicate, "
                                  "crons, search, concurrency (all when omitted)")
    p = sub.add_parser("profile", help="query log and cProfile of the create and the phone write")
    p.add_argument("--db", action="append", required=True, help="repeat for several databases")
    p.add_argument("--out")
    args = parser.parse_args(argv)
    commands = {"fill": cmd_fill, "fill-ours": cmd_fill_ours,
                "measure": cmd_measure, "profile": cmd_profile}
    if args.command not in commands:
        parser.error("choose a command: %s" % ", ".join(commands))
    commands[args.command](args)


if __name__ == "__main__":
    main()
