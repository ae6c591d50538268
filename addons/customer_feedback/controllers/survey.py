"""The survey pages of satisfaction campaigns: by personal invitation, answered once, by the
invited customer."""
import json

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import request

from odoo.addons.survey.controllers.main import WebsiteSurvey

SUBMIT_BUTTONS = ("previous", "next", "finish")


class FeedbackSurvey(WebsiteSurvey):

    def _campaign_survey(self, survey):
        """Whether a satisfaction campaign sends the survey (then only invitations answer it)."""
        return bool(request.env["customer.survey.campaign"].sudo().with_context(
            active_test=False).search_count([("survey_id", "=", survey.id)]))

    def _survey_input(self, survey, token):
        if not token:
            return request.env["survey.user_input"].sudo()
        return request.env["survey.user_input"].sudo().search(
            [("token", "=", token), ("survey_id", "=", survey.id)], limit=1)

    def _campaign_refusal(self, user_input):
        """A page refusing an invitation to someone signed in as another customer, else None."""
        user = request.env.user
        if user_input.campaign_id and not user._is_public() \
                and user.partner_id.commercial_partner_id != user_input.customer_id:
            return request.render("customer_feedback.public_link_page",
                                  {"reason": "survey_not_yours"}, status=403)
        return None

    @http.route()
    def start_survey(self, survey, token=None, **post):
        if self._campaign_survey(survey):
            if not token or token == "phantom":
                # Answers without an invitation would not count: only survey users test it.
                if not request.env.user.has_group("survey.group_survey_user"):
                    return request.render("customer_feedback.public_link_page",
                                          {"reason": "survey_by_invitation"}, status=403)
            else:
                refusal = self._campaign_refusal(self._survey_input(survey, token))
                if refusal:
                    return refusal
        return super().start_survey(survey, token=token, **post)

    @http.route()
    def fill_survey(self, survey, token, prev=None, **post):
        refusal = self._campaign_refusal(self._survey_input(survey, token))
        if refusal:
            return refusal
        return super().fill_survey(survey, token, prev=prev, **post)

    @http.route()
    def submit(self, survey, **post):
        """Odoo answers 500 to a page of another survey or an unknown token, and lets a
        completed invitation be answered again: refuse these."""
        page_id = post.get("page_id") or ""
        if not page_id.isdigit() or int(page_id) not in survey.sudo().page_ids.ids \
                or post.get("button_submit") not in SUBMIT_BUTTONS:
            raise NotFound()
        user_input = self._survey_input(survey, post.get("token"))
        if not user_input:
            raise Forbidden()
        refusal = self._campaign_refusal(user_input)
        if refusal:
            return refusal
        if user_input.campaign_id and user_input.state == "done":
            return json.dumps({"redirect": "/survey/fill/%s/%s" % (survey.id, user_input.token)})
        return super().submit(survey, **post)

    @http.route()
    def survey_reporting(self, survey, token=None, **post):
        """The results of a campaign's survey show every customer's answers: managers only."""
        if self._campaign_survey(survey) \
                and not request.env.user.has_group("survey.group_survey_manager"):
            raise Forbidden()
        return super().survey_reporting(survey, token=token, **post)
