from . import test_ui_loads
from . import test_guard
from . import test_public_methods
from . import test_consent
from . import test_requests
from . import test_package
from . import test_privacy_access
from . import test_erasure
