"""The ticket record: a ticket's whole story, handed to the customer or to quality."""
from odoo import _, api, fields, models

from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF

TICKET_FIELDS = ["name", "subject", "partner_id", "contact_id", "feedback_type", "category_id",
                 "channel", "priority", "stage_id", "user_id", "team_id", "date_received",
                 "date_closed"]
OUTCOME_FIELDS = ["root_cause", "resolution"]


class ReportFeedbackRecord(models.AbstractModel):
    """Values of the ticket record: fields, SLA timeline, public messages and the rating."""

    _name = "report.customer_feedback.report_feedback_record"
    _inherit = "customer.report.mixin"
    _description = "Feedback Ticket Record"

    _report_model = "customer.feedback"
    _report_groups = CUSTOMER_STAFF

    @api.model
    def _report_document(self, ticket):
        """{"fields", "sla", "messages", "outcome", "rating"} of one ticket."""
        return {
            "fields": self._report_rows(ticket, TICKET_FIELDS),
            "sla": self._sla_timeline(ticket),
            "messages": self.env["mail.message"].search([
                ("model", "=", ticket._name), ("res_id", "=", ticket.id),
                ("message_type", "in", ("email", "comment")),
                ("subtype_id.internal", "=", False)], order="date asc, id asc"),
            "outcome": self._report_rows(ticket, OUTCOME_FIELDS),
            "rating": self._rating(ticket),
        }

    @api.model
    def _sla_timeline(self, ticket):
        """[(target, deadline, done at, result, hours)] of the response and resolution targets."""
        if not ticket.sla_policy_id:
            return []
        now = fields.Datetime.now()
        as_datetime = {"type": "datetime"}
        rows = []
        for target, deadline, done, met, hours in (
                (_("First response"), "sla_response_deadline", "date_first_response",
                 ticket.sla_response_met, ticket.response_hours),
                (_("Resolution"), "sla_resolution_deadline", "date_resolved",
                 ticket.sla_resolution_met, ticket.resolution_hours)):
            if not ticket[deadline]:
                continue
            if ticket[done]:
                result = _("Met") if met else _("Breached")
            else:
                result = _("Breached") if ticket[deadline] < now else _("Pending")
            rows.append((target, self._report_text(ticket, deadline, as_datetime),
                         self._report_text(ticket, done, as_datetime),
                         result, "%.1f" % hours if ticket[done] else ""))
        return rows

    @api.model
    def _rating(self, ticket):
        """(label, comment) of the customer's last rating of the ticket, or None."""
        rating = ticket.rating_ids.filtered("consumed").sorted("write_date")[-1:]
        if not rating:
            return None
        labels = dict(rating.fields_get(["rating_text"])["rating_text"]["selection"])
        return ("%s (%s)" % (labels.get(rating.rating_text, ""), int(rating.rating)),
                rating.feedback or "")
