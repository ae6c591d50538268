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
        "views/customer_feedback_menus.xml",
    ],
}
