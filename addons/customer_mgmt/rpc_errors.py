"""XML-RPC reports a ValidationError as the message it is, not as a server traceback.

Odoo 11 sends the ``name`` of a UserError or an AccessError to XML-RPC clients but a Python
traceback for a ValidationError (a refusal of bad input, which it does not count as a user
error; Odoo 13 made ValidationError a UserError). Our refusals of bad input are ValidationErrors,
so XML-RPC clients get their message with the warning fault code, as JSON-RPC clients do.
"""
import xmlrpc.client

from odoo.exceptions import ValidationError
from odoo.service import wsgi_server
from odoo.tools import ustr


def _as_warning(handler, fault):
    def handle(exception):
        if isinstance(exception, ValidationError):
            return xmlrpc.client.dumps(fault(exception), allow_none=None)
        return handler(exception)
    handle.customer_mgmt_origin = handler
    return handle


_FAULTS = {
    # /xmlrpc/2: integer fault codes.
    "xmlrpc_handle_exception_int": lambda exception: xmlrpc.client.Fault(
        wsgi_server.RPC_FAULT_CODE_WARNING, ustr(exception.name)),
    # /xmlrpc: the legacy string fault codes.
    "xmlrpc_handle_exception_string": lambda exception: xmlrpc.client.Fault(
        "warning -- %s\n\n%s" % (exception.name, exception.value), ""),
}
for _name, _fault in _FAULTS.items():
    _handler = getattr(wsgi_server, _name)
    if not hasattr(_handler, "customer_mgmt_origin"):
        setattr(wsgi_server, _name, _as_warning(_handler, _fault))
