"""Setting of the lead conflict check (撞单): warn or refuse."""
from odoo import api, fields, models

from .crm_lead import LEAD_CONFLICT_PARAM, lead_conflict_mode


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_mgmt_lead_conflict_mode = fields.Selection(
        [("warn", "Warn and add a note"), ("block", "Refuse the lead")],
        string="Lead Conflict Check",
        help="What happens when a lead's company, phone, e-mail or registration number matches a "
             "customer or an open lead of someone else.")

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        res["customer_mgmt_lead_conflict_mode"] = lead_conflict_mode(self.env)
        return res

    @api.multi
    def set_values(self):
        super(ResConfigSettings, self).set_values()
        self.env["ir.config_parameter"].sudo().set_param(
            LEAD_CONFLICT_PARAM, self.customer_mgmt_lead_conflict_mode or "warn")
