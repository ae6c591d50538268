from odoo import SUPERUSER_ID

from .common import LifecycleCase


class TestReminders(LifecycleCase):
    """The four scheduled follow-up reminders at fixed dates, never twice, in batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # These tests are about the reminders: the consent filter customer_privacy adds through
        # _reminder_filter_recipients, when it is installed, is off (its own tests cover it).
        cls.env["ir.config_parameter"].sudo().set_param(
            "customer_privacy.greeting_consent", "False")
        Tier = cls.env["customer.tier"]
        cls.tier = Tier.create({"name": "Reminder Test Tier", "revisit_interval_days": 30})
        cls.key_tier = Tier.create({"name": "Reminder Key Tier", "revisit_interval_days": 0,
                                    "is_key_account": True})
        cls.Activity = cls.env["mail.activity"]
        cls.type_revisit = cls.env.ref("customer_lifecycle.mail_activity_type_revisit")
        cls.type_verify = cls.env.ref("customer_lifecycle.mail_activity_type_verify")
        cls.type_quality = cls.env.ref("customer_lifecycle.mail_activity_type_data_quality")
        cls.type_greeting = cls.env.ref("customer_lifecycle.mail_activity_type_greeting")
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("customer_lifecycle.verification_days", "180")
        params.set_param("customer_lifecycle.greeting_days_before", "3")
        params.set_param("customer_lifecycle.data_quality_review", "True")
        params.set_param("customer_lifecycle.data_quality_review_month", "")

    def set_create_date(self, partners, day):
        self.env.cr.execute("UPDATE res_partner SET create_date = %s WHERE id IN %s",
                            ("%s 08:00:00" % day, tuple(partners.ids)))
        partners.invalidate_cache(["create_date"])

    def activities(self, activity_type, records):
        return self.Activity.search([
            ("res_model", "=", records._name), ("res_id", "in", records.ids),
            ("activity_type_id", "=", activity_type.id)])

    def interaction(self, partner, day):
        return self.env["customer.interaction"].create({
            "name": "Call", "partner_id": partner.id, "channel": "call",
            "date": "%s 10:00:00" % day, "user_id": self.user_salesperson.id})

    # -------------------------------------------------------------- revisit

    def test_revisit_by_tier_interval(self):
        Partner = self.env["res.partner"]
        self.customer.tier_id = self.tier
        self.set_create_date(self.customer, "2026-01-01")
        self.interaction(self.customer, "2026-02-15")
        Partner._cron_revisit_reminders(date_ref="2026-03-10")  # 23 days: not due
        self.assertFalse(self.activities(self.type_revisit, self.customer))
        Partner._cron_revisit_reminders(date_ref="2026-03-17")  # 30 days: due
        activity = self.activities(self.type_revisit, self.customer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_salesperson)
        self.assertIn("30 days", activity.summary)
        # Running it again, even later, schedules no second open revisit.
        Partner._cron_revisit_reminders(date_ref="2026-03-17")
        Partner._cron_revisit_reminders(date_ref="2026-04-30")
        self.assertEqual(len(self.activities(self.type_revisit, self.customer)), 1)
        # Once done (deleted in Odoo 11, logged as an interaction), the next due date brings a new one.
        activity.action_done()
        logged = self.env["customer.interaction"].search(
            [("partner_id", "=", self.customer.id), ("date", ">", "2026-02-15 10:00:00")])
        self.assertEqual(len(logged), 1)
        logged.date = "2026-05-01 10:00:00"
        Partner._cron_revisit_reminders(date_ref="2026-05-20")
        self.assertFalse(self.activities(self.type_revisit, self.customer))
        Partner._cron_revisit_reminders(date_ref="2026-06-01")
        self.assertEqual(len(self.activities(self.type_revisit, self.customer)), 1)

    def test_revisit_done_logs_an_interaction(self):
        """Marking a revisit done logs the interaction that restarts the revisit interval."""
        self.customer.tier_id = self.tier
        self.set_create_date(self.customer, "2026-01-01")
        self.env["res.partner"]._cron_revisit_reminders(date_ref="2026-02-05")
        activity = self.activities(self.type_revisit, self.customer)
        activity.sudo(self.user_salesperson).action_feedback(feedback="Customer is happy")
        interactions = self.env["customer.interaction"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(interactions), 1)
        self.assertEqual(interactions.channel, "call")
        self.assertEqual(interactions.user_id, self.user_salesperson)

    def test_revisit_without_interaction_uses_creation_date(self):
        self.customer.tier_id = self.tier
        self.set_create_date(self.customer, "2026-01-01")
        self.env["res.partner"]._cron_revisit_reminders(date_ref="2026-01-20")
        self.assertFalse(self.activities(self.type_revisit, self.customer))
        self.env["res.partner"]._cron_revisit_reminders(date_ref="2026-02-05")
        self.assertEqual(len(self.activities(self.type_revisit, self.customer)), 1)

    def test_revisit_skips_customers_without_tier_interval_or_salesperson(self):
        no_tier = self.create_customer("Ningbo Notier Trading Co., Ltd.", user_id=self.user_salesperson.id,
                                       tier_id=False)
        zero = self.create_customer("Ningbo Zero Interval Trading Co., Ltd.",
                                    user_id=self.user_salesperson.id, tier_id=self.key_tier.id)
        pool = self.create_customer("Ningbo Pool Trading Co., Ltd.", tier_id=self.tier.id)
        partners = no_tier | zero | pool
        self.set_create_date(partners, "2025-01-01")
        self.env["res.partner"]._cron_revisit_reminders(date_ref="2026-03-01")
        self.assertFalse(self.activities(self.type_revisit, partners))

    def test_revisit_in_batches(self):
        customers = self.customer
        for name in ("Wuxi Batch One Trading Co., Ltd.", "Wuxi Batch Two Trading Co., Ltd."):
            customers |= self.create_customer(name, user_id=self.user_salesperson.id)
        customers.write({"tier_id": self.tier.id})
        self.set_create_date(customers, "2026-01-01")
        self.env["res.partner"]._cron_revisit_reminders(batch_limit=1, date_ref="2026-03-01")
        self.assertEqual(len(self.activities(self.type_revisit, customers)), 3)
        self.assertEqual(
            self.env["res.partner"]._cron_revisit_reminders(batch_limit=1, date_ref="2026-03-02"), 0)

    # ---------------------------------------------------------- verification

    def test_verification_after_days(self):
        Partner = self.env["res.partner"]
        never = self.create_customer("Hefei Never Verified Trading Co., Ltd.",
                                     user_id=self.user_salesperson.id)
        self.set_create_date(self.customer | never, "2025-12-01")
        self.customer.last_verified_date = "2026-01-01"
        Partner._cron_verification_reminders(date_ref="2026-05-30")
        self.assertFalse(self.activities(self.type_verify, self.customer | never))
        Partner._cron_verification_reminders(date_ref="2026-06-01")  # never verified, 182 days
        self.assertFalse(self.activities(self.type_verify, self.customer))
        activity = self.activities(self.type_verify, never)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_salesperson)
        self.assertIn("never verified", activity.summary)
        Partner._cron_verification_reminders(date_ref="2026-07-01")  # verified 181 days ago
        activity = self.activities(self.type_verify, self.customer)
        self.assertEqual(len(activity), 1)
        self.assertIn("2026-01-01", activity.summary)
        Partner._cron_verification_reminders(date_ref="2026-07-02")
        self.assertEqual(len(self.activities(self.type_verify, self.customer | never)), 2)

    def test_verification_days_from_settings(self):
        self.env["ir.config_parameter"].sudo().set_param("customer_lifecycle.verification_days", "30")
        self.customer.last_verified_date = "2026-01-01"
        self.env["res.partner"]._cron_verification_reminders(date_ref="2026-02-01")
        self.assertEqual(len(self.activities(self.type_verify, self.customer)), 1)
        self.env["ir.config_parameter"].sudo().set_param("customer_lifecycle.verification_days", "0")
        other = self.create_customer("Hefei Off Trading Co., Ltd.", user_id=self.user_salesperson.id,
                                     last_verified_date="2020-01-01")
        self.env["res.partner"]._cron_verification_reminders(date_ref="2026-02-01")
        self.assertFalse(self.activities(self.type_verify, other))

    # --------------------------------------------------------- data quality

    def test_data_quality_review_monthly(self):
        Partner = self.env["res.partner"]
        admins = self.user_data_admin | self.user_admin
        admin_partners = admins.mapped("partner_id")
        root = self.env["res.users"].browse(SUPERUSER_ID)
        # The superuser is the human "admin" of Odoo 11: reviewed like the other administrators.
        admins |= root
        admin_partners |= root.partner_id
        Partner._cron_data_quality_review(date_ref="2026-03-02")
        activities = self.activities(self.type_quality, admin_partners)
        self.assertEqual(len(activities), 3)
        self.assertEqual(set(activities.mapped("user_id").ids), set(admins.ids))
        counts = Partner._data_quality_counts()
        activity = activities[0]
        self.assertIn("%d incomplete" % counts["incomplete"], activity.summary)
        self.assertIn("%d duplicates" % counts["duplicates"], activity.summary)
        self.assertIn("/web#action=", activity.note)
        # Same month: nothing more, even once the activity is done.
        activities.action_done()
        Partner._cron_data_quality_review(date_ref="2026-03-20")
        self.assertFalse(self.activities(self.type_quality, admin_partners))
        # Next month: a new review; an administrator with an open one gets no second.
        Partner._cron_data_quality_review(date_ref="2026-04-01")
        self.assertEqual(len(self.activities(self.type_quality, admin_partners)), 3)
        self.env["ir.config_parameter"].sudo().set_param(
            "customer_lifecycle.data_quality_review_month", "")
        Partner._cron_data_quality_review(date_ref="2026-04-02")
        self.assertEqual(len(self.activities(self.type_quality, admin_partners)), 3)

    def test_data_quality_counts(self):
        Partner = self.env["res.partner"]
        before = Partner._data_quality_counts()
        other = self.create_customer("Jinan Duplicate Trading Co., Ltd.", user_id=self.user_salesperson.id)
        low, high = sorted([self.customer.id, other.id])
        self.env["customer.duplicate.pair"].create({
            "partner_a_id": low, "partner_b_id": high, "reason": "name", "similarity": 0.8})
        self.env.cr.execute("UPDATE res_partner SET naming_issue = TRUE, completeness = 10 WHERE id = %s",
                            (other.id,))
        other.invalidate_cache(["naming_issue", "completeness"])
        after = Partner._data_quality_counts()
        self.assertEqual(after["duplicates"], before["duplicates"] + 1)
        self.assertEqual(after["naming"], before["naming"] + 1)
        self.assertGreaterEqual(after["incomplete"], 1)

    def test_data_quality_review_switched_off(self):
        self.env["ir.config_parameter"].sudo().set_param("customer_lifecycle.data_quality_review", "False")
        self.env["res.partner"]._cron_data_quality_review(date_ref="2026-03-02")
        self.assertFalse(self.activities(self.type_quality, self.user_data_admin.partner_id))

    # ------------------------------------------------------------ greetings

    def key_account(self):
        self.customer.write({"tier_id": self.key_tier.id, "founding_date": "2010-03-10"})
        contact = self.create_contact(self.customer, "Li Si", birthday="1980-03-12")
        return contact

    def test_greeting_anniversary_and_birthday(self):
        Partner = self.env["res.partner"]
        contact = self.key_account()
        Partner._cron_key_account_greetings(date_ref="2026-03-06")  # 4 days before: too early
        self.assertFalse(self.activities(self.type_greeting, self.customer | contact))
        Partner._cron_key_account_greetings(date_ref="2026-03-07")
        anniversary = self.activities(self.type_greeting, self.customer)
        self.assertEqual(len(anniversary), 1)
        self.assertEqual(anniversary.date_deadline, "2026-03-10")
        self.assertEqual(anniversary.user_id, self.user_salesperson)
        self.assertIn("16 years", anniversary.summary)
        self.assertFalse(self.activities(self.type_greeting, contact))
        Partner._cron_key_account_greetings(date_ref="2026-03-09")
        birthday = self.activities(self.type_greeting, contact)
        self.assertEqual(len(birthday), 1)
        self.assertEqual(birthday.date_deadline, "2026-03-12")
        self.assertEqual(birthday.user_id, self.user_salesperson)
        self.assertIn("Li Si", birthday.summary)
        # Once per occasion and year, even after the activities are done.
        (anniversary | birthday).action_done()
        Partner._cron_key_account_greetings(date_ref="2026-03-09")
        Partner._cron_key_account_greetings(date_ref="2026-03-10")
        self.assertFalse(self.activities(self.type_greeting, self.customer | contact))
        # Next year again.
        Partner._cron_key_account_greetings(date_ref="2027-03-09")
        self.assertEqual(len(self.activities(self.type_greeting, self.customer | contact)), 2)

    def test_greeting_only_for_key_accounts(self):
        self.customer.write({"tier_id": self.tier.id, "founding_date": "2010-03-10"})
        contact = self.create_contact(self.customer, "Wang Wu", birthday="1980-03-10")
        self.env["res.partner"]._cron_key_account_greetings(date_ref="2026-03-08")
        self.assertFalse(self.activities(self.type_greeting, self.customer | contact))

    def test_greeting_across_new_year_and_29_february(self):
        Partner = self.env["res.partner"]
        self.customer.tier_id = self.key_tier
        new_year = self.create_contact(self.customer, "Zhao Liu", birthday="1985-01-01")
        leap = self.create_contact(self.customer, "Qian Qi", birthday="1988-02-29")
        Partner._cron_key_account_greetings(date_ref="2026-12-30")
        self.assertEqual(self.activities(self.type_greeting, new_year).date_deadline, "2027-01-01")
        Partner._cron_key_account_greetings(date_ref="2027-02-26")
        self.assertEqual(self.activities(self.type_greeting, leap).date_deadline, "2027-02-28")

    def test_greeting_holidays(self):
        Partner = self.env["res.partner"]
        self.customer.tier_id = self.key_tier
        normal = self.create_customer("Xiamen Normal Trading Co., Ltd.",
                                      user_id=self.user_salesperson.id, tier_id=self.tier.id)
        holiday = self.env["customer.holiday"].create({"name": "Test Festival", "date": "2026-04-05"})
        Partner._cron_key_account_greetings(date_ref="2026-04-01")
        self.assertFalse(self.activities(self.type_greeting, self.customer))
        Partner._cron_key_account_greetings(date_ref="2026-04-02")
        activity = self.activities(self.type_greeting, self.customer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, "2026-04-05")
        self.assertIn("Test Festival", activity.summary)
        self.assertIn(self.customer, holiday.greeted_partner_ids)
        self.assertFalse(self.activities(self.type_greeting, normal))
        activity.action_done()
        Partner._cron_key_account_greetings(date_ref="2026-04-03")
        self.assertFalse(self.activities(self.type_greeting, self.customer))
        # Archived holidays greet nobody.
        self.env["customer.holiday"].create(
            {"name": "Archived Festival", "date": "2026-04-20", "active": False})
        Partner._cron_key_account_greetings(date_ref="2026-04-18")
        self.assertFalse(self.activities(self.type_greeting, self.customer))

    def test_holiday_seed_data(self):
        Holiday = self.env["customer.holiday"]
        spring = Holiday.search([("name", "=", "Spring Festival")])
        self.assertEqual(sorted(spring.mapped("date"))[:2], ["2026-02-17", "2027-02-06"])
        self.assertTrue(Holiday.search([("name", "=", "Mid-Autumn Festival"), ("date", "=", "2026-09-25")]))
