{
    "name": "Customer Management",
    "summary": "Customer master on top of contacts: naming rules, validation, "
               "duplicates, archive, tiers, follow-ups, handover and access control",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/odoo-customer-crm/customer-crm",
    "author": "Customer CRM contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "application": True,
    "installable": True,
    "depends": ["contacts", "sales_team", "crm", "mail"],
    "external_dependencies": {"python": ["phonenumbers", "stdnum"]},
    "data": [
        "security/customer_mgmt_security.xml",
        "security/ir.model.access.csv",
        "views/customer_mgmt_menus.xml",
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
}
