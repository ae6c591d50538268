"""Renaming shipped data records in migration scripts, without touching what a company changed."""
from psycopg2 import sql

from odoo import SUPERUSER_ID, api


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


def salesperson_rule_domains(path=""):
    """(before, after) several public pools of a salesperson's record rule on records reached
    through ``path`` (``""`` for partners, ``"partner_id."`` for their documents): before, every
    pool customer was readable; after, only those of the pools serving the user."""
    before = ("['|', ('{p}account_customer', '=', False), "
              "('{p}account_user_id', 'in', [False, user.id])]")
    after = ("['|', ('{p}account_customer', '=', False), '|', ('{p}account_user_id', '=', user.id), "
             "'&', ('{p}account_user_id', '=', False), "
             "('{p}account_pool_id', 'in', user._customer_pool_rule_ids())]")
    return before.format(p=path), after.format(p=path)


def rewrite_shipped_rule(cr, module, xmlid, domains):
    """Give a noupdate record rule its new domain where the company kept the shipped one
    (``domains``: (shipped, new)). Safe to run twice."""
    shipped, new = domains
    cr.execute("""UPDATE ir_rule SET domain_force = %s
                   WHERE id = (SELECT res_id FROM ir_model_data
                                WHERE module = %s AND name = %s AND model = 'ir.rule')
                     AND domain_force = %s""", (new, module, xmlid, shipped))
    api.Environment(cr, SUPERUSER_ID, {})["ir.rule"].clear_caches()
