"""The monthly management report: figures equal the database, PDF in both languages, sent once."""
import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from odoo.addons.customer_mgmt.tests.common import ReportMixin
from odoo.addons.customer_mgmt.utils.accounts import account_sql

from .common import LifecycleCase

REPORT = "customer_lifecycle.customer_monthly_report_report"
MONTH = "2031-05-01"
# The cron sends the report of the month before the day it runs.
CRON_DAY = "2031-06-01"


class TestMonthlyReport(ReportMixin, LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.user.company_id
        # Counted in Beijing time: 2031-04-30 17:00 UTC is already May there.
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.region = cls.env["customer.region"].create({"name": "Monthly Test Region"})
        cls.key_tier = cls.env["customer.tier"].create(
            {"name": "Monthly Key Tier", "is_key_account": True})
        cls.industry = cls.env["res.partner.industry"].create({"name": "Monthly Test Industry"})
        cls.at_risk = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_at_risk")
        cls.churned = cls.env.ref("customer_lifecycle.customer_lifecycle_stage_churned")
        names = ["Xiamen Monthly %s Trading Co., Ltd." % n for n in ("One", "Two", "Three", "Four")]
        cls.accounts = [cls.create_customer(
            name, region_id=cls.region.id, industry_id=cls.industry.id,
            user_id=cls.user_salesperson.id, tier_id=cls.key_tier.id if index < 2 else False)
            for index, name in enumerate(names)]
        one, two, three, four = cls.accounts
        cr = cls.env.cr
        for partner, created, score in ((one, "2031-05-10 03:00:00", 90),
                                        (two, "2031-04-30 17:00:00", 10),
                                        (three, "2031-05-31 17:00:00", 80),
                                        (four, "2031-03-01 00:00:00", 0)):
            cr.execute("UPDATE res_partner SET create_date = %s, churn_risk_score = %s WHERE id = %s",
                       (created, score, partner.id))
        transitions = cls.env["customer.lifecycle.transition"]
        for partner, stage, day, win_back in ((one, cls.at_risk, "2031-05-03", False),
                                              (three, cls.churned, "2031-05-15", False),
                                              (four, cls.churned, "2031-05-20", False),
                                              (four, cls.loyal, "2031-05-25", True),
                                              (two, cls.churned, "2031-06-01", False)):
            transitions.create({"partner_id": partner.id, "to_stage_id": stage.id, "date": day,
                                "is_win_back": win_back})
        interactions = cls.env["customer.interaction"]
        for user, when in ((cls.user_salesperson, "2031-05-02 02:00:00"),
                           (cls.user_salesperson, "2031-05-12 02:00:00"),
                           (cls.user_salesperson, "2031-05-30 02:00:00"),
                           (cls.user_leader, "2031-05-20 02:00:00"),
                           (cls.user_leader, "2031-05-31 18:00:00")):  # June in Beijing
            interactions.create({"name": "Monthly visit", "partner_id": one.id,
                                 "user_id": user.id, "date": when})
        feedback = cls.env["customer.feedback"]
        cls.team = cls.env["crm.team"].create({"name": "Monthly Service Team"})
        cls.tickets = feedback
        for subject, kind in (("Late", "complaint"), ("Broken", "complaint"), ("Idea", "suggestion")):
            cls.tickets |= feedback.create({"subject": subject, "partner_id": one.id,
                                            "feedback_type": kind, "team_id": cls.team.id})
        late, broken, idea = cls.tickets
        for ticket, received, resolved, deadline, met in (
                (late, "2031-05-04 01:00:00", "2031-05-05 01:00:00", "2031-05-06 01:00:00", True),
                (broken, "2031-05-04 01:00:00", "2031-05-09 01:00:00", "2031-05-06 01:00:00", False),
                (idea, "2031-05-20 01:00:00", None, None, False)):
            cr.execute("UPDATE customer_feedback SET date_received = %s, date_resolved = %s, "
                       "sla_resolution_deadline = %s, sla_resolution_met = %s WHERE id = %s",
                       (received, resolved, deadline, met, ticket.id))
        cls._seed_answers(one)
        cls.env.clear()

    @classmethod
    def _seed_answers(cls, customer):
        """Survey answers: April promoter + detractor, May promoter + satisfied."""
        survey = cls.env.ref("customer_feedback.customer_satisfaction_survey")
        campaign = cls.env["customer.survey.campaign"].create({
            "name": "Monthly report survey", "survey_id": survey.id,
            "nps_question_id": cls.env.ref("customer_feedback.customer_survey_question_nps").id,
            "csat_question_id": cls.env.ref("customer_feedback.customer_survey_question_csat").id})
        for done, nps_category, nps_points, csat_category, csat_points in (
                ("2031-04-10 02:00:00", "promoter", 100, None, None),
                ("2031-04-11 02:00:00", "detractor", -100, "dissatisfied", 0),
                ("2031-05-10 02:00:00", "promoter", 100, "satisfied", 100)):
            answer = cls.env["survey.user_input"].create({"survey_id": survey.id})
            cls.env.cr.execute(
                "UPDATE survey_user_input SET campaign_id = %s, customer_id = %s, state = 'done', "
                "date_done = %s, nps_category = %s, nps_points = %s, csat_category = %s, "
                "csat_points = %s WHERE id = %s",
                (campaign.id, customer.id, done, nps_category, nps_points, csat_category,
                 csat_points, answer.id))

    def make_report(self, user=None, month=MONTH):
        report = self.env["customer.monthly.report"].create({"date_start": month})
        report.sudo(user or self.user_manager).action_compute()
        return report

    def db_breakdown(self, column):
        """{id or False: count} of the active accounts of the company, by a column, in SQL."""
        self.env.cr.execute(
            "SELECT p.{0}, count(*) FROM res_partner p WHERE ".format(column)
            + account_sql("p").as_string(self.env.cr._obj)
            + " AND (p.company_id = %s OR p.company_id IS NULL) GROUP BY 1", (self.company.id,))
        return {row[0] or False: row[1] for row in self.env.cr.fetchall()}

    def test_figures_equal_the_database(self):
        report = self.make_report()
        figures = report._figures()
        for key, column in (("region", "region_id"), ("tier", "tier_id"),
                            ("industry", "industry_id"), ("stage", "lifecycle_stage_id")):
            self.assertEqual(dict((group, count) for group, count in figures[key]),
                             self.db_breakdown(column), key)
        self.assertEqual(dict(map(tuple, figures["region"]))[self.region.id], 4)
        self.assertEqual(report.account_count, sum(self.db_breakdown("region_id").values()))
        self.assertEqual(report.new_count, 2)  # One, and Two created 01:00 Beijing time on 1 May
        self.assertEqual(report.lost_count, 2)  # Three and Four; Two churned in June
        self.assertEqual(report.win_back_count, 1)
        self.assertEqual(report.churn_warning_count, 1)
        self.env.cr.execute(
            "SELECT count(*) FROM res_partner p JOIN customer_tier t ON t.id = p.tier_id WHERE "
            + account_sql("p").as_string(self.env.cr._obj)
            + " AND t.is_key_account AND (p.company_id = %s OR p.company_id IS NULL)",
            (self.company.id,))
        self.assertEqual(report.key_account_count, self.env.cr.fetchone()[0])
        one, _two, three, _four = self.accounts
        self.assertIn([one.id, 90], figures["key_at_risk"])  # key account, 90 >= threshold 60
        self.assertNotIn(three.id, [row[0] for row in figures["key_at_risk"]])  # not a key account
        self.assertEqual(dict(map(tuple, figures["salespeople"])),
                         {self.user_salesperson.id: 3, self.user_leader.id: 1})
        self.assertEqual(report.interaction_count, 4)
        self.assertEqual(figures["teams"], [[self.team.id, 3, 2, 2, 1]])
        self.assertEqual((report.ticket_count, report.complaint_count, report.resolved_count),
                         (3, 2, 2))
        self.assertEqual(report.sla_attainment, 50.0)
        trend = {row[0]: row[1:] for row in figures["trend"]}
        self.assertEqual(len(figures["trend"]), 12)
        self.assertEqual(figures["trend"][0][0], "2030-06")
        self.assertEqual(trend["2031-04"], [2, 0.0, 1, 0.0])
        self.assertEqual(trend["2031-05"], [1, 100.0, 1, 100.0])
        self.assertEqual(trend["2031-03"], [0, 0.0, 0, 0.0])
        self.assertEqual((report.nps, report.csat), (100.0, 100.0))
        self.assertEqual(report.state, "done")

    def test_pdf_in_both_languages_with_charts(self):
        report = self.make_report()
        for lang, expected in (
                ("en_US", ["Monthly Management Report", "Key Figures", "New Customers",
                           "Customers by Region", "Monthly Test Region", "Key Accounts at Risk",
                           "Xiamen Monthly One", "Tickets and SLA by Team", "Monthly Service Team",
                           "Customer Satisfaction", "2031-05"]),
                ("zh_CN", ["月度经营报告", "关键指标", "新客户", "按区域的客户", "Monthly Test Region",
                           "流失风险的重点客户", "按销售团队的工单与 SLA", "客户满意度", "未设置"])):
            self.user_manager.lang = lang
            pdf = self.render_pdf(REPORT, report, user=self.user_manager)
            text = " ".join(self.pdf_text(pdf).split())
            for snippet in expected:
                self.assertIn(snippet, text, "%s: %s" % (lang, snippet))
            if lang == "zh_CN":
                self.assertNotIn("Not set", text)
            self.assertTrue(any("NotoSansCJK" in font for font in self.pdf_fonts(pdf)))
            self.assertGreaterEqual(pdf.count(b"/Subtype /Image"), 5)  # 4 breakdowns, salespeople, trend

    def test_roles_that_may_not_print_are_refused(self):
        report = self.make_report()
        for user in (self.user_service, self.user_salesperson, self.user_leader, self.user_plain):
            with self.assertRaises(AccessError), mute_logger("odoo.addons.base.ir.ir_model"):
                self.render_pdf(REPORT, report, user=user)
            with self.assertRaises(AccessError), mute_logger("odoo.addons.base.ir.ir_model"):
                self.env["customer.monthly.report"].sudo(user).search([])
            with self.assertRaises(AccessError), mute_logger("odoo.addons.base.ir.ir_model"):
                report.sudo(user).action_compute()
        self.render_pdf(REPORT, report, user=self.user_data_admin)

    def test_figures_are_refused_on_create_and_write(self):
        reports = self.env["customer.monthly.report"].sudo(self.user_manager)
        with self.assertRaises(AccessError):
            reports.create({"date_start": MONTH, "new_count": 99})
        report = reports.create({"date_start": MONTH})
        for field, value in (("state", "sent"), ("lost_count", 3), ("figures", "{}")):
            with self.assertRaises(AccessError):
                report.write({field: value})
        self.assertEqual((report.state, report.lost_count, report.figures), ("draft", 0, False))

    def test_a_computed_report_keeps_its_month(self):
        report = self.make_report().sudo(self.user_manager)
        with self.assertRaisesRegex(UserError, "Month Starting"):
            report.write({"date_start": "2031-07-01"})
        self.assertEqual(report.date_start, MONTH)

    def test_month_must_start_on_the_first(self):
        with self.assertRaisesRegex(ValidationError, "2031-05-07"):
            self.env["customer.monthly.report"].sudo(self.user_manager).create(
                {"date_start": "2031-05-07"})

    def test_one_report_per_month_and_company(self):
        self.make_report()
        with self.assertRaises(Exception), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.make_report()

    def test_cron_sends_once_per_month_in_each_managers_language(self):
        self.user_manager.lang = "zh_CN"
        self.user_data_admin.lang = "en_US"
        reports = self.env["customer.monthly.report"]
        reports._cron_send_monthly_report(date_ref=CRON_DAY)
        report = reports.search([("date_start", "=", MONTH), ("company_id", "=", self.company.id)])
        self.assertEqual(report.state, "sent")
        messages = report.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(messages), 2)  # one per language
        by_recipient = {partner: message for message in messages for partner in message.partner_ids}
        chinese = by_recipient[self.user_manager.partner_id]
        english = by_recipient[self.user_data_admin.partner_id]
        self.assertIn("月度经营报告", chinese.subject)
        self.assertIn("Monthly Management Report", english.subject)
        for message, title in ((chinese, "月度经营报告"), (english, "Monthly Management Report")):
            self.assertEqual(len(message.attachment_ids), 1)
            self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
            pdf = base64.b64decode(message.attachment_ids.datas)
            self.assertIn(title, " ".join(self.pdf_text(pdf).split()))
        emailed = messages.mapped("notification_ids").filtered("is_email").mapped("res_partner_id")
        self.assertIn(self.user_manager.partner_id, emailed)
        self.assertIn(self.user_data_admin.partner_id, emailed)
        for again in (CRON_DAY, "2031-06-02", "2031-06-30"):
            reports._cron_send_monthly_report(date_ref=again)
        self.assertEqual(reports.search_count([("date_start", "=", MONTH)]), 1)
        self.assertEqual(len(report.message_ids.filtered(lambda m: m.message_type == "comment")), 2)

    def test_cron_sends_a_report_computed_but_not_sent(self):
        report = self.make_report()
        self.env["customer.monthly.report"]._cron_send_monthly_report(date_ref=CRON_DAY)
        self.assertEqual(report.state, "sent")
        self.assertTrue(report.message_ids.filtered(lambda m: m.message_type == "comment"))
