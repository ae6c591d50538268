from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..utils.accounts import ACCOUNT_DOMAIN


CHANNELS = [
    ("call", "Call"),
    ("email", "E-mail"),
    ("meeting", "Meeting"),
    ("visit", "Visit"),
    ("chat", "Chat"),
    ("other", "Other"),
]

NEXT_STEP_FIELDS = ("next_step", "next_step_date", "next_step_activity_type_id")


class CustomerInteraction(models.Model):
    _name = "customer.interaction"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Customer Interaction"
    _order = "date desc, id desc"

    name = fields.Char(string="Subject", required=True, track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade",
        domain=ACCOUNT_DOMAIN, track_visibility="onchange", auto_join=True,
        help="The customer account: interactions with contact persons count for their company.")
    contact_ids = fields.Many2many(
        "res.partner", "customer_interaction_contact_rel", "interaction_id", "partner_id",
        string="Contact Persons",
        domain="[('parent_id', '=', partner_id), ('is_company', '=', False)]")
    channel = fields.Selection(
        CHANNELS, required=True, default="call", index=True, track_visibility="onchange")
    date = fields.Datetime(
        required=True, index=True, default=fields.Datetime.now, track_visibility="onchange")
    location = fields.Char(string="Place")
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, index=True,
        default=lambda self: self.env.user, track_visibility="onchange")
    participant_ids = fields.Many2many(
        "res.users", "customer_interaction_user_rel", "interaction_id", "user_id",
        string="Internal Participants")
    description = fields.Html(string="Summary")
    outcome = fields.Text(track_visibility="onchange")
    next_step = fields.Char(
        help="Filling the next step schedules an activity on the customer for the owner.")
    next_step_date = fields.Date(string="Next Step Deadline")
    next_step_activity_type_id = fields.Many2one(
        "mail.activity.type", string="Next Step Activity",
        domain="['|', ('res_model_id', '=', False), ('res_model_id.model', '=', 'res.partner')]")
    next_step_activity_id = fields.Many2one(
        "mail.activity", string="Scheduled Activity", readonly=True, copy=False,
        ondelete="set null")
    team_id = fields.Many2one(
        related="partner_id.team_id", string="Sales Team", store=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.user.company_id)

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        """Drop contact persons that do not belong to the newly chosen customer."""
        self.contact_ids = self.contact_ids.filtered(
            lambda c: c.commercial_partner_id == self.partner_id)

    @api.model
    def create(self, vals):
        vals = self._commercial_partner_vals(vals)
        interaction = super().create(vals)
        interaction._schedule_next_step()
        self.env["res.partner"]._update_interaction_stats(interaction.mapped("partner_id").ids)
        return interaction

    @api.multi
    def write(self, vals):
        vals = self._commercial_partner_vals(vals)
        stats_changed = "partner_id" in vals or "date" in vals
        old_partner_ids = self.mapped("partner_id").ids if stats_changed else []
        result = super().write(vals)
        if any(name in vals for name in NEXT_STEP_FIELDS):
            self._schedule_next_step()
        if stats_changed:
            self.env["res.partner"]._update_interaction_stats(
                old_partner_ids + self.mapped("partner_id").ids)
        return result

    @api.multi
    def unlink(self):
        partner_ids = self.mapped("partner_id").ids
        result = super().unlink()
        self.env["res.partner"]._update_interaction_stats(partner_ids)
        return result

    @api.model
    def _commercial_partner_vals(self, vals):
        """Log interactions on the customer account, keeping a contact as a contact person."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            commercial = partner.commercial_partner_id
            if commercial != partner:
                vals = dict(vals, partner_id=commercial.id)
                if "contact_ids" not in vals:
                    vals["contact_ids"] = [(4, partner.id)]
        return vals

    @api.multi
    def _schedule_next_step(self):
        """Schedule the next step as an activity on the customer, assigned to the owner."""
        default_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        partner_model = self.env["ir.model"]._get("res.partner")
        for interaction in self.filtered("next_step"):
            activity_type = interaction.next_step_activity_type_id or default_type
            values = {
                "activity_type_id": activity_type.id if activity_type else False,
                "summary": interaction.next_step,
                "date_deadline": interaction.next_step_date or fields.Date.context_today(self),
                "user_id": interaction.user_id.id,
            }
            # Only an activity checked when it was linked, and still on this customer, is
            # rewritten; another one stays as it is and the next step gets a new activity.
            activity = interaction.next_step_activity_id.sudo().exists()
            if activity.res_model == "res.partner" and activity.res_id == interaction.partner_id.id:
                activity.write(values)
                continue
            # Service staff may log follow-ups without write access to the customer's
            # master data: the activity is created as superuser after the interaction
            # itself passed the access checks.
            values.update({
                "res_model_id": partner_model.id,
                "res_id": interaction.partner_id.id,
                "note": _("Next step of the interaction %s") % html_escape(interaction.name),
            })
            activity = self.env["mail.activity"].sudo().create(values)
            # A field maintained by the system (the model guard refuses it to clients).
            interaction.sudo().next_step_activity_id = activity

