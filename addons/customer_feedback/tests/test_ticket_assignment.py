"""Ticket assignment per team: round-robin or by skill, under each member's open-ticket limit,
unassigned tickets on the team leader's tile, the cron, and imports assigned set-based."""
from datetime import timedelta
from unittest import mock

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import mute_logger

from odoo.addons.customer_mgmt.tests.test_dashboard import DashboardCase

from ..models.customer_feedback_assignment_mixin import TicketAssigner
from .common import FeedbackCase

SERVICE = "customer_mgmt.group_customer_service"


class AssignmentCase(FeedbackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({
            "name": "Assignment Team", "user_id": cls.user_leader.id,
            "feedback_assign_method": "round_robin", "feedback_ticket_limit": 0})
        cls.agents = [cls.create_user("agent%d" % index, [SERVICE], sale_team_id=cls.team.id)
                      for index in range(3)]
        cls.a1, cls.a2, cls.a3 = cls.agents
        cls.team_customer = cls.create_customer(
            "Suzhou Assignment Trading Co., Ltd.", user_id=cls.user_salesperson.id,
            team_id=cls.team.id)
        Category = cls.env["customer.feedback.category"]
        cls.delivery = Category.create({"name": "Assignment Delivery"})
        cls.late = Category.create({"name": "Assignment Late", "parent_id": cls.delivery.id})
        cls.billing = Category.create({"name": "Assignment Billing"})

    def new_ticket(self, **values):
        """A ticket created over the ORM as customer service, without an assignee."""
        vals = {"subject": "Where is my order", "partner_id": self.team_customer.id,
                "feedback_type": "complaint", "channel": "phone"}
        vals.update(values)
        return self.env["customer.feedback"].sudo(self.user_service).create(vals)

    def member(self, user, **values):
        return self.env["customer.feedback.team.member"].create(
            dict(values, team_id=self.team.id, user_id=user.id))


class TestRoundRobin(AssignmentCase):

    def test_in_turn_and_remembered_per_team(self):
        tickets = [self.new_ticket() for _index in range(4)]
        self.assertEqual([t.user_id for t in tickets], [self.a1, self.a2, self.a3, self.a1])
        self.assertEqual(self.team.feedback_last_user_id, self.a1)
        self.env.clear()
        self.assertEqual(self.new_ticket().user_id, self.a2)

    def test_unavailable_members_are_skipped(self):
        self.a2.active = False
        self.assertEqual([self.new_ticket().user_id for _index in range(3)],
                         [self.a1, self.a3, self.a1])

    def test_members_on_leave_today_are_skipped(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        resource = self.env["resource.resource"].create({"name": "Agent 1", "user_id": self.a1.id})
        self.env["resource.calendar.leaves"].create({
            "name": "Annual leave", "resource_id": resource.id,
            "calendar_id": resource.calendar_id.id,
            "date_from": fields.Datetime.to_string(now - timedelta(hours=2)),
            "date_to": fields.Datetime.to_string(now + timedelta(days=1))})
        self.assertEqual([self.new_ticket().user_id for _index in range(3)],
                         [self.a2, self.a3, self.a2])

    def test_explicit_assignee_and_teams_without_method_are_left_alone(self):
        self.assertEqual(self.new_ticket(user_id=self.a3.id).user_id, self.a3)
        self.assertFalse(self.team.feedback_last_user_id)
        self.team.feedback_assign_method = "none"
        # Without a method, the default (the service agent logging it) applies as before.
        self.assertEqual(self.new_ticket().user_id, self.user_service)

    def test_members_of_other_teams_never_get_tickets(self):
        other_team = self.env["crm.team"].create({"name": "Other Assignment Team"})
        self.a1.sale_team_id = other_team
        self.member(self.a2)
        self.assertEqual({self.new_ticket().user_id for _index in range(4)}, {self.a2, self.a3})


class TestLimits(AssignmentCase):

    def test_team_and_member_limits_open_tickets_only(self):
        self.team.feedback_ticket_limit = 1
        self.member(self.a1, ticket_limit=2)
        closed = self.new_ticket(user_id=self.a2.id, resolution="Refunded.")
        closed.stage_id = self.env.ref("customer_feedback.customer_feedback_stage_closed")
        self.new_ticket(user_id=self.a3.id)  # a3 is at the team's limit already
        tickets = [self.new_ticket() for _index in range(4)]
        self.assertEqual([t.user_id for t in tickets],
                         [self.a1, self.a2, self.a1, self.env["res.users"]])
        self.assertFalse(tickets[-1].user_id)

    def test_negative_limits_refused_and_not_saved(self):
        with self.assertRaises(ValidationError) as refused, self.env.cr.savepoint():
            self.team.feedback_ticket_limit = -1
        self.assertIn("-1", refused.exception.name)
        self.assertIn(self.team.name, refused.exception.name)
        with self.assertRaises(ValidationError) as refused, self.env.cr.savepoint():
            self.member(self.a1, ticket_limit=-3)
        self.assertIn("-3", refused.exception.name)
        self.assertIn(self.a1.name, refused.exception.name)
        self.team.invalidate_cache()
        self.assertEqual(self.team.feedback_ticket_limit, 0)
        self.assertFalse(self.team.feedback_member_ids)

    def test_member_settings_only_for_members_of_the_team(self):
        with self.assertRaises(ValidationError) as refused, self.env.cr.savepoint():
            self.member(self.user_service)
        self.assertIn(self.user_service.name, refused.exception.name)
        self.assertIn(self.team.name, refused.exception.name)
        self.team.invalidate_cache()
        self.assertFalse(self.team.feedback_member_ids)

    def test_only_managers_configure_the_assignment(self):
        manager_team = self.team.sudo(self.user_manager)
        manager_team.write({"feedback_assign_method": "skill", "feedback_ticket_limit": 5})
        self.env["customer.feedback.team.member"].sudo(self.user_manager).create(
            {"team_id": self.team.id, "user_id": self.a1.id, "ticket_limit": 3})
        for user in (self.user_leader, self.user_service, self.user_salesperson):
            with self.assertRaises(AccessError):
                self.team.sudo(user).write({"feedback_ticket_limit": 9})
            with self.assertRaises(AccessError):
                self.env["customer.feedback.team.member"].sudo(user).create(
                    {"team_id": self.team.id, "user_id": self.a2.id})
        self.assertEqual(self.team.feedback_ticket_limit, 5)
        with self.assertRaises(AccessError) as refused:
            manager_team.write({"feedback_last_user_id": self.a1.id})
        self.assertIn("feedback_last_user_id", refused.exception.name)
        self.assertFalse(self.team.feedback_last_user_id)


class TestSkills(AssignmentCase):

    def test_skills_cover_subcategories_and_others_wait(self):
        self.team.feedback_assign_method = "skill"
        self.member(self.a1, category_ids=[(6, 0, self.delivery.ids)])
        self.member(self.a2, category_ids=[(6, 0, self.delivery.ids)])
        self.member(self.a3, category_ids=[(6, 0, self.billing.ids)])
        late = [self.new_ticket(category_id=self.late.id) for _index in range(3)]
        self.assertEqual([t.user_id for t in late], [self.a1, self.a2, self.a1])
        self.assertEqual(self.new_ticket(category_id=self.billing.id).user_id, self.a3)
        nobody = self.env["customer.feedback.category"].create({"name": "Assignment Other"})
        self.assertFalse(self.new_ticket(category_id=nobody.id).user_id)
        # A ticket without category goes to the next member in turn.
        self.assertEqual(self.new_ticket().user_id, self.a1)


class TestUnassignedTile(AssignmentCase, DashboardCase):

    def test_leader_sees_unassigned_tickets_of_their_teams(self):
        self.team.feedback_ticket_limit = 1
        assigned = [self.new_ticket() for _index in range(3)]
        waiting = self.new_ticket() | self.new_ticket()
        self.assertTrue(all(t.user_id for t in assigned))
        self.assertFalse(waiting.mapped("user_id"))
        elsewhere = self.create_feedback(self.other_customer, user_id=False)
        self.assertFalse(elsewhere.user_id)
        tile = self.tiles(self.user_leader)["tickets_unassigned_my_teams"]
        self.assert_counts_its_list(tile, waiting)
        self.assertEqual(tile.tone, "warning")
        self.assertNotIn("tickets_unassigned_my_teams", self.tiles(self.user_service))
        self.assertNotIn("tickets_unassigned_my_teams", self.tiles(self.user_salesperson))
        # The list's filter of the same name finds them too.
        search = self.env.ref("customer_feedback.customer_feedback_view_search")
        self.assertIn('name="unassigned_my_teams"', search.arch)


class TestAssignmentCron(AssignmentCase):

    def test_cron_assigns_once_capacity_frees_and_is_idempotent(self):
        self.team.feedback_ticket_limit = 1
        self.a2.active = self.a3.active = False
        first, second, third = self.new_ticket(), self.new_ticket(), self.new_ticket()
        self.assertEqual(first.user_id, self.a1)
        self.assertFalse((second | third).mapped("user_id"))
        Feedback = self.env["customer.feedback"]
        self.assertEqual(Feedback._cron_assign_tickets(), 0)
        first.write({"stage_id": self.env.ref(
            "customer_feedback.customer_feedback_stage_cancelled").id})
        self.assertEqual(Feedback._cron_assign_tickets(), 1)
        self.assertEqual(second.user_id, self.a1)  # the oldest first
        self.assertFalse(third.user_id)
        self.assertEqual(Feedback._cron_assign_tickets(), 0)
        self.assertFalse(third.user_id)
        self.a2.active = True
        self.assertEqual(Feedback._cron_assign_tickets(batch_limit=1), 1)
        self.assertEqual(third.user_id, self.a2)
        self.assertEqual(Feedback._cron_assign_tickets(), 0)


class TestImportAssignment(AssignmentCase):

    FIELDS = ["subject", "partner_id/.id", "feedback_type", "channel"]

    def _load(self, count, tag, **context):
        """The tickets of an import of count rows, its query count and its team reads."""
        rows = [["Import %s %d" % (tag, index), str(self.team_customer.id), "complaint", "phone"]
                for index in range(count)]
        Feedback = self.env["customer.feedback"].sudo(self.user_manager).with_context(**context)
        Feedback.invalidate_cache()
        before = self.cr.sql_log_count
        # A spy on our own reader of a team's state: it still runs, each call is counted.
        with mock.patch.object(TicketAssigner, "_load_team", autospec=True,
                               side_effect=TicketAssigner._load_team) as team_reads, \
                mute_logger("odoo.addons.customer_mgmt.models.base_guard"):
            result = Feedback.load(self.FIELDS, rows)
        queries = self.cr.sql_log_count - before
        self.assertTrue(result["ids"], result["messages"])
        return Feedback.browse(result["ids"]), queries, team_reads.call_count

    def _overhead(self, count):
        """Queries an import of count rows spends beyond one with a default assignee."""
        self.team.feedback_assign_method = "none"
        _tickets, baseline, _reads = self._load(count, "base%d" % count,
                                                default_user_id=self.a1.id)
        self.team.feedback_assign_method = "round_robin"
        tickets, queries, reads = self._load(count, "auto%d" % count)
        return tickets, queries - baseline, reads

    def test_import_assigns_in_turn_with_a_bounded_query_count(self):
        small, small_overhead, small_reads = self._overhead(3)
        self.assertEqual(small.mapped("user_id"), self.a1 | self.a2 | self.a3)
        large, large_overhead, large_reads = self._overhead(15)
        self.assertEqual([t.user_id for t in large[:4]], [self.a1, self.a2, self.a3, self.a1])
        self.assertTrue(all(large.mapped("user_id")))
        self.assertEqual(self.team.feedback_last_user_id, large[-1].user_id)
        # The team is read once per import, whatever its size, and each row costs no more
        # queries than one whose assignee is given.
        self.assertEqual((small_reads, large_reads), (1, 1))
        self.assertLessEqual(large_overhead, small_overhead + 3,
                             (small_overhead, large_overhead))
