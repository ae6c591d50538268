"""Partners prefetch without read()'s result dicts: same values, same refusals."""
from odoo.exceptions import AccessError

from .common import CustomerMasterCase


class TestPrefetch(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.create_customer("Prefetch Own Co", user_id=cls.user_salesperson.id,
                                      phone="+86 21 6123 4567", employee_count=12,
                                      annual_revenue=2500000)
        cls.other = cls.create_customer("Prefetch Other Co", user_id=cls.user_leader.id)
        cls.contact = cls.create_contact(cls.own, "Prefetch Contact", function="Buyer")

    def fresh(self, user, records):
        partners = records.sudo(user)
        partners.invalidate_cache()
        return partners

    def test_prefetched_values_equal_read(self):
        """One attribute fills the cache of every prefetchable column, as read() returns them."""
        partners = self.fresh(self.user_salesperson, self.own | self.contact)
        self.assertEqual(partners[0].name, "Prefetch Own Co")
        expected = partners.read(
            [name for name, field in partners._fields.items()
             if field.prefetch and not (field.groups and not partners.user_has_groups(field.groups))],
            load="_classic_write")
        cache = partners.env.cache
        for values in expected:
            record = partners.browse(values.pop("id"))
            for name, value in values.items():
                field = partners._fields[name]
                self.assertTrue(cache.contains(record, field), "%s not prefetched" % name)
                cached = record[name].id if field.type == "many2one" else record[name]
                self.assertEqual(cached, value, name)

    def test_unreadable_record_in_the_prefetch_set_is_refused_alone(self):
        """The readable record's values come; the other one's access raises, as in Odoo."""
        partners = self.fresh(self.user_salesperson, self.own | self.other)
        self.assertEqual(partners[0].phone, "+86 21 6123 4567")
        with self.assertRaises(AccessError):
            partners[1].name

    def test_restricted_field_is_neither_prefetched_nor_readable(self):
        partners = self.fresh(self.user_service, self.own)
        self.assertEqual(partners.name, "Prefetch Own Co")
        field = partners._fields["annual_revenue"]
        self.assertTrue(field.groups and not partners.user_has_groups(field.groups))
        self.assertFalse(partners.env.cache.contains(partners, field))
        with self.assertRaises(AccessError):
            partners.annual_revenue

    def test_onchange_records_use_odoo_s_path(self):
        partner = self.env["res.partner"].sudo(self.user_salesperson).new(
            {"name": "Prefetch New", "parent_id": self.own.id})
        self.assertEqual(partner.parent_id.name, "Prefetch Own Co")

    def test_rows_a_client_read_are_not_read_again_in_full(self):
        """The salesperson column's name of a customers list reads the users' partners, not
        every column of the listed customers a second time."""
        partners = self.fresh(self.user_manager, self.own | self.other)
        cr = self.env.cr
        statements = []
        original = cr.execute

        def capture(query, params=None, log_exceptions=None):
            statements.append((str(query), params))
            return original(query, params)
        cr.execute = capture
        try:
            rows = partners.search_read([("id", "in", partners.ids)],
                                        ["display_name", "phone", "user_id"])
        finally:
            del cr.execute
        self.assertEqual({row["user_id"][1] for row in rows},
                         {self.user_salesperson.name, self.user_leader.name})
        wide = [params for query, params in statements
                if 'FROM "res_partner"' in query and '"res_partner"."street"' in query]
        self.assertTrue(wide, "the users' partners are prefetched as usual")
        for params in wide:
            ids = {i for param in params or () if isinstance(param, tuple) for i in param}
            self.assertFalse(ids & set(partners.ids), "listed customers read again in full")
        # A loop over rows read narrowly still reads each further column once for all rows.
        self.assertEqual(partners[1].city, False)
        count = len(statements)
        cr.execute = capture
        try:
            [partner.street for partner in partners]
        finally:
            del cr.execute
        self.assertLessEqual(len(statements) - count, 1)
