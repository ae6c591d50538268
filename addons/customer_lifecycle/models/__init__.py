# Stages, transitions and signals.
from . import customer_lifecycle_stage
from . import customer_lifecycle_stage_activity
from . import customer_lifecycle_transition
from . import customer_tier
from . import customer_lifecycle_signals_mixin
from . import customer_lifecycle_signal_engine
from . import customer_lifecycle_mixin
from . import sale_order
from . import res_config_settings_lifecycle
# Churn warning, retention and reminders.
from . import customer_retention_action
from . import customer_holiday
from . import customer_churn_mixin
from . import customer_reminder_mixin
from . import res_config_settings_churn
from . import mail_activity
# The monthly management report.
from . import customer_monthly_report
# The leaders' tiles of the "My Work" dashboard.
from . import customer_dashboard_tile
# The one create and write of res.partner, calling the concerns above in its own order.
from . import res_partner
# The timeline sources of orders and stage moves: after the tables they read.
from . import customer_timeline_event
