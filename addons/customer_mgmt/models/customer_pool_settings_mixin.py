"""The settings of the public customer pool: fields, defaults, check and storage.

Customer managers run the pool and cannot open Odoo's Settings (administrators only), so the
managers' Pool Settings wizard is the one form that edits them; Odoo's Settings link to it.
The values are kept as system parameters ``customer_mgmt.pool_<key>`` that the pool code
reads (customer_pool_mixin.py).
"""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils import settings

PARAM_PREFIX = "customer_mgmt.pool_"
POOL_DEFAULTS = {
    "max_customers": 0,
    "cooldown_days": 0,
    "release_days": 90,
    "warning_days": 7,
}
# Integer fields of the pool settings forms -> POOL_DEFAULTS key (system parameter suffix).
POOL_INTEGER_SETTINGS = {
    "customer_pool_max_customers": "max_customers",
    "customer_pool_cooldown_days": "cooldown_days",
    "customer_pool_release_days": "release_days",
    "customer_pool_warning_days": "warning_days",
}
RELEASE_KEY_ACCOUNTS_FIELD = "customer_pool_release_key_accounts"
RELEASE_KEY_ACCOUNTS_PARAM = PARAM_PREFIX + "release_key_accounts"


def pool_param(env, key):
    """An integer pool setting (never negative), its default when unset or unreadable."""
    return settings.get_int(env, PARAM_PREFIX + key, POOL_DEFAULTS[key], minimum=0)


def pool_release_key_accounts(env):
    """Whether the automatic release also takes key accounts (default: no)."""
    return settings.get_bool(env, RELEASE_KEY_ACCOUNTS_PARAM, False)


class CustomerPoolSettingsMixin(models.AbstractModel):
    _name = "customer.pool.settings.mixin"
    _description = "Public Customer Pool Settings Fields"

    # Odoo 11 has no config_parameter=: the forms read and store them as system parameters.
    customer_pool_max_customers = fields.Integer(
        string="Maximum Customers per Salesperson", default=POOL_DEFAULTS["max_customers"],
        help="The most customer accounts one salesperson may hold; claims beyond it are "
             "refused. 0 means no limit.")
    customer_pool_cooldown_days = fields.Integer(
        string="Wait Before Claiming Again (Days)", default=POOL_DEFAULTS["cooldown_days"],
        help="Days before a salesperson may claim again a customer they held when it went "
             "back to the pool. 0 means no cooldown.")
    customer_pool_release_days = fields.Integer(
        string="Release After (Days Without Interaction)", default=POOL_DEFAULTS["release_days"],
        help="Customers without interaction and without open opportunity for this many days "
             "go back to the pool automatically; a tier may set its own period. 0 disables the "
             "automatic release.")
    customer_pool_warning_days = fields.Integer(
        string="Release Warning (Days Before)", default=POOL_DEFAULTS["warning_days"],
        help="The salesperson gets a warning activity this many days before the customer goes "
             "back to the pool.")
    customer_pool_release_key_accounts = fields.Boolean(
        string="Release Key Accounts Too",
        help="By default, customers of a key-account tier never go back to the pool "
             "automatically.")

    @api.constrains(*POOL_INTEGER_SETTINGS)
    def _check_customer_pool_settings(self):
        labels = self.fields_get(list(POOL_INTEGER_SETTINGS), ["string"])
        for record in self:
            for name in POOL_INTEGER_SETTINGS:
                if record[name] < 0:
                    raise ValidationError(_("%(field)s cannot be negative (%(value)s).") % {
                        "field": labels[name]["string"], "value": record[name]})

    @api.model
    def _pool_settings_values(self):
        """Current values of the fields, read from the system parameters."""
        values = {name: pool_param(self.env, key) for name, key in POOL_INTEGER_SETTINGS.items()}
        values[RELEASE_KEY_ACCOUNTS_FIELD] = pool_release_key_accounts(self.env)
        return values

    @api.multi
    def _pool_settings_save(self):
        """Store the values of this form as the system parameters."""
        self.ensure_one()
        params = self.env["ir.config_parameter"].sudo()
        for name, key in POOL_INTEGER_SETTINGS.items():
            params.set_param(PARAM_PREFIX + key, str(self[name]))
        params.set_param(RELEASE_KEY_ACCOUNTS_PARAM,
                         "True" if self[RELEASE_KEY_ACCOUNTS_FIELD] else "False")
        # Administrators may use the pool settings in record rules they tune.
        self.env["ir.rule"].clear_caches()
