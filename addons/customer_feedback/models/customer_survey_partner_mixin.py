"""The customer's latest satisfaction survey answers (NPS and CSAT), read by the lifecycle addon."""
from odoo import api, fields, models

from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, INTERNAL_USER, allowed_groups


class CustomerSurveyPartnerMixin(models.AbstractModel):
    _name = "customer.survey.partner.mixin"
    _description = "Survey Answers of Customers"

    last_nps_score = fields.Integer(
        string="Last NPS Score", readonly=True, copy=False,
        help="The customer's latest answer (0-10) to a campaign's NPS question; meaningful only "
             "with a date.", groups=INTERNAL_USER)
    last_nps_date = fields.Date(string="Last NPS Answer On", readonly=True, copy=False, index=True,
                                groups=INTERNAL_USER)
    last_csat_score = fields.Integer(
        string="Last CSAT Score", readonly=True, copy=False,
        help="The customer's latest answer to a campaign's CSAT question: 1 (very dissatisfied) "
             "to 5 (very satisfied); meaningful only with a date.", groups=INTERNAL_USER)
    last_csat_date = fields.Date(string="Last CSAT Answer On", readonly=True, copy=False,
                                 index=True, groups=INTERNAL_USER)
    survey_answer_count = fields.Integer(
        string="Survey Answers", compute="_compute_survey_answer_count", groups=INTERNAL_USER)

    @api.multi
    def _compute_survey_answer_count(self):
        data = self.env["survey.user_input"].sudo().read_group(
            [("customer_id", "in", self.ids), ("state", "=", "done")],
            ["customer_id"], ["customer_id"])
        counts = {row["customer_id"][0]: row["customer_id_count"] for row in data}
        for partner in self:
            partner.survey_answer_count = counts.get(partner.id, 0)

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_open_survey_answers(self):
        """The customer's completed campaign answers."""
        self.ensure_one()
        action = self.env.ref("customer_feedback.customer_survey_user_input_action").read()[0]
        action["domain"] = [("customer_id", "=", self.id)]
        action["context"] = {"search_default_completed": 1}
        return action
