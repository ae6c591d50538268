from . import test_ui_loads
from . import test_signals
from . import test_transitions
from . import test_reminders
from . import test_lifecycle_stage
from . import test_churn
from . import test_retention
from . import test_lifecycle_access
