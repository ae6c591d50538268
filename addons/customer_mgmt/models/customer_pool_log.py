from odoo import api, fields, models

POOL_LOG_ACTIONS = [
    ("claim", "Claim"),
    ("release", "Release"),
    ("rule_release", "Release by Rule"),
    ("assign", "Assignment"),
    ("take_back", "Take Back"),
]


class CustomerPoolLog(models.Model):
    """Every claim, release, assignment and take-back of a pool: written by the system only."""

    _name = "customer.pool.log"
    _description = "Public Pool Log"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    date = fields.Datetime(required=True, readonly=True, index=True)
    action = fields.Selection(POOL_LOG_ACTIONS, required=True, readonly=True, index=True)
    pool_id = fields.Many2one("customer.pool", string="Pool", readonly=True, index=True,
                              ondelete="set null")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Done By", readonly=True, index=True,
                              ondelete="set null")
    previous_user_id = fields.Many2one("res.users", string="Salesperson Before", readonly=True,
                                       ondelete="set null")
    new_user_id = fields.Many2one("res.users", string="Salesperson After", readonly=True,
                                  ondelete="set null")
    salesperson_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, index=True, ondelete="set null",
        help="Who claimed or received the customer, or who held it when it went back.")
    rule_id = fields.Many2one("customer.pool.rule", string="Rule", readonly=True,
                              ondelete="set null")
    reason = fields.Text(readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True, index=True)

    @api.model
    def _log(self, action, partners, pool=None, reason=None, rule=None, previous=None,
             new_user=None, author=None):
        """Insert one row per customer in one statement (previous: {partner id: user id})."""
        if not partners:
            return
        author = author or self.env.user
        previous = previous or {}
        now = fields.Datetime.now()
        ids = partners.ids
        befores = [previous.get(pid) for pid in ids]
        self.env.cr.execute("""
            INSERT INTO customer_pool_log
                   (create_uid, create_date, write_uid, write_date, date, action, pool_id,
                    partner_id, user_id, previous_user_id, new_user_id, salesperson_id,
                    rule_id, reason, company_id)
            SELECT %(uid)s, %(now)s, %(uid)s, %(now)s, %(now)s, %(action)s, %(pool)s,
                   rows.partner_id, %(uid)s, rows.before, %(after)s,
                   COALESCE(%(after)s, rows.before), %(rule)s, %(reason)s, p.company_id
              FROM unnest(%(ids)s::int[], %(befores)s::int[]) AS rows(partner_id, before)
              JOIN res_partner p ON p.id = rows.partner_id
        """, {"uid": author.id, "now": now, "action": action, "pool": pool.id if pool else None,
              "after": new_user.id if new_user else None, "rule": rule.id if rule else None,
              "reason": reason, "ids": ids, "befores": befores})
        self.invalidate_cache()

