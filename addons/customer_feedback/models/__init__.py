# Tickets (core).
from . import customer_feedback_stage
from . import customer_feedback_category
from . import customer_feedback_tag
from . import customer_feedback_calendar_day
from . import resource_calendar
from . import customer_feedback_sla_policy
from . import customer_feedback_sla_escalation
from . import customer_feedback_sla_escalation_log
from . import customer_secret_token_mixin
from . import customer_feedback_assignment_mixin
from . import customer_feedback_merge_mixin
from . import customer_feedback
from . import customer_feedback_team_member
from . import crm_team
from . import rating_mixin
from . import rating_rating
from . import mail_message
from . import res_config_settings_feedback
# Channels, customer side, analysis.
from . import customer_feedback_partner_mixin
from . import customer_interaction
from . import customer_feedback_report
# Satisfaction surveys.
from . import customer_survey_campaign
from . import survey_user_input
from . import survey_user_input_line
from . import customer_survey_partner_mixin
# The tickets' tiles of the "My Work" dashboard.
from . import customer_dashboard_tile
from . import website
# res.partner made of the mixins above (no create/write of its own).
from . import res_partner
# The timeline sources of tickets: after the tables they read.
from . import customer_timeline_event
