"""A customer answers a campaign invitation in the browser, through the survey module's pages."""
import json
import re

from .common import InProcessHttpCase


class TestSurveyAnswerHttp(InProcessHttpCase):
    """The invitation link opens the survey; submitting it updates the customer and the KPIs."""

    def setUp(self):
        super().setUp()
        self.survey = self.env.ref("customer_feedback.customer_satisfaction_survey")
        self.page = self.env.ref("customer_feedback.customer_survey_page_satisfaction")
        self.nps_question = self.env.ref("customer_feedback.customer_survey_question_nps")
        self.csat_question = self.env.ref("customer_feedback.customer_survey_question_csat")
        self.comment_question = self.env.ref("customer_feedback.customer_survey_question_comment")
        tag = self.env["res.partner.category"].create({"name": "HTTP Survey Panel"})
        self.customer = self.env["res.partner"].create({
            "name": "Hefei Browser Answer Trading Co., Ltd.", "is_company": True,
            "customer": True, "email": "info@browser-answer.example.com",
            "category_id": [(6, 0, tag.ids)]})
        self.campaign = self.env["customer.survey.campaign"].create({
            "name": "Browser campaign",
            "survey_id": self.survey.id,
            "nps_question_id": self.nps_question.id,
            "csat_question_id": self.csat_question.id,
            "domain": "[('category_id', 'in', [%d])]" % tag.id,
        })
        self.campaign.action_send()
        self.user_input = self.campaign.user_input_ids
        self._sync()

    def _sync(self):
        self.cr.commit()  # the test cursor only moves its savepoint
        self.env.cache.invalidate()

    def url_open(self, url, data=None, timeout=30):
        response = super().url_open(self.base_url + url, data=data, timeout=timeout)
        self.env.cache.invalidate()
        return response

    def _tag(self, question):
        return "%d_%d_%d" % (self.survey.id, self.page.id, question.id)

    def test_answer_through_the_invitation_link(self):
        self.assertEqual(len(self.user_input), 1)
        slug = "%d" % self.survey.id
        page = self.url_open("/survey/fill/%s/%s" % (slug, self.user_input.token))
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.nps_question.question, page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open("/survey/submit/%s" % slug, data={
            "csrf_token": csrf,
            "page_id": self.page.id,
            "token": self.user_input.token,
            self._tag(self.nps_question): self.env.ref(
                "customer_feedback.customer_survey_label_nps_3").id,
            self._tag(self.csat_question): self.env.ref(
                "customer_feedback.customer_survey_label_csat_2").id,
            self._tag(self.comment_question): "Nobody answers the phone.",
            "button_submit": "finish",
        })
        self.assertEqual(response.status_code, 200)
        self.assertIn("redirect", json.loads(response.text))
        self.assertEqual(self.user_input.state, "done")
        self.assertEqual(self.user_input.nps_score, 3)
        self.assertEqual(self.user_input.nps_category, "detractor")
        self.assertEqual(self.customer.last_nps_score, 3)
        self.assertTrue(self.customer.last_nps_date)
        self.assertEqual(self.customer.last_csat_score, 2)
        self.assertEqual(self.campaign.answered_count, 1)
        self.assertEqual(self.campaign.nps, -100.0)
        tickets = self.env["customer.feedback"].search(
            [("survey_user_input_id", "=", self.user_input.id)])
        self.assertEqual(len(tickets), 1)
        self.assertEqual(tickets.channel, "survey")
        self.assertIn("Nobody answers the phone.", tickets.description)
