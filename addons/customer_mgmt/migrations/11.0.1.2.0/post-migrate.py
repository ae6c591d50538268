"""Several public pools (issue 15): the salespeople's record rules of customers, interactions
and former names (noupdate) now read pool customers only of the pools serving them. The
default pool and its rule come with the update (data/customer_pool_data.xml); customers
without pool are in it. Rules a company changed are left alone. Safe to run twice."""
from odoo.addons.customer_mgmt.utils.migration import rewrite_shipped_rule, salesperson_rule_domains

RULES = {
    "res_partner_rule_salesperson": "",
    "customer_interaction_rule_salesperson": "partner_id.",
    "res_partner_former_name_rule_salesperson": "partner_id.",
}


def migrate(cr, version):
    for name, path in RULES.items():
        rewrite_shipped_rule(cr, "customer_mgmt", name, salesperson_rule_domains(path))
