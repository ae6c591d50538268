"""The model-level guard of every client entry point: what no view attribute can enforce.

Every field and public method of every model is reachable over XML-RPC and JSON-RPC, so a view's
``readonly``, ``invisible`` or ``groups`` protects nothing. This file enforces, in the model:

* fields with ``groups=`` are refused in domains, group-bys, aggregates and ordering to the users
  outside the groups (Odoo itself only guards ``read`` and ``write``);
* system-maintained fields (readonly fields and stored computed fields without inverse that our
  addons declare, and the core keys the record rules depend on) are refused on create and write,
  also as ``default_*`` context keys, for every user but the superuser;
* values of the wrong type or impossible values are refused with a translated message naming the
  field and the value, before they reach PostgreSQL;
* links (many2one, many2many) to records that do not exist or that the user may not read are
  refused, so that reading the link back cannot reveal a hidden record's name.

The checks on values run once per client call: ``create`` and ``write`` of the guarded models are
wrapped at registry load (``_register_hook``, as ``base_automation`` does), so the values our own
overrides add further down the chain are trusted, and explicit writes of system fields by our code
go through ``sudo()`` or :func:`system_write`.
"""
import logging
import math

import psycopg2

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError, except_orm
from odoo.fields import resolve_mro

from ..utils.markers import mark, marked

_logger = logging.getLogger(__name__)

OWN_MODULE_PREFIX = "customer_"
# Core fields maintained by the ORM that our record rules depend on.
CORE_SYSTEM_FIELDS = {"res.partner": frozenset(["commercial_partner_id"])}
# Core models whose every field is type-checked, besides the models of our addons.
CORE_VALIDATED_MODELS = frozenset(["res.partner"])
NAME_MAX_LENGTH = 256
INTEGER_RANGE = (-2 ** 31, 2 ** 31 - 1)
MAGIC_FIELDS = frozenset(models.MAGIC_COLUMNS + ["display_name", "__last_update"])
# The marker (utils/markers.py) of the writes of system-maintained fields our code makes as the
# current user.
SYSTEM_WRITE_KEY = "customer_system_write"
IMPORT_KEY = "customer_guard_import"
# Attribute of the registry holding our memoised answers (see _registry_memo).
REGISTRY_MEMO_KEY = "_customer_mgmt_memo"


def is_own_module(module):
    """Whether a module is one of this product's addons."""
    return bool(module) and module.startswith(OWN_MODULE_PREFIX)


def system_write(records, vals):
    """Write system-maintained fields as the current user (tracking credits them)."""
    return records.with_context(**mark(SYSTEM_WRITE_KEY)).write(vals)


class ImportRefusal(psycopg2.Error):
    """A refusal during an import: ``load`` reports a psycopg2 error by its text alone."""


class GuardInfo(object):
    """What the guard checks on one model, computed once per registry."""

    __slots__ = ("validated", "restricted", "system", "linked")

    def __init__(self, model):
        own_model = is_own_module(model._original_module)
        self.validated = own_model or model._name in CORE_VALIDATED_MODELS
        restricted, system, linked = {}, set(CORE_SYSTEM_FIELDS.get(model._name, ())), set()
        for name, field in model._fields.items():
            own_field = own_model or any(
                is_own_module(definition.args.get("_module"))
                for definition in resolve_mro(model, name, lambda v: isinstance(v, fields.Field)))
            if not own_field:
                continue
            if field.groups:
                restricted[name] = field.groups
            if name in MAGIC_FIELDS or field.states:
                pass
            elif field.compute and not field.related:
                if field.store and not field.inverse:
                    system.add(name)
            elif field.readonly:
                system.add(name)
            if field.type in ("many2one", "many2many") and (field.store or field.inverse):
                linked.add(name)
        if self.validated:
            linked.update(name for name, field in model._fields.items()
                          if field.type in ("many2one", "many2many")
                          and (field.store or field.inverse))
        self.restricted = restricted
        self.system = frozenset(system)
        self.linked = frozenset(linked)


def make_create():
    """The create wrapper of a guarded model: check the client's values, then create."""
    @api.model
    def create(self, vals):
        self._guard_values(vals, creating=True)
        return create.origin(self, vals)
    return create


def make_write():
    """The write wrapper of a guarded model: check the client's values, then write."""
    @api.multi
    def write(self, vals):
        self._guard_values(vals)
        return write.origin(self, vals)
    return write


def make_copy():
    """The copy wrapper of a guarded model: check the client's defaults, then copy.

    The values copied from the record are the system's, so the creation of the copy is marked
    as our own (the copy is returned in the caller's environment, without the mark).
    """
    @api.multi
    def copy(self, default=None):
        if default:
            self._guard_values(default)
        return copy.origin(self.with_context(**mark(SYSTEM_WRITE_KEY)),
                           default=default).with_env(self.env)
    return copy


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _register_hook(self):
        """Wrap create and write of the models the guard watches (outermost call only)."""
        result = super()._register_hook()
        cls = type(self)
        info = self._guard_info()
        # Not mixins: their wrapper would call the base create of the mixin, skipping the
        # classes that follow it in the models that inherit it.
        watched = info.validated or info.system or info.linked
        if watched and not self._abstract and not cls.__dict__.get("_customer_guarded"):
            cls._customer_guarded = True
            cls._patch_method("create", make_create())
            cls._patch_method("write", make_write())
            cls._patch_method("copy", make_copy())
        return result

    @api.model
    def _guard_info(self):
        """The fields the guard checks on this model (cached on the registry class)."""
        cls = type(self)
        info = cls.__dict__.get("_customer_guard_info")
        if info is None:
            info = GuardInfo(self)
            cls._customer_guard_info = info
        return info

    @api.model
    def _guard_is_system(self):
        """The superuser and our own code's marked writes may set system-maintained fields."""
        return self.env.uid == SUPERUSER_ID or marked(self.env, SYSTEM_WRITE_KEY)

    # ------------------------------------------------------------------ values of create/write

    @api.model
    def _guard_values(self, vals, creating=False):
        """Refuse the client's values that no client may send (see the module docstring)."""
        if not isinstance(vals, dict):
            raise ValidationError(_("The values to save on %(model)s must be a dictionary of "
                                    "field names and values, not %(value)r.") % {
                                        "model": self._guard_model_label(), "value": vals})
        info = self._guard_info()
        if not self._guard_is_system() and not self.is_transient():
            # A wizard's readonly fields are its own results, on a record only its creator reads.
            system = sorted(info.system.intersection(vals))
            if creating:
                system += sorted(name for name in info.system
                                 if "default_" + name in self.env.context and name not in vals)
            if system:
                raise AccessError(_(
                    "%(fields)s on %(model)s are maintained by the system and cannot be set by "
                    "hand (values: %(values)s).") % {
                        "fields": ", ".join(self._guard_label(name) for name in system),
                        "model": self._guard_model_label(),
                        "values": ", ".join(repr(vals.get(name, self.env.context.get(
                            "default_" + name))) for name in system)})
        links = {}
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                continue
            if info.validated:
                self._guard_check_value(field, value)
            if field.type in ("one2many", "many2many"):
                self._guard_check_commands(field, value, links if name in info.linked else None)
            elif (name in info.linked and isinstance(value, int)
                  and not isinstance(value, bool) and value > 0):
                links.setdefault(field, set()).add(value)
        if creating:
            # Defaults from the context are links the client names too.
            for name in info.linked.difference(vals):
                value = self.env.context.get("default_" + name)
                if (self._fields[name].type == "many2one" and isinstance(value, int)
                        and not isinstance(value, bool) and value > 0):
                    links.setdefault(self._fields[name], set()).add(value)
        if links:
            self._guard_check_links(links)

    @api.model
    def _guard_model_label(self):
        """The model's name in the user's language, for messages."""
        return self.env["ir.model"].sudo()._get(self._name).name or self._description

    @api.model
    def _guard_label(self, name):
        """A field's label and technical name, for messages."""
        return "%s (%s)" % (self._fields[name].get_description(self.env)["string"], name)

    @api.model
    def _guard_refuse(self, field, value, reason):
        """Raise the translated refusal of a value, naming the field and the value."""
        raise ValidationError(_("%(field)s on %(model)s: %(value)r is not accepted: %(reason)s") % {
            "field": self._guard_label(field.name), "model": self._guard_model_label(),
            "value": value, "reason": reason})

    @api.model
    def _guard_check_value(self, field, value):
        """Refuse a value of the wrong type, an impossible value or a blank or too long name."""
        if value is None or value is False:
            return  # the ORM names a missing required field
        kind = field.type
        if kind in ("char", "text", "html"):
            if not isinstance(value, str):
                self._guard_refuse(field, value, _("a text is expected."))
            if kind == "char" and (field.required or field.name == self._rec_name):
                if not value.strip():
                    self._guard_refuse(field, value, _("it cannot be empty or only spaces."))
            limit = getattr(field, "size", None) or (NAME_MAX_LENGTH if field.name == self._rec_name else None)
            if limit and len(value) > limit:
                self._guard_refuse(field, "%s…" % value[:40], _(
                    "it is %(length)d characters long, at most %(limit)d are allowed.") % {
                        "length": len(value), "limit": limit})
        elif kind == "integer":
            number = self._guard_number(field, value, int)
            if not INTEGER_RANGE[0] <= number <= INTEGER_RANGE[1]:
                self._guard_refuse(field, value, _("the number is out of range."))
        elif kind in ("float", "monetary"):
            self._guard_number(field, value, float)
        elif kind == "date":
            self._guard_date(field, value, fields.Date.from_string)
        elif kind == "datetime":
            self._guard_date(field, value, fields.Datetime.from_string)
        elif kind == "selection":
            if value not in field.get_values(self.env):
                self._guard_refuse(field, value, _("it is not one of the possible values (%s).") % (
                    ", ".join(str(key) for key in field.get_values(self.env))))
        elif kind == "many2one":
            if isinstance(value, models.BaseModel):
                if value._name != field.comodel_name or len(value) > 1:
                    self._guard_refuse(field, value, _("one record is expected."))
            elif isinstance(value, bool) or not isinstance(value, int):
                self._guard_refuse(field, value, _("the identifier of a record is expected."))
            elif value <= 0 or value > INTEGER_RANGE[1]:
                self._guard_refuse(field, value, _("there is no such record."))
        elif kind in ("one2many", "many2many"):
            if not isinstance(value, (list, tuple)):
                self._guard_refuse(field, value, _("a list of commands is expected."))

    @api.model
    def _guard_number(self, field, value, kind):
        """The value as a number, or the refusal of a value that is not one."""
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self._guard_refuse(field, value, _("a number is expected."))
        try:
            number = float(value) if kind is float else int(value)
        except (TypeError, ValueError, OverflowError):
            self._guard_refuse(field, value, _("a number is expected."))
        if kind is float and (math.isnan(number) or math.isinf(number)):
            self._guard_refuse(field, value, _("a finite number is expected."))
        if kind is int and isinstance(value, float) and value != number:
            self._guard_refuse(field, value, _("a whole number is expected."))
        return number

    @api.model
    def _guard_date(self, field, value, parse):
        """Refuse a date that is not a date, or an impossible one (30 February)."""
        if hasattr(value, "year"):
            return
        if not isinstance(value, str):
            self._guard_refuse(field, value, _("a date is expected."))
        try:
            parse(value)
        except (TypeError, ValueError):
            self._guard_refuse(field, value, _("it is not a valid date (expected %s).") % (
                "YYYY-MM-DD" if field.type == "date" else "YYYY-MM-DD HH:MM:SS"))

    @api.model
    def _guard_check_commands(self, field, commands, links):
        """Check the nested values and the linked ids of x2many commands."""
        if commands is False or commands is None:
            return
        if not isinstance(commands, (list, tuple)):
            self._guard_refuse(field, commands, _("a list of commands is expected."))
        comodel = self.env[field.comodel_name]
        for command in commands:
            if isinstance(command, int) and not isinstance(command, bool):
                ids = [command]
            elif isinstance(command, (list, tuple)) and command and command[0] in range(7):
                code = command[0]
                if code in (0, 1) and len(command) == 3:
                    comodel._guard_values(command[2], creating=code == 0)
                ids = []
                if code == 4 and len(command) >= 2:
                    ids = [command[1]]
                elif code == 6 and len(command) == 3:
                    ids = command[2] if isinstance(command[2], (list, tuple)) else [None]
                for record_id in ids:
                    if isinstance(record_id, bool) or not isinstance(record_id, int):
                        self._guard_refuse(field, command, _("record identifiers are expected."))
            else:
                self._guard_refuse(field, command, _("a list of commands is expected."))
            if links is not None and field.type == "many2many" and ids:
                links.setdefault(field, set()).update(ids)

    @api.model
    def _guard_check_links(self, links):
        """Refuse links to records that do not exist or that the user may not read."""
        for field, ids in links.items():
            comodel = self.env[field.comodel_name]
            records = comodel.browse(sorted(ids))
            missing = records - records.sudo().exists()
            if missing:
                self._guard_refuse(field, missing[0].id, _("there is no such %s.") % (
                    comodel._guard_model_label()))
            if self._guard_is_system() or comodel.is_transient():
                continue
            try:
                records.check_access_rights("read")
                records.check_access_rule("read")
            except AccessError:
                raise AccessError(_(
                    "%(field)s on %(model)s: you may not link to %(comodel)s %(ids)s, which you "
                    "are not allowed to read.") % {
                        "field": self._guard_label(field.name), "model": self._guard_model_label(),
                        "comodel": comodel._guard_model_label(),
                        "ids": ", ".join(str(i) for i in records.ids)})

    # ------------------------------------------------------------------ group membership

    @api.model
    def user_has_groups(self, groups):
        """Memoised per user and groups: Odoo asks it for every restricted field at every row
        read (over a hundred on res.partner), through an ormcache call costlier than the SQL."""
        if "base.group_no_one" in groups:  # the answer depends on the request's debug mode
            return super().user_has_groups(groups)
        memo = self._registry_memo()
        key = ("user_has_groups", self._uid, groups)
        answer = memo.get(key)
        if answer is None:
            answer = memo[key] = super().user_has_groups(groups)
        return answer

    @api.model
    def _registry_memo(self):
        """Our memo of answers derived from the registry and the users' groups (group
        membership, prefetchable and tracked fields), forgotten whenever Odoo clears its caches:
        ``LRU.clear`` replaces the registry cache's dict, which the memo remembers (a plain
        dict lookup per call, not the LRU's two locked calls)."""
        registry = self.pool
        current = registry.cache.d
        memo = registry.__dict__.get(REGISTRY_MEMO_KEY)
        if memo is None or memo[0] is not current:
            memo = (current, {})
            setattr(registry, REGISTRY_MEMO_KEY, memo)
        return memo[1]

    # ------------------------------------------------------------------ domains, groups, order

    @api.model
    def _guard_check_field_access(self, model, name, usage):
        """Refuse a field restricted by groups= that the user is not in."""
        groups = model._guard_info().restricted.get(name)
        if groups and self.env.uid != SUPERUSER_ID and not model.user_has_groups(groups):
            group_names = ", ".join(
                self.env.ref(xmlid.strip()).sudo().full_name for xmlid in groups.split(","))
            raise AccessError(_(
                "You are not allowed to %(usage)s the field %(field)s of %(model)s: it is "
                "restricted to %(groups)s.") % {
                    "usage": usage, "field": model._guard_label(name),
                    "model": model._guard_model_label(), "groups": group_names})

    @api.model
    def _guard_check_path(self, path, usage):
        """Check every field of a dotted path (``parent_id.annual_revenue``)."""
        model = self
        for name in path.split("."):
            field = model._fields.get(name)
            if field is None:
                return
            self._guard_check_field_access(model, name, usage)
            if field.inherited:
                parent = model.env[field.related_field.model_name]
                self._guard_check_field_access(parent, name, usage)
            if not field.relational:
                return
            model = model.env[field.comodel_name]

    @api.model
    def _where_calc(self, domain, active_test=True):
        if self.env.uid != SUPERUSER_ID:
            for leaf in domain or ():
                if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str):
                    self._guard_check_path(leaf[0], _("filter on"))
        return super()._where_calc(domain, active_test=active_test)

    @api.model
    def _generate_order_by(self, order_spec, query):
        if order_spec and self.env.uid != SUPERUSER_ID:
            for part in order_spec.split(","):
                name = part.strip().split(" ")[0].strip('"')
                if name:
                    self._guard_check_path(name, _("sort by"))
        return super()._generate_order_by(order_spec, query)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        if self.env.uid != SUPERUSER_ID and self._guard_info().restricted:
            groupby_names = [groupby] if isinstance(groupby, str) else list(groupby or ())
            for spec in groupby_names:
                self._guard_check_path(spec.split(":")[0], _("group by"))
            if fields:
                for spec in fields:
                    self._guard_check_path(spec.split(":")[0], _("aggregate"))
            else:
                restricted = self._guard_info().restricted
                fields = [name for name, field in self._fields.items() if field.store and (
                    name not in restricted or self.user_has_groups(restricted[name]))]
            for part in (orderby or "").split(","):
                name = part.strip().split(" ")[0]
                if name:
                    self._guard_check_path(name.split(":")[0], _("sort by"))
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)

    # ------------------------------------------------------------------ import

    @api.model
    def load(self, fields, data):
        """Report the guard's and the constraints' refusals of an import by their text alone."""
        return super(Base, self.with_context(**{IMPORT_KEY: True})).load(fields, data)


class IrModelData(models.Model):
    _inherit = "ir.model.data"

    @api.model
    def _update(self, model, module, values, xml_id=False, store=True, noupdate=False, mode="init",
                res_id=False):
        """During an import, give ``load`` a refusal it reports as its message, not a type name."""
        if not self.env.context.get(IMPORT_KEY):
            return super()._update(model, module, values, xml_id=xml_id, store=store,
                                   noupdate=noupdate, mode=mode, res_id=res_id)
        try:
            return super()._update(model, module, values, xml_id=xml_id, store=store,
                                   noupdate=noupdate, mode=mode, res_id=res_id)
        except except_orm as error:
            raise ImportRefusal(error.name)
