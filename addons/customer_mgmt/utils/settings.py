"""Typed reading of the system parameters (``ir.config_parameter``) our settings are kept in.

A missing, empty or unreadable value gives the default: a bad value typed into the system
parameters never breaks the code reading it.
"""

FALSE_VALUES = ("0", "False", "false")


def get_raw(env, key):
    """The stored text of the parameter, or None when unset or empty."""
    value = env["ir.config_parameter"].sudo().get_param(key)
    return value if value not in (None, False, "") else None


def _clamp(value, minimum, maximum):
    if minimum is not None:
        value = max(value, minimum)
    if maximum is not None:
        value = min(value, maximum)
    return value


def get_int(env, key, default, minimum=None, maximum=None):
    """The parameter as an integer within the bounds, else the default."""
    value = get_raw(env, key)
    try:
        number = int(value) if value is not None else default
    except (TypeError, ValueError):
        number = default
    return _clamp(number, minimum, maximum)


def get_float(env, key, default, minimum=None, maximum=None):
    """The parameter as a number within the bounds, else the default."""
    value = get_raw(env, key)
    try:
        number = float(value) if value is not None else default
    except (TypeError, ValueError):
        number = default
    return _clamp(number, minimum, maximum)


def get_bool(env, key, default=False):
    """The parameter as a flag: false when 0/False/false, else true; the default when unset."""
    value = get_raw(env, key)
    return default if value is None else value not in FALSE_VALUES


def get_selection(env, key, default, allowed):
    """The parameter when it is one of ``allowed``, else the default."""
    value = get_raw(env, key)
    return value if value in allowed else default


def get_text(env, key, default=False):
    """The parameter as stored (an empty text stays empty), the default when unset."""
    return env["ir.config_parameter"].sudo().get_param(key, default)


def get_typed(env, key, default):
    """The parameter typed like its default: a flag, an integer or a number."""
    if isinstance(default, bool):
        return get_bool(env, key, default)
    if isinstance(default, int):
        return get_int(env, key, default)
    return get_float(env, key, default)
