"""The registry-walking attack suite on the models and fields of customer_mgmt."""
from . import guard_common


class TestGuardCustomerMgmt(guard_common.GuardCase):
    addon = "customer_mgmt"
