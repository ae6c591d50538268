"""Names that clashed (docs/glossary.md): the shipped tier Potential is Prospect / 意向客户 now,
as 潜在客户 is only the lifecycle stage; the cooperation tag Intention is 意向洽谈, as the tier
holds 意向客户. Records a company renamed keep their names. Safe to run twice."""
from odoo.addons.customer_mgmt.utils.migration import rename_shipped_record


def migrate(cr, version):
    rename_shipped_record(cr, "customer_mgmt", "customer_tier_potential", "customer.tier", "name",
                          source=("Potential", "Prospect"),
                          translations={"zh_CN": ("潜在客户", "意向客户")})
    rename_shipped_record(cr, "customer_mgmt", "res_partner_category_stage_intention",
                          "res.partner.category", "name",
                          translations={"zh_CN": ("意向客户", "意向洽谈")})
