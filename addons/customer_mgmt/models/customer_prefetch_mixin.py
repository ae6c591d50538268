from odoo import api, models


class CustomerPrefetchMixin(models.AbstractModel):
    """Prefetching partners without building the ``read()`` result that Odoo throws away."""

    _name = "customer.prefetch.mixin"
    _description = "Prefetch of Customers"

    @api.multi
    def _prefetch_field(self, field):
        """Odoo 11 prefetches through ``read()``, converting every prefetched column of every
        row into result dicts it uses only when the cache still misses the value: on partners,
        ~120 columns a row. The same checks and the same query, without the dicts, and only
        the one column for rows a client has already read; Odoo's own path when the value is
        still missing (its errors and fallbacks) or in onchanges."""
        if self.env.in_onchange or not (
                field.prefetch and self._context.get("prefetch_fields", True)):
            return super()._prefetch_field(field)
        records = self._in_cache_without(field)
        names = {field.name}
        names.update(other.name for other in self._prefetchable_fields()
                     if not (other.compute and self.env.field_todo(other)))
        records -= self.env.field_todo(field)
        if self not in records:
            return super()._prefetch_field(field)
        records = records.with_prefetch(self._prefetch)
        records.check_access_rights("read")
        # Rows a client has read (it always asks for display_name: lists, kanbans, forms)
        # came with the columns it shows: when a related record needs one value of theirs
        # (a salesperson's name on a list of customers), they get that column only, not
        # all ~200 of a partner again.
        # (Odoo 11's cache holds a computed field's values per environment: any will do.)
        read_ids = self.env.cache._data[self._fields["display_name"]]
        shown = records.browse([record.id for record in records if read_ids.get(record.id)])
        if shown:
            shown._read_from_database(shown.check_field_access_rights("read", [field.name]))
            records -= shown
        if records:
            records._read_from_database(records.check_field_access_rights("read", list(names)))
        if not self.env.cache.contains_value(self, field):
            return super()._prefetch_field(field)
        return None

    @api.model
    def _prefetchable_fields(self):
        """The prefetched fields this user may read, once per user (``_registry_memo``)."""
        memo = self._registry_memo()
        key = ("prefetch", self._uid, self._name)
        found = memo.get(key)
        if found is None:
            found = memo[key] = tuple(
                other for other in self._fields.values()
                if other.prefetch and not (other.groups and not self.user_has_groups(other.groups)))
        return found
