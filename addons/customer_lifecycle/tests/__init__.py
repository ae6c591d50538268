from . import test_ui_loads
