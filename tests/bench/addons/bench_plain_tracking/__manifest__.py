# Bench-only module (never shipped): plain Odoo whose res.partner tracks, in the chatter, the
# standard fields our addons track, so the benchmark can compare with what Odoo itself costs
# when it tracks the same fields ("plain + tracking", docs/benchmarks.md).
{
    "name": "Bench: plain Odoo with partner tracking",
    "version": "11.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "summary": "Benchmark anchor: the standard partner fields our addons track, tracked",
    # The modules of the plain bench database (bin/setup's BASE_MODULES).
    "depends": ["contacts", "sales_team", "crm", "mail", "survey", "rating", "portal",
                "sale_management"],
    "data": [],
    "installable": True,
    "auto_install": False,
}
