"""What a job left in a database, in a form two databases can be compared by.

Two copies of one database run the same job, one straight through and one killed and run
again; their outcomes must be equal. Rows that existed before the job are compared by id;
rows the job created are compared as a multiset of their content, since their ids differ
between the copies. Timestamps and Message-Ids are left out (they differ by nature), and a
reference to a row the job created is written as "new".
"""
import collections
import os
import re
import sys

from psycopg2 import sql

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "upgrade"))
from fingerprint import business_tables, cursor  # noqa: E402

# A stored file's size is its content's, like its checksum: a printed report with its printing
# time inside is a byte longer at 10:00 than at 9:59.
SKIPPED_COLUMNS = {"id", "message_id", "create_date", "write_date", "create_uid", "write_uid",
                   "file_size"}
# Random tokens (survey invitations, portal links) differ between two runs, also inside texts.
# Times written as text (a record named after its creation time) differ as well.
TOKEN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-zA-Z_-]{20,}"
                   r"|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")
# A stored file is named after its checksum (a token already), in a folder named after its first
# characters: the same printed report, with its printing time inside, lands in another folder.
FILE_NAME = re.compile(r"^[0-9a-f]{2,3}/[0-9a-f]{40}$")
# Generic references (res_id beside model or res_model) to rows the job created.
MODEL_COLUMNS = ("model", "res_model")
TIME_TYPES = ("timestamp without time zone", "timestamp with time zone")


def max_ids(db):
    """{table: highest id} of the business tables: what existed before the job."""
    with cursor(db) as cr:
        result = {}
        for table in business_tables(cr):
            cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = %s "
                       "AND column_name = 'id'", (table,))
            if cr.fetchone():
                cr.execute(sql.SQL("SELECT coalesce(max(id), 0) FROM {}").format(sql.Identifier(table)))
                result[table] = cr.fetchone()[0]
    return result


def foreign_keys(cr):
    """{(table, column): referenced table} of single-column foreign keys."""
    cr.execute("""
        SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
          FROM pg_constraint c
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1""")
    return {(table.strip('"'), column): ref.strip('"') for table, column, ref in cr.fetchall()}


def outcome(db, before):
    """{table: (columns, rows that existed by id, Counter of the rows the job created)}.

    A table without ids (a many2many relation) is one multiset: {row: count} in the middle place.
    """
    result = {}
    with cursor(db) as cr:
        fks = foreign_keys(cr)
        for table in business_tables(cr):
            cr.execute("""SELECT column_name, data_type FROM information_schema.columns
                           WHERE table_schema = 'public' AND table_name = %s
                           ORDER BY column_name""", (table,))
            described = cr.fetchall()
            has_id = any(name == "id" for name, _type in described)
            columns = [name for name, kind in described
                       if name not in SKIPPED_COLUMNS and kind not in TIME_TYPES
                       and not name.endswith("token")]
            refs = [fks.get((table, column)) for column in columns]
            selected = (["id"] if has_id else []) + columns
            cr.execute(sql.SQL("SELECT {} FROM {}").format(
                sql.SQL(", ").join(map(sql.Identifier, selected)), sql.Identifier(table)))
            kept, created = {}, collections.Counter()
            limit = before.get(table, 0)
            model_at = next((columns.index(c) for c in MODEL_COLUMNS if c in columns), None)
            res_at = columns.index("res_id") if "res_id" in columns else None
            for row in cr.fetchall():
                row_id, values = (row[0], row[1:]) if has_id else (None, row)
                if model_at is not None and res_at is not None and values[model_at]:
                    target = values[model_at].replace(".", "_")
                    if target in before and (values[res_at] or 0) > before[target]:
                        values = values[:res_at] + ("new",) + values[res_at + 1:]
                canonical = tuple(
                    "new" if ref in before and isinstance(value, int) and value > before[ref]
                    else "<file>" if isinstance(value, str) and FILE_NAME.match(value)
                    else TOKEN.sub("<token>", value) if isinstance(value, str)
                    else value for value, ref in zip(values, refs))
                if not has_id:
                    kept[canonical] = kept.get(canonical, 0) + 1
                elif row_id <= limit:
                    kept[row_id] = canonical
                else:
                    created[canonical] += 1
            result[table] = (columns, kept, created)
    return result


def differences(expected, actual):
    """Sentences naming what differs between two outcomes (empty when they are equal)."""
    found = []
    for table in sorted(set(expected) | set(actual)):
        columns, kept_a, created_a = expected.get(table, ([], {}, collections.Counter()))
        _columns, kept_b, created_b = actual.get(table, ([], {}, collections.Counter()))
        lost = sorted(set(kept_a) - set(kept_b))
        extra = sorted(set(kept_b) - set(kept_a))
        if lost or extra:
            found.append("%s: deleted rows differ (deleted only after the interruption: %s; "
                         "only in the reference run: %s)" % (table, lost[:5], extra[:5]))
        if kept_a and not isinstance(next(iter(kept_a)), int):
            if kept_a != kept_b:
                found.append("%s: relation rows differ (%d in the reference run, %d after the "
                             "interruption)" % (table, sum(kept_a.values()), sum(kept_b.values())))
            continue
        changed = [i for i in kept_a if i in kept_b and kept_a[i] != kept_b[i]]
        if changed:
            first = changed[0]
            cols = [c for c, x, y in zip(columns, kept_a[first], kept_b[first]) if x != y]
            found.append("%s: %d existing rows end differently, e.g. id %d in %s"
                         % (table, len(changed), first, ", ".join(cols)))
        missing = created_a - created_b
        doubled = created_b - created_a
        if missing:
            found.append("%s: %d created rows missing after the interruption, e.g. %s"
                         % (table, sum(missing.values()), _example(columns, missing)))
        if doubled:
            found.append("%s: %d created rows too many after the interruption (created twice?), "
                         "e.g. %s" % (table, sum(doubled.values()), _example(columns, doubled)))
    return found


def _example(columns, rows):
    row = next(iter(rows))
    return ", ".join("%s=%s" % (c, str(v)[:120]) for c, v in zip(columns, row) if v is not None)


def created_counts(base, expected):
    """{table: "+created ~changed -deleted"} of what the job did, against the base's outcome."""
    counts = {}
    for table, (_columns, kept, created) in expected.items():
        old = base.get(table, ([], {}, None))[1]
        if kept and not isinstance(next(iter(kept)), int):
            added = sum(max(0, n - old.get(row, 0)) for row, n in kept.items())
            changed = 0
            deleted = sum(max(0, n - kept.get(row, 0)) for row, n in old.items())
        else:
            added = sum(created.values())
            changed = sum(1 for i, row in kept.items() if i in old and old[i] != row)
            deleted = sum(1 for i in old if i not in kept)
        parts = [("+%d" % added) if added else "", ("~%d" % changed) if changed else "",
                 ("-%d" % deleted) if deleted else ""]
        if any(parts):
            counts[table] = " ".join(p for p in parts if p)
    return counts
