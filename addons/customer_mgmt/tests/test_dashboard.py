"""The "My Work" dashboard: each tile counts, for its user, what its click lists."""
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from ..utils.readable_export import readable_export_params
from .common import CustomerCase

POOL = "customer_mgmt.pool_"
MGMT_TILES = {"followups_today", "followups_overdue", "pool_return", "claim_quota"}


class DashboardCase(CustomerCase):
    """Tiles read as a user, and the records their click opens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Tile = cls.env["customer.dashboard.tile"]

    def tiles(self, user):
        """{code: tile} of the tiles the user sees, computed afresh (as each request does)."""
        self.Tile.invalidate_cache()
        return {tile.code: tile for tile in self.Tile.sudo(user).search([])}

    def opened(self, tile):
        """The records the tile's click lists, searched as its user."""
        action = tile.action_open()
        return self.env[action["res_model"]].sudo(tile.env.uid).search(action["domain"])

    def assert_counts_its_list(self, tile, expected):
        self.assertEqual(tile.value, len(expected), tile.code)
        self.assertEqual(self.opened(tile), expected, tile.code)


class TestDashboard(DashboardCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user(
            "other_sales", ["customer_mgmt.group_customer_salesperson"])
        cls.mine = cls.create_customer("Dashboard Own Trading Co., Ltd.",
                                       user_id=cls.user_salesperson.id)
        cls.theirs = cls.create_customer("Dashboard Other Trading Co., Ltd.",
                                         user_id=cls.user_other.id)
        cls.today = fields.Date.from_string(fields.Date.context_today(cls.env["res.partner"]))

    def _activity(self, partner, user, days, model="res.partner"):
        return self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get(model).id, "res_id": partner.id,
            "user_id": user.id, "summary": "Dashboard call",
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "date_deadline": fields.Date.to_string(self.today + timedelta(days=days))})

    # ------------------------------------------------------------------ the app and its tiles

    def test_app_opens_on_my_work(self):
        root = self.env.ref("customer_mgmt.customer_mgmt_menu_root")
        action = self.env.ref("customer_mgmt.customer_dashboard_tile_action")
        menu = self.env.ref("customer_mgmt.customer_mgmt_menu_my_work")
        self.assertEqual(root.action, action)
        self.assertEqual(menu.action, action)
        self.assertEqual(menu.parent_id, root)
        self.assertEqual(menu.sequence, 1)
        for user in (self.user_service, self.user_salesperson, self.user_manager):
            self.assertTrue(self.env["ir.ui.menu"].sudo(user).search([("id", "=", menu.id)]))

    def test_tiles_only_for_their_roles(self):
        sales = set(self.tiles(self.user_salesperson))
        self.assertTrue(MGMT_TILES <= sales, sales)
        service = set(self.tiles(self.user_service))
        self.assertIn("followups_today", service)
        self.assertFalse({"pool_return", "claim_quota"} & service, service)
        self.assertFalse(self.tiles(self.user_plain), "plain employees have no customer tiles")

    # ------------------------------------------------------------------ follow-ups

    def test_follow_ups_due_today_and_overdue(self):
        due = self._activity(self.mine, self.user_salesperson, 0)
        late = self._activity(self.mine, self.user_salesperson, -2)
        self._activity(self.mine, self.user_salesperson, 3)  # later: in neither tile
        self._activity(self.theirs, self.user_other, 0)  # another salesperson's
        interaction = self.env["customer.interaction"].create({
            "name": "Dashboard visit", "partner_id": self.mine.id, "channel": "visit",
            "user_id": self.user_salesperson.id})
        planned = self._activity(interaction, self.user_salesperson, 0, "customer.interaction")
        tiles = self.tiles(self.user_salesperson)
        self.assert_counts_its_list(tiles["followups_today"], due | planned)
        self.assert_counts_its_list(tiles["followups_overdue"], late)
        self.assertEqual(tiles["followups_overdue"].tone, "danger")
        self.assertEqual(self.tiles(self.user_other)["followups_today"].value, 1)

    def test_follow_ups_on_customers_no_longer_readable_are_not_counted(self):
        activity = self._activity(self.mine, self.user_salesperson, 0)
        self.assertEqual(self.tiles(self.user_salesperson)["followups_today"].value, 1)
        self.mine.user_id = self.user_other  # handed over; the activity stays assigned
        self.assertTrue(activity.exists())
        self.assertEqual(self.tiles(self.user_salesperson)["followups_today"].value, 0)

    # ------------------------------------------------------------------ the public pool

    def _set_pool(self, **values):
        for key, value in values.items():
            self.env["ir.config_parameter"].sudo().set_param(POOL + key, str(value))

    def _age(self, partner, days):
        """Make the customer's last interaction (or creation) days old."""
        when = fields.Datetime.to_string(
            fields.Datetime.from_string(fields.Datetime.now()) - timedelta(days=days))
        self.env.cr.execute(
            "UPDATE res_partner SET create_date = %s, last_interaction_date = NULL WHERE id = %s",
            (when, partner.id))
        partner.invalidate_cache()

    def test_customers_going_back_to_the_pool(self):
        self._set_pool(release_days=30, warning_days=7)
        soon = self.create_customer("Dashboard Soon Trading Co., Ltd.",
                                    user_id=self.user_salesperson.id)
        sooner = self.create_customer("Dashboard Sooner Trading Co., Ltd.",
                                      user_id=self.user_salesperson.id)
        self._age(soon, 25)  # back in 5 days
        self._age(sooner, 27)  # back in 3 days
        self._age(self.mine, 10)  # back in 20 days: outside the warning days
        other = self.create_customer("Dashboard Their Soon Trading Co., Ltd.",
                                     user_id=self.user_other.id)
        self._age(other, 28)
        tile = self.tiles(self.user_salesperson)["pool_return"]
        self.assert_counts_its_list(tile, soon | sooner)
        self.assertIn("3 days", tile.note)
        self.assertEqual(self.tiles(self.user_other)["pool_return"].value, 1)
        # The cron's rule: the same customers are the ones it warns.
        rows, _warning = self.env["res.partner"]._pool_neglected_candidates()
        warned = {row["id"] for row in rows if row["user_id"] == self.user_salesperson.id}
        self.assertEqual(warned, set((soon | sooner).ids))

    def test_pool_tile_when_release_is_off(self):
        self._set_pool(release_days=0)
        # Only the default pool's rule, which follows the settings, is left.
        self.env["customer.pool.rule"].search([("days", ">", 0)]).write({"active": False})
        tile = self.tiles(self.user_salesperson)["pool_return"]
        self.assertEqual(tile.value, 0)
        self.assertEqual(tile.note, "The automatic release is off.")

    def test_claim_quota(self):
        self._set_pool(max_customers=5)
        held = self.env["res.partner"].search(
            [("customer", "=", True), ("parent_id", "=", False),
             ("user_id", "=", self.user_salesperson.id)])
        tile = self.tiles(self.user_salesperson)["claim_quota"]
        self.assertEqual(tile.value, 5 - len(held))
        self.assertEqual(tile.note, "You hold %d of at most 5 customers." % len(held))
        self.assertEqual(self.opened(tile), held, "the click lists the customers held")
        self._set_pool(max_customers=len(held))
        tile = self.tiles(self.user_salesperson)["claim_quota"]
        self.assertEqual((tile.value, tile.tone), (0, "danger"))
        self._set_pool(max_customers=0)
        tile = self.tiles(self.user_salesperson)["claim_quota"]
        self.assertEqual(tile.value_display, "No limit")

    # ------------------------------------------------------------------ the customers' lists

    def test_lists_open_on_my_customers_for_salespeople(self):
        for xmlid in ("customer_mgmt.res_partner_action_customer",
                      "customer_mgmt.res_partner_action_contact"):
            context = self.env.ref(xmlid).context
            self.assertIn("'search_default_my_customers': "
                          "context.get('customer_my_customers', False)", context)
        users = self.env["res.users"]
        self.assertTrue(users.sudo(self.user_salesperson).context_get()["customer_my_customers"])
        for user in (self.user_service, self.user_leader, self.user_manager):
            self.assertFalse(users.sudo(user).context_get()["customer_my_customers"], user.login)
        search = self.env["res.partner"].fields_view_get(
            view_id=self.env.ref("base.view_res_partner_filter").id, view_type="search")
        self.assertIn('name="my_customers"', search["arch"])
        mine = self.env["res.partner"].sudo(self.user_salesperson).search(
            [("customer", "=", True), ("parent_id", "=", False),
             ("account_user_id", "=", self.user_salesperson.id)])
        self.assertIn(self.mine, mine)
        self.assertNotIn(self.theirs, mine)

    # ------------------------------------------------------------------ access and the guard

    def test_open_reserved_to_customer_staff_and_visible_tiles(self):
        tile = self.env.ref("customer_mgmt.customer_dashboard_tile_claim_quota")
        with self.assertRaises(AccessError):
            tile.sudo(self.user_plain).action_open()
        with self.assertRaises(AccessError):
            tile.sudo(self.user_service).action_open()  # not a tile of service

    @mute_logger("odoo.addons.customer_mgmt.models.base_guard")
    def test_tiles_are_system_maintained(self):
        tile = self.env.ref("customer_mgmt.customer_dashboard_tile_followups_today")
        for user in (self.user_salesperson, self.user_data_admin, self.user_admin):
            with self.assertRaises((AccessError, ValidationError)):
                tile.sudo(user).write({"name": "Changed"})
            with self.assertRaises((AccessError, ValidationError)):
                self.Tile.sudo(user).create({"name": "Forged", "code": "forged"})
        self.assertEqual(tile.name, "Follow-ups Due Today")
        self.assertFalse(self.Tile.search([("code", "=", "forged")]))

    @mute_logger("odoo.addons.customer_mgmt.models.customer_dashboard_tile")
    def test_unknown_code_counts_nothing(self):
        tile = self.Tile.create({"name": "Orphan", "code": "no_such_tile"})
        self.assertEqual((tile.value, tile.value_display), (0, "0"))
        self.assertFalse(tile.action_open())


class TestExportTemplates(DashboardCase):
    """The saved export templates: readable columns, display names, both languages."""

    TEMPLATES = ("customer_mgmt.ir_exports_customer_list", "customer_mgmt.ir_exports_contact_list")

    def test_templates_name_existing_fields(self):
        fields_ = self.env["res.partner"]._fields
        for xmlid in self.TEMPLATES:
            template = self.env.ref(xmlid)
            self.assertEqual(template.resource, "res.partner")
            names = template.export_fields.mapped("name")
            self.assertTrue(names)
            for name in names:
                self.assertIn(name.split("/")[0], fields_, "%s: %s" % (xmlid, name))
        customer_list = self.env.ref(self.TEMPLATES[0]).export_fields.mapped("name")
        for name in ("name", "customer_code", "tier_id", "user_id", "phone", "email",
                     "city", "industry_id"):
            self.assertIn(name, customer_list)

    def test_template_names_in_both_languages(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_mgmt"], ["zh_CN"])
        self.user_manager.lang = "zh_CN"
        Exports = self.env["ir.exports"].sudo(self.user_manager)
        # As the export dialog asks: no context at all.
        names = {row["name"] for row in Exports.with_context({}).search_read(
            [("resource", "=", "res.partner")], ["name"])}
        self.assertTrue({"客户清单", "联系人清单"} <= names, names)
        self.user_manager.lang = "en_US"
        names = {row["name"] for row in Exports.with_context({}).search_read(
            [("resource", "=", "res.partner")], ["name"])}
        self.assertTrue({"Customer List", "Contact List"} <= names, names)

    def test_export_with_template_gives_display_names(self):
        tier = self.env.ref("customer_mgmt.customer_tier_key")
        customer = self.create_customer(
            "Export Template Trading Co., Ltd.", user_id=self.user_salesperson.id,
            tier_id=tier.id, city="杭州", industry_id=self.env.ref("base.res_partner_industry_G").id)
        contact = self.create_contact(customer, "Li Lei", function="Buyer")
        for xmlid, record in ((self.TEMPLATES[0], customer), (self.TEMPLATES[1], contact)):
            names = self.env.ref(xmlid).export_fields.mapped("name")
            partners = self.env["res.partner"].sudo(self.user_manager).browse(record.id)
            [row] = partners.export_data(names)["datas"]
            values = dict(zip(names, row))
            self.assertEqual(values["name"], record.name)
            salesperson = values.get("user_id") or values.get("account_user_id")
            self.assertEqual(salesperson, self.user_salesperson.name)
            for value in row:
                self.assertNotRegex(str(value), r"^\w+\.\w+_\w+$", "an external id: %s" % value)
        [row] = self.env["res.partner"].sudo(self.user_manager).browse(customer.id).export_data(
            ["tier_id", "industry_id"])["datas"]
        self.assertEqual(row, [tier.display_name, customer.industry_id.display_name])

    def test_readable_export_writes_names_not_external_ids(self):
        """What Odoo 11's dialog sends for "Export all Data": an id column and field/id."""
        customer = self.create_customer("Export Readable Trading Co., Ltd.",
                                        user_id=self.user_salesperson.id)
        params = {"model": "res.partner", "import_compat": False, "ids": customer.ids,
                  "fields": [{"name": "id", "label": "External ID"},
                             {"name": "name", "label": "Name"},
                             {"name": "user_id/id", "label": "Salesperson"}]}
        readable = readable_export_params(params)
        self.assertEqual([f["name"] for f in readable["fields"]], ["name", "user_id"])
        self.assertEqual([f["label"] for f in readable["fields"]], ["Name", "Salesperson"])
        partners = self.env["res.partner"].sudo(self.user_manager).browse(customer.ids)
        [row] = partners.export_data([f["name"] for f in readable["fields"]])["datas"]
        self.assertEqual(row, [customer.name, self.user_salesperson.name])
        self.assertFalse(self.env["ir.model.data"].search(
            [("model", "=", "res.users"), ("res_id", "=", self.user_salesperson.id),
             ("module", "=", "__export__")]), "no external id made up")
        # Import-compatible exports and other models keep Odoo's columns.
        for changed in ({"import_compat": True}, {"model": "crm.lead"}):
            other = dict(params, **changed)
            self.assertEqual(readable_export_params(other), other)
