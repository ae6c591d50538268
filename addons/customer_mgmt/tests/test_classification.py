"""Tag dimensions ("Industry-Manufacturing"), industry and the distribution analysis."""
from odoo.exceptions import AccessError

from .common import CustomerMasterCase


class TestClassification(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Tag = cls.env["res.partner.category"]
        cls.industry = cls.env.ref("customer_mgmt.customer_tag_dimension_industry")
        cls.size = cls.env.ref("customer_mgmt.customer_tag_dimension_size")
        cls.manufacturing = cls.Tag.create({"name": "Manufacturing", "dimension_id": cls.industry.id})
        cls.retail = cls.Tag.create({"name": "Retail", "dimension_id": cls.industry.id})
        cls.sme = cls.Tag.create({"name": "SME", "dimension_id": cls.size.id})
        cls.plain_tag = cls.Tag.create({"name": "High Budget"})

    def test_display_name_with_dimension(self):
        self.assertEqual(self.manufacturing.display_name, "Industry-Manufacturing")
        self.assertEqual(self.plain_tag.display_name, "High Budget")
        short = self.manufacturing.with_context(partner_category_display="short")
        self.assertEqual(short.display_name, "Manufacturing")

    def test_name_search_by_dimension(self):
        found = [tag_id for tag_id, __ in self.Tag.name_search("Industry-Manufacturing")]
        self.assertEqual(found, self.manufacturing.ids)
        found = {tag_id for tag_id, __ in self.Tag.name_search("Industry-Ret")}
        self.assertEqual(found, set(self.retail.ids))
        found = {tag_id for tag_id, __ in self.Tag.name_search("Industry", limit=None)}
        self.assertTrue({self.manufacturing.id, self.retail.id} <= found)
        self.assertNotIn(self.sme.id, found)
        found = {tag_id for tag_id, __ in self.Tag.name_search("Manufact")}
        self.assertIn(self.manufacturing.id, found)
        self.assertFalse({self.retail.id, self.sme.id} & found)

    def test_filter_customers_by_dimension_and_tag(self):
        user = self.user_salesperson
        factory = self.create_customer("Factory Co., Ltd.", user_id=user.id,
                                       category_id=[(6, 0, (self.manufacturing | self.sme).ids)])
        shop = self.create_customer("Shop Co., Ltd.", user_id=user.id, category_id=[(6, 0, self.retail.ids)])
        other = self.create_customer("Other Co., Ltd.", user_id=user.id, category_id=[(6, 0, self.plain_tag.ids)])
        Partner = self.env["res.partner"].sudo(user)
        mine = factory | shop | other
        # The Tag search field: ('category_id', 'ilike', text).
        self.assertEqual(Partner.search([("category_id", "ilike", "Industry-Manufacturing")]) & mine, factory)
        self.assertEqual(Partner.search([("category_id", "ilike", "Industry")]) & mine, factory | shop)
        # The Tag Dimension search field.
        self.assertEqual(Partner.search([("category_id.dimension_id.name", "ilike", "Size")]) & mine, factory)
        self.assertEqual(self.manufacturing.sudo(user).customer_count, 1)
        action = self.manufacturing.action_view_customers()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), factory)

    def test_tags_grouped_by_dimension(self):
        groups = self.Tag.read_group([("id", "in", (self.manufacturing | self.retail | self.sme).ids)],
                                     ["dimension_id"], ["dimension_id"])
        counts = {group["dimension_id"][0]: group["dimension_id_count"] for group in groups}
        self.assertEqual(counts, {self.industry.id: 2, self.size.id: 1})

    def test_dimension_configuration_rights(self):
        with self.assertRaises(AccessError):
            self.env["customer.tag.dimension"].sudo(self.user_manager).create({"name": "Channel"})
        self.assertTrue(self.industry.sudo(self.user_service).read(["name"]))
        dimension = self.env["customer.tag.dimension"].sudo(self.user_data_admin).create({"name": "Channel"})
        self.Tag.sudo(self.user_data_admin).create({"name": "Online", "dimension_id": dimension.id})

    def test_distribution_analysis(self):
        """The pivot/graph group customers by region, tier, industry, size, salesperson and team."""
        east = self.env.ref("customer_mgmt.customer_region_east")
        south = self.env.ref("customer_mgmt.customer_region_south")
        key = self.env.ref("customer_mgmt.customer_tier_key")
        industry = self.env["res.partner.industry"].create({"name": "Manufacturing"})
        shanghai = self.env.ref("customer_mgmt.state_cn_sh")
        jiangsu = self.env.ref("customer_mgmt.state_cn_js")
        guangdong = self.env.ref("customer_mgmt.state_cn_gd")
        cn = self.env.ref("base.cn")
        customers = self.env["res.partner"]
        for index, state in enumerate([shanghai, jiangsu, shanghai, guangdong]):
            customers |= self.create_customer(
                "Analysis %s Co., Ltd." % index, country_id=cn.id, state_id=state.id, tier_id=key.id,
                industry_id=industry.id, employee_count=50 * (index + 1), user_id=self.user_leader.id)
        domain = [("id", "in", customers.ids)]
        Partner = self.env["res.partner"].sudo(self.user_manager)
        by_region = {g["region_id"][0]: g["region_id_count"]
                     for g in Partner.read_group(domain, ["region_id"], ["region_id"])}
        self.assertEqual(by_region, {east.id: 3, south.id: 1})
        for field_name in ("tier_id", "industry_id", "size_class", "user_id", "team_id", "customer_kind"):
            groups = Partner.read_group(domain, [field_name], [field_name], lazy=False)
            self.assertEqual(sum(g["__count"] for g in groups), 4, field_name)
        for xmlid in ("customer_mgmt.res_partner_view_pivot_distribution",
                      "customer_mgmt.res_partner_view_graph_distribution",
                      "customer_mgmt.res_partner_view_pivot"):
            view = self.env.ref(xmlid)
            arch = Partner.fields_view_get(view_id=view.id, view_type=view.type)["arch"]
            self.assertIn("field", arch)
        search_arch = Partner.fields_view_get(view_type="search")["arch"]
        for name in ("group_tier", "group_region", "group_industry", "group_size", "group_team", "incomplete"):
            self.assertIn('name="%s"' % name, search_arch)

    def test_archive_views_load_for_every_role(self):
        form = self.env.ref("base.view_partner_form")
        for user in (self.user_service, self.user_salesperson, self.user_data_admin):
            arch = self.env["res.partner"].sudo(user).fields_view_get(view_id=form.id, view_type="form")["arch"]
            self.assertIn('name="customer_archive"', arch)
            self.assertIn('name="tier_id"', arch)
        for xmlid in ("customer_mgmt.res_partner_action_key_account", "customer_mgmt.res_partner_action_at_risk",
                      "customer_mgmt.res_partner_action_distribution", "customer_mgmt.customer_tier_action",
                      "customer_mgmt.customer_region_action", "customer_mgmt.customer_tag_dimension_action",
                      "customer_mgmt.customer_profile_field_action", "customer_mgmt.res_partner_category_action"):
            action = self.env.ref(xmlid)
            model = self.env[action.res_model].sudo(self.user_data_admin)
            for view_id, view_type in action.read()[0]["views"]:
                model.fields_view_get(view_id=view_id, view_type=view_type)
        self.assertEqual(self.env.ref("customer_mgmt.customer_mgmt_menu_config_tag").action,
                         self.env.ref("customer_mgmt.res_partner_category_action"))
