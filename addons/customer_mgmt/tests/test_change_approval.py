"""Approval of key changes (审批): a salesperson's change of a gated field becomes a change
request (form, load, RPC), managers and data administrators write directly, the team leader of
the customer's team or a data administrator approves (tracked as the requester's change) or
refuses with a reason."""
from stdnum.cn import uscc

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CustomerMasterCase


def _uscc(serial):
    base = "9144030%010d" % serial
    return base + uscc.calc_check_digit(base)


class TestChangeApproval(CustomerMasterCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Team = cls.env["crm.team"]
        cls.team_east = Team.create({"name": "Approval East", "user_id": cls.user_leader.id})
        cls.leader_west = cls.create_user("leader_west", ["customer_mgmt.group_customer_team_leader"])
        cls.team_west = Team.create({"name": "Approval West", "user_id": cls.leader_west.id})
        cls.user_salesperson.sale_team_id = cls.team_east
        cls.user_leader.sale_team_id = cls.team_east
        cls.sales_west = cls.create_user("sales_west", ["customer_mgmt.group_customer_salesperson"],
                                         sale_team_id=cls.team_west.id)
        cls.leader_west.sale_team_id = cls.team_west
        cls.tier = cls.env["customer.tier"].create({"name": "Approval Tier"})
        cls.customer = cls.create_customer(
            "Approval Trading Co., Ltd.", user_id=cls.user_salesperson.id,
            team_id=cls.team_east.id, country_id=cls.cn.id)
        cls.Request = cls.env["customer.change.request"]

    def _requests(self, partner=None):
        return self.Request.search([("partner_id", "=", (partner or self.customer).id)])

    def _as(self, user, records=None):
        return (records or self.customer).sudo(user)

    # ------------------------------------------------------------------ requests

    def test_salesperson_name_change_is_a_request_rest_written(self):
        self._as(self.user_salesperson).write({
            "name": "Approval Renamed Co., Ltd.", "website": "https://approval.example.com"})
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.name, "Approval Trading Co., Ltd.")
        self.assertEqual(self.customer.website, "https://approval.example.com")
        request = self._requests()
        self.assertEqual(len(request), 1)
        self.assertEqual((request.field_name, request.old_value, request.new_value, request.state,
                          request.requester_id), ("name", "Approval Trading Co., Ltd.",
                                                  "Approval Renamed Co., Ltd.", "pending",
                                                  self.user_salesperson))
        self.assertTrue(any("Pending change" in message.body
                            for message in self.customer.message_ids))
        self.assertEqual(self._as(self.user_salesperson).change_request_pending_count, 1)
        # Asked again: the one pending request carries the newer value.
        self._as(self.user_salesperson).write({"name": "Approval Renamed Again Co., Ltd."})
        self.assertEqual(self._requests().new_value, "Approval Renamed Again Co., Ltd.")

    def test_registration_number_and_tier_are_requests(self):
        number = _uscc(1)
        self._as(self.user_salesperson).write(
            {"registration_number": number, "tier_id": self.tier.id, "comment": "Key account"})
        self.customer.invalidate_cache()
        self.assertFalse(self.customer.registration_number)
        self.assertFalse(self.customer.tier_id)
        self.assertEqual(self.customer.comment, "Key account")
        requests = self._requests()
        self.assertEqual(sorted(requests.mapped("field_name")), ["registration_number", "tier_id"])
        self.assertEqual(requests.filtered(lambda r: r.field_name == "tier_id").new_value,
                         "Approval Tier")

    def test_bad_registration_number_refused_at_request(self):
        with self.assertRaisesRegex(ValidationError, "91440300BAD"), self.env.cr.savepoint():
            self._as(self.user_salesperson).write(
                {"registration_number": "91440300BAD", "comment": "Refused too"})
        self.customer.invalidate_cache()
        self.assertFalse(self.customer.comment)
        self.assertFalse(self._requests())

    def test_salesperson_to_another_team_is_a_request(self):
        self._as(self.user_salesperson).write({"user_id": self.sales_west.id})
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.user_id, self.user_salesperson)
        self.assertEqual(self._requests().field_name, "user_id")
        self.assertEqual(self._requests().new_value, self.sales_west.name)

    def test_person_names_and_contacts_are_not_gated(self):
        contact = self.create_contact(self.customer, "Li Si")
        self._as(self.user_salesperson, contact).write({"name": "Li Sisi"})
        self.assertEqual(contact.name, "Li Sisi")
        self.assertFalse(self._requests(contact))

    def test_one_write_of_a_customer_and_a_contact(self):
        """The customer's name waits, its contact person's name in the same write is saved."""
        contact = self.create_contact(self.customer, "Wang Wu")
        (self.customer | contact).sudo(self.user_salesperson).write({"name": "Zhao Liu"})
        (self.customer | contact).invalidate_cache()
        self.assertEqual(contact.name, "Zhao Liu")
        self.assertEqual(self.customer.name, "Approval Trading Co., Ltd.")
        self.assertEqual(self._requests().new_value, "Zhao Liu")
        self.assertFalse(self._requests(contact))

    def test_manager_and_data_admin_write_directly(self):
        self._as(self.user_manager).write({"name": "Approval Manager Co., Ltd.",
                                           "tier_id": self.tier.id})
        self._as(self.user_data_admin).write({"registration_number": _uscc(2),
                                              "user_id": self.sales_west.id})
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.name, "Approval Manager Co., Ltd.")
        self.assertEqual(self.customer.tier_id, self.tier)
        self.assertEqual(self.customer.registration_number, _uscc(2))
        self.assertEqual(self.customer.user_id, self.sales_west)
        self.assertFalse(self._requests())

    def test_load_by_gated_role_makes_requests_data_admin_writes(self):
        rule = self.env.ref("customer_mgmt.customer_change_approval_rule_name")
        rule.group_ids |= self.env.ref("customer_mgmt.group_customer_manager")
        rows = [[str(self.customer.id), "Approval Imported Co., Ltd."]]
        result = self.env["res.partner"].sudo(self.user_manager).load([".id", "name"], rows)
        self.assertFalse(result["messages"])
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.name, "Approval Trading Co., Ltd.")
        self.assertEqual(self._requests().requester_id, self.user_manager)
        result = self.env["res.partner"].sudo(self.user_data_admin).load([".id", "name"], rows)
        self.assertFalse(result["messages"])
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.name, "Approval Imported Co., Ltd.")

    # ------------------------------------------------------------------ review

    def test_team_leader_approves_tracked_as_requester(self):
        self._as(self.user_salesperson).write({"name": "Approval Approved Co., Ltd."})
        request = self._requests()
        self.assertTrue(request.sudo(self.user_leader).can_review)
        request.sudo(self.user_leader).action_approve()
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.name, "Approval Approved Co., Ltd.")
        self.assertEqual((request.state, request.reviewer_id), ("approved", self.user_leader))
        self.assertTrue(request.review_date)
        tracking = self.env["mail.tracking.value"].search([
            ("mail_message_id.model", "=", "res.partner"),
            ("mail_message_id.res_id", "=", self.customer.id), ("field", "=", "name")])
        self.assertEqual(tracking.new_value_char, "Approval Approved Co., Ltd.")
        self.assertEqual(tracking.mail_message_id.author_id, self.user_salesperson.partner_id)
        approved = self.customer.message_ids.filtered(lambda m: "approved by" in (m.body or ""))
        self.assertIn(self.user_leader.name, approved.body)
        self.assertIn(self.user_salesperson.name, approved.body)
        with self.assertRaisesRegex(UserError, "already Approved"):
            request.sudo(self.user_leader).action_approve()

    def test_leader_of_another_team_and_salesperson_cannot_review(self):
        self._as(self.user_salesperson).write({"name": "Approval Foreign Co., Ltd."})
        request = self._requests()
        # The leader of another team does not even read it.
        self.assertFalse(self.Request.sudo(self.leader_west).search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            request.sudo(self.leader_west).action_approve()
        # Salespeople review nothing.
        with self.assertRaisesRegex(AccessError, "may not run \"action_approve\""):
            request.sudo(self.user_salesperson).action_approve()
        self.assertEqual(request.state, "pending")
        self.customer.invalidate_cache()
        self.assertEqual(self.customer.name, "Approval Trading Co., Ltd.")

    def test_reader_who_is_not_reviewer_is_refused_with_message(self):
        self._as(self.user_salesperson).write({"tier_id": self.tier.id})
        request = self._requests()
        # A manager reads every request but reviews only as leader of the customer's team.
        self.assertTrue(self.Request.sudo(self.user_manager).search([("id", "=", request.id)]))
        with self.assertRaisesRegex(AccessError, "may not review the change request of "
                                                 "Approval Trading Co., Ltd."):
            request.sudo(self.user_manager).action_approve()
        with self.assertRaisesRegex(AccessError, "may not review"):
            request.sudo(self.user_manager)._refuse("No")
        self.assertEqual(request.state, "pending")
        self.customer.invalidate_cache()
        self.assertFalse(self.customer.tier_id)

    def test_data_admin_refuses_keeps_value_and_notifies(self):
        self._as(self.user_salesperson).write({"registration_number": _uscc(3)})
        request = self._requests()
        wizard_action = request.sudo(self.user_data_admin).action_refuse()
        wizard = self.env["customer.change.refuse.wizard"].sudo(self.user_data_admin).with_context(
            wizard_action["context"]).create({"reason": "The number belongs to another company"})
        wizard.action_confirm()
        self.assertEqual((request.state, request.reviewer_id, request.refusal_reason),
                         ("refused", self.user_data_admin, "The number belongs to another company"))
        self.customer.invalidate_cache()
        self.assertFalse(self.customer.registration_number)
        refused = self.customer.message_ids.filtered(lambda m: "refused by" in (m.body or ""))
        self.assertIn("another company", refused.body)
        self.assertIn(self.user_salesperson.partner_id, refused.partner_ids)

    def test_refusal_without_reason_refused(self):
        self._as(self.user_salesperson).write({"registration_number": _uscc(4)})
        request = self._requests()
        with self.assertRaisesRegex(UserError, "Refusal Reason"):
            request.sudo(self.user_leader)._refuse("  ")
        self.assertEqual(request.state, "pending")
        self.assertFalse(request.refusal_reason)

    # ------------------------------------------------------------------ visibility and rules

    def test_requests_follow_the_customer_rules(self):
        self._as(self.user_salesperson).write({"name": "Approval Hidden Co., Ltd."})
        request = self._requests()
        self.assertFalse(self.Request.sudo(self.sales_west).search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            request.sudo(self.sales_west).read(["new_value"])
        self.assertEqual(self.Request.sudo(self.user_service).search(
            [("id", "=", request.id)]), request)
        with self.assertRaises(AccessError):
            request.sudo(self.user_salesperson).write({"state": "approved"})
        self.assertEqual(request.state, "pending")

    def test_rule_condition_only_for_salesperson(self):
        name_field = self.env["ir.model.fields"].search(
            [("model", "=", "res.partner"), ("name", "=", "name")])
        with self.assertRaisesRegex(ValidationError, "another sales team"), \
                self.env.cr.savepoint():
            self.env["customer.change.approval.rule"].sudo(self.user_data_admin).create({
                "name": "Bad rule", "field_id": name_field.id, "condition": "other_team",
                "group_ids": [(6, 0, self.env.ref(
                    "customer_mgmt.group_customer_salesperson").ids)]})
        self.assertFalse(self.env["customer.change.approval.rule"].search(
            [("name", "=", "Bad rule")]))

    # ------------------------------------------------------------------ reason and reviewer to-do

    def test_reason_given_with_the_change(self):
        self.assertEqual(self._as(self.user_salesperson).change_approval_fields,
                         "Name, Registration Number, Tier, Salesperson")
        self.assertFalse(self._as(self.user_manager).change_approval_fields)
        self._as(self.user_salesperson).write({
            "name": "Approval Reason Co., Ltd.", "change_reason": "Renamed in the registry"})
        request = self._requests()
        self.assertEqual(request.reason, "Renamed in the registry")
        self.assertFalse(self._as(self.user_salesperson).change_reason)
        pending = self.customer.message_ids.filtered(lambda m: "Pending change" in (m.body or ""))
        self.assertIn("Reason: Renamed in the registry", pending[0].body)
        # Asked again without a reason: the first reason stays.
        self._as(self.user_salesperson).write({"name": "Approval Reason Again Co., Ltd."})
        self.assertEqual(self._requests().reason, "Renamed in the registry")

    def test_reason_through_load(self):
        # Only managers import: the rule binds them here.
        rule = self.env.ref("customer_mgmt.customer_change_approval_rule_name")
        rule.group_ids |= self.env.ref("customer_mgmt.group_customer_manager")
        rows = [[str(self.customer.id), "Approval Loaded Co., Ltd.", "Typo in the name"]]
        result = self.env["res.partner"].sudo(self.user_manager).load(
            [".id", "name", "change_reason"], rows)
        self.assertFalse(result["messages"])
        request = self._requests()
        self.assertEqual((request.new_value, request.reason),
                         ("Approval Loaded Co., Ltd.", "Typo in the name"))

    def test_team_leader_gets_a_review_todo_done_on_review(self):
        self._as(self.user_salesperson).write({"tier_id": self.tier.id,
                                               "change_reason": "Signed a framework contract"})
        request = self._requests()
        activity = request.activity_id
        self.assertEqual((activity.res_model, activity.res_id, activity.user_id),
                         ("res.partner", self.customer.id, self.user_leader))
        self.assertEqual(activity.summary, "Review the change of Tier")
        self.assertIn("Signed a framework contract", activity.note)
        # Asked again: still one to-do.
        other_tier = self.env["customer.tier"].create({"name": "Approval Tier 2"})
        self._as(self.user_salesperson).write({"tier_id": other_tier.id})
        self.assertEqual(self.env["mail.activity"].search_count([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id),
            ("user_id", "=", self.user_leader.id)]), 1)
        self.assertIn("Approval Tier 2", request.activity_id.note)
        request.sudo(self.user_data_admin).action_approve()
        self.assertFalse(activity.exists())

    def test_refusal_ends_the_todo_and_no_leader_no_todo(self):
        self._as(self.user_salesperson).write({"name": "Approval Todo Co., Ltd."})
        request = self._requests()
        activity = request.activity_id
        self.assertTrue(activity)
        request.sudo(self.user_leader)._refuse("Keep the registered name")
        self.assertFalse(activity.exists())
        self.team_east.user_id = False
        self._as(self.user_salesperson).write({"name": "Approval No Leader Co., Ltd."})
        pending = self._requests().filtered(lambda r: r.state == "pending")
        self.assertEqual(len(pending), 1)
        self.assertFalse(pending.activity_id)
