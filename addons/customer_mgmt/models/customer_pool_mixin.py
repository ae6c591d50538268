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
    def _claim_from_pool(self):
        """Make the current user the salesperson of these pool customers, after the checks."""
        user = self.env.user
        # The caller must be able to read what they claim (raises on hidden customers).
        self.check_access_rights("read")
        self.check_access_rule("read")
        self._pool_lock_claim(user)
        partners = self.sudo()
        partners.invalidate_cache(["user_id", "pool_previous_user_id", "pool_released_date"])
        for partner in partners:
            if not is_account(partner) or partner._is_employee_partner():
                raise UserError(_(
                    "%s is not a customer account of the public pool and cannot be claimed.")
                    % partner.display_name)
            if partner.user_id:
                raise UserError(_(
                    "%(customer)s already has a salesperson (%(user)s) and cannot be claimed.")
                    % {"customer": partner.display_name,
                       "user": _("you") if partner.user_id == user else _("another salesperson")})
        cooldown = pool_param(self.env, "cooldown_days")
        if cooldown:
            limit = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=cooldown)
            for partner in partners.filtered(
                    lambda p: p.pool_previous_user_id == user and p.pool_released_date):
                released = fields.Datetime.from_string(partner.pool_released_date)
                if released > limit:
                    raise UserError(_(
                        "You released %(customer)s to the pool on %(date)s: you may claim it "
                        "again %(days)d days after the release (Wait Before Claiming Again), from "
                        "%(until)s.") % {
                            "customer": partner.display_name,
                            "date": fields.Date.to_string(released.date()),
                            "days": cooldown,
                            "until": fields.Date.to_string(
                                (released + timedelta(days=cooldown)).date())})
        maximum = pool_param(self.env, "max_customers")
        if maximum:
            held = self._pool_held_count(user)
            if held + len(partners) > maximum:
                raise UserError(_(
                    "You hold %(held)d customers and may hold at most %(max)d (Maximum Customers "
                    "per Salesperson): release customers before claiming more.") % {
                        "held": held, "max": maximum})
        partners.write({"user_id": user.id, "pool_warning_date": False})
        for partner in partners:
            partner.message_post(
                body=html_escape(_("Claimed from the public pool by %s.") % user.name),
                subtype="mail.mt_note", author_id=user.partner_id.id)
        _logger.info("User %s claimed %d customers from the pool: %s",
                     user.login, len(partners), partners.ids)

    @api.multi
    def _pool_lock_claim(self, user):
        """Make concurrent claims of the same user or of the same customers wait for each other.

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
        cr = self.env.cr
        cr.execute("UPDATE res_users SET write_date = write_date WHERE id = %s", (user.id,))
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
    def _release_to_pool(self, reason, author=None):
        """Give these customers back to the pool (no salesperson) and say why in the chatter."""
        author = author or self.env.user
        partners = self.sudo()
        now = fields.Datetime.now()
        for user in partners.mapped("user_id"):
            held = partners.filtered(lambda p, u=user: p.user_id == u)
            # Small chunks: the chatter tracks the salesperson record by record, and each
            # message empties the cache the rest of the chunk is read from again.
            for chunk in split_every(TRACKED_WRITE_CHUNK, held.ids):
                held.browse(chunk).write({
                    "user_id": False, "pool_previous_user_id": user.id,
                    "pool_released_date": now, "pool_warning_date": False})
        body = html_escape(_("Released to the public pool by %(user)s. Reason: %(reason)s") % {
            "user": author.name, "reason": reason})
        for partner_id in partners.ids:
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
        """(SQL, params) selecting id, user_id, pool_warning_date and deadline (when the customer
        goes back to the pool) of the owned customer accounts under the automatic release rule,
        or None when the automatic release is off: the one definition of the release rule.

        The deadline is the last interaction (or the creation) plus the release days of the
        tier or of the settings; key accounts stay unless the settings release them; customers
        with an open opportunity stay. Parameters are positional (%s).
        """
        release_days = pool_param(self.env, "release_days")
        if not release_days:
            return None
        key_sql = sql.SQL("")
        if not pool_release_key_accounts(self.env):
            key_sql = sql.SQL("AND t.is_key_account IS NOT TRUE")
        # Fragments above are constants of this method; every value is a query parameter.
        query = sql.SQL("""
            SELECT p.id, p.user_id, p.pool_warning_date,
                   (COALESCE(p.last_interaction_date, p.create_date)
                    + make_interval(days => COALESCE(NULLIF(t.pool_release_days, 0), %s)))
                   AS deadline
              FROM res_partner p
              LEFT JOIN customer_tier t ON t.id = p.tier_id
             WHERE {account} AND p.user_id IS NOT NULL {key_filter}
               AND NOT EXISTS (
                    SELECT 1 FROM crm_lead l
                      JOIN res_partner lp ON lp.id = l.partner_id
                     WHERE lp.commercial_partner_id = p.id AND l.active
                       AND l.type = 'opportunity' AND l.probability < 100)
        """).format(key_filter=key_sql, account=account_sql("p"))
        return query, [release_days]

    @api.model
    def _pool_neglected_candidates(self):
        """Owned customer accounts due for a warning or a release, as dicts, in one query."""
        warning_days = pool_param(self.env, "warning_days")
        deadlines = self._pool_release_deadlines()
        if not deadlines:
            return [], warning_days
        inner, params = deadlines
        query = sql.SQL("""
            SELECT id, user_id, pool_warning_date, deadline FROM ({inner}) c
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
        """A cron calls this: warn salespeople of neglected customers, then release them to the pool.

        A customer is neglected when it had no interaction (or was created, without
        interactions) for the release days of its tier or of the settings and has no open
        opportunity; key accounts stay unless the settings release them. The salesperson gets
        one warning activity per period, the warning days before; the customer goes back to the
        pool once the deadline passed and the warning is at least the warning days old.
        Running it twice does nothing twice.
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
                to_release.append(row["id"])
        reason = _("no interaction for the release period of the public pool (automatic).")
        author = self.env.ref("base.user_root")
        runner = self.env["customer.batch.runner"]
        runner._run_batches("Public pool: warnings", split_every(batch_limit, to_warn),
                            self._pool_send_warnings)
        warned_count = len(to_warn)
        runner._run_batches(
            "Public pool: releases", split_every(batch_limit, to_release),
            lambda ids: self.sudo().browse(ids)._release_to_pool(reason, author=author))
        released_count = len(to_release)
        _logger.info("Public pool: warned %d salespeople of neglected customers, released %d "
                     "customers to the pool", warned_count, released_count)
        return {"warned": warned_count, "released": released_count}

    @api.model
    def _pool_send_warnings(self, rows):
        """One warning activity per neglected customer, for its salesperson."""
        activity_type = self.env.ref("customer_mgmt.mail_activity_type_pool_warning")
        partners = self.sudo().browse([row["id"] for row in rows])
        self._close_pool_warnings(partners)
        summary = _("Log an interaction or this customer goes back to the public pool")
        self.env["mail.activity"]._customer_mgmt_create_bulk("res.partner", [{
            "res_id": row["id"],
            "activity_type_id": activity_type.id,
            "user_id": row["user_id"],
            "date_deadline": fields.Datetime.from_string(row["deadline"]).date(),
            "summary": summary,
        } for row in rows])
        # Bookkeeping of the cron, not master data: no partner write (and its checks) per batch.
        self.env.cr.execute("UPDATE res_partner SET pool_warning_date = %s WHERE id IN %s",
                            (fields.Date.context_today(self), tuple(partners.ids)))
        partners.invalidate_cache(["pool_warning_date"], partners.ids)
