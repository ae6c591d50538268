"""Names that clashed (docs/glossary.md): the stage At Risk is 流失预警 (风险客户 was also the
credit-risk menu), and the stage Intention is 意向洽谈 (意向客户 is the tier Prospect). Stages
a company renamed keep their names. Several public pools (customer_mgmt 11.0.1.2.0): the
salespeople's rules of transitions and retention actions read pool customers' records only of
the pools serving them (where the company kept the shipped rule). Safe to run twice."""
from odoo.addons.customer_mgmt.utils.migration import (
    rename_shipped_record, rewrite_shipped_rule, salesperson_rule_domains)


def migrate(cr, version):
    rename_shipped_record(cr, "customer_lifecycle", "customer_lifecycle_stage_at_risk",
                          "customer.lifecycle.stage", "name",
                          translations={"zh_CN": ("风险客户", "流失预警")})
    rename_shipped_record(cr, "customer_lifecycle", "customer_lifecycle_stage_intention",
                          "customer.lifecycle.stage", "name",
                          translations={"zh_CN": ("意向客户", "意向洽谈")})
    for rule in ("customer_lifecycle_transition_rule_salesperson",
                 "customer_retention_action_rule_salesperson"):
        rewrite_shipped_rule(cr, "customer_lifecycle", rule, salesperson_rule_domains("partner_id."))
