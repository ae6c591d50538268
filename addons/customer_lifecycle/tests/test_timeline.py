"""The customer 360° timeline: every kind of event of a customer, in date order, and only what
the reader may read (customers, source records, tracked fields)."""
import datetime

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import LifecycleCase

ALL_KINDS = {"interaction", "activity", "change", "ticket", "order", "stage"}
ALL_EVENTS = {"logged", "planned", "done", "changed", "received", "closed", "confirmed", "moved"}


class TestTimeline(LifecycleCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_other = cls.create_user("timeline_other", ["customer_mgmt.group_customer_salesperson"])
        cls.contact = cls.create_contact(cls.customer, "Zhou Timeline")
        cls.other_customer = cls.create_customer(
            "Wuxi Other Timeline Trading Co., Ltd.", user_id=cls.user_other.id)
        cls.interaction = env["customer.interaction"].create({
            "name": "Timeline quarterly call", "partner_id": cls.contact.id, "channel": "call",
            "date": "2025-01-10 09:00:00", "user_id": cls.user_salesperson.id})
        todo = env.ref("mail.mail_activity_data_todo")
        partner_model = env["ir.model"]._get("res.partner")
        cls.planned = env["mail.activity"].create({
            "res_model_id": partner_model.id, "res_id": cls.contact.id,
            "activity_type_id": todo.id, "summary": "Timeline send the samples",
            "date_deadline": "2099-01-01", "user_id": cls.user_salesperson.id})
        done = env["mail.activity"].create({
            "res_model_id": partner_model.id, "res_id": cls.customer.id,
            "activity_type_id": todo.id, "summary": "Timeline confirm the visit",
            "date_deadline": "2025-01-05", "user_id": cls.user_salesperson.id})
        done.action_feedback("Visit confirmed")
        cls.customer.write({"phone": "+86 512 6688 1234", "credit_rating": "AA"})
        cls.ticket = env["customer.feedback"].create({
            "subject": "Timeline late delivery", "partner_id": cls.customer.id,
            "feedback_type": "complaint", "channel": "phone"})
        closed_stage = env["customer.feedback.stage"].search([("is_closed", "=", True)], limit=1)
        cls.ticket.write({"stage_id": closed_stage.id, "resolution": "Delivered by express"})
        cls.order = cls.create_order(cls.customer, date=datetime.datetime(2025, 1, 20, 10))
        cls.customer.with_context(lifecycle_force=True)._lifecycle_move(
            cls.loyal, reason="Timeline key account")
        # An order of the salesperson's customer that Odoo's rules hide from them.
        cls.hidden_order = cls.create_order(cls.customer)
        cls.hidden_order.sudo().write({"user_id": cls.user_other.id})
        cls.other_interaction = env["customer.interaction"].create({
            "name": "Timeline other visit", "partner_id": cls.other_customer.id,
            "channel": "visit", "user_id": cls.user_other.id})

    def events(self, user, partner=None):
        Event = self.env["customer.timeline.event"].sudo(user)
        return Event.search([("partner_id", "=", (partner or self.customer).id)])

    def test_each_kind_appears_in_date_order(self):
        events = self.events(self.user_salesperson)
        self.assertEqual(set(events.mapped("kind")), ALL_KINDS)
        self.assertEqual(set(events.mapped("event")), ALL_EVENTS)
        dates = events.mapped("date")
        self.assertEqual(dates, sorted(dates, reverse=True))
        by_source = {(e.res_model, e.res_id, e.event): e for e in events}
        logged = by_source[("customer.interaction", self.interaction.id, "logged")]
        self.assertEqual(logged.contact_id, self.contact)
        self.assertEqual(logged.summary, "Timeline quarterly call")
        planned = by_source[("res.partner", self.contact.id, "planned")]
        self.assertEqual(planned.partner_id, self.customer)
        self.assertEqual(planned.summary, "Timeline send the samples")
        self.assertIn(("customer.feedback", self.ticket.id, "received"), by_source)
        self.assertIn(("customer.feedback", self.ticket.id, "closed"), by_source)
        self.assertIn(("sale.order", self.order.id, "confirmed"), by_source)
        move = events.filtered(lambda e: e.kind == "stage" and "Loyal" in e.summary)
        self.assertTrue(move, events.filtered(lambda e: e.kind == "stage").mapped("summary"))
        changes = events.filtered(lambda e: e.kind == "change")
        self.assertIn("phone", changes.mapped("field_name"))
        # The stage is shown as its move, not again as a tracked change.
        self.assertNotIn("lifecycle_stage_id", changes.mapped("field_name"))
        # The form's tab lists the same events.
        tab = self.customer.sudo(self.user_salesperson).timeline_event_ids
        self.assertEqual(tab[:len(events)], events[:len(tab)])

    def test_stage_moves_in_the_reader_language(self):
        self.env["res.lang"].load_lang("zh_CN")
        event = self.events(self.user_salesperson).with_context(lang="zh_CN").filtered(
            lambda e: e.kind == "stage" and e.res_id)[0]
        transition = self.env["customer.lifecycle.transition"].browse(event.res_id)
        self.assertIn(transition.to_stage_id.with_context(lang="zh_CN").name, event.summary)

    def test_salesperson_sees_no_event_of_another_salesperson_customer(self):
        self.assertFalse(self.events(self.user_salesperson, self.other_customer))
        Event = self.env["customer.timeline.event"].sudo(self.user_salesperson)
        self.assertFalse(Event.search([("res_model", "=", "customer.interaction"),
                                       ("res_id", "=", self.other_interaction.id)]))
        readable = self.env["res.partner"].sudo(self.user_salesperson).search([]).ids
        self.assertFalse(Event.search([("partner_id", "not in", readable)]))
        self.assertTrue(self.events(self.user_other, self.other_customer))
        with self.assertRaises(AccessError):
            self.customer.sudo(self.user_other).read(["timeline_event_ids"])

    def test_no_event_of_a_record_the_reader_may_not_read(self):
        events = self.events(self.user_salesperson)
        self.assertFalse(events.filtered(
            lambda e: e.res_model == "sale.order" and e.res_id == self.hidden_order.id))
        # The same salesperson allowed to read every order sees it.
        self.user_salesperson.write({"groups_id": [
            (4, self.env.ref("sales_team.group_sale_salesman_all_leads").id)]})
        self.assertTrue(self.events(self.user_salesperson).filtered(
            lambda e: e.res_model == "sale.order" and e.res_id == self.hidden_order.id))
        # The credit rating is hidden from customer service: so is its change.
        self.assertIn("credit_rating", events.mapped("field_name"))
        service_events = self.events(self.user_service)
        self.assertNotIn("credit_rating", service_events.mapped("field_name"))

    def test_service_sees_what_service_may_see(self):
        kinds = set(self.events(self.user_service).mapped("kind"))
        self.assertTrue({"interaction", "activity", "ticket", "change"} <= kinds, kinds)
        may_read_orders = self.env["sale.order"].sudo(self.user_service).check_access_rights(
            "read", raise_exception=False)
        self.assertEqual("order" in kinds, may_read_orders)
        may_read_moves = self.env["customer.lifecycle.transition"].sudo(
            self.user_service).check_access_rights("read", raise_exception=False)
        self.assertEqual("stage" in kinds, may_read_moves)
        self.assertFalse(self.env["customer.timeline.event"].sudo(
            self.user_plain).check_access_rights("read", raise_exception=False))

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_read_only(self):
        event = self.events(self.user_manager)[0]
        for user in (self.user_salesperson, self.user_manager, self.user_data_admin):
            Event = self.env["customer.timeline.event"].sudo(user)
            with self.assertRaises(AccessError):
                Event.create({"summary_text": "forged", "partner_id": self.customer.id})
            with self.assertRaises(AccessError):
                event.sudo(user).write({"summary_text": "forged"})
            with self.assertRaises(AccessError):
                event.sudo(user).unlink()

    def test_open_the_source_and_the_filtered_list(self):
        event = self.events(self.user_salesperson).filtered(lambda e: e.kind == "ticket")[0]
        action = event.sudo(self.user_salesperson).action_open_source()
        self.assertEqual((action["res_model"], action["res_id"]), ("customer.feedback", self.ticket.id))
        partner = self.contact.sudo(self.user_salesperson)
        action = partner.with_context(timeline_kind="order").action_view_timeline()
        self.assertEqual(action["domain"], [("partner_id", "=", self.customer.id)])
        self.assertEqual(action["context"], {"search_default_kind_order": 1})
        with self.assertRaises(AccessError):
            self.other_customer.sudo(self.user_salesperson).action_view_timeline()
        with self.assertRaises(AccessError):
            event.sudo(self.user_plain).action_open_source()
