from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import UserError


# Fixed text, no formatting: the old and new tracked values of any field type rendered as text.
_VIEW_SQL = """
    CREATE OR REPLACE VIEW customer_change_history AS (
        SELECT tv.id AS id,
               msg.date AS date,
               msg.res_id AS partner_id,
               partner.commercial_partner_id AS customer_id,
               tv.field AS field,
               tv.field_desc AS field_desc,
               CASE tv.field_type
                   WHEN 'integer' THEN tv.old_value_integer::text
                   WHEN 'float' THEN tv.old_value_float::text
                   WHEN 'monetary' THEN tv.old_value_monetary::text
                   WHEN 'text' THEN tv.old_value_text
                   WHEN 'datetime' THEN to_char(tv.old_value_datetime, 'YYYY-MM-DD HH24:MI:SS')
                   WHEN 'date' THEN to_char(tv.old_value_datetime, 'YYYY-MM-DD')
                   WHEN 'boolean' THEN CASE WHEN tv.old_value_integer = 1 THEN 'True' ELSE 'False' END
                   ELSE tv.old_value_char
               END AS old_value,
               CASE tv.field_type
                   WHEN 'integer' THEN tv.new_value_integer::text
                   WHEN 'float' THEN tv.new_value_float::text
                   WHEN 'monetary' THEN tv.new_value_monetary::text
                   WHEN 'text' THEN tv.new_value_text
                   WHEN 'datetime' THEN to_char(tv.new_value_datetime, 'YYYY-MM-DD HH24:MI:SS')
                   WHEN 'date' THEN to_char(tv.new_value_datetime, 'YYYY-MM-DD')
                   WHEN 'boolean' THEN CASE WHEN tv.new_value_integer = 1 THEN 'True' ELSE 'False' END
                   ELSE tv.new_value_char
               END AS new_value,
               msg.author_id AS author_id,
               msg.id AS message_id
          FROM mail_tracking_value tv
          JOIN mail_message msg ON msg.id = tv.mail_message_id
          JOIN res_partner partner ON partner.id = msg.res_id
         WHERE msg.model = 'res.partner'
    )"""


class CustomerChangeHistory(models.Model):
    _name = "customer.change.history"
    _description = "Customer Change History"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "field_desc"

    date = fields.Datetime(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Changed Record", readonly=True)
    customer_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    field = fields.Char(string="Technical Field Name", readonly=True)
    field_desc = fields.Char(string="Field", readonly=True)
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(readonly=True)
    author_id = fields.Many2one("res.partner", string="Author", readonly=True)
    message_id = fields.Many2one("mail.message", string="Message", readonly=True)

    @api.model_cr
    def init(self):
        """One row per tracked value of a partner's message (the ids are the tracking ids)."""
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(_VIEW_SQL)

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        """Keep only the rows of partners the user may read, and of fields the user may read."""
        super()._apply_ir_rules(query, mode=mode)
        if self._uid == SUPERUSER_ID:
            return
        # Nor the changes of fields hidden from the user (credit rating for customer service...).
        hidden = self.env["mail.message"]._customer_mgmt_hidden_fields("res.partner")
        if hidden:
            query.where_clause.append('"customer_change_history"."field" NOT IN %s')
            query.where_clause_params.append(tuple(sorted(hidden)))
        restriction = self.env["ir.rule"]._readable_subquery("res.partner")
        if not restriction:
            return
        partners_sql, params = restriction
        query.where_clause.append('"customer_change_history"."partner_id" IN (%s)' % partners_sql)
        query.where_clause_params.extend(params)

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        """Old and new values of the contact fields masked for the reader come masked."""
        return self.env["mail.tracking.value"]._mask_tracking_rows(
            super().read(fields, load=load), ("old_value", "new_value"))

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        """No grouping by the old or new values for users who see contact fields masked:
        the groups would show the values."""
        groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
        values = [spec for spec in groupbys if spec.split(":")[0].strip() in (
            "old_value", "new_value")]
        if values and self.env["res.partner"]._mask_masked_field_names():
            raise UserError(_(
                "The change history cannot be grouped by %(field)s (\"%(value)s\"): some "
                "contact data is masked for you.") % {
                    "field": self._fields[values[0].split(":")[0].strip()].get_description(
                        self.env)["string"], "value": values[0]})
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)
