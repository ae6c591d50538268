"""Shared base for the customer addons' tests: factories and one user per role."""
import io
import subprocess
import tempfile
import unicodedata
from datetime import timedelta

from PyPDF2 import PdfFileReader

from odoo import fields
from odoo.tests.common import SavepointCase

# Radicals whose glyph Noto Sans CJK SC shares with a simplified ideograph.
PDF_RADICALS = str.maketrans(
    "⼾⻛⻓⻔⻢⻚⻜⻥⻦⻬⻮⻰⻳⻋⻉⻆⻘⻙⻨⻩⻪⻧⻣⻤⻝",
    "户风长门马页飞鱼鸟齐齿龙龟车贝角青韦麦黄黾卤骨鬼食")

ROLE_GROUPS = {
    # Ordered from the least to the most privileged role.
    "service": "customer_mgmt.group_customer_service",
    "salesperson": "customer_mgmt.group_customer_salesperson",
    "leader": "customer_mgmt.group_customer_team_leader",
    "manager": "customer_mgmt.group_customer_manager",
    "data_admin": "customer_mgmt.group_customer_data_admin",
}


class CustomerCase(SavepointCase):
    """Creates one user per role and offers factories for customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(
            cls.env.context, tracking_disable=False, mail_create_nosubscribe=True,
            mail_notrack=False, no_reset_password=True))
        # Tests run with the strict settings: invalid phones refused, short names refused.
        cls.env["ir.config_parameter"].sudo().set_param("customer_mgmt.phone_validation", "block")
        cls.env.ref("customer_mgmt.customer_naming_rule_min_length").sudo().severity = "block"
        cls.users = {}
        for role, group_xmlid in ROLE_GROUPS.items():
            cls.users[role] = cls.create_user(role, [group_xmlid])
        cls.user_service = cls.users["service"]
        cls.user_salesperson = cls.users["salesperson"]
        cls.user_leader = cls.users["leader"]
        cls.user_manager = cls.users["manager"]
        cls.user_data_admin = cls.users["data_admin"]
        cls.user_plain = cls.create_user("plain", ["base.group_user"])
        cls.user_admin = cls.create_user(
            "admin", ["customer_mgmt.group_customer_data_admin", "base.group_system"])

    @classmethod
    def create_user(cls, login, group_xmlids, **values):
        """Create an internal user in exactly the given groups (and their implied ones)."""
        groups = [cls.env.ref(xmlid).id for xmlid in group_xmlids]
        vals = {
            "name": "Test %s" % login,
            "login": "test_%s" % login,
            "email": "test_%s@example.com" % login,
            "groups_id": [(6, 0, groups)],
            "lang": "en_US",
        }
        vals.update(values)
        return cls.env["res.users"].with_context(no_reset_password=True).create(vals)

    @classmethod
    def create_customer(cls, name="Acme Trading Co., Ltd.", **values):
        """Create a customer company."""
        vals = {"name": name, "is_company": True, "customer": True}
        vals.update(values)
        return cls.env["res.partner"].create(vals)

    @classmethod
    def create_contact(cls, company, name="Zhang San", **values):
        """Create a contact person of a customer company."""
        vals = {"name": name, "parent_id": company.id, "type": "contact"}
        vals.update(values)
        return cls.env["res.partner"].create(vals)


class CustomerMasterCase(CustomerCase):
    """CustomerCase for the customer master features, with our company in China.

    Phone numbers without a country code are read in China; ``Partner`` is the partner model
    and ``cn`` the country China.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.cn = cls.env.ref("base.cn")
        cls.env.user.company_id.country_id = cls.cn


class UiLoadsMixin(object):
    """Checks that an addon's menus, actions and views load for the least privileged role."""

    addon = None

    def _ordered_role_users(self):
        return [self.users[role] for role in ROLE_GROUPS] + [self.user_admin]

    def _addon_records(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "=", self.addon), ("model", "=", model)])
        return self.env[model].browse(data.mapped("res_id")).exists()

    def _lowest_user_seeing_menu(self, menu):
        for user in self._ordered_role_users():
            visible = self.env["ir.ui.menu"].sudo(user).search([("id", "=", menu.id)])
            if visible:
                return user
        return None

    def _check_action(self, action, user):
        action = self.env[action._name].sudo(user).browse(action.id)
        values = action.read()[0]
        if action._name == "ir.actions.act_window":
            model = self.env[values["res_model"]].sudo(user)
            self.assertTrue(model.check_access_rights("read", raise_exception=False),
                            "%s cannot read %s opened by %s" % (user.login, model._name, action.name))
            for view_id, view_type in values["views"]:
                model.fields_view_get(view_id=view_id, view_type=view_type)
            model.search_read(eval_domain(values.get("domain")), ["display_name"], limit=5)
        return values

    def test_menus_and_actions_load(self):
        menus = self._addon_records("ir.ui.menu")
        self.assertTrue(menus, "the addon declares no menu")
        for menu in menus:
            user = self._lowest_user_seeing_menu(menu)
            self.assertTrue(user, "no role sees the menu %s" % menu.complete_name)
            if menu.action:
                self._check_action(menu.action, user)

    def test_views_load(self):
        views = self._addon_records("ir.ui.view")
        for view in views.filtered(lambda v: v.type != "qweb"):
            root = view
            while root.inherit_id:
                root = root.inherit_id
            for user in self._ordered_role_users():
                model = self.env[view.model].sudo(user)
                if model.check_access_rights("read", raise_exception=False):
                    arch = model.fields_view_get(view_id=root.id, view_type=root.type)
                    self.assertTrue(arch["arch"])
                    break
            else:
                self.fail("no role can read %s for the view %s" % (view.model, view.xml_id))


def eval_domain(domain):
    """Evaluate an action's domain string without a user context."""
    from odoo.tools.safe_eval import safe_eval
    if not domain:
        return []
    if isinstance(domain, str):
        return safe_eval(domain, {"uid": 1, "context_today": __import__("datetime").date.today})
    return domain


class ReportMixin(object):
    """Renders a report of ours to a real PDF with wkhtmltopdf and reads its text back."""

    def render_pdf(self, report_xmlid, records, user=None, data=None):
        """The PDF of the report for the records, as the user, through Odoo's wkhtmltopdf call."""
        report = self.env.ref(report_xmlid)
        if user:
            report = report.sudo(user).with_context(lang=user.lang)
        return report._customer_render_pdf(records.ids, data=data)

    @staticmethod
    def pdf_text(pdf):
        """The text of a PDF, laid out as on the page (poppler's pdftotext).

        Noto CJK shares some glyphs of simplified ideographs with radicals, and pdftotext then
        reads the radical (⼾ for 户, ⻛ for 风): those are folded back, then NFKC the rest.
        """
        result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
                                input=pdf, stdout=subprocess.PIPE, check=True)
        text = result.stdout.decode("utf-8").translate(PDF_RADICALS)
        return unicodedata.normalize("NFKC", text)

    @staticmethod
    def pdf_fonts(pdf):
        """The names of the fonts a PDF embeds (poppler's pdffonts)."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            result = subprocess.run(["pdffonts", handle.name], stdout=subprocess.PIPE, check=True)
        lines = result.stdout.decode("utf-8").splitlines()[2:]
        return [line.split()[0] for line in lines if line.strip()]

    @staticmethod
    def pdf_pages(pdf):
        """The number of pages of a PDF."""
        return PdfFileReader(io.BytesIO(pdf)).getNumPages()


class PoolCase(CustomerCase):
    """CustomerCase with the default pool, a team pool 'East' and their people.

    The salesperson is in the East team, led by the team leader, who administers the East
    pool; ``user_other`` is a salesperson of no team. Other pools (demo data) are archived.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Pool = cls.env["customer.pool"]
        cls.Pool.search([("is_default", "=", False)]).write({"active": False})
        cls.default_pool = cls.env.ref("customer_mgmt.customer_pool_default")
        cls.user_other = cls.create_user("pool_other_sp", ["customer_mgmt.group_customer_salesperson"])
        cls.team_east = cls.env["crm.team"].create(
            {"name": "Pool East Team", "user_id": cls.user_leader.id})
        (cls.user_salesperson | cls.user_leader).write({"sale_team_id": cls.team_east.id})
        cls.region_east = cls.env["customer.region"].create({"name": "Pool East Region"})
        cls.pool_east = cls.Pool.create({
            "name": "East Pool", "sequence": 1, "team_ids": [(6, 0, cls.team_east.ids)],
            "region_ids": [(6, 0, cls.region_east.ids)],
            "admin_ids": [(6, 0, cls.user_leader.ids)]})

    @staticmethod
    def days_ago(days):
        return fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=days))

    def in_pool(self, name, pool=None, **values):
        """A customer without salesperson in the pool (the default pool when None)."""
        customer = self.create_customer(name, **values)
        if pool:
            customer.sudo().write({"pool_id": pool.id})
        return customer

    def logs(self, partner):
        return self.env["customer.pool.log"].sudo().search(
            [("partner_id", "=", partner.id)], order="id")
