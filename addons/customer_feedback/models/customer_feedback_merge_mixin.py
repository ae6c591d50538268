from odoo import fields, models


class CustomerFeedbackMergeMixin(models.AbstractModel):
    """Where a merged ticket went, and which tickets were merged into this one."""

    _name = "customer.feedback.merge.mixin"
    _description = "Ticket Merge Links"

    merged_into_id = fields.Many2one(
        "customer.feedback", string="Merged into", readonly=True, index=True, copy=False,
        ondelete="set null",
        help="This ticket was closed by merging it into that one, which holds its conversation.")
    merged_ticket_ids = fields.One2many(
        "customer.feedback", "merged_into_id", string="Merged Tickets", readonly=True)
