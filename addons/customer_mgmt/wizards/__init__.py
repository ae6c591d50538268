from . import customer_handover
from . import customer_pool_release
