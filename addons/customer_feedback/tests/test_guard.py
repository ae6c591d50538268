"""The registry-walking attack suite on the models and fields of customer_feedback."""
from odoo.addons.customer_mgmt.tests import guard_common


class TestGuardCustomerFeedback(guard_common.GuardCase):
    addon = "customer_feedback"

    def _ticket(self, customer):
        return self.env["customer.feedback"].create({
            "subject": "Guard complaint", "partner_id": customer.id,
            "feedback_type": "complaint", "channel": "phone"})

    def _escalation_log(self):
        ticket = self._ticket(self.own_customer)
        level = ticket.sla_policy_id.escalation_ids[:1]
        ticket._sla_fire({ticket.id: level}, ticket.date_received)
        return ticket.sla_escalation_log_ids

    def record_factories(self):
        factories = super().record_factories()
        env = self.env
        survey = env.ref("customer_feedback.customer_satisfaction_survey")
        factories.update({
            "customer.feedback": lambda: self._ticket(self.own_customer),
            "customer.feedback.stage": lambda: env["customer.feedback.stage"].create(
                {"name": "Guard Stage"}),
            "customer.feedback.category": lambda: env["customer.feedback.category"].create(
                {"name": "Guard Category"}),
            "customer.feedback.tag": lambda: env["customer.feedback.tag"].create(
                {"name": "Guard Tag"}),
            "crm.team": lambda: env["crm.team"].create({"name": "Guard Team"}),
            "customer.feedback.team.member": self._team_member,
            "customer.feedback.sla.policy": lambda: env["customer.feedback.sla.policy"].create(
                {"name": "Guard SLA", "response_hours": 4, "resolution_hours": 24}),
            "customer.feedback.calendar.day": lambda: env["customer.feedback.calendar.day"].create(
                {"date": "2029-05-01", "day_type": "holiday", "name": "Guard Holiday"}),
            "customer.feedback.sla.escalation": lambda: env[
                "customer.feedback.sla.escalation"].create({
                    "name": "Guard Level", "policy_id": env["customer.feedback.sla.policy"].create(
                        {"name": "Guard SLA levels", "escalation_ids": []}).id}),
            "customer.feedback.sla.escalation.log": self._escalation_log,
            "customer.survey.campaign": lambda: env["customer.survey.campaign"].create(
                {"name": "Guard Campaign", "survey_id": survey.id, "domain": "[]"}),
            "survey.user_input": lambda: env["survey.user_input"].create(
                {"survey_id": survey.id, "partner_id": self.own_customer.id}),
            "rating.rating": lambda: env["rating.rating"].create({
                "res_model_id": env["ir.model"]._get("customer.feedback").id,
                "res_id": self._ticket(self.own_customer).id,
                "partner_id": self.own_customer.id}),
        })
        return factories

    def _team_member(self):
        team = self.env["crm.team"].create({"name": "Guard Member Team"})
        self.user_other.sale_team_id = team
        return self.env["customer.feedback.team.member"].create(
            {"team_id": team.id, "user_id": self.user_other.id})

    def hidden_records(self):
        hidden = super().hidden_records()
        hidden["customer.feedback"] = self._ticket(self.hidden_customer)
        hidden["survey.user_input"] = self.env["survey.user_input"].create({
            "survey_id": self.env.ref("customer_feedback.customer_satisfaction_survey").id,
            "partner_id": self.hidden_customer.id})
        return hidden
