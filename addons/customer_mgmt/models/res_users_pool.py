from psycopg2 import sql

from odoo import api, models

SERVED_POOLS_SQL = """
    SELECT cp.id, cp.is_default FROM customer_pool cp
     WHERE cp.active AND cp.company_id IN (SELECT cid FROM res_company_users_rel
                                            WHERE user_id = %(user)s)
       AND ((NOT EXISTS (SELECT 1 FROM customer_pool_member_rel WHERE pool_id = cp.id)
             AND NOT EXISTS (SELECT 1 FROM customer_pool_crm_team_rel WHERE pool_id = cp.id))
         OR EXISTS (SELECT 1 FROM customer_pool_member_rel
                     WHERE pool_id = cp.id AND user_id = %(user)s)
         OR EXISTS (SELECT 1 FROM customer_pool_crm_team_rel r JOIN crm_team t ON t.id = r.team_id
                     WHERE r.pool_id = cp.id AND (t.user_id = %(user)s OR t.id = (
                           SELECT sale_team_id FROM res_users WHERE id = %(user)s))))
"""


class ResUsers(models.Model):
    """The pools a user is served by or administers: what the pool record rules read."""

    _inherit = "res.users"

    @api.multi
    def _customer_pools_served(self):
        """The active pools serving this user (their members claim from them)."""
        self.ensure_one()
        self.env.cr.execute(SERVED_POOLS_SQL, {"user": self.id})
        return self.env["customer.pool"].browse([row[0] for row in self.env.cr.fetchall()])

    @api.multi
    def _customer_pool_rule_ids(self):
        """Ids of the pools whose customers this user reads, with False for the customers not
        yet placed in a pool (they are in the default pool), for the record rules."""
        self.ensure_one()
        self.env.cr.execute(sql.SQL("""
            SELECT id, is_default FROM ({served}) s
             UNION
            SELECT cp.id, cp.is_default FROM customer_pool cp
              JOIN customer_pool_admin_rel a ON a.pool_id = cp.id AND a.user_id = %(user)s
             WHERE cp.active
        """).format(served=sql.SQL(SERVED_POOLS_SQL)), {"user": self.id})
        rows = self.env.cr.fetchall()
        ids = [row[0] for row in rows]
        if any(row[1] for row in rows):
            ids.append(False)
        return ids or [0]
