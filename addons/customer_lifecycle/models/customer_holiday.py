from odoo import fields, models


class CustomerHoliday(models.Model):
    """A holiday on which key accounts get greetings; lunar holidays are entered once per year."""

    _name = "customer.holiday"
    _description = "Customer Greeting Holiday"
    _order = "date desc, id"

    name = fields.Char(required=True, translate=True)
    date = fields.Date(
        required=True, index=True,
        help="The day of the holiday in that year: lunar holidays (Spring Festival, Mid-Autumn "
             "Festival) move every year and need one line per year.")
    active = fields.Boolean(default=True)
    greeted_partner_ids = fields.Many2many(
        "res.partner", "customer_holiday_greeted_partner_rel", "holiday_id", "partner_id",
        string="Greeted Customers", readonly=True, copy=False,
        help="Key accounts whose salesperson already got the greeting reminder for this holiday.")

    _sql_constraints = [
        ("name_date_uniq", "UNIQUE(name, date)", "This holiday is already entered for this date."),
    ]
