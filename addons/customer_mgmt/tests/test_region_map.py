from unittest.mock import patch

from .common import CustomerMasterCase


class TestRegionMap(CustomerMasterCase):
    """The region map is cached per registry: every change, and every rolled-back change, is
    seen by the next create, which costs one query for the regions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cl = cls.env.ref("base.cl")
        State = cls.env["res.country.state"]
        cls.biobio = State.create({"name": "Test Biobio", "code": "TCA", "country_id": cls.cl.id})
        cls.los_lagos = State.create({"name": "Test Los Lagos", "code": "TOT", "country_id": cls.cl.id})
        Region = cls.env["customer.region"]
        cls.southern_chile = Region.create({"name": "Test Southern Chile", "state_ids": [(6, 0, cls.biobio.ids)]})
        cls.south_america = Region.create({"name": "Test South America", "sequence": 50})

    def _region_of(self, state):
        """Region of a customer created now in the province (by a salesperson: the cache is
        per registry, not per user)."""
        partner = self.Partner.sudo(self.user_salesperson).create({
            "name": "Region Test %s Co., Ltd." % state.code, "is_company": True, "customer": True,
            "country_id": state.country_id.id, "state_id": state.id,
            "user_id": self.user_salesperson.id})
        return partner.sudo().region_id

    def test_new_changed_and_deleted_regions_are_used(self):
        self.assertEqual(self._region_of(self.biobio), self.southern_chile)
        self.assertFalse(self._region_of(self.los_lagos))
        los_lagos_region = self.env["customer.region"].create(
            {"name": "Test Los Lagos Region", "state_ids": [(6, 0, self.los_lagos.ids)]})
        self.assertEqual(self._region_of(self.los_lagos), los_lagos_region, "a new region")
        self.south_america.country_ids = self.cl
        los_lagos_region.state_ids = [(5,)]
        self.assertEqual(self._region_of(self.los_lagos), self.south_america, "a changed region")
        # A second change of the same row in the same transaction.
        los_lagos_region.state_ids = self.los_lagos
        self.assertEqual(self._region_of(self.los_lagos), los_lagos_region)
        los_lagos_region.active = False
        self.assertEqual(self._region_of(self.los_lagos), self.south_america, "an archived region")
        self.southern_chile.unlink()
        self.assertEqual(self._region_of(self.biobio), self.south_america, "a deleted region")

    def test_sequence_decides_between_country_regions(self):
        self.south_america.country_ids = self.cl
        andes = self.env["customer.region"].create(
            {"name": "Test Andes", "sequence": 60, "country_ids": [(6, 0, self.cl.ids)]})
        self.assertEqual(self._region_of(self.los_lagos), self.south_america)
        andes.sequence = 40
        self.assertEqual(self._region_of(self.los_lagos), andes)

    def test_rolled_back_change_leaves_the_old_map(self):
        self.assertEqual(self._region_of(self.biobio), self.southern_chile)
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self.southern_chile.state_ids = [(5,)]
            self.south_america.country_ids = self.cl
            self.assertEqual(self._region_of(self.biobio), self.south_america)
            raise RuntimeError("roll back")
        self.assertEqual(self._region_of(self.biobio), self.southern_chile, "the old map")
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            self.southern_chile.unlink()
            self.assertFalse(self._region_of(self.biobio))
            raise RuntimeError("roll back")
        self.assertEqual(self._region_of(self.biobio), self.southern_chile, "the old map")

    def test_create_reads_the_regions_with_one_query_each_time(self):
        self._region_of(self.biobio)
        Region = type(self.env["customer.region"])
        original = Region._match_map
        cr = self.env.cr
        queries = []

        def counting(model):
            before = cr.sql_log_count
            result = original(model)
            queries.append(cr.sql_log_count - before)
            return result

        with patch.object(Region, "_match_map", counting):
            self.assertEqual(self._region_of(self.biobio), self.southern_chile)
        self.assertTrue(queries)
        self.assertEqual(set(queries), {1}, "the signature query only")
