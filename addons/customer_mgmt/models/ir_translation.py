"""Odoo 11's own Chinese, corrected where it breaks what our users receive."""
from odoo import api, models

# Core translations that break their template: Odoo 11's zh_CN turns the "or" of the
# notification e-mail's subject expression into 或, so every e-mail notifying a Chinese
# recipient (and the message it belongs to) loses its subject. The expression holds nothing
# to translate: its source is used in every language.
UNTRANSLATED_CORE_TERMS = (
    ("mail.template,subject", "mail.mail_template_data_notification_email_default"),
)


class IrTranslation(models.Model):
    """Undoes the broken core translations each time terms are loaded (install, update, new language)."""

    _inherit = "ir.translation"

    @api.model
    def create(self, vals):
        """Refuse users without the right first: Odoo's create inserts as superuser, then checks."""
        self.check_access_rights("create")
        return super().create(vals)

    @api.model
    def load_module_terms(self, modules, langs):
        result = super().load_module_terms(modules, langs)
        self._customer_untranslate_core_terms()
        return result

    @api.model
    def _customer_untranslate_core_terms(self):
        """Give the listed core fields their source in every language."""
        for name, xmlid in UNTRANSLATED_CORE_TERMS:
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record:
                self.env.cr.execute(
                    "UPDATE ir_translation SET value = src WHERE type = 'model' AND name = %s "
                    "AND res_id = %s AND value IS DISTINCT FROM src", (name, record.id))
        self.clear_caches()
