"""The attack suite that walks the registry: what every model and field of an addon refuses.

Each addon's ``test_guard.py`` subclasses :class:`GuardCase`, names itself in ``addon`` and gives
a factory for each of its models (``record_factories``) and, for each rule-protected model, a
record the restricted salesperson may not read (``hidden_records``). The tests fail when a model
or a comodel has no factory, so a new model cannot slip past the suite.
"""
from odoo import SUPERUSER_ID, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import resolve_mro
from odoo.tools import mute_logger

from odoo.addons.customer_mgmt.models.base_guard import (
    CORE_VALIDATED_MODELS, MAGIC_FIELDS, NAME_MAX_LENGTH)

from .common import CustomerCase

ERRORS = (AccessError, ValidationError)


class GuardCase(CustomerCase):
    """Walks the models and fields of ``addon`` and attacks each one as each role."""

    addon = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user("other", ["customer_mgmt.group_customer_salesperson"])
        cls.user_portal = cls.create_user("portal", ["base.group_portal"])
        cls.own_customer = cls.create_customer("Own Guard Trading Co., Ltd.",
                                               user_id=cls.user_salesperson.id)
        cls.hidden_customer = cls.create_customer("Hidden Guard Trading Co., Ltd.",
                                                  user_id=cls.user_other.id)

    # ------------------------------------------------------------------ what an addon gives

    def record_factories(self):
        """Model name -> function creating one record of it (as superuser).

        The models of customer_mgmt are here: the other addons extend them too.
        """
        factories = {
            "res.partner": lambda: self.create_customer(
                "Factory Guard Trading Co., Ltd.", user_id=self.user_salesperson.id),
        }
        env = self.env
        now = fields.Datetime.now()
        name_field = env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "=", "website")])
        factories.update({
            "customer.tag.dimension": lambda: env["customer.tag.dimension"].create(
                {"name": "Guard Dimension"}),
            "customer.region": lambda: env["customer.region"].create({"name": "Guard Region"}),
            "customer.tier": lambda: env["customer.tier"].create({"name": "Guard Tier"}),
            "customer.export.log": lambda: env["customer.export.log"].create(
                {"user_id": self.user_manager.id, "date": now, "model": "res.partner"}),
            "customer.merge.log": lambda: env["customer.merge.log"].create({
                "user_id": self.user_data_admin.id, "date": now,
                "partner_id": self.own_customer.id, "kept_name": "Guard Kept Co., Ltd.",
                "merged_ids": "1", "merged_names": "Guard Merged Co., Ltd.", "details": "[]"}),
            "customer.interaction": lambda: env["customer.interaction"].create({
                "name": "Guard visit", "partner_id": self.own_customer.id, "channel": "meeting",
                "date": now, "user_id": self.user_salesperson.id}),
            "customer.profile.field": lambda: env["customer.profile.field"].search(
                [("field_id", "=", name_field.id)], limit=1) or env[
                    "customer.profile.field"].create(
                        {"field_id": name_field.id, "applies_to": "company"}),
            "customer.duplicate.pair": lambda: env["customer.duplicate.pair"].create({
                "partner_a_id": self.own_customer.id,
                "partner_b_id": self.create_customer("Guard Twin Trading Co., Ltd.").id,
                "reason": "name", "state": "open"}),
            "customer.naming.rule": lambda: env["customer.naming.rule"].create({
                "name": "Guard rule", "applies_to": "company", "kind": "forbidden_pattern",
                "severity": "warn", "message": "Guard message", "pattern": "guardword"}),
            "res.partner.former.name": lambda: env["res.partner.former.name"].create({
                "partner_id": self.own_customer.id, "name": "Guard Former Co., Ltd.",
                "date": now}),
            "res.partner.category": lambda: env["res.partner.category"].create(
                {"name": "Guard Tag"}),
            "mail.channel": lambda: env["mail.channel"].create(
                {"name": "guard-private", "public": "private"}),
            "customer.dashboard.tile": lambda: env["customer.dashboard.tile"].create(
                {"name": "Guard Tile", "code": "guard_tile"}),
            "customer.interaction.quick": lambda: env["customer.interaction.quick"].create({
                "partner_id": self.own_customer.id, "channel": "call", "summary": "Guard call"}),
            "customer.pool": lambda: env["customer.pool"].create({"name": "Guard Pool"}),
            "customer.pool.rule": lambda: env["customer.pool.rule"].create({
                "pool_id": env["customer.pool"].create({"name": "Guard Rule Pool"}).id,
                "kind": "no_followup", "days": 30}),
            "customer.pool.log": lambda: self._guard_pool_log(),
            "customer.mask.policy": lambda: env["customer.mask.policy"].create({
                "name": "Guard policy", "field_name": "phone", "condition": "pool",
                "group_id": env.ref("customer_mgmt.group_customer_salesperson").id}),
            "customer.mask.reveal.log": lambda: env["customer.mask.reveal.log"].create({
                "date": now, "user_id": self.user_salesperson.id,
                "partner_id": self.own_customer.id, "field_name": "phone"}),
            "customer.mask.reveal.wizard": lambda: env["customer.mask.reveal.wizard"].create({
                "partner_id": self.own_customer.id, "field_name": "phone", "value": "Guard"}),
            "customer.registry.record": lambda: env["customer.registry.record"].create({
                "uscc": self._guard_uscc(), "name": "Guard Registry Co., Ltd."}),
            "customer.change.approval.rule": lambda: env["customer.change.approval.rule"].create({
                "name": "Guard approval", "field_id": name_field.id,
                "group_ids": [(6, 0, env.ref("customer_mgmt.group_customer_salesperson").ids)]}),
            "customer.change.request": lambda: env["customer.change.request"].create({
                "partner_id": self.own_customer.id, "field_id": name_field.id,
                "field_name": "website", "new_value": "Guard", "new_value_raw": '"Guard"',
                "requester_id": self.user_salesperson.id}),
            "customer.change.refuse.wizard": lambda: env["customer.change.refuse.wizard"].create({
                "request_ids": [(6, 0, factories["customer.change.request"]().ids)],
                "reason": "Guard"}),
            "crm.lead": lambda: env["crm.lead"].create({
                "name": "Guard deal", "partner_name": "Guard Lead Trading Co., Ltd.",
                "user_id": self.user_salesperson.id}),
            # A read-only SQL view: its events come from their sources.
            "customer.timeline.event": lambda: env["customer.timeline.event"].search([
                ("res_model", "=", "customer.interaction"),
                ("res_id", "=", factories["customer.interaction"]().id)]),
        })
        return factories

    def _guard_uscc(self):
        """A valid USCC no registry record has yet."""
        from stdnum.cn import uscc
        Record = self.env["customer.registry.record"]
        for serial in range(1, 1000):
            base = "9144000000%07d" % serial
            number = base + uscc.calc_check_digit(base)
            if not Record.search_count([("uscc", "=", number)]):
                return number
        raise AssertionError("no free USCC")

    def _guard_pool_log(self):
        Log = self.env["customer.pool.log"]
        Log._log("claim", self.own_customer, new_user=self.user_salesperson)
        return Log.search([("partner_id", "=", self.own_customer.id)], limit=1)

    def hidden_records(self):
        """Rule-protected model name -> a record of it the salesperson may not read."""
        hidden = {"res.partner": self.hidden_customer}
        hidden["customer.interaction"] = self.env["customer.interaction"].create({
            "name": "Hidden visit", "partner_id": self.hidden_customer.id, "channel": "meeting",
            "date": fields.Datetime.now(), "user_id": self.user_other.id})
        hidden["mail.channel"] = self.env["mail.channel"].create(
            {"name": "guard-hidden", "public": "private"})
        hidden["customer.dashboard.tile"] = self.env["customer.dashboard.tile"].create({
            "name": "Hidden Tile", "code": "guard_hidden_tile",
            "group_ids": [(6, 0, self.env.ref("customer_mgmt.group_customer_data_admin").ids)]})
        other_company = self.env["res.company"].create({"name": "Guard Other Company"})
        hidden["res.users"] = self.create_user(
            "guard_elsewhere", ["base.group_user"], company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)])
        hidden["res.company"] = other_company
        hidden["customer.pool"] = self.env["customer.pool"].create({
            "name": "Hidden Guard Pool", "user_ids": [(6, 0, self.user_other.ids)]})
        return hidden

    # ------------------------------------------------------------------ walking the registry

    def _field_modules(self, model, name):
        return {definition.args.get("_module") for definition in resolve_mro(
            model, name, lambda value: isinstance(value, fields.Field))}

    def _own_fields(self, model):
        """Names of the fields of ``model`` that the addon declares or redefines."""
        if model._original_module == self.addon:
            return [name for name in model._fields if name not in MAGIC_FIELDS]
        return [name for name in model._fields
                if self.addon in self._field_modules(model, name)]

    def _walked_models(self):
        """Every model of the registry on which the addon declares fields (SQL views left out)."""
        for name in sorted(self.env.registry):
            model = self.env[name]
            if model._abstract or not model._auto:
                continue
            own = self._own_fields(model)
            if own:
                yield model, own

    def _roles(self):
        return [self.user_plain, self.user_portal] + [self.users[role] for role in self.users]

    def _sample(self, model, field, record=None):
        """A well-typed value of the field, different from the record's where that is easy."""
        current = record[field.name] if record is not None else None
        kind = field.type
        if kind == "boolean":
            return not current
        if kind in ("char", "text"):
            return "forged"
        if kind == "html":
            return "<p>forged</p>"
        if kind == "integer":
            return 424242
        if kind in ("float", "monetary"):
            return 4242.5
        if kind == "date":
            return "2001-01-01"
        if kind == "datetime":
            return "2001-01-01 00:00:00"
        if kind == "selection":
            values = [value for value in field.get_values(self.env) if value != current]
            return values[0] if values else False
        if kind == "many2one":
            other = self.env[field.comodel_name].sudo().search(
                [("id", "!=", current.id if current else 0)], limit=1)
            return other.id
        if kind in ("one2many", "many2many"):
            return [(5,)]
        return None

    def _snapshot(self, record, names):
        return record.sudo().read([name for name in names if name in record._fields])

    # ------------------------------------------------------------------ the attacks

    def test_restricted_fields_refused_in_domains_groups_and_order(self):
        """Fields with groups= leak nothing through search, read_group or order= (class 1)."""
        checked = 0
        for model, own in self._walked_models():
            restricted = {name: model._fields[name].groups for name in own
                          if model._fields[name].groups}
            for name, groups in restricted.items():
                field = model._fields[name]
                for user in self._roles():
                    users_model = model.sudo(user)
                    if users_model.user_has_groups(groups) or not users_model.check_access_rights(
                            "read", raise_exception=False):
                        continue
                    with self.assertRaises(AccessError, msg="%s filtered on %s.%s" % (
                            user.login, model._name, name)) as error:
                        users_model.search([(name, "!=", False)])
                    self.assertIn(name, str(error.exception))
                    with self.assertRaises(AccessError):
                        users_model.search_count([(name, "!=", False)])
                    with self.assertRaises(AccessError):
                        users_model.name_search("", args=[(name, "!=", False)])
                    with self.assertRaises(AccessError, msg="%s sorted by %s.%s" % (
                            user.login, model._name, name)):
                        users_model.search([], order="%s desc" % name)
                    if field.store and field.column_type:
                        with self.assertRaises(AccessError, msg="%s grouped by %s.%s" % (
                                user.login, model._name, name)):
                            users_model.read_group([], [name], [name])
                        with self.assertRaises(AccessError, msg="%s aggregated %s.%s" % (
                                user.login, model._name, name)):
                            users_model.read_group([], [name, "id"], ["create_uid"])
                    checked += 1
                self._check_paths_to(model, name, groups)
                # The entitled still filter, group and sort on it.
                entitled = [user for user in self._roles()
                            if model.sudo(user).user_has_groups(groups)
                            and model.sudo(user).check_access_rights("read", raise_exception=False)]
                if entitled:
                    model.sudo(entitled[0]).search([(name, "!=", False)], order=name, limit=1)
        if any(model._fields[name].groups for model, own in self._walked_models() for name in own):
            self.assertTrue(checked, "no restricted field was attacked")

    def _check_paths_to(self, target, name, groups):
        """A dotted path through any many2one to the target model is refused as well."""
        for model, own in self._walked_models():
            for link_name, link in model._fields.items():
                if link.type != "many2one" or link.comodel_name != target._name:
                    continue
                for user in (self.user_plain, self.user_service, self.user_salesperson):
                    users_model = model.sudo(user)
                    if users_model.user_has_groups(groups) or not users_model.check_access_rights(
                            "read", raise_exception=False):
                        continue
                    with self.assertRaises(AccessError, msg="%s filtered on %s.%s.%s" % (
                            user.login, model._name, link_name, name)):
                        users_model.search([("%s.%s" % (link_name, name), "!=", False)])
                break

    def test_system_fields_refused_on_create_and_write(self):
        """System-maintained fields cannot be set by any user but the superuser (class 2)."""
        factories = self.record_factories()
        for model, own in self._walked_models():
            system = sorted(set(own) & model._guard_info().system)
            if not system or model.is_transient():
                continue
            self.assertIn(model._name, factories, "no record factory for %s" % model._name)
            record = factories[model._name]()
            for name in system:
                field = model._fields[name]
                value = self._sample(model, field, record)
                before = self._snapshot(record, [name])
                for user in self._roles():
                    with self.assertRaises(AccessError, msg="%s wrote %s.%s" % (
                            user.login, model._name, name)) as error:
                        record.sudo(user).write({name: value})
                    self.assertIn(name, str(error.exception))
                    with self.assertRaises(AccessError, msg="%s created with %s.%s" % (
                            user.login, model._name, name)):
                        model.sudo(user).create({name: value})
                    with self.assertRaises(AccessError, msg="%s defaulted %s.%s" % (
                            user.login, model._name, name)):
                        model.sudo(user).with_context(**{"default_" + name: value}).create({})
                self.assertEqual(self._snapshot(record, [name]), before)

    def _bad_values(self, model, field):
        """Values of the wrong type or impossible ones for a field."""
        kind = field.type
        if kind in ("char", "text", "html"):
            return [12345, {"zh_CN": "x"}]
        if kind == "integer":
            return ["twelve", 2 ** 40, 1.5]
        if kind in ("float", "monetary"):
            return ["a lot", float("nan")]
        if kind == "date":
            return ["2024-02-30", "yesterday", 20240101]
        if kind == "datetime":
            return ["2024-13-01 10:00:00", "now"]
        if kind == "selection":
            return ["no_such_value"]
        if kind == "many2one":
            return ["Acme", 3.5, [1, 2], 2 ** 31 + 7]
        if kind in ("one2many", "many2many"):
            return ["Acme", [("x", 1)]]
        return []

    def _validated_by_addon(self, model):
        """Whether the addon answers for the type checks of all of the model's fields."""
        return model._guard_info().validated and (
            model._original_module == self.addon
            or model._name in CORE_VALIDATED_MODELS and self.addon == "customer_mgmt")

    def _validated_fields(self, model, own):
        if not model._guard_info().validated:
            return []
        names = list(model._fields) if self._validated_by_addon(model) else own
        return [model._fields[name] for name in names
                if name not in MAGIC_FIELDS and name not in model._guard_info().system
                and model._fields[name].store and not model._fields[name].compute
                and not model._fields[name].company_dependent]

    @mute_logger("odoo.sql_db")
    def test_bad_values_refused_with_the_field_and_value(self):
        """Wrong types and impossible values get a clear error and save nothing (class 7)."""
        factories = self.record_factories()
        admin = self.env["res.users"].browse(SUPERUSER_ID)
        for model, own in self._walked_models():
            checked = self._validated_fields(model, own)
            if not checked or model.is_transient():
                continue
            self.assertIn(model._name, factories, "no record factory for %s" % model._name)
            record = factories[model._name]()
            count = model.sudo().with_context(active_test=False).search_count([])
            for field in checked:
                before = self._snapshot(record, [field.name])
                for value in self._bad_values(model, field):
                    with self.assertRaises(ValidationError, msg="%s.%s accepted %r" % (
                            model._name, field.name, value)) as error:
                        record.sudo(admin).write({field.name: value})
                    self.assertIn(field.name, error.exception.name)
                    with self.assertRaises(ValidationError):
                        model.sudo(admin).create({field.name: value})
                self.assertEqual(self._snapshot(record, [field.name]), before)
            self.assertEqual(model.sudo().with_context(active_test=False).search_count([]), count)

    def test_blank_and_overlong_names_refused(self):
        """Names and required texts of only spaces, and names past the limit, are refused."""
        factories = self.record_factories()
        for model, own in self._walked_models():
            if not self._validated_by_addon(model) or model.is_transient():
                continue
            info = model._guard_info()
            names = [name for name, field in model._fields.items()
                     if field.type == "char" and name not in info.system and field.store
                     and not field.compute and (field.required or name == model._rec_name)]
            if not names:
                continue
            record = factories[model._name]()
            before = self._snapshot(record, names)
            for name in names:
                for value in ("   ", "\u3000\t"):
                    with self.assertRaises(ValidationError, msg="%s.%s accepted a blank text" % (
                            model._name, name)):
                        record.write({name: value})
                if name == model._rec_name:
                    limit = getattr(model._fields[name], "size", None) or NAME_MAX_LENGTH
                    with self.assertRaises(ValidationError) as error:
                        record.write({name: "名" * (limit + 1)})
                    self.assertIn(str(limit), error.exception.name)
            self.assertEqual(self._snapshot(record, names), before)

    def test_links_to_unreadable_or_missing_records_refused(self):
        """A link to a record the user may not read, or to none, is refused (class 3)."""
        factories = self.record_factories()
        hidden = self.hidden_records()
        salesperson = self.user_salesperson
        for model, own in self._walked_models():
            linked = sorted(set(own) & model._guard_info().linked - model._guard_info().system)
            if not linked or model.is_transient():
                continue
            record = None
            for name in linked:
                field = model._fields[name]
                comodel = self.env[field.comodel_name]
                if not comodel.sudo(salesperson).check_access_rights("read", raise_exception=False):
                    continue  # no link to it passes the guard; the ORM refuses its reads
                if comodel._name not in hidden and comodel.sudo(salesperson).with_context(
                        active_test=False).search_count([]) == comodel.sudo().with_context(
                        active_test=False).search_count([]):
                    continue  # the salesperson reads every record of the comodel
                self.assertIn(comodel._name, hidden, "no hidden %s for the salesperson, to link "
                              "from %s.%s" % (comodel._name, model._name, name))
                target = hidden[comodel._name]
                self.assertFalse(comodel.sudo(salesperson).search([("id", "=", target.id)]))
                value = target.id if field.type == "many2one" else [(4, target.id)]
                record = record or factories[model._name]()
                before = self._snapshot(record, [name])
                with self.assertRaises(AccessError, msg="%s linked %s.%s to a hidden %s" % (
                        salesperson.login, model._name, name, comodel._name)):
                    record.sudo(salesperson).write({name: value})
                with self.assertRaises(AccessError):
                    model.sudo(salesperson).create({name: value})
                if field.type == "many2one":
                    with self.assertRaises(AccessError, msg="%s defaulted %s.%s to a hidden %s" % (
                            salesperson.login, model._name, name, comodel._name)):
                        model.sudo(salesperson).with_context(
                            **{"default_" + name: target.id}).create({})
                self.assertEqual(self._snapshot(record, [name]), before)
            for name in linked:
                field = model._fields[name]
                missing = self.env[field.comodel_name].sudo().with_context(
                    active_test=False).search([], order="id desc", limit=1).id + 1000
                value = missing if field.type == "many2one" else [(6, 0, [missing])]
                record = record or factories[model._name]()
                with self.assertRaises(ValidationError, msg="%s.%s linked to a missing record" % (
                        model._name, name)):
                    record.write({name: value})

    def test_every_walked_model_has_a_factory(self):
        """The suite attacks every model of the addon: a new model needs a factory here."""
        factories = self.record_factories()
        for model, own in self._walked_models():
            if model.is_transient() or not model._guard_info().validated:
                continue
            self.assertIn(model._name, factories, "no record factory for %s" % model._name)

