{
    "name": "Customer Privacy",
    "summary": "Personal information protection (PIPL, GDPR): lawful basis and consent, "
               "data-subject requests with deadlines, access and portability packages, "
               "erasure, retention policies",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/odoo-customer-crm/customer-crm",
    "author": "Customer CRM contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["customer_lifecycle", "portal"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/customer_privacy_security.xml",
        "views/customer_privacy_menus.xml",
        # Lawful basis and consent.
        "views/customer_privacy_consent_views.xml",
        "views/res_partner_privacy_views.xml",
        "views/res_config_settings_privacy_views.xml",
        "views/customer_privacy_portal_templates.xml",
        "wizards/mail_compose_message_views.xml",
        # Data-subject requests.
        "data/customer_privacy_request_data.xml",
        "data/customer_privacy_cron.xml",
        "views/customer_privacy_request_views.xml",
        # Audit of access to personal data.
        "views/customer_privacy_access_log_views.xml",
        # Retention policies.
        "data/customer_privacy_retention_policy_data.xml",
        "views/customer_privacy_retention_report_views.xml",
        "views/customer_privacy_retention_policy_views.xml",
    ],
}
