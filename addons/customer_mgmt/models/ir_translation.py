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
        # crm.team is a sales team on our screens (docs/glossary.md), never 销售渠道 (channel).
        (None, "Sales Channel", "销售团队"),
        (None, "Sales Channels", "销售团队"),
        (None, "Team Leader", "团队主管"),  # Odoo: 团队负责人
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
        """Our own addons' translations replace the ones loaded before (Odoo keeps existing
        values on an update), so that a corrected Chinese term reaches upgraded databases."""
        own = [module for module in modules if module.startswith("customer_")]
        others = [module for module in modules if module not in own]
        result = True
        if others:
            result = super().load_module_terms(others, langs)
        if own:
            result = super(IrTranslation, self.with_context(overwrite=True)).load_module_terms(
                own, langs) and result
        self._customer_label_colliding_fields()
        self._customer_correct_core_terms()
        return result

    @api.model
    def _customer_label_colliding_fields(self):
        """Translate our field labels that the .po files cannot reach.

        Odoo 11 names a field's record ``field_<model>_<field>``; when that name is taken (the
        field ``category_id`` of ``customer.feedback`` and the ``id`` of
        ``customer.feedback.category``) it appends the database id, so the exported .po entry
        names a record that no other database has. Such a label takes the translation our own
        terms give its source elsewhere.
        """
        self.env.cr.execute("""
            INSERT INTO ir_translation (lang, type, name, res_id, src, value, module, state)
            SELECT DISTINCT ON (f.id, t.lang) t.lang, 'model', 'ir.model.fields,field_description',
                   f.id, f.field_description, t.value, d.module, 'translated'
              FROM ir_model_fields f
              JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
                                  AND d.module LIKE %s
              JOIN ir_translation t ON t.src = f.field_description AND t.module LIKE %s
                                   AND coalesce(t.value, '') != ''
             WHERE NOT EXISTS (SELECT 1 FROM ir_translation x
                                WHERE x.type = 'model' AND x.name = 'ir.model.fields,field_description'
                                  AND x.res_id = f.id AND x.lang = t.lang)
             ORDER BY f.id, t.lang, t.id""", (OWN_MODULE_PATTERN, OWN_MODULE_PATTERN))

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
