"""Several public pools (issue 15): the salespeople's record rules of customers, interactions
and former names (noupdate) now read pool customers only of the pools serving them. The
default pool and its rule come with the update (data/customer_pool_data.xml); customers
without pool are in it. Rules a company changed are left alone. Safe to run twice."""
from odoo import SUPERUSER_ID, api

OLD_PARTNER = ("['|', ('account_customer', '=', False), "
               "('account_user_id', 'in', [False, user.id])]")
NEW_PARTNER = ("['|', ('account_customer', '=', False), '|', ('account_user_id', '=', user.id), "
               "'&', ('account_user_id', '=', False), "
               "('account_pool_id', 'in', user._customer_pool_rule_ids())]")
OLD_LINKED = ("['|', ('partner_id.account_customer', '=', False), "
              "('partner_id.account_user_id', 'in', [False, user.id])]")
NEW_LINKED = ("['|', ('partner_id.account_customer', '=', False), '|', "
              "('partner_id.account_user_id', '=', user.id), '&', "
              "('partner_id.account_user_id', '=', False), "
              "('partner_id.account_pool_id', 'in', user._customer_pool_rule_ids())]")
RULES = {
    "res_partner_rule_salesperson": (OLD_PARTNER, NEW_PARTNER),
    "customer_interaction_rule_salesperson": (OLD_LINKED, NEW_LINKED),
    "res_partner_former_name_rule_salesperson": (OLD_LINKED, NEW_LINKED),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name, (old, new) in RULES.items():
        rule = env.ref("customer_mgmt.%s" % name, raise_if_not_found=False)
        if rule and rule.domain_force == old:
            rule.domain_force = new
