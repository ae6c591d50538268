"""Names that clashed (docs/glossary.md): the stage At Risk is 流失预警 (风险客户 was also the
credit-risk menu), and the stage Intention is 意向洽谈 (意向客户 is the tier Prospect). Stages
a company renamed keep their names. Safe to run twice."""
from odoo.addons.customer_mgmt.utils.migration import rename_shipped_record


def migrate(cr, version):
    rename_shipped_record(cr, "customer_lifecycle", "customer_lifecycle_stage_at_risk",
                          "customer.lifecycle.stage", "name",
                          translations={"zh_CN": ("风险客户", "流失预警")})
    rename_shipped_record(cr, "customer_lifecycle", "customer_lifecycle_stage_intention",
                          "customer.lifecycle.stage", "name",
                          translations={"zh_CN": ("意向客户", "意向洽谈")})
