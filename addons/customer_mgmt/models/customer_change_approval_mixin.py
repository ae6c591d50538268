"""Approval of key changes (审批) on the customer: the write step turning the gated fields a
user may not change directly into change requests, and the pending requests on the form."""
import json

from odoo import SUPERUSER_ID, _, api, fields, models

from ..utils.access import CUSTOMER_STAFF, INTERNAL_USER, allowed_groups
from ..utils.accounts import is_account
from ..utils.masking import mask_for_note
from .customer_contact_validation_mixin import PHONE_FIELDS

# Gated fields checked when asked for, as a write would check them: a bad number is refused
# at once (nothing saved, no request), not when the reviewer approves it.
CHECKED_AT_REQUEST = PHONE_FIELDS + ("email", "registration_number")

# Context key of writes whose values come from an authoritative source (the company registry's
# row the customer matches: filling empty fields, the registered name the monthly check
# proposes): written directly. A record, so no client can send it.
APPROVAL_TRUSTED_SOURCE_KEY = "customer_change_trusted_source"


def _display(partner, field, value):
    """A field's value as a reader sees it in a request."""
    if field.type == "many2one":
        record = partner.env[field.comodel_name].sudo().browse(value or [])
        return record.display_name or ""
    if field.type == "selection":
        return dict(field._description_selection(partner.env)).get(value, value or "")
    if field.type == "boolean":
        return _("Yes") if value else _("No")
    return "" if value in (False, None) else str(value)


class CustomerChangeApprovalMixin(models.AbstractModel):
    """Change requests of res.partner: the write step and the form's pending changes."""

    _name = "customer.change.approval.mixin"
    _description = "Approval of Customer Changes"

    change_reason = fields.Char(
        string="Reason for Change", compute="_compute_change_reason", readonly=False,
        help="Why you change a field whose changes wait for approval (a company's legal name, "
             "registration number, tier, a salesperson of another team): the reviewer reads "
             "it with your request. Not kept on the customer.", groups=INTERNAL_USER)
    change_approval_fields = fields.Char(
        string="Fields Needing Approval", compute="_compute_change_approval_fields",
        help="The fields of this customer whose changes by you wait for a reviewer.",
        groups=INTERNAL_USER)
    change_request_pending_count = fields.Integer(
        string="Pending Changes", compute="_compute_change_request_pending_count",
        help="Changes of this customer waiting for approval.", groups=INTERNAL_USER)

    @api.multi
    def _compute_change_reason(self):
        """Never stored: a write passes it to the change requests it creates."""
        for partner in self:
            partner.change_reason = False

    @api.multi
    def _compute_change_approval_fields(self):
        """The labels of the fields the current user's rules gate on each customer account."""
        rules = self.env["customer.change.approval.rule"]._approval_rules()
        for partner in self:
            names = [] if not (rules and partner.id and is_account(partner)) else [
                name for _rule, name, scope, _condition in rules
                if scope == "all" or partner.is_company]
            partner.change_approval_fields = ", ".join(
                self._fields[name].get_description(self.env)["string"]
                for name in dict.fromkeys(names)) or False

    @api.multi
    def _compute_change_request_pending_count(self):
        """Counted as the reader: only requests the reader may read."""
        counts = {}
        if self.ids:
            groups = self.env["customer.change.request"].read_group(
                [("partner_id", "in", self.ids), ("state", "=", "pending")],
                ["partner_id"], ["partner_id"])
            counts = {group["partner_id"][0]: group["partner_id_count"] for group in groups}
        for partner in self:
            partner.change_request_pending_count = counts.get(partner.id, 0)

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_open_change_requests(self):
        """Pending changes (smart button): the change requests of this customer."""
        self.ensure_one()
        action = self.env.ref("customer_mgmt.customer_change_request_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_pending": 1}
        return action

    @api.multi
    def _approval_write_vals(self, vals):
        """Write step (early): the gated fields a user needing approval changes on customer
        accounts become change requests (one per partner and field) and leave the values; the
        rest of the write goes through. Partners of the write not gated get the value."""
        reason = vals.get("change_reason")
        vals = {name: value for name, value in vals.items() if name != "change_reason"}
        if not self or self.env.uid == SUPERUSER_ID or isinstance(
                self.env.context.get(APPROVAL_TRUSTED_SOURCE_KEY), models.BaseModel):
            return vals
        rules = [rule for rule in self.env["customer.change.approval.rule"]._approval_rules()
                 if rule[1] in vals]
        if not rules:
            return vals
        ungated_writes = []
        for rule_id, name, scope, condition in rules:
            if name not in vals:
                continue  # two rules of one field
            field = self._fields[name]
            value = vals[name]
            gated = self.sudo().browse(self.ids).filtered(
                lambda partner: self._approval_gated(partner, field, value, scope, condition))
            if not gated:
                continue
            del vals[name]
            gated.with_env(self.env)._approval_request(rule_id, field, value, reason)
            ungated = self - gated
            if ungated:
                ungated_writes.append((ungated, {name: value}))
        for partners, partner_vals in ungated_writes:
            partners.write(partner_vals)
        return vals

    @api.model
    def _approval_gated(self, partner, field, value, scope, condition):
        """Whether the change of this field to this value on this partner needs approval."""
        if not is_account(partner) or (scope == "company" and not partner.is_company):
            return False
        current = partner[field.name]
        if field.type == "many2one":
            current = current.id
        if (current or False) == (value or False):
            return False
        if condition == "other_team":
            # Claims from the pool (no salesperson yet) follow the pool's rules.
            new_user = self.env["res.users"].sudo().browse(value or [])
            return bool(new_user and partner.user_id) and (
                new_user.sale_team_id != partner.user_id.sale_team_id)
        return True

    @api.multi
    def _approval_request(self, rule_id, field, value, reason):
        """Create (or renew) the pending request of these partners for this field, post the
        pending change on each and give the team leader a to-do to review it."""
        Request = self.env["customer.change.request"].sudo()
        model_field = self.env["ir.model.fields"].sudo().search(
            [("model", "=", "res.partner"), ("name", "=", field.name)], limit=1)
        pending = Request.search([("partner_id", "in", self.ids), ("field_name", "=", field.name),
                                  ("state", "=", "pending")])
        by_partner = {request.partner_id.id: request for request in pending}
        raw = json.dumps(value)
        checked = field.name in CHECKED_AT_REQUEST
        states = self._customer_mgmt_write_states({field.name: value}) if checked else {}
        for partner in self.sudo():
            if checked:
                delta = partner.with_env(self.env)._validation_partner_values(
                    {field.name: value}, states[partner.id])
                self._validation_check_registration_unique([(partner, delta)])
                raw = json.dumps(delta.get(field.name, value))
            current = partner[field.name]
            values = {
                "rule_id": rule_id, "requester_id": self.env.uid,
                "old_value": _display(partner, field, current.id if field.type == "many2one"
                                      else current),
                "new_value": _display(partner, field, value), "new_value_raw": raw,
                "reason": reason or False,
            }
            if partner.id in by_partner:
                if not reason:
                    del values["reason"]  # asked again without a reason: the first one stays
                request = by_partner[partner.id]
                request.write(values)
            else:
                request = Request.create(dict(values, partner_id=partner.id,
                                              field_id=model_field.id, field_name=field.name))
            request._review_activity()
            body = _("Pending change: %(field)s from \"%(old)s\" to \"%(new)s\", waiting for "
                     "approval by a data administrator or the team leader.") % {
                "field": field.get_description(self.env)["string"],
                "old": mask_for_note(field.name, values["old_value"]),
                "new": mask_for_note(field.name, values["new_value"])}
            if reason:
                body += " " + _("Reason: %s") % reason
            partner.message_post(body=body, author_id=self.env.user.partner_id.id)
