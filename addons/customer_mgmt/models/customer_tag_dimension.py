from odoo import fields, models


class CustomerTagDimension(models.Model):
    """A classification axis of the tags (行业 Industry, 规模 Size, 合作阶段 Cooperation stage, ...)."""

    _name = "customer.tag.dimension"
    _description = "Tag Dimension"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(index=True, help="Technical key used by search filters, e.g. industry.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    tag_ids = fields.One2many("res.partner.category", "dimension_id", string="Tags")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a tag dimension must be unique."),
    ]
