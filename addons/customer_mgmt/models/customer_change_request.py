"""A change of a customer waiting for approval (审批): the value asked for, who asked, who
reviewed. The write of res.partner creates requests (customer.change.approval.mixin); a data
administrator or the team leader of the customer's team approves (the value is written as the
system, its tracking credited to the requester) or refuses with a reason."""
import json

from odoo import _, api, fields, models
from odoo.tools import html_escape
from odoo.exceptions import AccessError, UserError

from ..utils.access import DATA_ADMIN, INTERNAL_USER, TEAM_LEADER, allowed_groups
from ..utils.masking import mask_for_note

REQUEST_STATES = [("pending", "Pending"), ("approved", "Approved"), ("refused", "Refused")]
# Context key of an approved change's write: its tracking is credited to the request's
# requester (mail_message.py). A record, so no client can send it.
APPLYING_REQUEST_KEY = "customer_change_request"


class CustomerChangeRequest(models.Model):
    """One field of one customer: the current value, the value asked for, the review."""

    _name = "customer.change.request"
    _description = "Customer Change Request"
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade",
        auto_join=True, readonly=True)
    rule_id = fields.Many2one("customer.change.approval.rule", string="Rule",
                              ondelete="set null", readonly=True)
    field_id = fields.Many2one("ir.model.fields", string="Field", required=True,
                               ondelete="cascade", readonly=True)
    field_name = fields.Char(string="Technical Field Name", required=True, readonly=True)
    old_value = fields.Text(string="Current Value", readonly=True)
    new_value = fields.Text(string="Requested Value", readonly=True)
    new_value_raw = fields.Text(string="Value to Apply", readonly=True, groups=DATA_ADMIN,
                                help="The value written on approval, as JSON.")
    reason = fields.Text(readonly=True, help="Why the requester asks for the change.")
    requester_id = fields.Many2one("res.users", string="Requested By", required=True,
                                   index=True, readonly=True, ondelete="cascade")
    state = fields.Selection(REQUEST_STATES, required=True, default="pending", index=True,
                             readonly=True)
    reviewer_id = fields.Many2one("res.users", string="Reviewed By", readonly=True,
                                  ondelete="set null")
    review_date = fields.Datetime(readonly=True)
    refusal_reason = fields.Text(readonly=True)
    activity_id = fields.Many2one(
        "mail.activity", string="Review To-Do", readonly=True, ondelete="set null",
        help="The team leader's to-do on the customer, done when the request is reviewed.")
    can_review = fields.Boolean(compute="_compute_can_review", groups=INTERNAL_USER,
                                help="Whether you may approve or refuse this request.")

    @api.multi
    def _compute_can_review(self):
        reviewable = self._reviewable()
        for request in self:
            request.can_review = request in reviewable and request.state == "pending"

    # ------------------------------------------------------------------ actions

    @api.multi
    @allowed_groups(TEAM_LEADER, DATA_ADMIN)
    def action_approve(self):
        """Write the value asked for, as the system, and credit the change to the requester."""
        self._check_review()
        for request in self:
            value = json.loads(request.sudo().new_value_raw)
            partner = request.partner_id.sudo().with_context(
                **{APPLYING_REQUEST_KEY: request.sudo()})
            partner.write({request.field_name: value})
            request.sudo().write({"state": "approved", "reviewer_id": self.env.uid,
                                  "review_date": fields.Datetime.now()})
            request.sudo().activity_id.unlink()
            partner.with_context(**{APPLYING_REQUEST_KEY: False}).message_post(
                body=_("Change of %(field)s to \"%(value)s\" approved by %(reviewer)s, "
                       "requested by %(requester)s.") % {
                    "field": request.field_id.field_description,
                    "value": mask_for_note(request.field_name, request.new_value),
                    "reviewer": self.env.user.name, "requester": request.requester_id.name},
                author_id=self.env.user.partner_id.id,
                partner_ids=request.requester_id.partner_id.ids)
        return True

    @api.multi
    @allowed_groups(TEAM_LEADER, DATA_ADMIN)
    def action_refuse(self):
        """Ask the reason of the refusal (the wizard refuses)."""
        self._check_review()
        return {
            "type": "ir.actions.act_window",
            "name": _("Refuse Change"),
            "res_model": "customer.change.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_ids": [(6, 0, self.ids)]},
        }

    # ------------------------------------------------------------------ business methods

    @api.multi
    def _reviewable(self):
        """The requests the current user reviews: all for data administrators, those of the
        customers of the teams they lead for team leaders."""
        user = self.env.user
        if self.env.uid == 1 or user.has_group(DATA_ADMIN):
            return self
        if not user.has_group(TEAM_LEADER):
            return self.browse()
        partners = self.env["res.partner"].sudo().search([
            ("id", "in", self.sudo().mapped("partner_id").ids),
            "|", ("account_user_id.sale_team_id.user_id", "=", user.id),
            ("account_team_id.user_id", "=", user.id)])
        return self.filtered(lambda request: request.sudo().partner_id in partners)

    @api.multi
    def _review_activity(self):
        """A to-do on the customer for the leader of its sales team (data administrators work
        the review list); a request asked again updates its to-do."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"].sudo()._get("res.partner").id
        for request in self.sudo():
            partner = request.partner_id
            leader = partner.account_team_id.user_id or partner.account_user_id.sale_team_id.user_id
            if not leader or leader == request.requester_id:
                continue
            texts = request.with_context(lang=leader.lang or "en_US")._review_activity_texts()
            if request.activity_id:
                request.activity_id.write(texts)  # asked again: the to-do shows the new value
                continue
            request.activity_id = self.env["mail.activity"].sudo().create(dict(
                texts, res_model_id=model_id, res_id=partner.id, activity_type_id=todo.id,
                user_id=leader.id, date_deadline=fields.Date.context_today(self)))

    @api.multi
    def _review_activity_texts(self):
        """Summary and note of the review to-do, in the language of this environment."""
        label = self.field_id.field_description
        return {
            "summary": _("Review the change of %s") % label,
            "note": html_escape(_(
                "%(requester)s asks to change %(field)s from \"%(old)s\" to \"%(new)s\". "
                "Reason: %(reason)s") % {
                    "requester": self.requester_id.name, "field": label,
                    "old": mask_for_note(self.field_name, self.old_value or ""),
                    "new": mask_for_note(self.field_name, self.new_value or ""),
                    "reason": self.reason or "-"}),
        }

    @api.multi
    def _check_review(self):
        """Refuse a review of requests one may not read, not review, or already reviewed."""
        self.check_access_rights("read")
        self.check_access_rule("read")
        not_pending = self.filtered(lambda request: request.state != "pending")
        if not_pending:
            raise UserError(_(
                "The change request of %(value)s is already %(state)s: only pending requests "
                "are approved or refused.") % {
                    "value": not_pending[0].partner_id.display_name,
                    "state": dict(self._fields["state"]._description_selection(self.env))[
                        not_pending[0].state]})
        others = self - self._reviewable()
        if others:
            raise AccessError(_(
                "%(user)s may not review the change request of %(value)s: data administrators "
                "and the team leader of the customer's sales team review it.") % {
                    "user": self.env.user.name, "value": others[0].partner_id.display_name})

    @api.multi
    def _refuse(self, reason):
        """Refuse with the reason and tell the requesters on the customer's chatter."""
        self._check_review()
        if not (reason or "").strip():
            raise UserError(_("Refusal Reason: give the requester a reason (value: empty)."))
        self.sudo().write({"state": "refused", "refusal_reason": reason,
                           "reviewer_id": self.env.uid, "review_date": fields.Datetime.now()})
        self.sudo().mapped("activity_id").unlink()
        for request in self:
            request.partner_id.sudo().message_post(
                body=_("Change of %(field)s to \"%(value)s\" refused by %(reviewer)s: "
                       "%(reason)s") % {
                    "field": request.field_id.field_description,
                    "value": mask_for_note(request.field_name, request.new_value),
                    "reviewer": self.env.user.name, "reason": reason},
                author_id=self.env.user.partner_id.id,
                partner_ids=request.requester_id.partner_id.ids)
        return True
