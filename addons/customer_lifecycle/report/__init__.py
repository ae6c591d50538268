from . import report_customer_sheet
