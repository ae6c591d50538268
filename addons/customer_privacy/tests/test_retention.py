"""Retention policies: each category picks the persons (or tickets) past retention and no
one else, the dry run changes nothing, the cron waits for a confirmed dry run, anonymises
nothing twice, respects legal holds, and stays set-based at 10,000 customers."""
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import PrivacyCase

NOW = datetime(2026, 6, 1, 12, 0, 0)


def ago(**delta):
    return fields.Datetime.to_string(NOW - timedelta(**delta))


class RetentionCase(PrivacyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["customer.privacy.retention.policy"].with_context(active_test=False)
        cls.policies = {
            category: cls.env.ref("customer_privacy.customer_privacy_retention_policy_%s"
                                  % category)
            for category in ("churned_contacts", "inactive_individuals", "closed_tickets")}
        # Unconfirmed, whatever a kept database's earlier runs confirmed (XML-RPC tests commit).
        cls.env.cr.execute("UPDATE customer_privacy_retention_policy SET confirmed_on = NULL,"
                           " confirmed_by_id = NULL")
        cls.Policy.invalidate_cache()
        cls.Policy.browse([p.id for p in cls.policies.values()]).write({"active": True})

    @classmethod
    def set_columns(cls, records, **values):
        """Dates only the system or time sets (creation, churn, closing), set by SQL."""
        for column, value in values.items():
            cls.env.cr.execute(
                "UPDATE %s SET %s = %%s WHERE id IN %%s" % (records._table, column),  # noqa
                (value, tuple(records.ids)))
        records.invalidate_cache()

    @classmethod
    def old_individual(cls, name, years=5, **values):
        partner = cls.env["res.partner"].create(dict({
            "name": name, "is_company": False, "customer": True,
            "email": "%s@retention.example.com" % name.lower().replace(" ", "."),
            "user_id": cls.user_salesperson.id}, **values))
        cls.set_columns(partner, create_date=ago(days=365 * years))
        return partner

    def dry_run(self, category, user=None):
        policy = self.policies[category].sudo(user or self.user_data_admin)
        action = policy.with_context(active_test=False).action_dry_run()
        return self.env["customer.privacy.retention.report"].browse(action["res_id"])

    def confirm(self, category):
        report = self.dry_run(category)
        report.sudo(self.user_data_admin).action_confirm()
        return report

    def run_cron(self, batch_limit=500):
        return self.env["customer.privacy.retention.policy"]._cron_apply_retention(
            batch_limit=batch_limit, date_ref=fields.Datetime.to_string(NOW))


class TestRetention(RetentionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        churned = env["customer.lifecycle.stage"]._get_by_code("churned")
        cls.churned_company = cls.create_customer("Suzhou Lost Trading Co., Ltd.",
                                                  user_id=cls.user_salesperson.id)
        cls.churned_contact = cls.create_contact(
            cls.churned_company, "Ximen Gone", email="ximen.gone@retention.example.com")
        cls.recent_company = cls.create_customer("Ningbo Just Lost Co., Ltd.",
                                                 user_id=cls.user_salesperson.id)
        cls.recent_contact = cls.create_contact(
            cls.recent_company, "Dongfang Recent", email="dongfang@retention.example.com")
        cls.set_columns(cls.churned_company | cls.recent_company,
                        lifecycle_stage_id=churned.id)
        cls.set_columns(cls.churned_company, lifecycle_stage_date="2023-01-10")
        cls.set_columns(cls.recent_company, lifecycle_stage_date="2026-03-01")
        # Individuals: one past retention, one with a recent order, one too recent (Wang Wu
        # of the base class), one under a legal hold, one with an open ticket.
        cls.idle = cls.old_individual("Murong Idle")
        cls.buyer = cls.old_individual("Zhuge Buyer")
        product = env["product.product"].create({"name": "Retention Product", "type": "service",
                                                 "list_price": 10.0})
        order = env["sale.order"].create({
            "partner_id": cls.buyer.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]})
        order.action_confirm()
        cls.set_columns(order, create_date=ago(days=500), confirmation_date=ago(days=400))
        cls.held = cls.old_individual("Sima Held")
        cls.held.privacy_legal_hold = True
        cls.complaining = cls.old_individual("Ouyang Open")
        env["customer.feedback"].create({
            "subject": "Still open", "partner_id": cls.complaining.id, "feedback_type": "inquiry",
            "channel": "phone"})
        # Tickets: one closed four years ago, one closed last month, one under a legal hold.
        closed = env["customer.feedback.stage"].search([("is_closed", "=", True)], limit=1)

        def ticket(customer, contact, subject):
            record = env["customer.feedback"].create({
                "subject": subject, "partner_id": customer.id, "contact_id": contact.id,
                "email_from": contact.email, "feedback_type": "complaint", "channel": "email",
                "description": "<p>%s wrote from %s</p>" % (contact.name, contact.email)})
            record.message_post(body="Answer to %s" % contact.email, message_type="comment",
                                subtype="mail.mt_comment")
            record.write({"stage_id": closed.id, "resolution": "Replaced"})
            return record

        cls.old_ticket = ticket(cls.company, cls.contact, "Complaint of Li Si")
        cls.set_columns(cls.old_ticket, date_closed=ago(days=365 * 4))
        cls.new_ticket = ticket(cls.company, cls.contact, "Second complaint of Li Si")
        cls.set_columns(cls.new_ticket, date_closed=ago(days=30))
        cls.held_company = cls.create_customer("Xiamen Dispute Co., Ltd.",
                                               user_id=cls.user_salesperson.id)
        cls.held_company.privacy_legal_hold = True
        cls.held_ticket = ticket(cls.held_company, cls.create_contact(
            cls.held_company, "Huangfu Kept", email="huangfu@retention.example.com"),
            "Disputed complaint")
        cls.set_columns(cls.held_ticket, date_closed=ago(days=365 * 4))

    def test_churned_contacts_past_retention(self):
        report = self.dry_run("churned_contacts")
        self.assertIn(self.churned_contact, report.partner_ids)
        for other in (self.recent_contact, self.contact, self.idle, self.churned_company):
            self.assertNotIn(other, report.partner_ids)
        self.confirm("churned_contacts")
        self.run_cron()
        self.assertEqual(self.churned_contact.name,
                         "Anonymised person %d" % self.churned_contact.id)
        self.assertFalse(self.churned_contact.email)
        self.assertTrue(self.churned_contact.sudo().privacy_anonymised_on)
        self.assertEqual(self.churned_company.name, "Suzhou Lost Trading Co., Ltd.")
        self.assertEqual(self.recent_contact.name, "Dongfang Recent")
        self.assertEqual(self.idle.name, "Murong Idle")

    def test_individuals_without_orders(self):
        report = self.dry_run("inactive_individuals")
        self.assertIn(self.idle, report.partner_ids)
        for other in (self.buyer, self.individual, self.held, self.complaining, self.contact,
                      self.churned_contact, self.company):
            self.assertNotIn(other, report.partner_ids)
        self.assertIn(self.held, report.excluded_partner_ids)
        self.assertIn(self.complaining, report.excluded_partner_ids)
        self.assertGreaterEqual(report.excluded_legal_hold, 1)
        self.assertGreaterEqual(report.excluded_open_tickets, 1)
        self.confirm("inactive_individuals")
        self.run_cron()
        self.assertEqual(self.idle.name, "Anonymised person %d" % self.idle.id)
        for kept, name in ((self.buyer, "Zhuge Buyer"), (self.individual, "Wang Wu"),
                           (self.held, "Sima Held"), (self.complaining, "Ouyang Open"),
                           (self.churned_contact, "Ximen Gone")):
            self.assertEqual(kept.name, name)
            self.assertTrue(kept.email)

    def test_closed_tickets_contact_data(self):
        report = self.dry_run("closed_tickets")
        self.assertIn(self.old_ticket, report.ticket_ids)
        self.assertNotIn(self.new_ticket, report.ticket_ids)
        self.assertIn(self.held_ticket, report.excluded_ticket_ids)
        self.confirm("closed_tickets")
        self.run_cron()
        ticket = self.old_ticket
        self.assertFalse(ticket.email_from)
        self.assertNotIn("Li Si", ticket.subject)
        self.assertNotIn("lisi@privacy.example.com", ticket.description)
        self.assertFalse(ticket.message_ids.filtered(
            lambda message: "lisi@privacy.example.com" in (message.body or "")))
        self.assertTrue(ticket.sudo().privacy_anonymised_on)
        # The person, the recent ticket and the held one keep their data.
        self.assertEqual(self.contact.email, "lisi@privacy.example.com")
        self.assertEqual(self.new_ticket.email_from, "lisi@privacy.example.com")
        self.assertIn("Li Si", self.new_ticket.subject)
        self.assertEqual(self.held_ticket.email_from, "huangfu@retention.example.com")

    def test_dry_run_changes_nothing(self):
        Message = self.env["mail.message"]
        before = (Message.search_count([]), self.idle.name, self.old_ticket.email_from)
        report = self.dry_run("inactive_individuals")
        self.dry_run("closed_tickets")
        self.assertEqual(report.kind, "dry_run")
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.item_count, len(report.partner_ids))
        self.env.cache.invalidate()
        self.assertEqual((Message.search_count([]), self.idle.name, self.old_ticket.email_from),
                         before)
        self.assertFalse(self.idle.sudo().privacy_anonymised_on)
        self.assertTrue(self.policies["inactive_individuals"].last_dry_run)
        self.assertFalse(self.policies["inactive_individuals"].last_run)

    def test_cron_waits_for_a_confirmed_dry_run(self):
        self.dry_run("inactive_individuals")
        self.assertEqual(self.run_cron(), {})
        self.assertEqual(self.idle.name, "Murong Idle")
        report = self.confirm("inactive_individuals")
        policy = self.policies["inactive_individuals"]
        self.assertEqual(policy.confirmed_by_id, self.user_data_admin)
        self.assertEqual(report.state, "confirmed")
        # A new period needs a new confirmation.
        policy.sudo(self.user_data_admin).write({"period_number": 4})
        self.assertFalse(policy.confirmed_on)
        self.assertEqual(self.run_cron(), {})
        self.assertEqual(self.idle.name, "Murong Idle")
        # The old dry run, made for 3 years, cannot be confirmed for 4.
        with self.assertRaises(UserError) as refused:
            self.dry_run("closed_tickets")  # another policy's reports stay apart
            report.sudo(self.user_data_admin).action_confirm()
        self.assertIn("Only a dry run not confirmed yet", refused.exception.name)
        old = self.dry_run("inactive_individuals")
        policy.sudo(self.user_data_admin).write({"period_unit": "months"})
        with self.assertRaises(UserError) as refused:
            old.sudo(self.user_data_admin).action_confirm()
        self.assertIn("4 Years", refused.exception.name)
        self.assertIn("4 Months", refused.exception.name)
        self.confirm("inactive_individuals")
        self.run_cron()
        self.assertEqual(self.idle.name, "Anonymised person %d" % self.idle.id)

    def test_disabled_policy_does_nothing(self):
        self.confirm("inactive_individuals")
        self.policies["inactive_individuals"].sudo(self.user_data_admin).write({"active": False})
        self.assertEqual(self.run_cron(), {})
        self.assertEqual(self.idle.name, "Murong Idle")

    def test_running_twice_anonymises_nothing_twice(self):
        for category in self.policies:
            self.confirm(category)
        first = self.run_cron()
        policy = self.policies["inactive_individuals"]
        self.assertGreaterEqual(first[policy.id].item_count, 1)
        self.assertIn(self.idle, first[policy.id].partner_ids)
        Message = self.env["mail.message"]
        self.env.cache.invalidate()
        before = (Message.search_count([]), self.idle.write_date,
                  self.old_ticket.sudo().privacy_anonymised_on)
        reports = self.env["customer.privacy.retention.report"].search_count([])
        second = self.run_cron()
        # Nothing left to anonymise: no report, no message, nothing touched.
        self.assertFalse(any(second.values()))
        self.env.cache.invalidate()
        self.assertEqual((Message.search_count([]), self.idle.write_date,
                          self.old_ticket.sudo().privacy_anonymised_on), before)
        self.assertEqual(self.env["customer.privacy.retention.report"].search_count([]), reports)
        # The first run is logged: a report and a chatter message, by the cron's user.
        self.assertEqual(first[policy.id].kind, "run")
        self.assertEqual(first[policy.id].state, "done")
        self.assertEqual(first[policy.id].user_id, self.env.user)
        self.assertTrue(policy.last_run)
        self.assertTrue(policy.message_ids.filtered(
            lambda message: "Retention run of" in (message.body or "")))

    def test_a_run_cut_short_is_continued_and_reported_once(self):
        """A run killed after its first batch left an open report: the next run adds the rest
        to it and closes it, as one uninterrupted run would have."""
        policy = self.policies["inactive_individuals"]
        self.confirm("inactive_individuals")
        selection = policy._select()
        self.assertIn(self.idle, self.env["res.partner"].browse(selection.ids))
        first, rest = selection.ids[:1], selection.ids[1:]
        self.env["customer.privacy.erasure"]._anonymise_persons(
            self.env["res.partner"].browse(first))
        policy._record_report("run", selection._replace(ids=first), state="running")
        report = policy._apply(batch_limit=500)
        self.assertEqual(report.state, "done")
        self.assertEqual(report.partner_ids.ids, sorted(first + rest))
        self.assertEqual(report.item_count, len(selection.ids))
        self.assertEqual(self.env["customer.privacy.retention.report"].search_count(
            [("policy_id", "=", policy.id), ("kind", "=", "run")]), 1)

    def test_only_data_admins_run_and_confirm(self):
        report = self.dry_run("inactive_individuals")
        for user in (self.user_manager, self.user_leader, self.user_salesperson,
                     self.user_service):
            with self.assertRaises(AccessError):
                self.policies["inactive_individuals"].sudo(user).action_dry_run()
            with self.assertRaises(AccessError):
                report.sudo(user).action_confirm()
            with self.assertRaises(AccessError):
                self.policies["inactive_individuals"].sudo(user).write({"period_number": 1})
            with self.assertRaises(AccessError):
                report.sudo(user).read(["item_count"])
        self.assertEqual(report.state, "draft")
        self.assertFalse(self.policies["inactive_individuals"].confirmed_on)
        self.assertEqual(self.policies["inactive_individuals"].period_number, 3)

    def test_system_fields_refused(self):
        policy = self.policies["closed_tickets"].sudo(self.user_data_admin)
        for values in ({"confirmed_on": "2026-01-01 00:00:00"}, {"last_run": False},
                       {"category": "churned_contacts"}):
            with self.assertRaises(AccessError):
                policy.write(values)
        self.assertFalse(self.policies["closed_tickets"].confirmed_on)

    def test_period_refused_outside_its_bounds(self):
        policy = self.policies["closed_tickets"].sudo(self.user_data_admin)
        for value in (0, -2, 101):
            with self.assertRaises(ValidationError) as refused, self.env.cr.savepoint():
                policy.write({"period_number": value})
            self.assertIn("Retention Period", refused.exception.name)
            self.assertIn(str(value), refused.exception.name)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            policy.write({"period_number": "three"})
        result = self.Policy.sudo(self.user_data_admin).load(["id", "period_number"], [
            ["customer_privacy.customer_privacy_retention_policy_closed_tickets", "0"]])
        self.assertFalse(result["ids"])
        self.assertIn("Retention Period", " ".join(m["message"] for m in result["messages"]))
        self.env.cr.execute("SELECT period_number FROM customer_privacy_retention_policy "
                            "WHERE id = %s", (policy.id,))
        self.assertEqual(self.env.cr.fetchone()[0], 3)

    def test_messages_in_chinese(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_privacy"], ["zh_CN"])
        policy = self.policies["closed_tickets"].sudo(self.user_data_admin).with_context(
            lang="zh_CN")
        with self.assertRaises(ValidationError) as refused:
            policy.write({"period_number": 0})
        self.assertIn("保存期限", refused.exception.name)


class TestRetentionScale(RetentionCase):
    """The dry run and the cron take a number of queries that does not grow with the number
    of persons: 100 and 10,000 individuals past retention."""

    def insert_individuals(self, count, tag):
        cr = self.env.cr
        cr.execute("""
            INSERT INTO res_partner (name, display_name, email, phone, is_company, customer,
                                     active, type, lang, invoice_warn, sale_warn, create_date,
                                     write_date, create_uid, write_uid, company_id)
            SELECT %(tag)s || ' Person ' || n, %(tag)s || ' Person ' || n,
                   lower(%(tag)s) || n || '@scale.example.com',
                   '+86 139 ' || lpad(n::text, 8, '0'), FALSE, TRUE, TRUE, 'contact', 'en_US',
                   'no-message', 'no-message', %(old)s, %(old)s, 1, 1, 1
              FROM generate_series(1, %(count)s) AS n""",
                   {"tag": tag, "count": count, "old": ago(days=365 * 5)})
        cr.execute("UPDATE res_partner SET commercial_partner_id = id "
                   "WHERE commercial_partner_id IS NULL")
        self.env["res.partner"].invalidate_cache()

    def measure(self, count, tag):
        self.insert_individuals(count, tag)
        cr = self.env.cr
        before = cr.sql_log_count
        report = self.dry_run("inactive_individuals")
        dry_run_queries = cr.sql_log_count - before
        self.assertGreaterEqual(report.item_count, count)
        report.sudo(self.user_data_admin).action_confirm()
        self.env.cache.invalidate()
        before = cr.sql_log_count
        reports = self.run_cron(batch_limit=20000)
        cron_queries = cr.sql_log_count - before
        policy = self.policies["inactive_individuals"]
        self.assertGreaterEqual(reports[policy.id].item_count, count)
        cr.execute("SELECT count(*) FROM res_partner WHERE name LIKE %s", (tag + " Person %",))
        self.assertEqual(cr.fetchone()[0], 0)
        # The next period change asks for a new dry run: make it the same period again.
        policy.sudo(self.user_data_admin).write({"period_number": 4})
        policy.sudo(self.user_data_admin).write({"period_number": 3})
        return dry_run_queries, cron_queries

    @mute_logger("odoo.addons.customer_mgmt.models.customer_batch_runner")
    def test_queries_do_not_grow_with_the_persons(self):
        small = self.measure(100, "Small")
        large = self.measure(10000, "Large")
        # The ORM reads and writes by slices of 1,000 ids: a few queries more per slice,
        # nothing per person.
        self.assertLess(large[0] - small[0], 40, "dry run: %s vs %s" % (small, large))
        self.assertLess(large[1] - small[1], 200, "cron: %s vs %s" % (small, large))
