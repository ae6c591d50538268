import logging
from datetime import timedelta

import psycopg2
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape, split_every

from ..utils.access import INTERNAL_USER, SALESPERSON, allowed_groups
from ..utils.accounts import ACCOUNT_DOMAIN, account_domain, account_sql, is_account
from .customer_pool_settings_mixin import pool_param, pool_release_key_accounts

_logger = logging.getLogger(__name__)

TRACKED_WRITE_CHUNK = 50


class CustomerPoolMixin(models.AbstractModel):
    """The public customer pool (公海): customer accounts without a salesperson."""

    _name = "customer.pool.mixin"
    _description = "Public Customer Pool"

    is_in_pool = fields.Boolean(
        string="In the Public Pool", compute="_compute_is_in_pool", search="_search_is_in_pool",
        help="A customer account without salesperson: every salesperson may claim it.",
        groups=INTERNAL_USER)
    pool_previous_user_id = fields.Many2one(
        "res.users", string="Previous Salesperson", readonly=True, copy=False, index=True,
        track_visibility="onchange",
        help="Salesperson who held the customer when it last went back to the pool: they may "
             "claim it again only after the cooldown.", groups=INTERNAL_USER)
    pool_released_date = fields.Datetime(
        string="Released to Pool On", readonly=True, copy=False, index=True, groups=INTERNAL_USER)
    pool_id = fields.Many2one(
        "customer.pool", string="Pool", readonly=True, copy=False, index=True,
        ondelete="set null", track_visibility="onchange",
        help="The public pool the customer is in, or was last claimed from or assigned by; "
             "a customer without salesperson and without pool is in the default pool.",
        groups=INTERNAL_USER)
    pool_claim_date = fields.Datetime(
        string="Claimed On", readonly=True, copy=False, index=True,
        help="When the salesperson last claimed the customer or was assigned it by a pool.",
        groups=INTERNAL_USER)
    pool_warning_date = fields.Date(
        string="Pool Release Warned On", readonly=True, copy=False, index=True,
        help="When the salesperson was last warned that the neglected customer goes back to "
             "the pool: one warning per period without interaction.", groups=INTERNAL_USER)

    @api.multi
    @api.depends("customer", "parent_id", "user_id", "user_ids.share")
    def _compute_is_in_pool(self):
        for partner in self:
            partner.is_in_pool = (is_account(partner) and not partner.user_id
                                  and not partner._is_employee_partner())

    @api.model
    def _search_is_in_pool(self, operator, value):
        positive = (operator == "=") == bool(value)
        # Internal users' own partners are customers by Odoo's default but not claimable.
        employees = self.env["res.users"].sudo().with_context(active_test=False).search(
            [("share", "=", False)])
        domain = ["&", "&", "&"] + ACCOUNT_DOMAIN + [
            ("user_id", "=", False), ("user_ids", "not in", employees.ids)]
        return domain if positive else ["!"] + domain

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_claim(self):
        """Claim this pool customer: the current user becomes its salesperson."""
        self.ensure_one()
        self._claim_from_pool()
        return True

    @api.multi
    @allowed_groups(SALESPERSON)
    def action_release_to_pool(self):
        """Open the wizard asking why the customer goes back to the pool."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Release to Pool"),
            "res_model": "customer.pool.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": [(6, 0, self.ids)]},
        }

    @api.multi
    def _is_employee_partner(self):
        """The partner of an internal user: never a pool customer."""
        self.ensure_one()
        return any(not user.share for user in self.sudo().user_ids)

    @api.multi
    def _pool_current(self):
        """The pool this customer of the pool is in: its pool, else the default pool."""
        self.ensure_one()
        partner = self.sudo()
        return partner.pool_id if partner.pool_id.active else self.env[
            "customer.pool"]._default_pool(partner.company_id)

    @api.multi
    def _pool_check_claimable(self, user):
        """Refuse partners that are not pool customers (as superuser: self is sudo)."""
        for partner in self:
            if not is_account(partner) or partner._is_employee_partner():
                raise UserError(_(
                    "%s is not a customer account of the public pool and cannot be claimed.")
                    % partner.display_name)
            if partner.user_id:
                raise UserError(_(
                    "%(customer)s already has a salesperson (%(user)s) and cannot be claimed.")
                    % {"customer": partner.display_name,
                       "user": _("you") if partner.user_id == user else _("another salesperson")})

    @api.model
    def _pool_check_holding_limit(self, pool, counts):
        """Refuse when a user would hold more than the pool's limit; counts: {user: added}."""
        maximum = pool._pool_limit("max_customers") if pool else pool_param(
            self.env, "max_customers")
        if not maximum:
            return
        over = []
        for user, added in counts.items():
            held = self._pool_held_count(user)
            if held + added > maximum:
                over.append((user, held, added))
        if not over:
            return
        if len(over) == 1 and over[0][0] == self.env.user:
            raise UserError(_(
                "You hold %(held)d customers and may hold at most %(max)d (Maximum Customers "
                "per Salesperson): release customers before claiming more.") % {
                    "held": over[0][1], "max": maximum})
        raise UserError(_(
            "Nothing was assigned: %(users)s would hold more than %(max)d customers (Maximum "
            "Customers per Salesperson of %(pool)s).") % {
                "users": ", ".join(_("%(user)s (holds %(held)d, %(added)d more)") % {
                    "user": user.name, "held": held, "added": added}
                    for user, held, added in over),
                "max": maximum, "pool": pool.name if pool else _("the Pool Settings")})

    @api.multi
    def _claim_from_pool(self):
        """Make the current user the salesperson of these pool customers, after the checks."""
        user = self.env.user
        # The caller must be able to read what they claim (raises on hidden customers).
        self.check_access_rights("read")
        self.check_access_rule("read")
        self._pool_lock_claim(user)
        partners = self.sudo()
        partners.invalidate_cache(["user_id", "pool_previous_user_id", "pool_released_date",
                                   "pool_id"])
        partners._pool_check_claimable(user)
        served = user._customer_pools_served()
        by_pool = {}
        for partner in partners:
            pool = partner._pool_current()
            if pool not in served:
                raise UserError(_(
                    "%(customer)s is in the pool %(pool)s, which does not serve you: ask one of "
                    "its pool administrators to assign it.") % {
                        "customer": partner.display_name, "pool": pool.name or _("(none)")})
            by_pool.setdefault(pool, partners.browse())
            by_pool[pool] |= partner
        now = fields.Datetime.from_string(fields.Datetime.now())
        for pool, members in by_pool.items():
            cooldown = pool._pool_limit("cooldown_days") if pool else pool_param(
                self.env, "cooldown_days")
            if not cooldown:
                continue
            limit = now - timedelta(days=cooldown)
            for partner in members.filtered(
                    lambda p: p.pool_previous_user_id == user and p.pool_released_date):
                released = fields.Datetime.from_string(partner.pool_released_date)
                if released > limit:
                    raise UserError(_(
                        "You released %(customer)s to the pool on %(date)s: you may claim it "
                        "again %(days)d days after the release (Wait Before Claiming Again), "
                        "from %(until)s.") % {
                            "customer": partner.display_name,
                            "date": fields.Date.to_string(released.date()),
                            "days": cooldown,
                            "until": fields.Date.to_string(
                                (released + timedelta(days=cooldown)).date())})
        for pool, members in by_pool.items():
            self._pool_check_holding_limit(pool, {user: len(partners)})
        Log = self.env["customer.pool.log"]
        for pool, members in by_pool.items():
            members.write({"user_id": user.id, "pool_warning_date": False,
                           "pool_claim_date": fields.Datetime.to_string(now),
                           "pool_id": pool.id})
            Log._log("claim", members, pool=pool, new_user=user, author=user)
        for partner in partners:
            partner.message_post(
                body=html_escape(_("Claimed from the public pool by %s.") % user.name),
                subtype="mail.mt_note", author_id=user.partner_id.id)
        _logger.info("User %s claimed %d customers from the pool: %s",
                     user.login, len(partners), partners.ids)

    @api.multi
    def _pool_assign(self, pool, users, author):
        """Give these pool customers of the pool to the users, in turn; all or nothing."""
        self._pool_lock_claim(users)
        partners = self.sudo()
        partners.invalidate_cache(["user_id", "pool_id"])
        partners._pool_check_claimable(author)
        for partner in partners:
            if partner._pool_current() != pool:
                raise UserError(_("%(customer)s is not in the pool %(pool)s.") % {
                    "customer": partner.display_name, "pool": pool.name})
        shares = {user: partners.browse() for user in users}
        for index, partner in enumerate(partners):
            shares[users[index % len(users)]] |= partner
        self._pool_check_holding_limit(pool, {user: len(share) for user, share in shares.items()
                                              if share})
        now = fields.Datetime.now()
        Log = self.env["customer.pool.log"]
        for user, share in shares.items():
            if not share:
                continue
            share.write({"user_id": user.id, "pool_warning_date": False,
                         "pool_claim_date": now, "pool_id": pool.id})
            Log._log("assign", share, pool=pool, new_user=user, author=author)
            body = html_escape(_("Assigned to %(user)s from the pool %(pool)s by %(author)s.") % {
                "user": user.name, "pool": pool.name, "author": author.name})
            for partner_id in share.ids:
                share.browse(partner_id).message_post(
                    body=body, subtype="mail.mt_note", author_id=author.partner_id.id)
        _logger.info("User %s assigned %d customers of the pool %s to %s", author.login,
                     len(partners), pool.id, users.ids)

    @api.multi
    def _pool_lock_claim(self, users):
        """Make concurrent claims or assignments of the same users or of the same customers
        wait for each other.

        Odoo's transactions are REPEATABLE READ: a claim reads the salesperson of the customers
        and counts the customers the user holds on the snapshot taken when its transaction
        began. Updating the claiming user's row makes a second claim of the same user wait
        for the first and then fail with a serialization error once the first commits; Odoo
        retries the request with a fresh snapshot, which counts the first claim (a mere
        SELECT ... FOR UPDATE would let the second claim count on its old snapshot and exceed
        the holding limit). The customers' rows are locked the same way; the loser of a race
        for a customer is told who claimed it instead of being retried into an access error,
        the customer being no longer readable from the pool.
        """
        if not self.ids:
            return
        cr = self.env.cr
        cr.execute("UPDATE res_users SET write_date = write_date WHERE id IN %s",
                   (tuple(sorted(users.ids)),))
        try:
            with cr.savepoint():
                cr.execute("SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR UPDATE",
                           (tuple(self.ids),))
        except psycopg2.extensions.TransactionRollbackError:
            holders = self._pool_committed_holders()
            if not holders:
                raise  # changed by something else than a claim: Odoo retries the request
            claimed = self.filtered(lambda partner: partner.id in holders)[0]
            raise UserError(_("%(customer)s was already claimed by %(user)s.") % {
                "customer": claimed.sudo().display_name, "user": holders[claimed.id]})

    @api.multi
    def _pool_committed_holders(self):
        """{customer id: salesperson name} of these customers as committed by now.

        Read in a transaction of its own: the claim's transaction still sees the snapshot
        from before the concurrent claim.
        """
        cr = self.pool.cursor()
        try:
            cr.execute("""
                SELECT p.id, holder.name
                  FROM res_partner p
                  JOIN res_users u ON u.id = p.user_id
                  JOIN res_partner holder ON holder.id = u.partner_id
                 WHERE p.id IN %s
            """, (tuple(self.ids),))
            return dict(cr.fetchall())
        finally:
            cr.close()

    @api.multi
    def _pool_home_pools(self):
        """{customer id: id of the pool it goes back to} (see _pool_route_sql), in one query."""
        if not self.ids:
            return {}
        query = sql.SQL("SELECT p.id, {route} FROM res_partner p WHERE p.id IN %s").format(
            route=self._pool_route_sql())
        self.env.cr.execute(query, (tuple(self.ids),))
        return dict(self.env.cr.fetchall())

    @api.model
    def _pool_route_sql(self):
        """SQL of the pool a released customer ``p`` goes to: the first active pool (by
        sequence) of its company whose teams hold the customer's team or whose regions hold
        its region, else its company's default pool (any default pool if it has none)."""
        return sql.SQL("""COALESCE(
            (SELECT cp.id FROM customer_pool cp
              WHERE cp.active AND (p.company_id IS NULL OR cp.company_id = p.company_id)
                AND (EXISTS (SELECT 1 FROM customer_pool_crm_team_rel r
                              WHERE r.pool_id = cp.id AND r.team_id = p.team_id)
                  OR EXISTS (SELECT 1 FROM customer_pool_region_rel r
                              WHERE r.pool_id = cp.id AND r.region_id = p.region_id))
              ORDER BY cp.sequence, cp.id LIMIT 1),
            (SELECT cp.id FROM customer_pool cp WHERE cp.active AND cp.is_default
              ORDER BY (cp.company_id = p.company_id) IS TRUE DESC, cp.id LIMIT 1))""")

    @api.multi
    def _release_to_pool(self, reason, author=None, pool=None, action="release", rule=None):
        """Give these customers back to a pool (no salesperson), say why in the chatter and
        log it: to ``pool``, else to the pool each customer goes to."""
        author = author or self.env.user
        partners = self.sudo()
        now = fields.Datetime.now()
        Pool = self.env["customer.pool"].sudo()
        homes = {pid: pool.id for pid in partners.ids} if pool else partners._pool_home_pools()
        previous = {partner.id: partner.user_id.id for partner in partners}
        Log = self.env["customer.pool.log"]
        for pool_id in set(homes.values()):
            target = Pool.browse(pool_id)
            in_target = partners.filtered(lambda p, t=pool_id: homes[p.id] == t)
            for user in in_target.mapped("user_id"):
                held = in_target.filtered(lambda p, u=user: p.user_id == u)
                # Small chunks: the chatter tracks the salesperson record by record, and each
                # message empties the cache the rest of the chunk is read from again.
                for chunk in split_every(TRACKED_WRITE_CHUNK, held.ids):
                    held.browse(chunk).write({
                        "user_id": False, "pool_previous_user_id": user.id,
                        "pool_released_date": now, "pool_warning_date": False,
                        "pool_id": target.id})
            Log._log(action, in_target, pool=target, reason=reason, rule=rule,
                     previous=previous, author=author)
            if action == "take_back":
                text = _("Taken back into the pool %(pool)s by %(user)s. Reason: %(reason)s")
            else:
                text = _("Released to the public pool %(pool)s by %(user)s. Reason: %(reason)s")
            body = html_escape(text % {"user": author.name, "reason": reason,
                                       "pool": target.name or ""})
            for partner_id in in_target.ids:
                partners.browse(partner_id).message_post(
                    body=body, subtype="mail.mt_note", author_id=author.partner_id.id)
        self._close_pool_warnings(partners)

    @api.model
    def _close_pool_warnings(self, partners):
        """Remove the pending pool warnings of these customers: they are no longer due."""
        activity_type = self.env.ref(
            "customer_mgmt.mail_activity_type_pool_warning", raise_if_not_found=False)
        if not activity_type or not partners:
            return
        self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            ("activity_type_id", "=", activity_type.id)]).unlink()

    @api.model
    def _pool_release_deadlines(self):
        """(SQL, params) selecting id, user_id, pool_warning_date, pool_id, rule_id and deadline
        (when the customer goes back to its pool, and by which rule) of the owned customer
        accounts under a release rule, or None when no rule may fire: the one definition of
        the release rules.

        A customer's rules are those of the pool it would go back to (``_pool_route_sql``);
        of its rules the one with the earliest deadline fires. No follow-up: the last
        interaction (or the creation) plus the rule's days (0: the tier's or the settings'),
        customers with an open opportunity stay. No won order: the claim or assignment plus
        the rule's days, unless a sale order was confirmed or an opportunity won since. The
        pool's new customer protection pushes the deadline to the creation, claim or
        assignment plus its days. Key accounts stay unless the rule (or, at 0 days, the
        settings) release them. Parameters are positional (%s).
        """
        release_days = pool_param(self.env, "release_days")
        rules = self.env["customer.pool.rule"].sudo().search([("pool_id.active", "=", True)])
        if not rules.filtered(lambda rule: rule.days > 0 or release_days):
            return None
        order_sql = sql.SQL("")
        self.env.cr.execute("SELECT to_regclass('sale_order') IS NOT NULL")
        if "sale.order" in self.env and self.env.cr.fetchone()[0]:
            order_sql = sql.SQL("""
                AND NOT EXISTS (
                    SELECT 1 FROM sale_order so JOIN res_partner sp ON sp.id = so.partner_id
                     WHERE sp.commercial_partner_id = a.id AND so.state IN ('sale', 'done')
                       AND COALESCE(so.confirmation_date, so.date_order) >= a.pool_claim_date)""")
        # Fragments above are constants of this method; every value is a query parameter.
        query = sql.SQL("""
            SELECT DISTINCT ON (a.id) a.id, a.user_id, a.pool_warning_date, a.pool_id,
                   r.id AS rule_id,
                   GREATEST(
                       CASE WHEN r.kind = 'no_followup'
                            THEN COALESCE(a.last_interaction_date, a.create_date) + make_interval(
                                 days => CASE WHEN r.days > 0 THEN r.days ELSE a.settings_days END)
                            ELSE a.pool_claim_date + make_interval(days => r.days) END,
                       GREATEST(a.create_date, a.pool_claim_date)
                       + make_interval(days => cp.protection_days)) AS deadline
              FROM (SELECT p.id, p.user_id, p.pool_warning_date, p.create_date,
                           p.last_interaction_date, p.pool_claim_date, p.tier_id,
                           t.is_key_account IS TRUE AS key_account,
                           COALESCE(NULLIF(t.pool_release_days, 0), %s) AS settings_days,
                           {route} AS pool_id
                      FROM res_partner p
                      LEFT JOIN customer_tier t ON t.id = p.tier_id
                     WHERE {account} AND p.user_id IS NOT NULL) a
              JOIN customer_pool cp ON cp.id = a.pool_id AND cp.active
              JOIN customer_pool_rule r ON r.pool_id = cp.id AND r.active
             WHERE (r.days > 0 OR %s > 0)
               AND (NOT a.key_account
                    OR CASE WHEN r.days > 0 THEN r.include_key_accounts IS TRUE ELSE %s END)
               AND (EXISTS (SELECT 1 FROM customer_pool_rule_tier_rel rt
                             WHERE rt.rule_id = r.id AND rt.tier_id = a.tier_id)
                    OR (NOT EXISTS (SELECT 1 FROM customer_pool_rule_tier_rel rt
                                     WHERE rt.rule_id = r.id)
                        AND NOT EXISTS (
                            SELECT 1 FROM customer_pool_rule r2
                              JOIN customer_pool_rule_tier_rel rt2 ON rt2.rule_id = r2.id
                             WHERE r2.pool_id = r.pool_id AND r2.active AND r2.kind = r.kind
                               AND rt2.tier_id = a.tier_id)))
               AND CASE WHEN r.kind = 'no_followup' THEN NOT EXISTS (
                        SELECT 1 FROM crm_lead l JOIN res_partner lp ON lp.id = l.partner_id
                         WHERE lp.commercial_partner_id = a.id AND l.active
                           AND l.type = 'opportunity' AND l.probability < 100)
                   ELSE a.pool_claim_date IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM crm_lead l JOIN res_partner lp ON lp.id = l.partner_id
                         WHERE lp.commercial_partner_id = a.id AND l.probability = 100
                           AND l.date_closed >= a.pool_claim_date) {orders}
                   END
             ORDER BY a.id, deadline, r.sequence, r.id
        """).format(route=self._pool_route_sql(), account=account_sql("p"), orders=order_sql)
        return query, [release_days, release_days, pool_release_key_accounts(self.env)]

    @api.model
    def _pool_neglected_candidates(self):
        """Owned customer accounts due for a warning or a release, as dicts, in one query."""
        warning_days = pool_param(self.env, "warning_days")
        deadlines = self._pool_release_deadlines()
        if not deadlines:
            return [], warning_days
        inner, params = deadlines
        query = sql.SQL("""
            SELECT id, user_id, pool_warning_date, pool_id, rule_id, deadline FROM ({inner}) c
             WHERE c.deadline - make_interval(days => %s) <= %s
             ORDER BY c.id
        """).format(inner=inner)
        self.env.cr.execute(query, params + [warning_days, fields.Datetime.now()])
        return self.env.cr.dictfetchall(), warning_days

    @api.model
    def _pool_held_count(self, user):
        """How many customer accounts the user holds, as the holding limit counts them."""
        return self.sudo().search_count(account_domain(("user_id", "=", user.id)))

    @api.model
    def _cron_release_neglected_customers(self, batch_limit=500):
        """A cron calls this: warn salespeople of customers a pool's release rule is about to
        release, then release them to their pool (see _pool_release_deadlines).

        The salesperson gets one warning activity per period, the warning days before, naming
        the rule and the date; the customer goes back to its pool once the deadline passed and
        the warning is at least the warning days old. Running it twice does nothing twice.
        """
        rows, warning_days = self._pool_neglected_candidates()
        now = fields.Datetime.from_string(fields.Datetime.now())
        today = now.date()
        to_warn, to_release = [], []
        for row in rows:
            deadline = row["deadline"]
            if isinstance(deadline, str):
                deadline = fields.Datetime.from_string(deadline)
            warn_from = (deadline - timedelta(days=warning_days)).date()
            warned = row["pool_warning_date"]
            warned = fields.Date.from_string(warned) if isinstance(warned, str) else warned
            if not warned or warned < warn_from:
                to_warn.append(row)
            elif deadline <= now and warned + timedelta(days=warning_days) <= today:
                to_release.append(row)
        runner = self.env["customer.batch.runner"]
        runner._run_batches("Public pool: warnings", split_every(batch_limit, to_warn),
                            self._pool_send_warnings)
        runner._run_batches("Public pool: releases", split_every(batch_limit, to_release),
                            self._pool_release_by_rules)
        _logger.info("Public pool: warned %d salespeople of customers due for release, "
                     "released %d customers to their pools", len(to_warn), len(to_release))
        return {"warned": len(to_warn), "released": len(to_release)}

    @api.model
    def _pool_release_by_rules(self, rows):
        """Release the customers of the rows to their pool, each group under its rule."""
        author = self.env.ref("base.user_root")
        groups = {}
        for row in rows:
            groups.setdefault((row["pool_id"], row["rule_id"]), []).append(row["id"])
        Pool, Rule = self.env["customer.pool"].sudo(), self.env["customer.pool.rule"].sudo()
        for (pool_id, rule_id), ids in sorted(groups.items()):
            rule = Rule.browse(rule_id)
            reason = _("release rule \"%s\" (automatic).") % rule.display_name
            self.sudo().browse(ids)._release_to_pool(
                reason, author=author, pool=Pool.browse(pool_id), action="rule_release",
                rule=rule)

    @api.model
    def _pool_send_warnings(self, rows):
        """One warning activity per customer due for release, for its salesperson, in their
        language, naming the rule and the date."""
        activity_type = self.env.ref("customer_mgmt.mail_activity_type_pool_warning")
        partners = self.sudo().browse([row["id"] for row in rows])
        self._close_pool_warnings(partners)
        users = self.env["res.users"].sudo().browse({row["user_id"] for row in rows})
        langs = {user.id: user.lang or "en_US" for user in users}
        values = []
        for row in rows:
            deadline = row["deadline"]
            if isinstance(deadline, str):
                deadline = fields.Datetime.from_string(deadline)
            texts = self.with_context(lang=langs[row["user_id"]])._pool_warning_texts(
                row["rule_id"], row["pool_id"], deadline.date())
            values.append(dict(texts, res_id=row["id"], activity_type_id=activity_type.id,
                               user_id=row["user_id"], date_deadline=deadline.date()))
        self.env["mail.activity"]._customer_mgmt_create_bulk("res.partner", values)
        # Bookkeeping of the cron, not master data: no partner write (and its checks) per batch.
        self.env.cr.execute("UPDATE res_partner SET pool_warning_date = %s WHERE id IN %s",
                            (fields.Date.context_today(self), tuple(partners.ids)))
        partners.invalidate_cache(["pool_warning_date"], partners.ids)

    @api.model
    def _pool_warning_texts(self, rule_id, pool_id, date):
        """Summary and note of a release warning, in the language of the context."""
        rule = self.env["customer.pool.rule"].sudo().browse(rule_id)
        pool = self.env["customer.pool"].sudo().browse(pool_id)
        values = {"rule": rule.display_name, "pool": pool.name,
                  "date": fields.Date.to_string(date)}
        return {
            "summary": _("Log a follow-up or this customer goes back to the public pool on "
                         "%(date)s") % values,
            "note": html_escape(_("The release rule \"%(rule)s\" of the pool %(pool)s releases "
                                  "this customer on %(date)s.") % values),
        }
