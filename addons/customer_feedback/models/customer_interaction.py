from odoo import _, api, fields, models

from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, allowed_groups

# Interaction channel -> feedback channel: what the customer used to tell us.
INTERACTION_FEEDBACK_CHANNELS = {
    "call": "phone",
    "email": "email",
    "meeting": "visit",
    "visit": "visit",
    "chat": "other",
    "other": "other",
}


class CustomerInteraction(models.Model):
    """Feedback heard during an interaction is logged as a ticket linked to it."""

    _inherit = "customer.interaction"

    feedback_ids = fields.One2many(
        "customer.feedback", "interaction_id", string="Feedback",
        help="Feedback tickets logged from this interaction.")
    feedback_count = fields.Integer(string="Feedback Tickets", compute="_compute_feedback_count")

    @api.multi
    def _compute_feedback_count(self):
        """Count the tickets of all the interactions in one read_group, as the current user."""
        Feedback = self.env["customer.feedback"]
        counts = {}
        if self.ids and Feedback.check_access_rights("read", raise_exception=False):
            groups = Feedback.read_group(
                [("interaction_id", "in", self.ids)], ["interaction_id"], ["interaction_id"])
            counts = {group["interaction_id"][0]: group["interaction_id_count"]
                      for group in groups}
        for interaction in self:
            interaction.feedback_count = counts.get(interaction.id, 0)

    @api.multi
    def _feedback_default_context(self):
        """Defaults of a ticket logged from this interaction."""
        self.ensure_one()
        context = {
            "default_interaction_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_channel": INTERACTION_FEEDBACK_CHANNELS.get(self.channel, "other"),
            "default_subject": self.name,
        }
        if self.contact_ids:
            context["default_contact_id"] = self.contact_ids[0].id
        return context

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_log_feedback(self):
        """Open a new ticket linked to this interaction, with its customer, contact and channel."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Log Feedback"),
            "res_model": "customer.feedback",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._feedback_default_context(),
        }

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_feedback(self):
        """Smart button: the tickets logged from this interaction."""
        self.ensure_one()
        action = self.env.ref("customer_feedback.customer_feedback_action").read()[0]
        action["domain"] = [("interaction_id", "=", self.id)]
        action["context"] = self._feedback_default_context()
        return action
