"""Fingerprint of a database's business data, before and after an upgrade, and their comparison.

  fingerprint.py take --db DB --out FILE.json      rows and column hashes (plain SQL)
  fingerprint.py verify --db DB --before A.json --after B.json [--report FILE.md]

``take`` records, for every business table (the tables of our models, their many2many tables
and the core tables they write: partners, messages, tracking values, activities, followers,
ratings, survey answers, leads, orders), the rows' ids and a short hash of every column of
every row. ``verify`` compares two fingerprints and, with the current code loaded, checks
what changed: a row lost or changed is a failure unless it is module data (an XML record the
module owns and may rewrite), a row created is one unless a data file made it, a column dropped
or changed is one unless it is a stored computed field whose
stored values equal a fresh computation (what a fresh install would store). New stored
fields are checked the same way; selection columns must hold only values of the selection.
Run with the project's Python (``$CRM_PY``) and the environment of bin/setup.
"""
import argparse
import contextlib
import hashlib
import json
import os
import sys

import psycopg2
from psycopg2 import sql

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUR_MODULES = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")
CORE_TABLES = ("res_partner", "res_users", "crm_team", "crm_lead", "sale_order",
               "sale_order_line", "mail_message", "mail_tracking_value", "mail_activity",
               "mail_followers", "rating_rating", "survey_survey", "survey_user_input",
               "survey_user_input_line", "res_partner_category", "res_partner_res_partner_category_rel",
               "mail_message_res_partner_rel", "mail_message_res_partner_needaction_rel")
# Columns every write touches: an upgrade that rewrites module data changes them legitimately.
IGNORED_COLUMNS = {"write_date", "write_uid"}
# Odoo's own bookkeeping in core tables, rewritten by any module update.
CORE_IGNORED = {("res_users", "login_date"), ("res_partner", "message_last_post")}
# Columns a migration script of ours changes on purpose: (table, column) -> the script and why.
MIGRATED = {
    ("customer_tier", "name"): "customer_mgmt 11.0.1.1.0 renames the shipped tier Potential "
                               "to Prospect (docs/glossary.md)",
    ("ir_rule", "domain_force"): "customer_mgmt 11.0.1.2.0: salespeople read pool customers "
                                 "only of the pools serving them (several public pools)",
}


@contextlib.contextmanager
def cursor(db):
    """A cursor on ``db`` (PGHOST/PGPORT/PGUSER), committed and closed at the end."""
    conn = psycopg2.connect(dbname=db, host=os.environ.get("PGHOST"),
                            port=os.environ.get("PGPORT"), user=os.environ.get("PGUSER"))
    try:
        with conn, conn.cursor() as cr:
            yield cr
    finally:
        conn.close()


def business_tables(cr):
    """The tables of our modules' models and many2many fields, plus the core ones."""
    cr.execute("""
        SELECT DISTINCT replace(m.model, '.', '_') FROM ir_model m
          JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
         WHERE d.module IN %s AND NOT m.transient""", (OUR_MODULES,))
    names = {row[0] for row in cr.fetchall()}
    cr.execute("""
        SELECT DISTINCT f.relation_table FROM ir_model_fields f
          JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
         WHERE d.module IN %s AND f.ttype = 'many2many' AND f.store
           AND f.relation_table IS NOT NULL""", (OUR_MODULES,))
    names |= {row[0] for row in cr.fetchall()}
    names |= set(CORE_TABLES)
    cr.execute("""SELECT table_name FROM information_schema.tables
                   WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                     AND table_name = ANY(%s)""", (sorted(names),))
    return sorted(row[0] for row in cr.fetchall())


def columns_of(cr, table):
    cr.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_schema = 'public' AND table_name = %s ORDER BY column_name""",
               (table,))
    return [row[0] for row in cr.fetchall()]


def short_hash(value):
    return hashlib.md5(repr(value).encode("utf-8")).hexdigest()[:10]


def take(db):
    """Rows and per-column hashes of every business table, plus the module-owned records."""
    result = {"db": db, "tables": {}, "owned": {}}
    with cursor(db) as cr:
        for table in business_tables(cr):
            columns = columns_of(cr, table)
            select = sql.SQL("SELECT {} FROM {}").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table))
            if "id" in columns:
                cr.execute(select + sql.SQL(" ORDER BY id"))
                index = columns.index("id")
                rows = {str(row[index]): [short_hash(value) for value in row]
                        for row in cr.fetchall()}
                result["tables"][table] = {"columns": columns, "rows": rows}
            else:
                cr.execute(select)
                rows = sorted(short_hash(row) for row in cr.fetchall())
                result["tables"][table] = {"columns": columns, "multiset": rows}
        # Records that a module's data files own and rewrite on update (noupdate off), and
        # every record a data file made (an update may add new ones).
        cr.execute("""SELECT model, array_agg(res_id) FROM ir_model_data
                       WHERE NOT coalesce(noupdate, false) GROUP BY model""")
        result["owned"] = {model.replace(".", "_"): sorted(ids) for model, ids in cr.fetchall()}
        cr.execute("SELECT model, array_agg(res_id) FROM ir_model_data GROUP BY model")
        result["data"] = {model.replace(".", "_"): sorted(ids) for model, ids in cr.fetchall()}
        # The chatter of records that data files made: a new demo record posts its creation
        # message, followers and tracking values (compare() accepts those of new data records).
        result["data_mail"] = {}
        for table, query in MAIL_OF_DATA.items():
            cr.execute(query)
            result["data_mail"][table] = {str(row_id): [model.replace(".", "_"), res_id]
                                          for row_id, model, res_id in cr.fetchall()}
    return result


MAIL_OF_DATA = {
    "mail_message": """SELECT m.id, m.model, m.res_id FROM mail_message m
                        JOIN ir_model_data d ON d.model = m.model AND d.res_id = m.res_id""",
    "mail_followers": """SELECT f.id, f.res_model, f.res_id FROM mail_followers f
                          JOIN ir_model_data d ON d.model = f.res_model AND d.res_id = f.res_id""",
    "mail_tracking_value": """SELECT t.id, m.model, m.res_id FROM mail_tracking_value t
                               JOIN mail_message m ON m.id = t.mail_message_id
                               JOIN ir_model_data d ON d.model = m.model AND d.res_id = m.res_id""",
}


def made_by_new_data(before, after, table):
    """Ids of ``table`` rows that belong to the chatter of a record new data files made."""
    rows = after.get("data_mail", {}).get(table, {})
    new_data = {model: set(ids) - set(before.get("data", {}).get(model, ()))
                for model, ids in after.get("data", {}).items()}
    return {int(row_id) for row_id, (model, res_id) in rows.items()
            if res_id in new_data.get(model, ())}


def compare(before, after):
    """Differences between two fingerprints: lost/new rows, dropped/new/changed columns."""
    diff = {"lost_tables": [], "lost_rows": {}, "new_rows": {}, "dropped_columns": {},
            "new_columns": {}, "changed": {}, "multiset": {}}
    for table, old in sorted(before["tables"].items()):
        new = after["tables"].get(table)
        if new is None:
            diff["lost_tables"].append(table)
            continue
        dropped = sorted(set(old["columns"]) - set(new["columns"]))
        added = sorted(set(new["columns"]) - set(old["columns"]))
        if dropped:
            diff["dropped_columns"][table] = dropped
        if added:
            diff["new_columns"][table] = added
        if "multiset" in old:
            keep = [c for c in old["columns"] if c in new["columns"]]
            if keep == old["columns"] and keep == new["columns"] and old["multiset"] != new["multiset"]:
                diff["multiset"][table] = (len(old["multiset"]), len(new["multiset"]))
            continue
        owned = set(after["owned"].get(table, ())) | set(before["owned"].get(table, ()))
        old_rows, new_rows = old["rows"], new["rows"]
        lost = sorted(int(i) for i in set(old_rows) - set(new_rows) if int(i) not in owned)
        made = set(after.get("data", {}).get(table, ())) | made_by_new_data(before, after, table)
        created = sorted(int(i) for i in set(new_rows) - set(old_rows) if int(i) not in made)
        if lost:
            diff["lost_rows"][table] = lost
        if created:
            diff["new_rows"][table] = created
        old_pos = {c: i for i, c in enumerate(old["columns"])}
        new_pos = {c: i for i, c in enumerate(new["columns"])}
        for column in old["columns"]:
            if column not in new_pos or column in IGNORED_COLUMNS or (table, column) in CORE_IGNORED:
                continue
            changed = sorted(
                int(i) for i, values in old_rows.items()
                if i in new_rows and int(i) not in owned
                and values[old_pos[column]] != new_rows[i][new_pos[column]])
            if changed:
                diff["changed"].setdefault(table, {})[column] = changed
    return diff


def start_odoo(db):
    """Odoo with odoo.conf and bin/setup's connection, and the current code's registry on ``db``."""
    os.chdir(ROOT)
    import odoo
    from odoo.tools import config
    args = ["-c", os.path.join(ROOT, "odoo.conf"), "--log-level", "warn",
            "--max-cron-threads", "0", "-d", db]
    for option, env in (("--db_host", "PGHOST"), ("--db_port", "PGPORT"), ("--db_user", "PGUSER")):
        if os.environ.get(env):
            args += [option, os.environ[env]]
    config.parse_config(args)
    return odoo, odoo.modules.registry.Registry(db)


def model_of_table(registry):
    return {model._table: model for model in registry.values()
            if not model._abstract and not model._transient and model._auto}


def recompute_mismatches(env, model, column, ids):
    """Rows whose stored value of a computed field differs from a fresh computation."""
    field = model._fields[column]
    records = env[model._name].browse(ids).exists()
    query = sql.SQL("SELECT id, {} FROM {} WHERE id = ANY(%s)").format(
        sql.Identifier(column), sql.Identifier(model._table))
    env.cr.execute(query, (records.ids,))
    stored = dict(env.cr.fetchall())
    env.add_todo(field, records)
    records.recompute()
    records.invalidate_cache()
    env.cr.execute(query, (records.ids,))
    fresh = dict(env.cr.fetchall())
    return sorted(i for i in fresh if fresh[i] != stored.get(i))


def verify(db, before, after):
    """Failures (a list of sentences) of the upgrade from ``before`` to ``after``."""
    diff = compare(before, after)
    failures = []
    for table in diff["lost_tables"]:
        failures.append("table %s is gone" % table)
    for table, ids in diff["lost_rows"].items():
        failures.append("%s: %d rows lost, e.g. ids %s" % (table, len(ids), ids[:10]))
    for table, ids in diff["new_rows"].items():
        failures.append("%s: %d rows created by the upgrade, e.g. ids %s" % (table, len(ids), ids[:10]))
    for table, columns in diff["dropped_columns"].items():
        failures.append("%s: columns dropped with their data: %s" % (table, ", ".join(columns)))
    for table, (old, new) in diff["multiset"].items():
        failures.append("%s: relation rows differ (%d before, %d after)" % (table, old, new))
    odoo, registry = start_odoo(db)
    tables = model_of_table(registry)
    checked = []
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        todo = {}
        for table, columns in diff["changed"].items():
            for column, ids in columns.items():
                todo.setdefault((table, column), ("changed", ids))
        for table, columns in diff["new_columns"].items():
            for column in columns:
                ids = [int(i) for i in after["tables"][table].get("rows", {})]
                todo.setdefault((table, column), ("new", ids))
        for (table, column), (kind, ids) in sorted(todo.items()):
            model = tables.get(table)
            field = model._fields.get(column) if model is not None else None
            if field is None or not field.store:
                if kind == "changed":
                    failures.append("%s.%s: %d rows changed (no field of the current code "
                                    "owns the column)" % (table, column, len(ids)))
                continue
            if field.compute:
                wrong = recompute_mismatches(env, model, column, ids)
                checked.append("%s.%s (%s, computed): %d rows recomputed, %d differ"
                               % (table, column, kind, len(ids), len(wrong)))
                if wrong:
                    failures.append("%s.%s: %d of %d rows differ from a fresh computation, "
                                    "e.g. ids %s" % (table, column, len(wrong), len(ids), wrong[:10]))
            elif kind == "changed" and (table, column) in MIGRATED:
                checked.append("%s.%s (changed by a migration: %s): %d rows"
                               % (table, column, MIGRATED[(table, column)], len(ids)))
            elif kind == "changed":
                failures.append("%s.%s: %d rows changed by the upgrade, e.g. ids %s"
                                % (table, column, len(ids), ids[:10]))
            else:
                checked.append("%s.%s (new, stored): %d rows" % (table, column, len(ids)))
                if field.required and ids:
                    cr.execute(sql.SQL("SELECT count(*) FROM {} WHERE {} IS NULL").format(
                        sql.Identifier(table), sql.Identifier(column)))
                    empty = cr.fetchone()[0]
                    if empty:
                        failures.append("%s.%s: required but empty on %d rows" % (table, column, empty))
        # Selection columns hold only values of their selection (old codes are mapped).
        for table in sorted(after["tables"]):
            model = tables.get(table)
            if model is None or not (model._name.startswith("customer.") or table == "res_partner"):
                continue
            for name, field in model._fields.items():
                if field.type != "selection" or not field.store or field.column_type is None:
                    continue
                allowed = [key for key, _label in field._description_selection(env)]
                cr.execute(sql.SQL("SELECT DISTINCT {0} FROM {1} WHERE {0} IS NOT NULL").format(
                    sql.Identifier(name), sql.Identifier(table)))
                bad = sorted(str(row[0]) for row in cr.fetchall() if row[0] not in allowed)
                if bad:
                    failures.append("%s.%s: values outside the selection: %s"
                                    % (table, name, ", ".join(bad[:10])))
        cr.rollback()
    return diff, checked, failures


def summary(before, after):
    lines = ["| table | rows before | rows after |", "|---|---:|---:|"]
    for table in sorted(before["tables"]):
        old = before["tables"][table]
        new = after["tables"].get(table, {})
        count = lambda fp: len(fp.get("rows", fp.get("multiset", ())))  # noqa: E731
        lines.append("| %s | %d | %d |" % (table, count(old), count(new)))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("take")
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("verify")
    p.add_argument("--db", required=True)
    p.add_argument("--before", required=True)
    p.add_argument("--after", required=True)
    p.add_argument("--report")
    args = parser.parse_args(argv)
    if args.command == "take":
        with open(args.out, "w") as handle:
            json.dump(take(args.db), handle)
        return 0
    if args.command != "verify":
        parser.error("choose a command: take, verify")
    with open(args.before) as handle:
        before = json.load(handle)
    with open(args.after) as handle:
        after = json.load(handle)
    diff, checked, failures = verify(args.db, before, after)
    report = ["# Upgrade check", "", summary(before, after), "",
              "## New and changed stored fields checked", ""]
    report += ["- %s" % line for line in checked] or ["- none"]
    report += ["", "## Failures", ""] + (["- %s" % f for f in failures] or ["- none"])
    text = "\n".join(report) + "\n"
    if args.report:
        with open(args.report, "w") as handle:
            handle.write(text)
    print(text)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
