from . import customer_handover
from . import base_partner_merge
from . import base_partner_merge_naming
from . import customer_pool_release
from . import customer_pool_assign
from . import customer_pool_take_back
from . import customer_pool_settings
from . import customer_interaction_quick
