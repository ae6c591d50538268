"""Masking (脱敏) of the contact fields of documents linked to a customer (a lead's phone and
e-mail, a ticket's e-mail): masked for the user as the same fields of the linked customer are.

One definition: the customer's mask map (``res.partner._mask_map``); no policy of its own.
A model inheriting the mixin names its fields and the partner fields they copy in
``_mask_linked_fields`` and its links to the customer in ``_mask_linked_partners`` (the
first one set decides); its create and write call ``_mask_linked_write_vals`` first.
"""
from odoo import SUPERUSER_ID, api, models

from ..utils.masking import MASK_CHAR, export_masked, mask_value, masked_values_sent_back


class CustomerMaskLinkedMixin(models.AbstractModel):
    """Read, export, onchange and write-back of contact fields copied from a customer."""

    _name = "customer.mask.linked.mixin"
    _description = "Masking of Contact Data Copied From a Customer"

    # {document field: partner field}, and the many2one fields to the partner, in order.
    _mask_linked_fields = {}
    _mask_linked_partners = ("partner_id",)

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        """The copied contact fields masked as the customer's (search_read too)."""
        return self._mask_linked_rows(super().read(fields, load=load))

    @api.multi
    def onchange(self, values, field_name, field_onchange):
        """Values an onchange copies from the customer come masked when they are masked on
        the customer (only a value equal to the customer's real one)."""
        result = super().onchange(values, field_name, field_onchange)
        changed = result.get("value")
        if not changed:
            return result
        Partner = self.env["res.partner"]
        for link in self._mask_linked_partners:
            partner = changed[link] if link in changed else values.get(link)
            if isinstance(partner, (list, tuple)):
                partner = partner[0] if partner else False
            if partner:
                Partner._mask_copied_values(changed, partner, self._mask_linked_fields)
        return result

    @api.multi
    def _export_rows(self, fields, batch_invalidate=True):
        """Exports show the copied contact fields masked as on the form."""
        names = [path[0] for path in fields
                 if path and len(path) == 1 and path[0] in self._mask_linked_fields]
        masks = self._mask_linked_formats(names) if names else {}
        if not masks:
            return super()._export_rows(fields, batch_invalidate=batch_invalidate)

        def export(records, batch):
            return super(CustomerMaskLinkedMixin, records)._export_rows(
                fields, batch_invalidate=batch_invalidate and batch)

        def mask_cell(_record, name, formats, cell):
            return mask_value(formats[name], cell) if name in formats else cell

        return export_masked(self, fields, masks, export, mask_cell)

    @api.multi
    def _mask_linked_partner_ids(self):
        """{record id: id of the customer deciding its masks}, read as the system."""
        ids = [record_id for record_id in self.ids if isinstance(record_id, int)]
        result = {}
        for record in self.sudo().browse(ids):
            partner = next((record[link] for link in self._mask_linked_partners if record[link]),
                           None)
            if partner:
                result[record.id] = partner.id
        return result

    @api.multi
    def _mask_linked_formats(self, field_names=None):
        """{record id: {field: format}} of the copied fields masked for the user."""
        fields_map = self._mask_linked_fields
        names = [name for name in (field_names or fields_map) if name in fields_map]
        if self.env.uid == SUPERUSER_ID or not names:
            return {}
        partners = self._mask_linked_partner_ids()
        if not partners:
            return {}
        masks = self.env["res.partner"].browse(sorted(set(partners.values())))._mask_map(
            [fields_map[name] for name in names])
        result = {}
        for record_id, partner_id in partners.items():
            formats = masks.get(partner_id, {})
            record_formats = {name: formats[fields_map[name]] for name in names
                              if fields_map[name] in formats}
            if record_formats:
                result[record_id] = record_formats
        return result

    @api.multi
    def _mask_linked_rows(self, rows):
        """The rows of ``read`` with the values masked for the user replaced, in place."""
        names = [name for name in (rows[0] if rows else ()) if name in self._mask_linked_fields]
        masks = self.browse([row["id"] for row in rows])._mask_linked_formats(names) \
            if names else {}
        for row in rows if masks else ():
            for name, mask_format in masks.get(row["id"], {}).items():
                row[name] = mask_value(mask_format, row[name])
        return rows

    @api.multi
    def _mask_linked_write_vals(self, vals):
        """Save step (first): a masked value sent back unchanged keeps the real one. With a
        customer in the values (a form filled by an onchange), that customer's real value is
        saved; else the value is dropped, so the record's real value stays."""
        fields_map = self._mask_linked_fields
        names = [name for name in fields_map
                 if isinstance(vals.get(name), str) and MASK_CHAR in vals[name]]
        if not names or self.env.uid == SUPERUSER_ID:
            return vals
        links = [vals[link] for link in self._mask_linked_partners if vals.get(link)]
        if links:
            vals = dict(vals)
            Partner = self.env["res.partner"]
            for partner in Partner.browse(links):
                formats = partner._mask_map([fields_map[name] for name in names]).get(
                    partner.id, {})
                for name in names:
                    source = fields_map[name]
                    real = partner.sudo()[source]
                    if source in formats and real and \
                            mask_value(formats[source], real) == vals[name]:
                        vals[name] = real
            return vals
        if not self:
            return vals
        unchanged = masked_values_sent_back(
            vals, names, self._mask_linked_formats(names), self.sudo().browse(self.ids))
        return {key: value for key, value in vals.items() if key not in unchanged}
