"""Every public method customer_feedback adds declares its groups; other roles and portal
users are refused and nothing changes."""
from odoo.addons.customer_mgmt.tests.public_methods import PublicMethodGroupsMixin

from .common import FeedbackCase


class TestPublicMethods(PublicMethodGroupsMixin, FeedbackCase):

    addon = "customer_feedback"
    expected_methods = (
        ("customer.feedback", "action_assign_to_me"),
        ("customer.feedback.merge", "action_merge"),
        ("customer.survey.campaign", "action_send"),
        ("res.partner", "action_log_feedback"),
    )

    def _campaign(self):
        return self.env["customer.survey.campaign"].create({
            "name": "Methods campaign",
            "survey_id": self.env.ref("customer_feedback.customer_satisfaction_survey").id,
            "domain": "[('id', '=', %d)]" % self.customer.id,
        })

    def method_records(self):
        return {
            "res.partner": lambda: self.customer,
            "customer.feedback": self.create_feedback,
            "customer.interaction": lambda: self.env["customer.interaction"].create({
                "name": "Methods call", "partner_id": self.customer.id}),
            "customer.survey.campaign": self._campaign,
            "customer.feedback.merge": self._merge_wizard,
        }

    def _merge_wizard(self):
        tickets = self.create_feedback() | self.create_feedback()
        return self.env["customer.feedback.merge"].create(
            {"ticket_ids": [(6, 0, tickets.ids)], "keep_ticket_id": tickets[0].id})
