from odoo import api, models
from odoo.tools import plaintext2html

# Activity types whose completion on a customer is logged as an interaction.
ACTIVITY_TYPE_CHANNELS = {
    "mail.mail_activity_data_call": "call",
    "mail.mail_activity_data_meeting": "meeting",
}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.multi
    def action_feedback(self, feedback=False):
        """Record an interaction when a call or meeting on a customer is marked done."""
        interaction_vals = self._customer_interaction_values(feedback)
        result = super().action_feedback(feedback=feedback)
        if interaction_vals:
            # The user completing the activity may lack create rights on interactions
            # (e.g. a plain employee): the record is logged on their behalf.
            interactions = self.env["customer.interaction"].sudo().with_context(
                mail_create_nosubscribe=True)
            for vals in interaction_vals:
                interactions.create(vals)
        return result

    @api.model
    def _customer_interaction_activity_types(self):
        """Activity types logged as interactions when done, by XML id: other addons add theirs."""
        return dict(ACTIVITY_TYPE_CHANNELS)

    @api.multi
    def _customer_interaction_values(self, feedback):
        """Values of the interactions to log for the call and meeting activities of partners."""
        channels = {}
        for xmlid, channel in self._customer_interaction_activity_types().items():
            activity_type = self.env.ref(xmlid, raise_if_not_found=False)
            if activity_type:
                channels[activity_type.id] = channel
        activities = self.filtered(
            lambda a: a.res_model == "res.partner" and a.activity_type_id.id in channels)
        if not activities:
            return []
        partners = self.env["res.partner"].sudo().browse(activities.mapped("res_id")).exists()
        values = []
        for activity in activities:
            partner = partners.filtered(lambda p: p.id == activity.res_id)
            if not partner:
                continue
            customer = partner.commercial_partner_id
            values.append({
                "name": activity.summary or activity.activity_type_id.name,
                "partner_id": customer.id,
                "contact_ids": [(6, 0, [] if partner == customer else [partner.id])],
                "channel": channels[activity.activity_type_id.id],
                "user_id": self.env.user.id,
                "description": plaintext2html(feedback) if feedback else activity.note,
            })
        return values
