"""The dialog of Show number / 查看号码: the one revealed value (its reveal is logged)."""
from odoo import fields, models

from ..models.customer_mask_policy import MASK_FIELDS


class CustomerMaskRevealWizard(models.TransientModel):
    """Shows one revealed value to the user who revealed it (transient: only theirs)."""

    _name = "customer.mask.reveal.wizard"
    _description = "Show Number"

    partner_id = fields.Many2one("res.partner", string="Customer or Contact", required=True,
                                 ondelete="cascade")
    field_name = fields.Selection(MASK_FIELDS, string="Field", required=True)
    value = fields.Char(string="Value")
