"""Who may call the public methods of the customer addons: declared on each method, checked
on each call, and enumerable by tests.

Over RPC every method whose name does not start with an underscore can be called on any
record id (``action_*``, wizard buttons, helpers): the record rules only protect what the
method reads or writes as the user, not what it does as superuser. Each public method we add
therefore declares the groups it belongs to with ``allowed_groups``; users outside them are
refused before the method runs. Methods open to every internal user say so with
``allowed_groups(INTERNAL_USER)``.
"""
import functools
import inspect

from odoo import SUPERUSER_ID, _
from odoo.exceptions import AccessError

INTERNAL_USER = "base.group_user"
SERVICE = "customer_mgmt.group_customer_service"
SALESPERSON = "customer_mgmt.group_customer_salesperson"
TEAM_LEADER = "customer_mgmt.group_customer_team_leader"
MANAGER = "customer_mgmt.group_customer_manager"
DATA_ADMIN = "customer_mgmt.group_customer_data_admin"
# Everyone who works customers: customer service and the sales roles.
CUSTOMER_STAFF = (SERVICE, SALESPERSON)

GROUPS_ATTRIBUTE = "customer_allowed_groups"
ADDON_MODULE_PREFIX = "odoo.addons.customer_"


def allowed_groups(*group_xmlids):
    """Declare the groups (any of them) whose users may call the decorated public method."""
    if not group_xmlids:
        raise ValueError("allowed_groups needs at least one group")

    def decorate(method):
        @functools.wraps(method)
        def checked(self, *args, **kwargs):
            check_allowed_groups(self, method.__name__, group_xmlids)
            return method(self, *args, **kwargs)
        setattr(checked, GROUPS_ATTRIBUTE, tuple(group_xmlids))
        return checked
    return decorate


def user_in_groups(env, group_xmlids):
    """Whether the environment's user may call a method declared for these groups."""
    return env.uid == SUPERUSER_ID or any(env.user.has_group(xmlid) for xmlid in group_xmlids)


def check_allowed_groups(records, method_name, group_xmlids):
    """Refuse the call with a message naming the action and the groups it is reserved to."""
    env = records.env
    if user_in_groups(env, group_xmlids):
        return
    groups = env["res.groups"].sudo()
    for xmlid in group_xmlids:
        groups |= env.ref(xmlid).sudo()
    model = env["ir.model"].sudo()._get(records._name)
    raise AccessError(_(
        "%(user)s may not run \"%(method)s\" on %(model)s: it is reserved to the groups "
        "%(groups)s.") % {
            "user": env.user.name, "method": method_name,
            "model": model.name or records._name,
            "groups": ", ".join('"%s"' % name for name in groups.mapped("full_name"))})


def declared_groups(method):
    """The groups a public method was declared for, or None when it declares none."""
    return getattr(method, GROUPS_ATTRIBUTE, None)


def addon_public_methods(env, module_prefix=ADDON_MODULE_PREFIX):
    """{(model name, method name): method} of the public methods our addons add.

    A public method is a function without leading underscore defined by a class of the
    addons (whose module starts with ``module_prefix``) that no class of Odoo itself defines
    on that model: create, write, name_search, message_post, get_values and the other
    standard methods we extend keep the access control of the framework.
    """
    methods = {}
    for model_name in env.registry:
        if env[model_name]._abstract:
            continue  # a mixin's methods are walked on the models that inherit it
        cls = type(env[model_name])
        for klass in cls.__mro__:
            if not klass.__module__.startswith(module_prefix):
                continue
            for name, value in vars(klass).items():
                if name.startswith("_") or not inspect.isfunction(value):
                    continue
                if any(name in vars(other) for other in cls.__mro__
                       if not other.__module__.startswith(ADDON_MODULE_PREFIX)):
                    continue
                methods[(model_name, name)] = getattr(cls, name)
    return methods
