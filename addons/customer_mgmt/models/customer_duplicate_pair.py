"""Pairs of customers that may be duplicates, reviewed by data administrators."""
import logging

from psycopg2 import sql

from odoo import _, api, fields, models

from ..utils.access import DATA_ADMIN, allowed_groups
from ..utils.accounts import account_sql
from .base_guard import system_write

_logger = logging.getLogger(__name__)

# Lower is stronger: the reason kept when a pair matches on several criteria.
REASON_PRIORITY = ["key", "phone", "email", "name"]

# When the previous scan ran (minus a day of margin): later scans compare changed customers.
SCAN_DATE_PARAM = "customer_mgmt.duplicate_scan_date"
# Name matching of the scan: trigram similarity when pg_trgm is usable, else equal keys.
NAME_JOIN_TRIGRAM = sql.SQL("b.duplicate_key %% a.duplicate_key")
NAME_JOIN_EQUAL = sql.SQL("b.duplicate_key = a.duplicate_key")
NAME_SCORE_TRIGRAM = sql.SQL("similarity(a.duplicate_key, b.duplicate_key)")
NAME_SCORE_EQUAL = sql.SQL("1.0")


class CustomerDuplicatePair(models.Model):
    _name = "customer.duplicate.pair"
    _description = "Possible Duplicate Customers"
    _order = "similarity desc, id desc"

    partner_a_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade",
        readonly=True)
    partner_b_id = fields.Many2one(
        "res.partner", string="Possible Duplicate", required=True, index=True,
        ondelete="cascade", readonly=True)
    # Read as the user, not as superuser: the pair never tells more than its customers do.
    partner_a_user_id = fields.Many2one(
        related="partner_a_id.user_id", string="Salesperson", readonly=True,
        related_sudo=False)
    partner_b_user_id = fields.Many2one(
        related="partner_b_id.user_id", string="Salesperson of the Duplicate", readonly=True,
        related_sudo=False)
    reason = fields.Selection([
        ("key", "Same name"),
        ("phone", "Same phone"),
        ("email", "Same e-mail"),
        ("name", "Similar name"),
    ], required=True, readonly=True, index=True,
        help="The strongest criterion the two customers match on.")
    similarity = fields.Float(
        digits=(3, 2), readonly=True, group_operator="max",
        help="pg_trgm similarity of the two name keys (1 = identical).")
    state = fields.Selection([
        ("open", "To Review"),
        ("dismissed", "Dismissed"),
        ("merged", "Merged or Archived"),
    ], default="open", required=True, index=True, readonly=True)
    dismissed_by = fields.Many2one("res.users", string="Dismissed By", readonly=True)
    dismissed_date = fields.Datetime(string="Dismissed On", readonly=True)

    _sql_constraints = [
        ("partner_pair_uniq", "UNIQUE(partner_a_id, partner_b_id)",
         "This pair of customers is already listed."),
        ("partner_pair_order", "CHECK(partner_a_id < partner_b_id)",
         "The first customer of a pair must have the lower id."),
    ]

    @api.multi
    def name_get(self):
        return [(pair.id, "%s / %s" % (pair.partner_a_id.display_name,
                                       pair.partner_b_id.display_name)) for pair in self]

    # Actions

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_merge(self):
        """Open crm's partner-merge wizard with both customers preselected."""
        self.ensure_one()
        return self.env["base.partner.merge.automatic.wizard"]._customer_mgmt_open_merge(
            self.partner_a_id | self.partner_b_id)

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_merge_fields(self):
        """Open the field-by-field merge on both customers."""
        self.ensure_one()
        return self.env["customer.merge.wizard"]._merge_open(self.partner_a_id | self.partner_b_id)

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_dismiss(self):
        """Mark the pairs as not duplicates for good; the scan never reopens them."""
        pairs = self.filtered(lambda pair: pair.state == "open")
        system_write(pairs, {
            "state": "dismissed",
            "dismissed_by": self.env.uid,
            "dismissed_date": fields.Datetime.now(),
        })
        partners = pairs.mapped("partner_a_id") | pairs.mapped("partner_b_id")
        still_open = self.search([
            ("state", "=", "open"), "|",
            ("partner_a_id", "in", partners.ids), ("partner_b_id", "in", partners.ids)])
        cleared = partners - still_open.mapped("partner_a_id") - still_open.mapped("partner_b_id")
        cleared.filtered("possible_duplicate").sudo().write({"possible_duplicate": False})
        return True

    # Business methods

    @api.model
    def _cron_find_duplicate_pairs(self, batch_limit=1000, since=None):
        """Called by a cron: list new pairs of possibly duplicate customers, close resolved ones.

        Set-based: each batch of customers is compared with the other customers in one SQL
        statement (trigram index on the name key, equal phone or e-mail keys); existing pairs,
        dismissed ones included, are left untouched. The first run compares everyone (each
        pair once); later runs only the customers whose comparison keys changed since the
        previous run (with a day of margin for transactions still open then), against
        everyone: nightly runs stay short at 100,000 customers. ``since`` (a UTC datetime
        string) overrides the date of the previous run.
        Returns the number of pairs created.
        """
        cr = self.env.cr
        ICP = self.env["ir.config_parameter"].sudo()
        since = since or ICP.get_param(SCAN_DATE_PARAM) or None
        cr.execute("SELECT now() at time zone 'UTC' - interval '1 day'")
        next_since = cr.fetchone()[0]  # Odoo reads timestamps as strings
        partner_model = self.env["res.partner"]
        use_trigram = partner_model._duplicate_set_similarity_threshold()
        name_join = NAME_JOIN_TRIGRAM if use_trigram else NAME_JOIN_EQUAL
        name_score = NAME_SCORE_TRIGRAM if use_trigram else NAME_SCORE_EQUAL
        query = sql.SQL("""
            WITH batch AS (
                SELECT id, duplicate_key, phone_key, mobile_key, email_key
                FROM res_partner a WHERE a.id = ANY(%(ids)s)
            ), found AS (
                SELECT a.id AS a_id, b.id AS b_id,
                       CASE WHEN a.duplicate_key = b.duplicate_key THEN 1 ELSE 4 END AS priority,
                       {name_score} AS score
                FROM batch a JOIN res_partner b ON {name_join} AND {b_side}
                WHERE a.duplicate_key IS NOT NULL AND {b_filter}
              UNION ALL
                SELECT a.id, b.id, 2, 1.0
                FROM batch a JOIN res_partner b
                  ON b.phone_key = ANY(ARRAY[a.phone_key, a.mobile_key]) AND {b_side}
                WHERE {b_filter}
              UNION ALL
                SELECT a.id, b.id, 2, 1.0
                FROM batch a JOIN res_partner b
                  ON b.mobile_key = ANY(ARRAY[a.phone_key, a.mobile_key]) AND {b_side}
                WHERE {b_filter}
              UNION ALL
                SELECT a.id, b.id, 3, 1.0
                FROM batch a JOIN res_partner b ON b.email_key = a.email_key AND {b_side}
                WHERE {b_filter}
            )
            INSERT INTO customer_duplicate_pair
                (partner_a_id, partner_b_id, reason, similarity, state,
                 create_uid, create_date, write_uid, write_date)
            SELECT LEAST(a_id, b_id), GREATEST(a_id, b_id),
                   (%(reasons)s::varchar[])[min(priority)], max(score), 'open',
                   %(uid)s, now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
            FROM found GROUP BY LEAST(a_id, b_id), GREATEST(a_id, b_id)
            ON CONFLICT (partner_a_id, partner_b_id) DO NOTHING
            RETURNING id
        """).format(name_join=name_join, name_score=name_score, b_filter=account_sql("b"),
                    # A full scan meets each pair from its lower id; a partial one from the
                    # changed side, and from the lower id when both sides changed.
                    b_side=sql.SQL("b.id <> a.id AND (b.id > a.id OR "
                                   "COALESCE(b.duplicate_keys_date, '1970-01-01') "
                                   "< %(since)s::timestamp)")
                    if since else sql.SQL("b.id > a.id"))
        batch_query = sql.SQL("""
            SELECT a.id FROM res_partner a
             WHERE {a_filter} AND a.id > %s
               AND (a.duplicate_key IS NOT NULL OR a.phone_key IS NOT NULL
                    OR a.mobile_key IS NOT NULL OR a.email_key IS NOT NULL)
               AND (%s::timestamp IS NULL OR a.duplicate_keys_date >= %s::timestamp)
             ORDER BY a.id LIMIT %s
        """).format(a_filter=account_sql("a"))

        def batches():
            """Customers to compare, by increasing id, read after the previous batch."""
            last_id = 0
            while True:
                cr.execute(batch_query, (last_id, since, since, batch_limit))
                batch_ids = [row[0] for row in cr.fetchall()]
                if not batch_ids:
                    return
                last_id = batch_ids[-1]
                yield batch_ids

        def compare(batch_ids):
            if use_trigram:
                # The similarity threshold is local to the transaction, one per batch.
                partner_model._duplicate_set_similarity_threshold()
            cr.execute(query, {"ids": batch_ids, "reasons": REASON_PRIORITY, "uid": self.env.uid,
                               "since": since})
            return len(cr.fetchall())

        created = sum(self.env["customer.batch.runner"]._run_batches(
            "Duplicate scan", batches(), compare))
        closed = self._close_resolved_pairs()
        ICP.set_param(SCAN_DATE_PARAM, next_since)
        self.invalidate_cache()
        _logger.info("Duplicate scan: %d new possible duplicate pairs, %d pairs closed "
                     "because a customer was merged or archived.", created, closed)
        return created

    @api.model
    def _close_resolved_pairs(self):
        """Mark open pairs whose customer is no longer an active customer account as merged."""
        self.env.cr.execute(sql.SQL("""
            UPDATE customer_duplicate_pair pair
            SET state = 'merged', write_uid = %s, write_date = now() at time zone 'UTC'
            FROM res_partner a, res_partner b
            WHERE pair.state = 'open' AND a.id = pair.partner_a_id AND b.id = pair.partner_b_id
              AND NOT ({a_filter} AND {b_filter})
        """).format(a_filter=account_sql("a"), b_filter=account_sql("b")), (self.env.uid,))
        return self.env.cr.rowcount
