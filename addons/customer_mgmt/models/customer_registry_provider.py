"""Where registry extracts come from: an interface, and the file provider searching the table."""
from odoo import api, models

from ..utils import settings
from ..utils.registration import registration_key

PROVIDER_PARAM = "customer_mgmt.registry_provider"
DEFAULT_PROVIDER = "customer.registry.provider.file"


class CustomerRegistryProvider(models.AbstractModel):
    """A source of company registry records: a paid data service would implement one more."""

    _name = "customer.registry.provider"
    _description = "Company Registry Provider"

    @api.model
    def _registry_lookup(self, uscc=None, name=None):
        """customer.registry.record rows matching the USCC, else the name (best first)."""
        raise NotImplementedError()

    @api.model
    def _registry_provider_models(self):
        """[(model name, description)] of the installed providers, for the setting."""
        return sorted(
            (name, self.env[name]._description) for name in self.env.registry
            if name != self._name and self._name in (
                [self.env[name]._inherit] if isinstance(self.env[name]._inherit, str)
                else list(self.env[name]._inherit or [])))

    @api.model
    def _registry_provider(self):
        """The provider chosen in the settings (the file provider when unset or unknown)."""
        allowed = [name for name, _label in self._registry_provider_models()]
        return self.env[settings.get_selection(self.env, PROVIDER_PARAM, DEFAULT_PROVIDER, allowed)]


class CustomerRegistryProviderFile(models.AbstractModel):
    """The registry records imported from files: exact USCC, exact or former name, similar name."""

    _name = "customer.registry.provider.file"
    _inherit = "customer.registry.provider"
    _description = "Imported Registry Files"

    @api.model
    def _registry_lookup(self, uscc=None, name=None):
        Record = self.env["customer.registry.record"]
        if not Record.check_access_rights("read", raise_exception=False):
            return Record.browse()
        key = registration_key(uscc, "CN") if uscc else False
        if key:
            found = Record.search([("uscc", "=", key)], limit=1)
            if found:
                return found
        if name:
            threshold = self.env["res.partner"]._duplicate_similarity_threshold()
            return Record._registry_search_name(name, threshold)
        return Record.browse()
