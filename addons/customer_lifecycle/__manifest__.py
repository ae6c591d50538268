{
    "name": "Customer Lifecycle",
    "summary": "Lifecycle stages with automatic transitions, churn-risk "
               "scoring, retention actions and follow-up reminders",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/odoo-customer-crm/customer-crm",
    "author": "Customer CRM contributors",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["customer_feedback", "sale_management"],
    "data": [
        "views/customer_lifecycle_menus.xml",
    ],
}
