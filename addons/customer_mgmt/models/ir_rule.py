from psycopg2 import sql

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval


class IrRule(models.Model):
    """Restrictive record rules: AND-ed with the other rules instead of OR-ed (odoo/odoo#30349)."""

    _inherit = "ir.rule"

    restrictive = fields.Boolean(
        help="A restrictive group rule is AND-ed with the other rules of the model: a user in "
             "one of its groups only gets the records matching at least one of the restrictive "
             "rules of their groups, on top of the standard rules. Standard group rules are "
             "OR-ed with each other, so a standard rule cannot take away what another group "
             "rule (such as base's rule on private addresses for every employee) grants.")

    @api.model
    @tools.ormcache("self._uid", "model_name", "mode")
    def _compute_domain(self, model_name, mode="read"):
        """Same as base, plus the restrictive group rules AND-ed as one OR-ed block."""
        if mode not in self._MODES:
            raise ValueError("Invalid mode: %r" % (mode,))
        if self._uid == SUPERUSER_ID:
            return None
        # The query of base; the column is perm_<mode>, mode being one of _MODES (checked above).
        query = sql.SQL("""
            SELECT r.id FROM ir_rule r JOIN ir_model m ON (r.model_id = m.id)
             WHERE m.model = %s AND r.active AND r.{perm}
               AND (r.id IN (SELECT rule_group_id FROM rule_group_rel rg
                               JOIN res_groups_users_rel gu ON (rg.group_id = gu.gid)
                              WHERE gu.uid = %s)
                    OR r.global)
        """).format(perm=sql.Identifier("perm_" + mode))
        self._cr.execute(query, (model_name, self._uid))
        rule_ids = [row[0] for row in self._cr.fetchall()]
        if not rule_ids:
            return []
        eval_context = self._eval_context()
        user_groups = self.env.user.groups_id
        global_domains, group_domains, restrictive_domains = [], [], []
        for rule in self.browse(rule_ids).sudo():
            domain = safe_eval(rule.domain_force, eval_context) if rule.domain_force else []
            domain = expression.normalize_domain(domain)
            if not rule.groups:
                global_domains.append(domain)
            elif rule.groups & user_groups:
                if rule.restrictive:
                    restrictive_domains.append(domain)
                else:
                    group_domains.append(domain)
        domains = global_domains + [expression.OR(group_domains)]
        if restrictive_domains:
            domains.append(expression.OR(restrictive_domains))
        return expression.AND(domains)
