"""The readable export of customers: record names where Odoo 11 writes external ids.

Odoo 11's export dialog sends a relational column as ``field/id`` and always adds an
``id`` (External ID) column, even for "Export all Data": the file then holds external ids
such as ``customer_mgmt.user_zhangwei_demo`` and makes up ``__export__`` ids for records
without one. For the models below, a readable (not import-compatible) export sends the
field itself instead, which Odoo exports as the record's display name, and no id column.
"""
import json
import re

READABLE_EXPORT_MODELS = ("res.partner",)
_XMLID_PATH = re.compile(r"^(?P<field>[^/]+)/id$")


def readable_export_params(params):
    """The export parameters (the dialog's dict) with names instead of external ids."""
    if params.get("import_compat") or params.get("model") not in READABLE_EXPORT_MODELS:
        return params
    fields = []
    for field in params.get("fields", []):
        if field["name"] == "id":
            continue
        match = _XMLID_PATH.match(field["name"])
        fields.append(dict(field, name=match.group("field")) if match else field)
    return dict(params, fields=fields)


def readable_export_data(data):
    """The same on the JSON text the export routes receive."""
    return json.dumps(readable_export_params(json.loads(data)))
