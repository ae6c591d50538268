from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_archive_mixin import SIZE_THRESHOLD_PARAMS


class ResConfigSettings(models.TransientModel):
    """Customer archive settings: the employee thresholds of the size classes."""

    _inherit = "res.config.settings"

    customer_size_micro_max = fields.Integer(
        string="Micro Below (Employees)", default=SIZE_THRESHOLD_PARAMS[0][1],
        help="Customers with fewer employees than this are micro companies.")
    customer_size_small_max = fields.Integer(
        string="Small Below (Employees)", default=SIZE_THRESHOLD_PARAMS[1][1],
        help="Customers with fewer employees than this (and not micro) are small companies.")
    customer_size_medium_max = fields.Integer(
        string="Medium Below (Employees)", default=SIZE_THRESHOLD_PARAMS[2][1],
        help="Customers with fewer employees than this (and not small) are medium; the others are large.")

    @api.constrains("customer_size_micro_max", "customer_size_small_max", "customer_size_medium_max")
    def _check_customer_size_thresholds(self):
        for settings in self:
            values = (settings.customer_size_micro_max, settings.customer_size_small_max,
                      settings.customer_size_medium_max)
            if not 0 < values[0] < values[1] < values[2]:
                raise ValidationError(
                    _("The size thresholds must be positive and increase from micro to small to medium "
                      "(got %s, %s, %s employees).") % values)

    @api.model
    def get_values(self):
        res = super().get_values()
        micro_max, small_max, medium_max = self.env["res.partner"]._get_size_thresholds()
        res.update(customer_size_micro_max=micro_max, customer_size_small_max=small_max,
                   customer_size_medium_max=medium_max)
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        before = self.env["res.partner"]._get_size_thresholds()
        set_param = self.env["ir.config_parameter"].sudo().set_param
        values = (self.customer_size_micro_max, self.customer_size_small_max, self.customer_size_medium_max)
        for (key, __), value in zip(SIZE_THRESHOLD_PARAMS, values):
            set_param(key, str(value))
        if tuple(values) != before:
            self.env["res.partner"]._recompute_size_class_all()
