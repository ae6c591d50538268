from odoo import fields, models


class CustomerExportLog(models.Model):
    """Who exported which customer data, when, and how much: customers are the company's asset."""

    _name = "customer.export.log"
    _description = "Customer Export Log"
    _order = "date desc, id desc"
    _rec_name = "date"

    user_id = fields.Many2one(
        "res.users", string="User", required=True, readonly=True, index=True,
        ondelete="restrict", default=lambda self: self.env.user)
    date = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)
    model = fields.Char(string="Model", required=True, readonly=True, index=True)
    row_count = fields.Integer(string="Exported Rows", readonly=True)
    record_count = fields.Integer(string="Exported Records", readonly=True)
    field_names = fields.Text(string="Exported Fields", readonly=True)
