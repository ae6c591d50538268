"""Merge tickets of one customer about one matter into the ticket that is kept."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, allowed_groups

MODEL = "customer.feedback"
# Models whose records point at a ticket by (model field, res_id): they move to the kept one.
MOVED_MODELS = (("mail.message", "model"), ("ir.attachment", "res_model"),
                ("rating.rating", "res_model"), ("mail.activity", "res_model"))


class CustomerFeedbackMerge(models.TransientModel):
    _name = "customer.feedback.merge"
    _description = "Merge Tickets"

    ticket_ids = fields.Many2many(
        "customer.feedback", "customer_feedback_merge_ticket_rel", "wizard_id", "ticket_id",
        string="Tickets", required=True)
    keep_ticket_id = fields.Many2one(
        "customer.feedback", string="Ticket to Keep", required=True, ondelete="cascade",
        domain="[('id', 'in', ticket_ids)]",
        help="The other tickets' messages, attachments, followers, ratings and activities move "
             "to this ticket; the others are cancelled with a link to it.")

    @api.model
    def default_get(self, field_names):
        values = super().default_get(field_names)
        if self.env.context.get("active_model") == MODEL:
            ids = self.env.context.get("active_ids") or []
            tickets = self.env[MODEL].browse(ids).exists()
            values["ticket_ids"] = [(6, 0, tickets.ids)]
            if tickets:
                values["keep_ticket_id"] = tickets.sorted(
                    lambda ticket: (ticket.date_received, ticket.id))[0].id
        return values

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_merge(self):
        """Merge the tickets into the kept one and open it."""
        self.ensure_one()
        keep = self.keep_ticket_id
        tickets = self.ticket_ids | keep
        self._check_tickets(tickets, keep)
        others = tickets - keep
        self.sudo()._move_records(keep, others)
        cancelled = self.env.ref("customer_feedback.customer_feedback_stage_cancelled")
        others.sudo().write({"merged_into_id": keep.id})
        others.filtered(lambda ticket: not ticket.is_closed).write({"stage_id": cancelled.id})
        for ticket in others:
            ticket.message_post(
                body=_("Merged into %s.") % self._ticket_link(keep), subtype="mail.mt_note")
        keep.message_post(
            body=_("Merged into this ticket: %s.") % ", ".join(
                self._ticket_link(ticket) for ticket in others),
            subtype="mail.mt_note")
        return {
            "type": "ir.actions.act_window", "res_model": MODEL, "res_id": keep.id,
            "view_mode": "form", "views": [(False, "form")], "target": "current",
        }

    @api.model
    def _ticket_link(self, ticket):
        return '<a href="#" data-oe-model="%s" data-oe-id="%d">%s</a>' % (
            MODEL, ticket.id, html_escape(ticket.name))

    @api.model
    def _check_tickets(self, tickets, keep):
        """Refuse a merge the user may not make, before anything runs as superuser."""
        tickets.check_access_rights("write")
        try:
            tickets.check_access_rule("write")
        except AccessError:
            refused = tickets.filtered(
                lambda ticket: not self._may_write(ticket))
            raise AccessError(_(
                "You may not merge the tickets %s: you cannot change them.")
                % ", ".join(refused.sudo().mapped("name")))
        if len(tickets) < 2:
            raise UserError(_("Select at least two tickets to merge (selected: %s).")
                            % ", ".join(tickets.mapped("name")))
        customers = tickets.mapped("partner_id.commercial_partner_id")
        if len(customers) > 1:
            raise UserError(_(
                "Only tickets of one customer can be merged: %s.") % "; ".join(
                    "%s (%s)" % (ticket.name, ticket.partner_id.commercial_partner_id.display_name)
                    for ticket in tickets))
        merged = tickets.filtered("merged_into_id")
        if merged:
            raise UserError(_("The tickets %s were already merged into another ticket.")
                            % ", ".join(merged.mapped("name")))
        if keep.is_closed:
            raise UserError(_("The ticket to keep, %s, is closed: keep an open ticket.")
                            % keep.name)

    @api.model
    def _may_write(self, ticket):
        try:
            ticket.check_access_rule("write")
        except AccessError:
            return False
        return True

    @api.model
    def _move_records(self, keep, others):
        """Messages, attachments, ratings, activities and followers of others go to keep."""
        for model, model_field in MOVED_MODELS:
            records = self.env[model].search(
                [(model_field, "=", MODEL), ("res_id", "in", others.ids)])
            records.write({"res_id": keep.id})
        Followers = self.env["mail.followers"]
        followers = Followers.search(
            [("res_model", "=", MODEL), ("res_id", "in", (keep | others).ids)], order="id")
        seen = {(follower.partner_id.id, follower.channel_id.id)
                for follower in followers if follower.res_id == keep.id}
        duplicates = Followers
        for follower in followers.filtered(lambda follower: follower.res_id != keep.id):
            key = (follower.partner_id.id, follower.channel_id.id)
            if key in seen:
                duplicates |= follower
            seen.add(key)
        duplicates.unlink()
        (followers - duplicates).filtered(
            lambda follower: follower.res_id != keep.id).write({"res_id": keep.id})
