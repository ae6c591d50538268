from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerFeedbackCategory(models.Model):
    """Hierarchical category of feedback (product quality > packaging, ...)."""

    _name = "customer.feedback.category"
    _description = "Feedback Category"
    _parent_name = "parent_id"
    _parent_store = True
    _parent_order = "sequence, name"
    _order = "parent_left"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, string="Full Name")
    parent_id = fields.Many2one(
        "customer.feedback.category", string="Parent Category", index=True, ondelete="restrict")
    child_ids = fields.One2many("customer.feedback.category", "parent_id", string="Subcategories")
    parent_left = fields.Integer(index=True)
    parent_right = fields.Integer(index=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = "%s / %s" % (category.parent_id.complete_name, category.name)
            else:
                category.complete_name = category.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if not self._check_recursion():
            raise ValidationError(_("A feedback category cannot be its own parent."))
