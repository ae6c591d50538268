"""Odoo 11's own Chinese, corrected where our users read it (never a patch of Odoo's files)."""
from odoo import api, models

# Core translations that break their template: Odoo 11's zh_CN turns the "or" of the
# notification e-mail's subject expression into 或, so every e-mail notifying a Chinese
# recipient (and the message it belongs to) loses its subject. The expression holds nothing
# to translate: its source is used in every language.
UNTRANSLATED_CORE_TERMS = (
    ("mail.template,subject", "mail.mail_template_data_notification_email_default"),
)
# Core terms whose zh_CN translation misleads on our screens: (core modules or None for all
# of them, source, corrected Chinese).
CORE_TERM_CORRECTIONS = {
    "zh_CN": (
        (None, "Tags", "标签"),  # Odoo: 摘要 (summary) on the partner form
        (None, "Tags...", "标签..."),
        (None, "Industry", "行业"),  # Odoo: 工业 (manufacturing industry)
        (None, "Is a Company", "是否公司"),  # Odoo: 公司, the label of the company field too
        (None, "Sales Channel", "销售团队"),  # Odoo 11 names sales teams channels: 销售渠道
        # Odoo: 否 (no) for "true": the import then reads 否 as yes (ir.fields.converter
        # takes every language's words for true before those for false).
        (("base",), "true", "真"),
        (None, "ZIP", "邮编"),  # Odoo: left in English on the partner form
        (None, "Zip", "邮编"),
        (None, "Late Activities", "逾期活动"),  # Odoo: 晚活动 (evening activities)
        (("mail",), "Due in %d days", "%d 天后到期"),  # Odoo: 截至 %d 天 (up to N days)
        (("mail",), ", due on", "，到期日"),
        (("mail",), "for", "负责人"),  # Odoo: 由于 (because of) before the assignee
        (None, "e.g. BE0477472701", "例如：91310000MA1FL4XQ0X"),  # a USCC, not a Belgian VAT
    ),
}
OWN_MODULE_PATTERN = "customer\\_%"


class IrTranslation(models.Model):
    """Corrects the core translations each time terms are loaded (install, update, new language)."""

    _inherit = "ir.translation"

    @api.model
    def create(self, vals):
        """Refuse users without the right first: Odoo's create inserts as superuser, then checks."""
        self.check_access_rights("create")
        return super().create(vals)

    @api.model
    def load_module_terms(self, modules, langs):
        result = super().load_module_terms(modules, langs)
        self._customer_correct_core_terms()
        return result

    @api.model
    def _customer_correct_core_terms(self):
        """Give the listed core terms their source or their corrected translation."""
        cr = self.env.cr
        for name, xmlid in UNTRANSLATED_CORE_TERMS:
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record:
                cr.execute(
                    "UPDATE ir_translation SET value = src WHERE type = 'model' AND name = %s "
                    "AND res_id = %s AND value IS DISTINCT FROM src", (name, record.id))
        for lang, corrections in CORE_TERM_CORRECTIONS.items():
            for modules, source, value in corrections:
                cr.execute(
                    "UPDATE ir_translation SET value = %s, state = 'translated' WHERE lang = %s "
                    "AND src = %s AND module NOT LIKE %s AND (%s OR module IN %s) "
                    "AND value IS DISTINCT FROM %s",
                    (value, lang, source, OWN_MODULE_PATTERN, modules is None,
                     tuple(modules or ("",)), value))
        self.clear_caches()
