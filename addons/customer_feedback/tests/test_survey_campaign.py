"""Satisfaction survey campaigns: invitations, recurrence, KPIs, customers' latest scores,
follow-up of unhappy customers and access."""
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common import FeedbackCase


class TestSurveyCampaign(FeedbackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # These tests are about the campaigns: the consent filter customer_privacy adds through
        # _campaign_filter_recipients, when it is installed, is off (its own tests cover it).
        cls.env["ir.config_parameter"].sudo().set_param("customer_privacy.survey_consent", "none")
        cls.survey = cls.env.ref("customer_feedback.customer_satisfaction_survey")
        cls.nps_question = cls.env.ref("customer_feedback.customer_survey_question_nps")
        cls.csat_question = cls.env.ref("customer_feedback.customer_survey_question_csat")
        cls.comment_question = cls.env.ref("customer_feedback.customer_survey_question_comment")
        cls.tag = cls.env["res.partner.category"].create({"name": "Survey Panel"})
        # Invited at its own address.
        cls.target_own = cls.create_customer(
            "Suzhou Own Mail Trading Co., Ltd.", email="info@own-mail.example.com",
            category_id=[(6, 0, cls.tag.ids)], user_id=cls.user_salesperson.id)
        # No address of its own: invited through its first contact person with one.
        cls.target_contact = cls.create_customer(
            "Wuxi Contact Mail Trading Co., Ltd.", category_id=[(6, 0, cls.tag.ids)],
            user_id=cls.user_salesperson.id)
        cls.create_contact(cls.target_contact, "Zhao Nomail")
        cls.target_contact_person = cls.create_contact(
            cls.target_contact, "Qian Mail", email="qian@contact-mail.example.com")
        # No address at all: skipped.
        cls.target_no_mail = cls.create_customer(
            "Changzhou No Mail Trading Co., Ltd.", category_id=[(6, 0, cls.tag.ids)])
        # Has an address but is not in the target selection.
        cls.not_targeted = cls.create_customer(
            "Nanjing Untagged Trading Co., Ltd.", email="info@untagged.example.com")

    def create_campaign(self, user=None, **values):
        vals = {
            "name": "Quarterly satisfaction survey",
            "survey_id": self.survey.id,
            "nps_question_id": self.nps_question.id,
            "csat_question_id": self.csat_question.id,
            "domain": "[('category_id', 'in', [%d])]" % self.tag.id,
        }
        vals.update(values)
        campaign = self.env["customer.survey.campaign"].sudo(user or self.user_manager).create(vals)
        return campaign.with_env(self.env)

    def answer(self, user_input, nps=None, csat=None, comment=None,
               date_done="2026-01-20 10:00:00"):
        """Answer like the survey controller does: save the lines, then complete."""
        lines = self.env["survey.user_input_line"]
        if nps is not None:
            lines.create({
                "user_input_id": user_input.id, "question_id": self.nps_question.id,
                "answer_type": "suggestion",
                "value_suggested": self.env.ref(
                    "customer_feedback.customer_survey_label_nps_%d" % nps).id})
        if csat is not None:
            lines.create({
                "user_input_id": user_input.id, "question_id": self.csat_question.id,
                "answer_type": "suggestion",
                "value_suggested": self.env.ref(
                    "customer_feedback.customer_survey_label_csat_%d" % csat).id})
        if comment:
            lines.create({
                "user_input_id": user_input.id, "question_id": self.comment_question.id,
                "answer_type": "free_text", "value_free_text": comment})
        user_input.write({"state": "done", "date_done": date_done})

    def input_of(self, campaign, customer):
        return campaign.user_input_ids.filtered(lambda ui: ui.customer_id == customer)

    # Sending

    def test_send_invites_each_target_with_an_email_once(self):
        campaign = self.create_campaign()
        self.assertEqual(campaign.target_count, 3)
        campaign.sudo(self.user_manager).action_send()
        inputs = campaign.user_input_ids
        self.assertEqual(len(inputs), 2)
        self.assertEqual(campaign.state, "running")
        self.assertEqual(campaign.current_round, 1)
        own = self.input_of(campaign, self.target_own)
        self.assertEqual(own.partner_id, self.target_own)
        self.assertEqual(own.email, "info@own-mail.example.com")
        by_contact = self.input_of(campaign, self.target_contact)
        self.assertEqual(by_contact.partner_id, self.target_contact_person)
        self.assertEqual(by_contact.email, "qian@contact-mail.example.com")
        self.assertFalse(self.input_of(campaign, self.target_no_mail))
        self.assertFalse(self.input_of(campaign, self.not_targeted))
        for user_input in inputs:
            self.assertEqual(user_input.type, "link")
            self.assertEqual(user_input.state, "new")
            self.assertEqual(user_input.survey_id, self.survey)
            self.assertTrue(user_input.token)
        # One personal e-mail per invitation, with the invitation's own link.
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", inputs.mapped("partner_id").ids)])
        self.assertEqual(len(mails), 2)
        mail = mails.filtered(lambda m: self.target_own in m.recipient_ids)
        self.assertIn("/survey/start/", mail.body_html)
        self.assertIn(own.token, mail.body_html)
        self.assertEqual(campaign.sent_count, 2)
        self.assertEqual(campaign.answered_count, 0)

        # Sending again invites nobody twice; a customer added to the selection is invited.
        campaign.action_send()
        self.assertEqual(len(campaign.user_input_ids), 2)
        self.target_no_mail.email = "info@no-mail.example.com"
        campaign.action_send()
        self.assertEqual(len(campaign.user_input_ids), 3)
        self.assertEqual(len(self.input_of(campaign, self.target_no_mail)), 1)

    def test_each_invitation_in_its_recipients_language(self):
        """One round, two languages: each e-mail in its recipient's (Odoo 11 would write a
        whole rendering call in the first recipient's language)."""
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_feedback"], ["zh_CN"])
        self.target_own.lang = "zh_CN"
        self.target_contact_person.lang = "en_US"
        campaign = self.create_campaign()
        campaign.sudo(self.user_manager).action_send()
        subjects = {mail.recipient_ids: mail.subject for mail in self.env["mail.mail"].search(
            [("recipient_ids", "in", campaign.user_input_ids.mapped("partner_id").ids)])}
        self.assertEqual(subjects[self.target_own], "客户满意度调查：您的意见对我们很重要")
        self.assertEqual(subjects[self.target_contact_person],
                         "Customer satisfaction survey: your opinion matters to us")

    def test_no_answers_gives_zero_kpis(self):
        campaign = self.create_campaign()
        self.assertEqual(campaign.sent_count, 0)
        self.assertEqual(campaign.response_rate, 0.0)
        self.assertEqual(campaign.nps, 0.0)
        self.assertEqual(campaign.nps_answer_count, 0)
        self.assertEqual(campaign.csat, 0.0)

    def test_done_campaign_sends_nothing(self):
        campaign = self.create_campaign()
        campaign.action_done()
        with self.assertRaisesRegex(UserError, "sends no more invitations"):
            campaign.action_send()
        self.assertFalse(campaign.user_input_ids)

    def test_closed_survey_sends_nothing(self):
        survey = self.survey.copy()
        survey.stage_id = self.env.ref("survey.stage_closed")
        campaign = self.create_campaign(survey_id=survey.id, nps_question_id=False,
                                        csat_question_id=False)
        with self.assertRaisesRegex(UserError, "is closed"):
            campaign.action_send()
        self.assertFalse(campaign.user_input_ids)

    # Recurrence

    def test_cron_sends_due_rounds_and_moves_the_next_date(self):
        campaign = self.create_campaign(recurrence="monthly", next_send_date="2026-01-10")
        Campaign = self.env["customer.survey.campaign"]
        # A draft campaign waits for its schedule to be confirmed.
        Campaign._cron_send_due_campaigns(date_ref="2026-01-10")
        self.assertFalse(campaign.user_input_ids)
        campaign.action_start()
        self.assertEqual(campaign.state, "running")
        Campaign._cron_send_due_campaigns(date_ref="2026-01-09")
        self.assertFalse(campaign.user_input_ids)

        result = Campaign._cron_send_due_campaigns(date_ref="2026-01-10")
        self.assertEqual(result["sent"], 2)
        self.assertEqual(len(campaign.user_input_ids), 2)
        self.assertEqual(campaign.current_round, 1)
        self.assertEqual(campaign.next_send_date, "2026-02-10")
        self.assertEqual(campaign.last_send_date, "2026-01-10")
        # Twice on the same day: nothing twice.
        Campaign._cron_send_due_campaigns(date_ref="2026-01-10")
        self.assertEqual(len(campaign.user_input_ids), 2)

        # Next period: a new round invites every target again.
        Campaign._cron_send_due_campaigns(date_ref="2026-02-10")
        self.assertEqual(len(campaign.user_input_ids), 4)
        self.assertEqual(campaign.current_round, 2)
        self.assertEqual(set(campaign.user_input_ids.mapped("campaign_round")), {1, 2})
        self.assertEqual(campaign.next_send_date, "2026-03-10")

        # Missed periods are not caught up one by one: one round, next date past the day.
        Campaign._cron_send_due_campaigns(date_ref="2026-06-01")
        self.assertEqual(campaign.current_round, 3)
        self.assertEqual(len(campaign.user_input_ids), 6)
        self.assertEqual(campaign.next_send_date, "2026-06-10")

    def test_cron_finishes_a_round_a_killed_run_left_half_sent(self):
        campaign = self.create_campaign(recurrence="monthly", next_send_date="2026-01-10")
        campaign.action_start()
        # A run killed after its first batch: one customer invited, the round not closed.
        self.assertEqual(campaign._invite(self.target_own, 1), 1)
        self.assertEqual(campaign.current_round, 0)
        self.assertEqual(campaign._invite(self.target_own, 1), 0, "a retried batch invites twice")

        result = self.env["customer.survey.campaign"]._cron_send_due_campaigns(
            batch_limit=1, date_ref="2026-01-10")
        self.assertEqual(result["sent"], 2)
        inputs = campaign.user_input_ids
        self.assertEqual(sorted(inputs.mapped("customer_id").ids),
                         sorted((self.target_own | self.target_contact).ids))
        self.assertEqual(set(inputs.mapped("campaign_round")), {1})
        self.assertEqual(campaign.current_round, 1)
        self.assertEqual(campaign.next_send_date, "2026-02-10")
        mails = self.env["mail.mail"].sudo().search([
            ("model", "=", "survey.user_input"), ("res_id", "in", inputs.ids)])
        self.assertEqual(sorted(mails.mapped("res_id")), sorted(inputs.ids))
        self.assertEqual(sorted(mails.mapped("recipient_ids").ids),
                         sorted((self.target_own | self.target_contact_person).ids))
        for user_input in inputs:
            mail = mails.filtered(lambda mail, user_input=user_input:
                                  mail.res_id == user_input.id)
            self.assertIn(user_input.token, mail.body_html)
        summaries = campaign.message_ids.filtered(lambda message: "Round 1" in message.body)
        self.assertEqual(len(summaries), 1)
        self.assertIn("2 invitations sent, 1 customers without e-mail address skipped",
                      summaries.body)

    def test_cron_one_off_scheduled_campaign(self):
        campaign = self.create_campaign(next_send_date="2026-03-01")
        campaign.action_start()
        self.env["customer.survey.campaign"]._cron_send_due_campaigns(date_ref="2026-03-02")
        self.assertEqual(len(campaign.user_input_ids), 2)
        self.assertFalse(campaign.next_send_date)
        self.env["customer.survey.campaign"]._cron_send_due_campaigns(date_ref="2026-04-02")
        self.assertEqual(len(campaign.user_input_ids), 2)

    def test_quarterly_and_yearly_steps(self):
        quarterly = self.create_campaign(recurrence="quarterly")
        self.assertEqual(quarterly._next_date("2026-01-31"), "2026-04-30")
        yearly = self.create_campaign(recurrence="yearly")
        self.assertEqual(yearly._next_date("2026-02-15"), "2027-02-15")
        once = self.create_campaign(recurrence="none")
        self.assertFalse(once._next_date("2026-02-15"))

    def test_send_now_moves_a_due_next_date_on(self):
        today = fields.Date.context_today(self.env.user)
        campaign = self.create_campaign(recurrence="monthly", next_send_date=today)
        campaign.sudo(self.user_manager).action_send()
        self.assertEqual(campaign.next_send_date, campaign._next_date(today))
        # The scheduled action of the same day starts no second round.
        self.env["customer.survey.campaign"]._cron_send_due_campaigns(date_ref=today)
        self.assertEqual(campaign.current_round, 1)
        self.assertEqual(len(campaign.user_input_ids), 2)
        once = self.create_campaign(next_send_date=today)
        once.sudo(self.user_manager).action_send()
        self.assertFalse(once.next_send_date)

    def test_start_needs_a_date(self):
        campaign = self.create_campaign(recurrence="monthly")
        with self.assertRaisesRegex(UserError, "next sending"):
            campaign.action_start()
        self.assertEqual(campaign.state, "draft")

    # Answers

    def test_answers_update_kpis_and_the_customers_latest_scores(self):
        campaign = self.create_campaign(detractor_action="none")
        self.target_no_mail.email = "info@no-mail.example.com"
        campaign.action_send()
        self.assertEqual(campaign.sent_count, 3)
        self.answer(self.input_of(campaign, self.target_own), nps=10, csat=5,
                    date_done="2026-01-20 10:00:00")
        self.answer(self.input_of(campaign, self.target_contact), nps=3, csat=4,
                    date_done="2026-01-21 10:00:00")
        campaign.invalidate_cache()
        self.assertEqual(campaign.sent_count, 3)
        self.assertEqual(campaign.answered_count, 2)
        self.assertEqual(campaign.response_rate, 66.7)
        self.assertEqual(campaign.nps_answer_count, 2)
        self.assertEqual(campaign.promoter_count, 1)
        self.assertEqual(campaign.detractor_count, 1)
        self.assertEqual(campaign.nps, 0.0)
        self.assertEqual(campaign.csat_answer_count, 2)
        self.assertEqual(campaign.csat, 100.0)

        self.assertEqual(self.target_own.last_nps_score, 10)
        self.assertEqual(self.target_own.last_nps_date, "2026-01-20")
        self.assertEqual(self.target_own.last_csat_score, 5)
        self.assertEqual(self.target_own.last_csat_date, "2026-01-20")
        # The contact person answered for their company.
        self.assertEqual(self.target_contact.last_nps_score, 3)
        self.assertEqual(self.target_contact.last_nps_date, "2026-01-21")
        self.assertFalse(self.target_contact_person.last_nps_date)
        self.assertFalse(self.target_no_mail.last_nps_date)

        # A third answer: passive NPS and dissatisfied CSAT.
        self.answer(self.input_of(campaign, self.target_no_mail), nps=7, csat=2)
        campaign.invalidate_cache()
        self.assertEqual(campaign.response_rate, 100.0)
        self.assertEqual(campaign.passive_count, 1)
        self.assertEqual(campaign.nps, 0.0)
        self.assertEqual(campaign.csat, 66.7)

    def test_only_the_nps_question_counts_for_nps(self):
        campaign = self.create_campaign(detractor_action="none")
        campaign.action_send()
        self.answer(self.input_of(campaign, self.target_own), csat=4)
        campaign.invalidate_cache()
        self.assertEqual(campaign.answered_count, 1)
        self.assertEqual(campaign.nps_answer_count, 0)
        self.assertEqual(campaign.nps, 0.0)
        self.assertEqual(campaign.csat, 100.0)
        self.assertFalse(self.target_own.last_nps_date)
        self.assertEqual(self.target_own.last_csat_score, 4)

    def test_an_older_answer_does_not_replace_a_newer_one(self):
        first = self.create_campaign(detractor_action="none")
        second = self.create_campaign(detractor_action="none", name="Other campaign")
        first.action_send()
        second.action_send()
        self.answer(self.input_of(second, self.target_own), nps=9, date_done="2026-03-01 09:00:00")
        self.answer(self.input_of(first, self.target_own), nps=5, date_done="2026-02-01 09:00:00")
        self.assertEqual(self.target_own.last_nps_score, 9)
        self.assertEqual(self.target_own.last_nps_date, "2026-03-01")

    # Unhappy customers

    def test_detractor_opens_one_complaint_ticket(self):
        campaign = self.create_campaign()
        campaign.action_send()
        user_input = self.input_of(campaign, self.target_contact)
        self.answer(user_input, nps=4, csat=3, comment="Deliveries are always late.")
        tickets = self.env["customer.feedback"].search(
            [("survey_user_input_id", "=", user_input.id)])
        self.assertEqual(len(tickets), 1)
        self.assertEqual(tickets.partner_id, self.target_contact)
        self.assertEqual(tickets.contact_id, self.target_contact_person)
        self.assertEqual(tickets.feedback_type, "complaint")
        self.assertEqual(tickets.channel, "survey")
        self.assertIn(campaign.name, tickets.subject)
        self.assertIn("Deliveries are always late.", tickets.description)
        # Completing again (or re-processing) opens no second ticket.
        user_input.write({"state": "done"})
        user_input._campaign_process_answers()
        self.assertEqual(
            self.env["customer.feedback"].search_count(
                [("survey_user_input_id", "=", user_input.id)]), 1)

    def test_dissatisfied_csat_opens_a_ticket_happy_customers_none(self):
        campaign = self.create_campaign()
        campaign.action_send()
        unhappy = self.input_of(campaign, self.target_own)
        happy = self.input_of(campaign, self.target_contact)
        self.answer(unhappy, nps=8, csat=2)
        self.answer(happy, nps=9, csat=4)
        Feedback = self.env["customer.feedback"]
        self.assertEqual(Feedback.search_count([("survey_user_input_id", "=", unhappy.id)]), 1)
        self.assertEqual(Feedback.search_count([("survey_user_input_id", "=", happy.id)]), 0)

    def test_detractor_activity_for_the_salesperson_when_set(self):
        campaign = self.create_campaign(detractor_action="activity")
        campaign.action_send()
        user_input = self.input_of(campaign, self.target_own)
        self.answer(user_input, nps=2, csat=1)
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.target_own.id),
            ("activity_type_id", "=",
             self.env.ref("customer_feedback.mail_activity_type_survey_followup").id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_salesperson)
        self.assertFalse(self.env["customer.feedback"].search(
            [("survey_user_input_id", "=", user_input.id)]))
        user_input._campaign_process_answers()
        self.assertEqual(len(activities.search([("id", "in", activities.ids)])), 1)

    # Validation

    def test_wrong_questions_are_refused(self):
        Campaign = self.env["customer.survey.campaign"]
        count = Campaign.search_count([])
        with self.assertRaisesRegex(ValidationError, "multiple choice question"), \
                self.cr.savepoint():
            self.create_campaign(nps_question_id=self.comment_question.id)
        with self.assertRaisesRegex(ValidationError, "multiple choice question"), \
                self.cr.savepoint():
            # The CSAT question has 5 choices, not the 11 of a 0-10 scale.
            self.create_campaign(nps_question_id=self.csat_question.id, csat_question_id=False)
        other_survey = self.survey.copy()
        other_question = other_survey.page_ids.mapped("question_ids").filtered(
            lambda q: len(q.labels_ids) == 11)
        with self.assertRaisesRegex(ValidationError, "is not a question of the campaign"), \
                self.cr.savepoint():
            self.create_campaign(nps_question_id=other_question.id)
        self.assertEqual(Campaign.search_count([]), count)

    def test_invalid_target_filter_is_refused(self):
        Campaign = self.env["customer.survey.campaign"]
        count = Campaign.search_count([])
        with mute_logger("odoo.sql_db"), \
                self.assertRaisesRegex(ValidationError, "not a valid filter"), \
                self.cr.savepoint():
            self.create_campaign(domain="[('no_such_field', '=', 1)]")
        self.assertEqual(Campaign.search_count([]), count)

    def test_campaign_with_invitations_cannot_be_deleted(self):
        campaign = self.create_campaign()
        campaign.sudo(self.user_manager).action_send()
        with self.assertRaisesRegex(UserError, "Archive it instead"):
            campaign.sudo(self.user_manager).unlink()
        self.assertTrue(campaign.exists())
        self.create_campaign().sudo(self.user_manager).unlink()

    def test_survey_change_proposes_its_questions(self):
        campaign = self.env["customer.survey.campaign"].new({"survey_id": self.survey.id})
        campaign._onchange_survey_id()
        self.assertEqual(campaign.nps_question_id, self.nps_question)
        self.assertEqual(campaign.csat_question_id, self.csat_question)

    # Access

    def test_access_salesperson_and_leader_cannot_create_manager_can(self):
        for user in (self.user_salesperson, self.user_leader, self.user_service):
            with self.assertRaises(AccessError):
                self.create_campaign(user=user)
        campaign = self.create_campaign(user=self.user_manager)
        # The team leader reads campaigns and their results, but sends nothing.
        leader_view = campaign.sudo(self.user_leader)
        self.assertEqual(leader_view.name, "Quarterly satisfaction survey")
        self.assertEqual(leader_view.sent_count, 0)
        with self.assertRaises(AccessError):
            leader_view.action_send()
        with self.assertRaises(AccessError):
            campaign.sudo(self.user_salesperson).read(["name"])
        # The manager sends.
        campaign.sudo(self.user_manager).action_send()
        self.assertEqual(len(campaign.user_input_ids), 2)

    def test_manager_edits_surveys_salesperson_cannot(self):
        """Managers run campaigns, so they edit the surveys themselves; salespeople do not."""
        survey = self.env["survey.survey"].sudo(self.user_manager).create({"title": "Manager survey"})
        survey.write({"title": "Manager survey v2"})
        self.assertEqual(survey.title, "Manager survey v2")
        with self.assertRaises(AccessError):
            self.env["survey.survey"].sudo(self.user_salesperson).create({"title": "Sales survey"})
        with self.assertRaises(AccessError):
            survey.sudo(self.user_salesperson).write({"title": "Hijacked"})

    def test_access_campaign_answers_follow_their_customer(self):
        if not self.env.ref("customer_feedback.survey_user_input_rule_campaign_service",
                            raise_if_not_found=False):
            self.skipTest("security/customer_survey_security.xml is not loaded")
        campaign = self.create_campaign(detractor_action="none")
        self.target_no_mail.email = "info@no-mail.example.com"
        campaign.action_send()
        Input = self.env["survey.user_input"]
        own_customers = self.target_own | self.target_contact
        self.assertEqual(
            Input.sudo(self.user_salesperson).search([("campaign_id", "=", campaign.id)])
            .mapped("customer_id"), own_customers)
        self.assertEqual(
            len(Input.sudo(self.user_manager).search([("campaign_id", "=", campaign.id)])), 3)
        self.assertEqual(
            len(Input.sudo(self.user_service).search([("campaign_id", "=", campaign.id)])), 3)
        self.assertFalse(Input.sudo(self.user_plain).search([("campaign_id", "=", campaign.id)]))
        # A team leader reads those of the customers of their team's salespeople.
        self.assertFalse(Input.sudo(self.user_leader).search([("campaign_id", "=", campaign.id)]))
        team = self.env["crm.team"].create(
            {"name": "Survey East Team", "user_id": self.user_leader.id})
        self.user_salesperson.sale_team_id = team
        self.assertEqual(
            Input.sudo(self.user_leader).search([("campaign_id", "=", campaign.id)])
            .mapped("customer_id"), own_customers)
