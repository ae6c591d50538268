from odoo import SUPERUSER_ID, api, models


class SurveyUserInputLine(models.Model):
    """The answers to each question follow their survey answer.

    Odoo lets everyone read and write every line: the lines of campaign answers are read by
    those who may read the answer and written through the token link only (record rules in
    security/customer_survey_security.xml).
    """

    _inherit = "survey.user_input_line"

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        super()._apply_ir_rules(query, mode=mode)
        if self._uid == SUPERUSER_ID:
            return
        restriction = self.env["ir.rule"]._readable_subquery("survey.user_input", mode)
        if not restriction:
            return
        inputs_sql, params = restriction
        table = '"%s"' % self._table
        query.where_clause.append(
            '(%s.user_input_id IN (SELECT id FROM survey_user_input WHERE campaign_id IS NULL)'
            ' OR %s.user_input_id IN (%s))' % (table, table, inputs_sql))
        query.where_clause_params.extend(params)

    @api.model
    def create(self, vals):
        # Before the line exists: its constraints would fail to read it first.
        if self._uid != SUPERUSER_ID and vals.get("user_input_id"):
            self.env["survey.user_input"].browse(vals["user_input_id"]).check_access_rule("write")
        return super().create(vals)

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        # The rules are checked before a write: check again the answer a line was moved to.
        if self._uid != SUPERUSER_ID and "user_input_id" in vals:
            self.check_access_rule("write")
        return result
