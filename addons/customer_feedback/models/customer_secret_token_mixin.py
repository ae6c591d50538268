"""Tokens of public links (rating and survey invitation links) are secrets of their managers."""
import re

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError


class CustomerSecretTokenMixin(models.AbstractModel):
    """A token that lets anyone act as the customer through a public link.

    Outside the token's managers nobody reads it on the records of ``_secret_token_domain``,
    and nobody filters, sorts or groups by it (which would reveal it character by character).
    The token routes and the e-mails work as superuser.
    """

    _name = "customer.secret.token.mixin"
    _description = "Secret Link Token"

    # Set by the models using the mixin.
    _secret_token_field = None
    _secret_token_group = None
    # The records whose token is hidden (their domain); all of them by default.
    _secret_token_domain = []

    @api.model
    def _secret_token_hidden(self):
        return self._uid != SUPERUSER_ID and not self.env.user.has_group(self._secret_token_group)

    @api.model
    def _secret_token_refuse(self, where):
        raise AccessError(
            _("The field %(field)s of %(model)s is a secret link token: it cannot be used in "
              "%(where)s.") % {"field": self._secret_token_field, "model": self._description,
                               "where": where})

    @api.model
    def _secret_token_in_spec(self, specs):
        """Whether a list of field specs ("name", "name desc", "alias:max(name)"...) uses it."""
        pattern = re.compile(r"\b%s\b" % re.escape(self._secret_token_field))
        return any(isinstance(spec, str) and pattern.search(spec) for spec in specs or [])

    @api.model
    def _where_calc(self, domain, active_test=True):
        if self._secret_token_hidden() and any(
                isinstance(leaf, (list, tuple)) and len(leaf) == 3 and isinstance(leaf[0], str)
                and leaf[0].split(".")[0] == self._secret_token_field for leaf in domain or []):
            self._secret_token_refuse(_("a search"))
        return super()._where_calc(domain, active_test=active_test)

    @api.model
    def _generate_order_by(self, order_spec, query):
        if order_spec and self._secret_token_hidden() \
                and self._secret_token_in_spec(order_spec.split(",")):
            self._secret_token_refuse(_("a sort order"))
        return super()._generate_order_by(order_spec, query)

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        groupbys = [groupby] if isinstance(groupby, str) else groupby
        if self._secret_token_hidden() and (
                self._secret_token_in_spec(fields) or self._secret_token_in_spec(groupbys)
                or self._secret_token_in_spec((orderby or "").split(","))):
            self._secret_token_refuse(_("a grouping"))
        return super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                  orderby=orderby, lazy=lazy)

    @api.multi
    def _read_from_database(self, field_names, inherited_field_names=()):
        """Hidden tokens are read as empty, by read() and by the records' attributes alike."""
        super()._read_from_database(field_names, inherited_field_names)
        name = self._secret_token_field
        if name in field_names and self._secret_token_hidden():
            field = self._fields[name]
            secret = self.sudo().search([("id", "in", self.ids)] + list(self._secret_token_domain))
            for record in self.browse(secret.ids):
                # Records refused by the rules keep their access error.
                if self.env.cache.contains_value(record, field):
                    self.env.cache.set(record, field, False)
