"""Scheduled follow-up reminders (定期回访、定期核对): revisits, data verification, data-quality
review and key-account greetings, each run by its own cron."""
import calendar
import logging
from datetime import date, datetime, timedelta

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.tools import html_escape, split_every

from odoo.addons.customer_mgmt.utils import settings
from odoo.addons.customer_mgmt.utils.accounts import account_domain, account_sql

_logger = logging.getLogger(__name__)

# The year of the last greeting, per occasion (fixed statements: no SQL built from names).
GREETED_UPDATES = {
    "birthday_greeted_year": "UPDATE res_partner SET birthday_greeted_year = %s WHERE id IN %s",
    "anniversary_greeted_year": "UPDATE res_partner SET anniversary_greeted_year = %s WHERE id IN %s",
}

# Lifecycle, signals, churn and greeting fields of the partners are for employees: portal and
# public users (the customers' own contacts) read none of them, not even on their own company.
INTERNAL_GROUP = "base.group_user"
PARAM_PREFIX = "customer_lifecycle."
REMINDER_DEFAULTS = {
    "verification_days": 180,
    "greeting_days_before": 3,
    "data_quality_review": True,
    "data_quality_completeness_min": 100,
}
ACTIVITY_TYPES = {
    "revisit": "customer_lifecycle.mail_activity_type_revisit",
    "verify": "customer_lifecycle.mail_activity_type_verify",
    "data_quality": "customer_lifecycle.mail_activity_type_data_quality",
    "greeting": "customer_lifecycle.mail_activity_type_greeting",
    "retention": "customer_lifecycle.mail_activity_type_retention",
}
DATA_ADMIN_GROUP = "customer_mgmt.group_customer_data_admin"
# Month and year of the last data-quality review sent, "YYYY-MM": one review per month.
DATA_QUALITY_MONTH_PARAM = PARAM_PREFIX + "data_quality_review_month"


def to_date(value):
    """A datetime.date from a date, a datetime or an Odoo date/datetime string."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return fields.Date.from_string(value[:10])


def anniversary_in(day, year):
    """The anniversary of a date in a given year (29 February falls on the 28th otherwise)."""
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, day.month, day.day)


class CustomerReminderMixin(models.AbstractModel):
    """Follow-up reminders of the customers: the cron methods and what they remember."""

    _name = "customer.reminder.mixin"
    _description = "Follow-up Reminders of Customers"

    birthday = fields.Date(
        string="Birthday", groups=INTERNAL_GROUP, index=True,
        help="The salesperson of a key account gets a greeting reminder a few days before the "
             "birthdays of its contact persons.")
    birthday_greeted_year = fields.Integer(
        string="Birthday Greeted In", groups=INTERNAL_GROUP, readonly=True, copy=False,
        help="Year of the last birthday greeting reminder: one reminder per year.")
    anniversary_greeted_year = fields.Integer(
        string="Anniversary Greeted In", groups=INTERNAL_GROUP, readonly=True, copy=False,
        help="Year of the last company-anniversary greeting reminder: one reminder per year.")

    # ------------------------------------------------------------ helpers

    @api.model
    def _reminder_param(self, key, defaults=None):
        """A setting of customer_lifecycle from the system parameters, typed like its default."""
        return settings.get_typed(self.env, PARAM_PREFIX + key, (defaults or REMINDER_DEFAULTS)[key])

    @api.model
    def _reminder_today(self, date_ref=None):
        return to_date(date_ref) if date_ref else to_date(fields.Date.context_today(self))

    @api.model
    def _reminder_activity_type(self, key):
        return self.env.ref(ACTIVITY_TYPES[key])

    @api.model
    def _reminder_open_keys(self, activity_type, res_ids, res_model="res.partner", by_deadline=False):
        """Documents (or (document, deadline) pairs) that already have an open activity of a type.

        Done activities are deleted in Odoo 11: every remaining one is open. One search per call.
        """
        if not res_ids:
            return set()
        activities = self.env["mail.activity"].sudo().search_read(
            [("res_model", "=", res_model), ("res_id", "in", list(res_ids)),
             ("activity_type_id", "=", activity_type.id)], ["res_id", "date_deadline"])
        if by_deadline:
            return {(act["res_id"], act["date_deadline"]) for act in activities}
        return {act["res_id"] for act in activities}

    @api.model
    def _reminder_create_activities(self, activity_type, values_list, res_model="res.partner",
                                    by_deadline=False):
        """Schedule the activities whose document has no open one of the type yet; return them.

        values_list: dicts with res_id, user_id, date_deadline, summary and optionally note.
        """
        open_keys = self._reminder_open_keys(
            activity_type, {vals["res_id"] for vals in values_list}, res_model, by_deadline)
        values = []
        for vals in values_list:
            deadline = fields.Date.to_string(to_date(vals["date_deadline"]))
            key = (vals["res_id"], deadline) if by_deadline else vals["res_id"]
            if key in open_keys:
                continue
            open_keys.add(key)
            values.append(dict(vals, activity_type_id=activity_type.id, date_deadline=deadline))
        return self.env["mail.activity"]._customer_mgmt_create_bulk(res_model, values)

    @api.model
    def _reminder_schedule(self, label, activity_type, values_list, batch_limit):
        """Schedule the activities batch by batch, committing between batches; return how many."""
        return sum(len(activities) for activities in self.env["customer.batch.runner"]._run_batches(
            label, split_every(batch_limit, values_list),
            lambda batch: self._reminder_create_activities(activity_type, list(batch))))

    @api.model
    def _mark_greeted(self, field_name, years):
        """Remember the year of each greeting: one UPDATE per year, not a partner write each."""
        query = GREETED_UPDATES[field_name]
        for year, ids in years.items():
            self.env.cr.execute(query, (year, tuple(ids)))
        self.invalidate_cache([field_name])

    @api.model
    def _greet_schedule(self, activity_type, values_list, mark_greeted):
        """One batch of greetings: the activities, then the marks that prevent a second one."""
        activities = self._reminder_create_activities(activity_type, values_list, by_deadline=True)
        mark_greeted()
        return len(activities)

    # -------------------------------------------------------------- revisit

    @api.model
    def _cron_revisit_reminders(self, batch_limit=1000, date_ref=None):
        """A cron calls this: remind salespeople to revisit customers their tier says are due.

        A customer account is due when its last interaction (or its creation, without any) is
        older than the revisit interval of its tier; its salesperson gets one "Revisit"
        activity, never a second while one is open.
        """
        today = self._reminder_today(date_ref)
        activity_type = self._reminder_activity_type("revisit")
        self.env.cr.execute(sql.SQL("""
            SELECT p.id, p.user_id, t.revisit_interval_days,
                   COALESCE(p.last_interaction_date, p.create_date) AS last_date
              FROM res_partner p
              JOIN customer_tier t ON t.id = p.tier_id
             WHERE {account} AND p.user_id IS NOT NULL
               AND t.revisit_interval_days > 0
               AND COALESCE(p.last_interaction_date, p.create_date)
                   < %(today)s::date - t.revisit_interval_days + 1
               AND NOT EXISTS (SELECT 1 FROM mail_activity a
                                WHERE a.res_model = 'res.partner' AND a.res_id = p.id
                                  AND a.activity_type_id = %(type)s)
             ORDER BY p.id
        """).format(account=account_sql("p")),
            {"today": fields.Date.to_string(today), "type": activity_type.id})
        rows = self.env.cr.dictfetchall()
        deadline = today + timedelta(days=activity_type.days or 0)
        values_list = [{
            "res_id": row["id"],
            "user_id": row["user_id"],
            "date_deadline": deadline,
            "summary": _("Revisit: no interaction for %(days)d days (tier interval: "
                         "%(interval)d days)") % {
                             "days": (today - to_date(row["last_date"])).days,
                             "interval": row["revisit_interval_days"]},
        } for row in rows]
        created = self._reminder_schedule("Revisit reminders", activity_type, values_list,
                                          batch_limit)
        _logger.info("Revisit reminders: %d customers due, %d activities scheduled", len(rows), created)
        return created

    # --------------------------------------------------------- verification

    @api.model
    def _cron_verification_reminders(self, batch_limit=1000, date_ref=None):
        """A cron calls this: remind salespeople to verify customer archives not checked for long.

        Due: last verified more than the verification days ago (default 180), or never verified
        and created more than that ago. One open "Verify customer data" activity at most.
        """
        today = self._reminder_today(date_ref)
        days = self._reminder_param("verification_days")
        if days <= 0:
            _logger.info("Verification reminders are disabled (0 days)")
            return 0
        activity_type = self._reminder_activity_type("verify")
        cutoff = today - timedelta(days=days)
        self.env.cr.execute(sql.SQL("""
            SELECT p.id, p.user_id, p.last_verified_date
              FROM res_partner p
             WHERE {account} AND p.user_id IS NOT NULL
               AND (p.last_verified_date < %(cutoff)s
                    OR (p.last_verified_date IS NULL AND p.create_date < %(cutoff)s))
               AND NOT EXISTS (SELECT 1 FROM mail_activity a
                                WHERE a.res_model = 'res.partner' AND a.res_id = p.id
                                  AND a.activity_type_id = %(type)s)
             ORDER BY p.id
        """).format(account=account_sql("p")),
            {"cutoff": fields.Date.to_string(cutoff), "type": activity_type.id})
        rows = self.env.cr.dictfetchall()
        deadline = today + timedelta(days=activity_type.days or 0)
        values_list = []
        for row in rows:
            if row["last_verified_date"]:
                summary = _("Verify the customer data: last verified on %s") % (
                    fields.Date.to_string(to_date(row["last_verified_date"])))
            else:
                summary = _("Verify the customer data: never verified")
            values_list.append({"res_id": row["id"], "user_id": row["user_id"],
                                "date_deadline": deadline, "summary": summary})
        created = self._reminder_schedule("Verification reminders", activity_type, values_list,
                                          batch_limit)
        _logger.info("Verification reminders: %d customers due, %d activities scheduled",
                     len(rows), created)
        return created

    # --------------------------------------------------------- data quality

    @api.model
    def _data_quality_counts(self):
        """Counts of the monthly data-quality review, each from one aggregate query."""
        partners = self.sudo().with_context(active_test=True)
        minimum = self._reminder_param("data_quality_completeness_min")
        counts = {
            "incomplete": partners.search_count(
                account_domain(("completeness", "<", minimum))),
            "naming": partners.search_count([("naming_issue", "=", True)]),
            "duplicates": self.env["customer.duplicate.pair"].sudo().search_count(
                [("state", "=", "open")]),
        }
        return counts

    @api.model
    def _data_quality_link(self, action_xmlid, fallback_xmlid=None):
        """A web-client link to an action, or to a fallback when the first is not installed."""
        action = self.env.ref(action_xmlid, raise_if_not_found=False)
        if not action and fallback_xmlid:
            action = self.env.ref(fallback_xmlid, raise_if_not_found=False)
        return "/web#action=%d" % action.id if action else "/web"

    @api.model
    def _data_quality_note(self, counts):
        lines = [
            (_("Incomplete customer profiles"), counts["incomplete"],
             self._data_quality_link("customer_lifecycle.res_partner_action_incomplete",
                                     "customer_mgmt.res_partner_action_customer")),
            (_("Customers and contacts with naming issues"), counts["naming"],
             self._data_quality_link("customer_lifecycle.res_partner_action_naming_issue",
                                     "customer_mgmt.res_partner_action_customer")),
            (_("Possible duplicate customers to review"), counts["duplicates"],
             self._data_quality_link("customer_mgmt.customer_duplicate_pair_action")),
        ]
        items = "".join('<li><a href="%s">%s: %d</a></li>' % (url, html_escape(label), count)
                        for label, count, url in lines)
        return "<p>%s</p><ul>%s</ul>" % (html_escape(_("Data quality this month:")), items)

    @api.model
    def _cron_data_quality_review(self, batch_limit=1000, date_ref=None):
        """A cron calls this: once a month, each data administrator gets a data-quality summary.

        The summary activity counts incomplete profiles, naming issues and open duplicate
        pairs, with links to each list; it sits on the administrator's own contact. One review
        per month (remembered in a system parameter) and never a second open one per person.
        """
        if not self._reminder_param("data_quality_review"):
            _logger.info("Data-quality review is switched off in the settings")
            return 0
        today = self._reminder_today(date_ref)
        month = today.strftime("%Y-%m")
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(DATA_QUALITY_MONTH_PARAM) == month:
            _logger.info("Data-quality review of %s already sent", month)
            return 0
        group = self.env.ref(DATA_ADMIN_GROUP)
        # In Odoo 11 the superuser is the human "admin" login: it is reviewed like the others.
        admins = group.users.filtered(lambda u: u.active and not u.share)
        counts = self._data_quality_counts()
        activity_type = self._reminder_activity_type("data_quality")
        note = self._data_quality_note(counts)
        deadline = today + timedelta(days=activity_type.days or 0)
        summary = _("Data quality review %(month)s: %(incomplete)d incomplete, %(naming)d naming "
                    "issues, %(duplicates)d duplicates") % dict(counts, month=month)
        values_list = [{"res_id": user.partner_id.id, "user_id": user.id,
                        "date_deadline": deadline, "summary": summary, "note": note}
                       for user in admins]
        created = self._reminder_schedule("Data-quality review", activity_type, values_list,
                                          batch_limit)
        params.set_param(DATA_QUALITY_MONTH_PARAM, month)
        _logger.info("Data-quality review %s: %d administrators notified (%s)", month, created, counts)
        return created

    # ------------------------------------------------------------ greetings

    @api.model
    def _greeting_occasions(self, day, today, days_before):
        """The next anniversary of day within [today, today + days_before], or None."""
        for year in (today.year, today.year + 1):
            occasion = anniversary_in(day, year)
            if today <= occasion <= today + timedelta(days=days_before):
                return occasion
        return None

    @api.model
    def _greeting_month_days(self, today, days_before):
        """The 'MM-DD' strings of the window, with 02-29 when the window holds 28 February."""
        keys = set()
        for offset in range(days_before + 1):
            day = today + timedelta(days=offset)
            keys.add(day.strftime("%m-%d"))
            if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
                keys.add("02-29")
        return tuple(sorted(keys))

    @api.model
    def _cron_key_account_greetings(self, batch_limit=1000, date_ref=None):
        """A cron calls this: greeting reminders for key accounts, a few days before each occasion.

        Occasions: birthdays of the key accounts' contact persons (and of individual key
        accounts), the key accounts' founding anniversaries and the configured holidays. The
        salesperson gets one "Greeting" activity per occasion and year, due on the day.
        """
        today = self._reminder_today(date_ref)
        days_before = max(self._reminder_param("greeting_days_before"), 0)
        activity_type = self._reminder_activity_type("greeting")
        month_days = self._greeting_month_days(today, days_before)
        cr = self.env.cr
        # Contact persons (or individual customers) of key accounts whose birthday is near.
        cr.execute("""
            SELECT p.id, p.name, p.birthday AS day, p.birthday_greeted_year AS greeted,
                   c.user_id, c.name AS company
              FROM res_partner p
              JOIN res_partner c ON c.id = p.commercial_partner_id
              JOIN customer_tier t ON t.id = c.tier_id
             WHERE p.active AND c.active AND c.customer AND c.user_id IS NOT NULL
               AND t.is_key_account AND p.birthday IS NOT NULL
               AND to_char(p.birthday, 'MM-DD') IN %s
             ORDER BY p.id
        """, (month_days,))
        birthdays = cr.dictfetchall()
        # Key accounts whose founding anniversary is near.
        cr.execute(sql.SQL("""
            SELECT c.id, c.name, c.founding_date AS day, c.anniversary_greeted_year AS greeted,
                   c.user_id
              FROM res_partner c
              JOIN customer_tier t ON t.id = c.tier_id
             WHERE {account} AND c.user_id IS NOT NULL
               AND t.is_key_account AND c.founding_date IS NOT NULL
               AND to_char(c.founding_date, 'MM-DD') IN %s
             ORDER BY c.id
        """).format(account=account_sql("c")), (month_days,))
        anniversaries = cr.dictfetchall()
        birthdays, skipped = self._reminder_allowed_rows(birthdays)
        anniversaries, skipped_companies = self._reminder_allowed_rows(anniversaries)
        created = self._greet_birthdays(activity_type, birthdays, today, days_before, batch_limit)
        created += self._greet_anniversaries(
            activity_type, anniversaries, today, days_before, batch_limit)
        created += self._greet_holidays(activity_type, today, days_before, batch_limit)
        _logger.info("Key-account greetings: %d activities scheduled, %d birthdays and "
                     "anniversaries skipped by the recipients filter", created,
                     skipped + skipped_companies)
        return created

    @api.model
    def _reminder_filter_recipients(self, partners):
        """Hook for the addons that decide who may be greeted (customer_privacy: consent):
        (the partners that may be greeted, how many were left out). Here: all of them."""
        return partners, 0

    @api.model
    def _reminder_allowed_rows(self, rows):
        """The rows (dicts with the partner's ``id``) ``_reminder_filter_recipients`` keeps, and
        how many it left out: one call for all the rows."""
        if not rows:
            return rows, 0
        allowed, skipped = self._reminder_filter_recipients(
            self.sudo().browse([row["id"] for row in rows]))
        allowed_ids = set(allowed.ids)
        return [row for row in rows if row["id"] in allowed_ids], skipped

    @api.model
    def _greet_birthdays(self, activity_type, rows, today, days_before, batch_limit):
        return sum(self.env["customer.batch.runner"]._run_batches(
            "Key-account greetings: birthdays", split_every(batch_limit, rows),
            lambda batch: self._greet_birthday_batch(activity_type, batch, today, days_before)))

    @api.model
    def _greet_birthday_batch(self, activity_type, rows, today, days_before):
        """One batch of birthday greetings; return how many activities it scheduled."""
        values_list, years = [], {}
        for row in rows:
            occasion = self._greeting_occasions(to_date(row["day"]), today, days_before)
            if not occasion or row["greeted"] == occasion.year:
                continue
            if row["name"] == row["company"]:
                summary = _("Greeting: birthday of %(name)s on %(date)s")
            else:
                summary = _("Greeting: birthday of %(name)s (%(company)s) on %(date)s")
            values_list.append({
                "res_id": row["id"], "user_id": row["user_id"], "date_deadline": occasion,
                "summary": summary % {"name": row["name"], "company": row["company"],
                                      "date": fields.Date.to_string(occasion)}})
            years.setdefault(occasion.year, []).append(row["id"])
        return self._greet_schedule(
            activity_type, values_list,
            lambda: self._mark_greeted("birthday_greeted_year", years))

    @api.model
    def _greet_anniversaries(self, activity_type, rows, today, days_before, batch_limit):
        return sum(self.env["customer.batch.runner"]._run_batches(
            "Key-account greetings: anniversaries", split_every(batch_limit, rows),
            lambda batch: self._greet_anniversary_batch(activity_type, batch, today, days_before)))

    @api.model
    def _greet_anniversary_batch(self, activity_type, rows, today, days_before):
        """One batch of founding-anniversary greetings; return how many activities it scheduled."""
        values_list, years = [], {}
        for row in rows:
            founded = to_date(row["day"])
            occasion = self._greeting_occasions(founded, today, days_before)
            if not occasion or row["greeted"] == occasion.year or occasion.year <= founded.year:
                continue
            values_list.append({
                "res_id": row["id"], "user_id": row["user_id"], "date_deadline": occasion,
                "summary": _("Greeting: %(years)d years since %(name)s was founded, on "
                             "%(date)s") % {"years": occasion.year - founded.year,
                                            "name": row["name"],
                                            "date": fields.Date.to_string(occasion)}})
            years.setdefault(occasion.year, []).append(row["id"])
        return self._greet_schedule(
            activity_type, values_list,
            lambda: self._mark_greeted("anniversary_greeted_year", years))

    @api.model
    def _greet_holidays(self, activity_type, today, days_before, batch_limit):
        holidays = self.env["customer.holiday"].sudo().search([
            ("date", ">=", fields.Date.to_string(today)),
            ("date", "<=", fields.Date.to_string(today + timedelta(days=days_before)))])
        if not holidays:
            return 0
        cr = self.env.cr
        created = 0
        for holiday in holidays:
            cr.execute(sql.SQL("""
                SELECT c.id, c.user_id
                  FROM res_partner c
                  JOIN customer_tier t ON t.id = c.tier_id
                 WHERE {account} AND c.user_id IS NOT NULL
                   AND t.is_key_account
                   AND NOT EXISTS (SELECT 1 FROM customer_holiday_greeted_partner_rel r
                                    WHERE r.holiday_id = %s AND r.partner_id = c.id)
                 ORDER BY c.id
            """).format(account=account_sql("c")), (holiday.id,))
            rows, skipped = self._reminder_allowed_rows(cr.dictfetchall())
            if skipped:
                _logger.info("Key-account greetings: %s: %d customers skipped by the recipients "
                             "filter", holiday.name, skipped)
            summary = _("Greeting: %(holiday)s on %(date)s") % {
                "holiday": holiday.name, "date": holiday.date}
            created += sum(self.env["customer.batch.runner"]._run_batches(
                "Key-account greetings: %s" % holiday.name, split_every(batch_limit, rows),
                lambda batch, holiday=holiday, summary=summary: self._greet_holiday_batch(
                    activity_type, holiday, summary, batch)))
        return created

    @api.model
    def _greet_holiday_batch(self, activity_type, holiday, summary, rows):
        """One batch of greetings for a holiday; return how many activities it scheduled."""
        values_list = [{"res_id": row["id"], "user_id": row["user_id"],
                        "date_deadline": holiday.date, "summary": summary} for row in rows]
        return self._greet_schedule(activity_type, values_list, lambda: holiday.write(
            {"greeted_partner_ids": [(4, row["id"]) for row in rows]}))
