{
    "name": "Customer Feedback",
    "summary": "Closed-loop feedback and complaint tickets with SLAs, ratings "
               "and satisfaction survey campaigns (CSAT, NPS)",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/odoo-customer-crm/customer-crm",
    "author": "Customer CRM contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["customer_mgmt", "survey", "rating", "portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/customer_feedback_security.xml",
        "views/customer_feedback_menus.xml",
        # Tickets (core).
        "data/ir_sequence_data.xml",
        "data/customer_feedback_stage_data.xml",
        "data/customer_feedback_category_data.xml",
        "data/customer_feedback_sla_policy_data.xml",
        "data/mail_template_data.xml",
        "data/mail_alias_data.xml",
        "data/customer_feedback_cron.xml",
        "views/customer_feedback_views.xml",
        "views/customer_feedback_stage_views.xml",
        "views/customer_feedback_category_views.xml",
        "views/customer_feedback_tag_views.xml",
        "views/customer_feedback_sla_policy_views.xml",
        # Channels, customer side, analysis.
        "views/customer_feedback_portal_templates.xml",
        "views/res_partner_views.xml",
        "views/customer_interaction_views.xml",
        "views/customer_feedback_report_views.xml",
        # Satisfaction surveys.
        "data/customer_survey_data.xml",
        "data/customer_survey_cron.xml",
        "views/customer_survey_campaign_views.xml",
    ],
    "demo": [
        "demo/customer_feedback_demo.xml",
        "demo/customer_survey_campaign_demo.xml",
    ],
}
