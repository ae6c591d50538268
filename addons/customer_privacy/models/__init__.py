# Lawful basis and consent.
from . import customer_privacy_consent
from . import customer_privacy_partner_mixin
from . import customer_survey_campaign
from . import res_config_settings_privacy
# Data-subject requests and the access/portability package.
from . import customer_privacy_request
from . import customer_privacy_package
from . import customer_privacy_erasure
# Audit of access to personal data.
from . import customer_privacy_access_log
from . import ir_attachment
from . import ir_http
# Retention policies, their dry runs and runs.
from . import customer_feedback
from . import customer_privacy_retention_policy
from . import customer_privacy_retention_report
# res.partner: the privacy mixin, THE create/write of customer_privacy (the ID number).
from . import res_partner
