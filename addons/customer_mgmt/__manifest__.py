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
        "security/res_partner_rules.xml",
        "data/ir_sequence_data.xml",
        "data/customer_naming_rule_data.xml",
        "data/customer_tier_data.xml",
        "data/customer_region_data.xml",
        "data/customer_duplicate_cron.xml",
        "data/customer_pool_cron.xml",
        "views/customer_mgmt_menus.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        # Naming rules and validation.
        "views/customer_naming_rule_views.xml",
        "views/res_partner_naming_views.xml",
        # Duplicates.
        "views/customer_duplicate_pair_views.xml",
        "views/res_partner_duplicate_views.xml",
        # Archive, tiers and classification.
        "views/customer_tier_views.xml",
        "views/customer_region_views.xml",
        "views/res_partner_category_views.xml",
        "views/res_partner_archive_views.xml",
        # History and follow-ups.
        "views/customer_interaction_views.xml",
        "views/mail_tracking_value_views.xml",
        "wizards/customer_handover_views.xml",
        "views/res_users_views.xml",
        # Access control and the public pool.
        "views/res_partner_pool_views.xml",
        "views/customer_export_log_views.xml",
        "wizards/customer_pool_release_views.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
}
