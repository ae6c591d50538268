"""Merge of tickets of one customer: everything moves to the kept ticket, the others are
cancelled with a link; refused across customers and for users who cannot change the tickets."""
from odoo.exceptions import AccessError, UserError

from .common import FeedbackCase

MODEL = "customer.feedback"


class TestTicketMerge(FeedbackCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.follower_a = cls.create_contact(cls.customer, "Wang Follower", email="wf@example.com")
        cls.follower_b = cls.create_contact(cls.customer, "Zhao Follower", email="zf@example.com")

    def setUp(self):
        super().setUp()
        self.keep = self.create_feedback(subject="Late delivery of order 1")
        self.second = self.create_feedback(subject="Order 1 still not here")
        self.third = self.create_feedback(subject="Order 1: please call back")
        self.keep.message_subscribe(partner_ids=self.follower_a.ids)
        self.second.message_subscribe(partner_ids=(self.follower_a | self.follower_b).ids)
        self.message = self.second.message_post(
            body="The carrier lost the parcel.", message_type="comment",
            subtype="mail.mt_note")
        self.attachment = self.env["ir.attachment"].create({
            "name": "waybill.txt", "datas_fname": "waybill.txt", "datas": "d2F5YmlsbA==",
            "res_model": MODEL, "res_id": self.second.id})
        self.rating = self.env["rating.rating"].create({
            "res_model_id": self.env["ir.model"]._get(MODEL).id, "res_id": self.third.id,
            "partner_id": self.customer.id, "rating": 10, "consumed": True})
        self.activity = self.env["mail.activity"].create({
            "res_model_id": self.env["ir.model"]._get(MODEL).id, "res_id": self.third.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
            "user_id": self.user_service.id, "summary": "Call the customer back"})

    def merge(self, user, tickets, keep):
        wizard = self.env["customer.feedback.merge"].sudo(user).with_context(
            active_model=MODEL, active_ids=tickets.ids).create({})
        self.assertEqual(wizard.ticket_ids, tickets)
        wizard.keep_ticket_id = keep
        return wizard.action_merge()

    def snapshot(self, tickets):
        self.env[MODEL].invalidate_cache()
        return {
            "tickets": tickets.sudo().read(["stage_id", "merged_into_id", "message_ids",
                                            "message_follower_ids", "activity_ids"]),
            "attachment": self.attachment.sudo().res_id,
            "rating": self.rating.sudo().res_id,
        }

    def test_everything_moves_and_the_others_close_with_links(self):
        tickets = self.keep | self.second | self.third
        action = self.merge(self.user_service, tickets, self.keep)
        self.assertEqual((action["res_model"], action["res_id"]), (MODEL, self.keep.id))
        self.env[MODEL].invalidate_cache()
        self.assertEqual(self.message.res_id, self.keep.id)
        self.assertIn(self.message, self.keep.message_ids)
        self.assertEqual(self.attachment.res_id, self.keep.id)
        self.assertEqual(self.rating.res_id, self.keep.id)
        self.assertEqual(self.rating.res_name, self.keep.name_get()[0][1])
        self.assertEqual(self.keep.rating_ids, self.rating)
        self.assertEqual(self.activity.res_id, self.keep.id)
        self.assertEqual(self.keep.activity_ids, self.activity)
        followers = self.keep.message_follower_ids.mapped("partner_id")
        self.assertIn(self.follower_a, followers)
        self.assertIn(self.follower_b, followers)
        self.assertEqual(len(followers), len(self.keep.message_follower_ids))  # no duplicates
        cancelled = self.env.ref("customer_feedback.customer_feedback_stage_cancelled")
        for other in self.second | self.third:
            self.assertEqual(other.merged_into_id, self.keep)
            self.assertEqual(other.stage_id, cancelled)
            self.assertTrue(other.is_closed)
            self.assertFalse(other.message_follower_ids)
            note = other.message_ids[0]
            self.assertIn("Merged into", note.body)
            self.assertIn(self.keep.name, note.body)
        self.assertEqual(self.keep.merged_ticket_ids, self.second | self.third)
        self.assertFalse(self.keep.is_closed)
        note = self.keep.message_ids[0].body
        self.assertIn(self.second.name, note)
        self.assertIn(self.third.name, note)

    def test_salesperson_merges_tickets_of_own_customer(self):
        self.merge(self.user_salesperson, self.keep | self.second, self.keep)
        self.assertEqual(self.second.merged_into_id, self.keep)

    def test_refused_across_customers_and_nothing_changes(self):
        elsewhere = self.create_feedback(self.other_customer, subject="Other matter")
        tickets = self.keep | self.second | elsewhere
        before = self.snapshot(tickets)
        with self.assertRaises(UserError) as refused:
            self.merge(self.user_service, tickets, self.keep)
        message = refused.exception.name
        for ticket in tickets:
            self.assertIn(ticket.name, message)
        self.assertIn(self.customer.name, message)
        self.assertIn(self.other_customer.name, message)
        self.assertEqual(self.snapshot(tickets), before)

    def test_refused_for_tickets_the_user_cannot_change(self):
        hidden = self.create_feedback(self.other_customer, subject="Hidden 1")
        hidden2 = self.create_feedback(self.other_customer, subject="Hidden 2")
        before = self.snapshot(hidden | hidden2)
        with self.assertRaises(AccessError):
            self.merge(self.user_salesperson, hidden | hidden2, hidden)
        mine_and_hidden = self.keep | hidden
        with self.assertRaises(AccessError):
            self.merge(self.user_salesperson, mine_and_hidden, self.keep)
        self.assertEqual(self.snapshot(hidden | hidden2), before)

    def test_refused_for_roles_without_ticket_rights(self):
        tickets = self.keep | self.second
        before = self.snapshot(tickets)
        portal = self.create_user("merge_portal", ["base.group_portal"])
        for user in (self.user_plain, portal):
            wizard = self.env["customer.feedback.merge"].create(
                {"ticket_ids": [(6, 0, tickets.ids)], "keep_ticket_id": self.keep.id})
            with self.assertRaises(AccessError) as refused:
                wizard.sudo(user).action_merge()
            self.assertIn("reserved to the groups", refused.exception.name)
        self.assertEqual(self.snapshot(tickets), before)

    def test_one_ticket_merged_or_closed_kept_refused(self):
        with self.assertRaises(UserError) as refused:
            self.merge(self.user_service, self.keep, self.keep)
        self.assertIn(self.keep.name, refused.exception.name)
        self.merge(self.user_service, self.keep | self.second, self.keep)
        with self.assertRaises(UserError) as refused:
            self.merge(self.user_service, self.second | self.third, self.third)
        self.assertIn(self.second.name, refused.exception.name)
        with self.assertRaises(UserError) as refused:
            self.merge(self.user_service, self.keep | self.third | self.second, self.second)
        self.assertIn(self.second.name, refused.exception.name)

    def test_merge_is_in_the_action_menu_of_tickets_for_staff(self):
        action = self.env.ref("customer_feedback.customer_feedback_merge_action")
        self.assertEqual(action.binding_model_id.model, MODEL)
        self.assertEqual(set(action.groups_id.mapped(lambda group: group.get_external_id()[
            group.id])), {"customer_mgmt.group_customer_service",
                          "customer_mgmt.group_customer_salesperson"})
