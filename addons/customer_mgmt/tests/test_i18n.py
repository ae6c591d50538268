import os

from odoo.modules.module import get_module_path

from .common import CustomerCase

ADDONS = ("customer_mgmt", "customer_feedback", "customer_lifecycle", "customer_privacy")


def read_po(path):
    """Return [(msgid, msgstr)] of a .po file, multi-line strings joined."""
    import ast
    entries, current, key = [], {}, None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("msgid "):
            if "msgid" in current:
                entries.append((current["msgid"], current.get("msgstr", "")))
            current, key = {"msgid": ast.literal_eval(line[6:])}, "msgid"
        elif line.startswith("msgstr "):
            current["msgstr"], key = ast.literal_eval(line[7:]), "msgstr"
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    if "msgid" in current:
        entries.append((current["msgid"], current.get("msgstr", "")))
    return [entry for entry in entries if entry[0]]


class TestI18n(CustomerCase):
    """Chinese users see the product in Chinese."""

    def test_every_term_translated(self):
        for addon in ADDONS:
            path = get_module_path(addon)
            if not path:
                continue
            po_path = os.path.join(path, "i18n", "zh_CN.po")
            self.assertTrue(os.path.isfile(po_path), "%s ships no zh_CN.po" % addon)
            missing = [msgid for msgid, msgstr in read_po(po_path) if not msgstr]
            self.assertFalse(missing, "%s: untranslated terms: %s" % (addon, missing[:10]))

    def test_menu_in_chinese(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_mgmt"], ["zh_CN"])
        menu = self.env.ref("customer_mgmt.customer_mgmt_menu_root")
        self.assertEqual(menu.with_context(lang="zh_CN").name, "客户")
        self.assertEqual(menu.with_context(lang="en_US").name, "Customers")

    def test_chinese_notification_e_mails_keep_their_subject(self):
        """Odoo 11's zh_CN notification template loses the subject; ours keeps it."""
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["mail"], ["zh_CN"])
        reader = self.create_user("i18n_reader", ["base.group_user"], lang="zh_CN")
        customer = self.create_customer("Kunming Subject Trading Co., Ltd.")
        message = customer.message_post(
            body="<p>正文</p>", subject="主题：月度报告", partner_ids=reader.partner_id.ids,
            message_type="comment", subtype="mail.mt_comment")
        self.assertTrue(message.notification_ids.filtered("is_email"), "the reader is e-mailed")
        self.assertEqual(message.subject, "主题：月度报告")

    def test_core_chinese_corrected_where_our_users_read_it(self):
        """Odoo 11's 摘要 for Tags, 工业 for Industry, 晚活动, 截至 N 天 and 由于 are corrected."""
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["base", "mail", "crm"], ["zh_CN"])
        labels = self.env["res.partner"].with_context(lang="zh_CN").fields_get(
            ["category_id", "industry_id", "zip"], attributes=["string"])
        self.assertEqual([labels[name]["string"] for name in ("category_id", "industry_id", "zip")],
                         ["标签", "行业", "邮编"])
        translations = self.env["ir.translation"]
        for source, expected in (("Due in %d days", "%d 天后到期"), ("for", "负责人"),
                                 (", due on", "，到期日")):
            self.assertEqual(translations._get_source(None, ("code",), "zh_CN", source), expected)
        self.env.cr.execute(
            "SELECT src, value FROM ir_translation WHERE lang = 'zh_CN' AND (src, value) IN %s",
            ((("Late Activities", "晚活动"), ("Tags", "摘要"), ("Industry", "工业"),
              ("ZIP", "ZIP")),))
        self.assertEqual(self.env.cr.fetchall(), [])
        form = self.env["res.partner"].with_context(lang="zh_CN").fields_view_get(
            view_id=self.env.ref("base.view_partner_form").id)["arch"]
        self.assertNotIn("BE0477472701", form)

    def test_english_is_active_after_installation(self):
        """A database created with Chinese loaded leaves English inactive: our data activates it."""
        from odoo.tools import convert_file
        self.env.cr.execute("UPDATE res_lang SET active = FALSE WHERE code = 'en_US'")
        self.env["res.lang"].clear_caches()
        self.assertNotIn("en_US", dict(self.env["res.lang"].get_installed()))
        convert_file(self.env.cr, "customer_mgmt", "data/res_lang_data.xml", {}, "init", False, "data")
        self.env["res.lang"].invalidate_cache()
        self.assertIn("en_US", dict(self.env["res.lang"].get_installed()))
        self.assertIn("en_US", dict(self.env["res.users"].fields_get(["lang"])["lang"]["selection"]))

    def test_users_get_their_language_where_it_is_installed(self):
        self.env["res.lang"].load_lang("zh_CN")
        chinese, english = (self.create_user("lang_%s" % key, ["base.group_user"]) for key in "ab")
        for user in (chinese, english):
            self.env["ir.model.data"].create({
                "module": "customer_mgmt_test", "name": user.login, "model": "res.users",
                "res_id": user.id})
        users = self.env["res.users"]._customer_mgmt_set_languages({
            "customer_mgmt_test.%s" % chinese.login: "zh_CN",
            "customer_mgmt_test.%s" % english.login: "fr_FR"})
        self.assertEqual(users, chinese)  # French is not installed: left as it was
        self.assertEqual((chinese.lang, english.lang), ("zh_CN", "en_US"))
