from . import base_guard
from . import base_retry
from . import customer_batch_runner
from . import customer_report_mixin
from . import ir_actions_report
from . import ir_translation
from . import res_config_settings
# Naming rules and validation.
from . import customer_naming_rule
from . import res_partner_former_name
from . import customer_naming_mixin
from . import customer_contact_validation_mixin
from . import res_users_naming
from . import res_users_language
from . import res_config_settings_naming
# Duplicates.
from . import customer_duplicate_pair
from . import customer_duplicate_mixin
from . import res_config_settings_duplicate
# Archive, tiers and classification.
from . import customer_tier
from . import customer_region
from . import customer_tag_dimension
from . import res_partner_category
from . import customer_profile_field
from . import customer_archive_mixin
from . import res_config_settings_archive
# History and follow-ups.
from . import customer_interaction
from . import mail_activity
from . import customer_history_mixin
from . import customer_change_history
from . import customer_timeline_event
from . import mail_message
# Access control and the public pool.
from . import ir_rule
from . import crm_team
from . import customer_export_log
from . import ir_exports
from . import customer_account_access_mixin
from . import customer_pool_settings_mixin
from . import customer_pool
from . import customer_pool_rule
from . import customer_pool_log
from . import customer_pool_claim_report
from . import res_users_pool
from . import customer_pool_mixin
from . import customer_prefetch_mixin
# Masking of contact data.
from . import customer_role_rule_mixin
from . import customer_mask_policy
from . import customer_mask_reveal_log
from . import customer_mask_mixin
from . import customer_mask_linked_mixin
from . import mail_tracking_value
from . import res_config_settings_mask
from . import mail_partner_access
from . import customer_tier_pool
# Lead conflicts (撞单): holders of customers, leads compared with customers and leads.
from . import customer_conflict_mixin
from . import crm_lead
from . import res_config_settings_lead_conflict
# The "My Work" dashboard.
from . import customer_dashboard_tile
from . import res_users_my_work
# The company registry (工商信息).
from . import customer_registry_record
from . import customer_registry_provider
from . import customer_registry_partner_mixin
from . import res_config_settings_registry
# Field-by-field merges of customers: former codes, the merge log.
from . import customer_merge_log
from . import customer_merge_mixin
# Approval of key changes (审批).
from . import customer_change_approval_rule
from . import customer_change_request
from . import customer_change_approval_mixin
# The one create and write of res.partner, calling the concerns above in its own order.
from . import res_partner
from . import res_partner_install
