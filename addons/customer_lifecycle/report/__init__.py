from . import report_customer_sheet
from . import report_monthly_report
