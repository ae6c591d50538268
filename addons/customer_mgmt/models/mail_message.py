from odoo import SUPERUSER_ID, api, models

from ..utils.masking import mask_value
from .customer_change_request import APPLYING_REQUEST_KEY


class MailMessage(models.Model):
    """The chatter shows no tracked value of a field the reader may not read (e.g. the credit
    rating), and masked values of the contact fields masked for the reader."""

    _inherit = "mail.message"

    @api.model
    def _get_default_author(self):
        """An approved change's tracking is the requester's (customer_change_request.py): the
        context holds the request record, which no client can send."""
        request = self.env.context.get(APPLYING_REQUEST_KEY)
        if isinstance(request, models.BaseModel) and request._name == "customer.change.request":
            return request.sudo().requester_id.partner_id
        return super()._get_default_author()

    @api.model
    def _customer_mgmt_hidden_fields(self, model_name):
        """Names of the fields of model_name restricted by groups= that the current user lacks."""
        if self._uid == SUPERUSER_ID or model_name not in self.env:
            return set()
        return {name for groups, names in self._customer_mgmt_fields_by_groups(model_name)
                if not self.user_has_groups(groups) for name in names}

    @api.model
    def _customer_mgmt_fields_by_groups(self, model_name):
        """[(groups, field names)] of the model's restricted fields, built once per registry:
        a few distinct group sets for hundreds of partner fields."""
        cls = type(self.env[model_name])
        cached = cls.__dict__.get("_customer_mgmt_restricted_by_groups")
        if cached is None:
            by_groups = {}
            for name, field in cls._fields.items():
                if field.groups:
                    by_groups.setdefault(field.groups, []).append(name)
            cached = cls._customer_mgmt_restricted_by_groups = sorted(by_groups.items())
        return cached

    @api.model
    def _message_read_dict_postprocess(self, messages, message_tree):
        """Drop the tracking values of fields hidden from the current user (Odoo shows them all)."""
        res = super(MailMessage, self)._message_read_dict_postprocess(messages, message_tree)
        if self._uid == SUPERUSER_ID:
            return res
        tracking_ids = [value["id"] for message in messages
                        for value in message.get("tracking_value_ids") or []]
        if not tracking_ids:
            return res
        tracked_field = {
            row["id"]: row["field"]
            for row in self.env["mail.tracking.value"].sudo().browse(tracking_ids).read(["field"])}
        hidden_by_model = {}
        for message in messages:
            values = message.get("tracking_value_ids")
            if not values:
                continue
            model_name = message_tree[message["id"]].model
            if model_name not in hidden_by_model:
                hidden_by_model[model_name] = self._customer_mgmt_hidden_fields(model_name)
            hidden = hidden_by_model[model_name]
            if hidden:
                message["tracking_value_ids"] = [
                    value for value in values if tracked_field.get(value["id"]) not in hidden]
        masked = self.env["mail.tracking.value"]._mask_tracking_formats(tracking_ids)
        if masked:
            for message in messages:
                for value in message.get("tracking_value_ids") or []:
                    mask_format = masked.get(value["id"])
                    if mask_format:
                        value["old_value"] = mask_value(mask_format, value["old_value"])
                        value["new_value"] = mask_value(mask_format, value["new_value"])
        return res
