"""The memoised group checks (user_has_groups, base_guard.py): same answers as Odoo's, at once."""
from odoo.exceptions import AccessError
from odoo.models import BaseModel

from .common import CustomerCase

SALESPERSON = "customer_mgmt.group_customer_salesperson"
MANAGER = "customer_mgmt.group_customer_manager"


class TestGroupChecks(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.create_customer(annual_revenue=5000000)
        cls.salesperson_group = cls.env.ref(SALESPERSON)

    def _as(self, user):
        """The customer in a fresh environment of ``user`` (nothing of it in cache)."""
        partner = self.customer.sudo(user)
        partner.invalidate_cache()
        return partner

    def test_answers_are_odoos_for_each_user_and_group(self):
        for user in (self.user_service, self.user_salesperson, self.user_manager,
                     self.env.user):
            partner = self._as(user)
            for groups in (SALESPERSON, MANAGER, "%s,%s" % (MANAGER, SALESPERSON),
                           "!%s" % MANAGER, "base.group_user", "base.group_no_one"):
                for _round in range(2):  # the second answer comes from the memo
                    self.assertEqual(partner.user_has_groups(groups),
                                     BaseModel.user_has_groups(partner, groups),
                                     "%s for %s" % (groups, user.login))
        self.assertTrue(self._as(self.user_salesperson).user_has_groups(SALESPERSON))
        self.assertFalse(self._as(self.user_service).user_has_groups(SALESPERSON))

    def test_a_group_given_or_taken_counts_at_once(self):
        service = self.user_service
        self.assertFalse(self._as(service).user_has_groups(SALESPERSON))
        service.groups_id = [(4, self.salesperson_group.id)]
        self.assertTrue(self._as(service).user_has_groups(SALESPERSON))
        service.groups_id = [(3, self.salesperson_group.id)]
        self.assertFalse(self._as(service).user_has_groups(SALESPERSON))
        # Through the group's users, as the user settings of a group do.
        self.salesperson_group.users = [(4, service.id)]
        self.assertTrue(self._as(service).user_has_groups(SALESPERSON))

    def test_restricted_fields_follow_a_group_change_in_reads(self):
        service = self.user_service
        with self.assertRaises(AccessError):
            self._as(service).read(["annual_revenue"])
        # A read of other fields does not prefetch the restricted ones for the user.
        self.assertEqual(self._as(service).name, self.customer.name)
        with self.assertRaises(AccessError):
            self._as(service).annual_revenue
        service.groups_id = [(4, self.salesperson_group.id)]
        self.assertEqual(self._as(service).read(["annual_revenue"])[0]["annual_revenue"],
                         5000000)
        service.groups_id = [(3, self.salesperson_group.id)]
        with self.assertRaises(AccessError):
            self._as(service).read(["annual_revenue"])
