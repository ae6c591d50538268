"""PostgreSQL's pg_trgm: created once when the database allows it, then trigram indexes."""
import logging

import psycopg2
from psycopg2 import sql

_logger = logging.getLogger(__name__)


def ensure_pg_trgm(cr):
    """Create the extension if missing; False (with a warning saying how to fix it) when the
    database user may not."""
    cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    if cr.fetchone():
        return True
    try:
        with cr.savepoint():
            cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except psycopg2.Error as error:
        _logger.warning(
            "Cannot create the PostgreSQL extension pg_trgm (%s); duplicate detection "
            "falls back to exact name keys and name searches read whole tables. A database "
            "superuser can run CREATE EXTENSION pg_trgm to enable them.", error)
        return False
    return True


def create_trigram_index(cr, table, column):
    """A GIN trigram index on ``table.column`` (``<table>_<column>_trgm_idx``), if missing."""
    cr.execute(sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} USING gin ({} gin_trgm_ops)").format(
        sql.Identifier("%s_%s_trgm_idx" % (table, column)), sql.Identifier(table),
        sql.Identifier(column)))
