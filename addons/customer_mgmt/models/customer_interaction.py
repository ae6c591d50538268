from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html_escape

from .base_guard import system_write

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
        domain="[('customer', '=', True), ('parent_id', '=', False)]",
        track_visibility="onchange",
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
        self._check_next_step_activity(vals)
        interaction = super().create(vals)
        interaction._schedule_next_step()
        self.env["res.partner"]._update_interaction_stats(interaction.mapped("partner_id").ids)
        return interaction

    @api.multi
    def write(self, vals):
        vals = self._commercial_partner_vals(vals)
        self._check_next_step_activity(vals)
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
    def _check_next_step_activity(self, vals):
        """Refuse a scheduled activity named by the caller that they may not change.

        The next step's activity is rewritten as superuser (see _schedule_next_step), past
        Odoo's rule that users change only their own activities or those of documents they
        may edit: it must be an activity on the interaction's customer, which the user reads,
        and be theirs or on a customer they may edit.
        """
        if not vals.get("next_step_activity_id") or self.env.uid == SUPERUSER_ID:
            return
        activity = self.env["mail.activity"].sudo().browse(vals["next_step_activity_id"]).exists()
        partner_ids = {vals["partner_id"]} if vals.get("partner_id") else set(
            self.mapped("partner_id").ids)
        refused = AccessError(_(
            "The activity %s cannot be the next step of this interaction: only an activity on "
            "the interaction's customer that is yours, or that is on a customer you may edit, "
            "can be.") % vals["next_step_activity_id"])
        if not activity or activity.res_model != "res.partner" or partner_ids != {activity.res_id}:
            raise refused
        customer = self.env["res.partner"].browse(activity.res_id)
        operations = ["read"] if activity.user_id == self.env.user else ["read", "write"]
        try:
            for operation in operations:
                customer.check_access_rights(operation)
                customer.check_access_rule(operation)
        except AccessError:
            raise refused

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
            system_write(interaction, {"next_step_activity_id": activity.id})

