from . import res_partner
from . import res_config_settings
# Naming rules and validation.
from . import customer_naming_rule
from . import res_partner_former_name
from . import res_partner_naming
from . import res_partner_validation
# Duplicates.
from . import customer_duplicate_pair
from . import res_partner_duplicate
# Archive, tiers and classification.
from . import customer_tier
from . import customer_region
from . import res_partner_category
from . import res_partner_archive
# History and follow-ups.
from . import customer_interaction
from . import mail_activity
from . import res_partner_history
# Access control and the public pool.
from . import ir_rule
from . import crm_team
from . import customer_export_log
from . import res_partner_access
from . import res_partner_pool
