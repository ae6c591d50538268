"""Context markers our code sets for its own calls (a partner of a new user, crm's merge, a
conversion that checks the customer itself). The value is an object no client can send
(XML-RPC and JSON carry no Python objects): a client sending a marker's key, with any value,
sets nothing. ``tests/test_context_markers.py`` walks the sources for keys read otherwise."""

MARK = object()


def mark(*keys):
    """The context values that set these markers: ``records.with_context(**mark(KEY))``."""
    return {key: MARK for key in keys}


def marked(env, key):
    """Whether our own code set this marker (not a client)."""
    return env.context.get(key) is MARK
