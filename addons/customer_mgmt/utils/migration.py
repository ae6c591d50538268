"""Renaming shipped data records in migration scripts, without touching what a company changed."""
from psycopg2 import sql


def rename_shipped_record(cr, module, xmlid, model, field, source=None, translations=None):
    """Rename one noupdate record that still bears its shipped name.

    ``source`` is ``(old, new)`` of the stored (English) value; ``translations`` maps a language
    to ``(old, new)`` of its translation. Odoo never overwrites the translations of noupdate
    records on an update, so the new ones are written here, each only where it is still the
    old shipped value. Safe to run twice.
    """
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s AND model = %s",
               (module, xmlid, model))
    row = cr.fetchone()
    if not row:
        return
    record_id, table = row[0], model.replace(".", "_")
    name = "%s,%s" % (model, field)
    if source:
        old, new = source
        cr.execute(sql.SQL("UPDATE {table} SET {field} = %s WHERE id = %s AND {field} = %s").format(
            table=sql.Identifier(table), field=sql.Identifier(field)), (new, record_id, old))
        cr.execute("UPDATE ir_translation SET src = %s WHERE type = 'model' AND name = %s "
                   "AND res_id = %s AND src = %s", (new, name, record_id, old))
    for lang, (old, new) in (translations or {}).items():
        cr.execute("UPDATE ir_translation SET value = %s, state = 'translated' WHERE type = 'model' "
                   "AND name = %s AND res_id = %s AND lang = %s AND value = %s",
                   (new, name, record_id, lang, old))
