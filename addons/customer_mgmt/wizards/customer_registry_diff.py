"""Compare a customer with its registry row: the user ticks the values to overwrite."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.customer_registry_partner_mixin import REGISTRY_FIELD_MAP
from ..utils.access import CUSTOMER_STAFF, allowed_groups


class CustomerRegistryDiffWizard(models.TransientModel):
    """The fields of a customer whose values differ from the company registry."""

    _name = "customer.registry.diff.wizard"
    _description = "Compare with Registry"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True,
                                 ondelete="cascade")
    record_id = fields.Many2one("customer.registry.record", string="Registry Record",
                                required=True, ondelete="cascade")
    line_ids = fields.One2many("customer.registry.diff.line", "wizard_id", string="Differences")

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_apply(self):
        """Overwrite the ticked fields with the registry's values; the others stay as they are."""
        self.ensure_one()
        partner = self.partner_id
        sources = dict(partner._registry_fields())
        vals = {}
        for line in self.line_ids.filtered("overwrite"):
            if line.field_name not in sources:
                raise UserError(_("The field \"%s\" cannot be filled from the registry.")
                                % line.field_name)
            vals[line.field_name] = partner._registry_value(
                self.record_id, sources[line.field_name])
        if vals:
            partner.write(vals)
        partner._registry_set_status(self.record_id)
        return {"type": "ir.actions.act_window_close"}


class CustomerRegistryDiffLine(models.TransientModel):
    """One field whose value differs: the customer's, the registry's, and whether to overwrite."""

    _name = "customer.registry.diff.line"
    _description = "Registry Difference"

    wizard_id = fields.Many2one("customer.registry.diff.wizard", required=True,
                                ondelete="cascade")
    field_name = fields.Selection(
        lambda self: self._field_selection(), string="Field", required=True)
    current_value = fields.Char(string="Current Value")
    registry_value = fields.Char(string="Registry Value")
    overwrite = fields.Boolean(string="Overwrite",
                               help="Tick to replace the current value by the registry's.")

    @api.model
    def _field_selection(self):
        partner_fields = self.env["res.partner"]._fields
        return [(name, partner_fields[name]._description_string(self.env))
                for name, _source in REGISTRY_FIELD_MAP]
