from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html_escape

from ..models.customer_interaction import CHANNELS
from ..utils.access import CUSTOMER_STAFF, allowed_groups

SUBJECT_LENGTH = 80


class CustomerInteractionQuick(models.TransientModel):
    """Log a follow-up from the customer in one dialog: channel, summary, next step."""

    _name = "customer.interaction.quick"
    _description = "Log Follow-up"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade",
        help="The customer or contact person: the follow-up is logged on the customer account.")
    channel = fields.Selection(CHANNELS, required=True, default="call")
    summary = fields.Text(help="What was discussed; its first line is the subject.")
    next_step = fields.Char(help="Giving a next step plans an activity for the "
                                 "customer's salesperson.")
    next_step_date = fields.Date(string="Next Step Date")

    @api.model
    def _action_open(self, partner):
        """The dialog on a customer or contact (after the same checks as saving)."""
        self._check_may_log(partner)
        return {
            "type": "ir.actions.act_window",
            "name": _("Log Follow-up"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(self.env.ref(
                "customer_mgmt.customer_interaction_quick_view_form").id, "form")],
            "target": "new",
            "context": {"default_partner_id": partner.id},
        }

    @api.model
    def _check_may_log(self, partner):
        """The user reads the customer and may log its follow-ups (rights and rules)."""
        partner.check_access_rights("read")
        partner.check_access_rule("read")
        Interaction = self.env["customer.interaction"]
        Interaction.check_access_rights("create")

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_save(self):
        """Create the follow-up (and its next-step activity) as the user, in one click."""
        self.ensure_one()
        self._check_may_log(self.partner_id)
        summary = (self.summary or "").strip()
        labels = self.fields_get(["summary", "next_step", "next_step_date"], ["string"])
        if not summary:
            raise ValidationError(_("%s is required to log a follow-up.")
                                  % labels["summary"]["string"])
        next_step = (self.next_step or "").strip()
        if self.next_step_date and not next_step:
            raise ValidationError(_("%(date)s is given without %(step)s: say what to do next.") % {
                "date": labels["next_step_date"]["string"],
                "step": labels["next_step"]["string"]})
        subject = summary.splitlines()[0].strip()
        if len(subject) > SUBJECT_LENGTH:
            subject = subject[:SUBJECT_LENGTH - 1] + "…"
        values = {
            "partner_id": self.partner_id.id,
            "channel": self.channel,
            "name": subject,
            "description": "<p>%s</p>" % html_escape(summary).replace("\n", "<br/>"),
        }
        if next_step:
            values.update(next_step=next_step, next_step_date=self.next_step_date)
        # As the user: the create rule of interactions decides on this customer.
        interaction = self.env["customer.interaction"].create(values)
        salesperson = interaction.partner_id.user_id
        activity = interaction.next_step_activity_id
        if activity and salesperson and salesperson != activity.user_id:
            # The activity was just created for this interaction, past its checks.
            activity.sudo().write({"user_id": salesperson.id})
        return {"type": "ir.actions.act_window_close"}
