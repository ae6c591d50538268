"""Record rules through a customer are joins.

Odoo 11 expands a rule leaf such as ``partner_id.account_user_id = uid`` into the ids of every
partner that matches (``partner_id IN (…)``), unless the many2one is ``auto_join``: with
300,000 partners each read of an interaction, a ticket or a former name would first list
them all.
"""
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..models.base_guard import is_own_module
from .common import CustomerCase


class TestRuleJoins(CustomerCase):

    def _our_rules(self):
        data = self.env["ir.model.data"].search([("model", "=", "ir.rule")])
        return self.env["ir.rule"].browse(
            data.filtered(lambda d: is_own_module(d.module)).mapped("res_id")).exists()

    def _partner_hops(self, model, path):
        """The many2one fields of ``path`` up to the last one that reaches res.partner."""
        hops, reached = [], 0
        for name in path.split(".")[:-1]:
            field = model._fields[name]
            if field.type != "many2one":
                break
            hops.append((model._name, field))
            if field.comodel_name == "res.partner":
                reached = len(hops)
            model = self.env[field.comodel_name]
        return hops[:reached]

    def test_rule_paths_to_customers_are_joins(self):
        checked = set()
        for rule in self._our_rules():
            domain = safe_eval(rule.domain_force or "[]",
                               rule.sudo(self.user_salesperson)._eval_context())
            for leaf in domain:
                if not expression.is_leaf(leaf) or "." not in str(leaf[0]):
                    continue
                for model_name, field in self._partner_hops(
                        self.env[rule.model_id.model], leaf[0]):
                    self.assertTrue(field.auto_join, "rule %r: %s.%s is not auto_join" % (
                        rule.name, model_name, field.name))
                    checked.add((model_name, field.name))
        self.assertIn(("res.partner.former.name", "partner_id"), checked)
        self.assertIn(("customer.interaction", "partner_id"), checked)

    def test_reading_through_a_rule_lists_no_customers(self):
        customer = self.create_customer("Rule Join Trading Co., Ltd.",
                                        user_id=self.user_salesperson.id)
        customer.write({"name": "Rule Join Holding Co., Ltd."})
        cr = self.env.cr
        statements = []
        original = cr.execute

        def capture(query, params=None, log_exceptions=None):
            statements.append(str(query))
            return original(query, params)
        cr.execute = capture
        try:
            former = self.env["res.partner.former.name"].sudo(self.user_salesperson).search(
                [("partner_id", "=", customer.id)])
            self.env["customer.interaction"].sudo(self.user_salesperson).search([])
        finally:
            del cr.execute
        self.assertEqual(former.mapped("name"), ["Rule Join Trading Co., Ltd."])
        listing = [q for q in statements
                   if " ".join(q.split()).startswith('SELECT "res_partner".id FROM "res_partner"')]
        self.assertFalse(listing, "a rule listed partners instead of joining them")
