"""The paused SLA clock: stages waiting on the customer or a third party stop it, leaving them
(or the customer's reply) restarts it, and the deadlines move by the working time paused."""
from odoo.exceptions import AccessError, ValidationError

from .test_sla_calendar import SlaCalendarCase, local


class TestSlaPause(SlaCalendarCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.stage_new = ref("customer_feedback.customer_feedback_stage_new")
        cls.stage_progress = ref("customer_feedback.customer_feedback_stage_in_progress")
        cls.stage_waiting = ref("customer_feedback.customer_feedback_stage_waiting")
        cls.stage_third = ref("customer_feedback.customer_feedback_stage_waiting_third_party")

    def _ticket(self, **values):
        # Monday 2 March 2026, 09:00: response due at 14:00, resolution on Wednesday at 18:00.
        return self.create_feedback(date_received=local(2026, 3, 2, 9, 0), **values)

    def test_shipped_stages_pause(self):
        self.assertEqual(self.stage_waiting.sla_pause, "customer")
        self.assertEqual(self.stage_third.sla_pause, "third_party")
        self.assertFalse(self.stage_progress.sla_pause)

    def test_pause_and_restart_move_the_deadlines_by_the_working_time(self):
        ticket = self._ticket()
        self.assertEqual(ticket.sla_response_deadline, local(2026, 3, 2, 14, 0))
        self.assertEqual(ticket.sla_resolution_deadline, local(2026, 3, 4, 18, 0))
        # Paused Monday 10:00, restarted Tuesday 11:00: 2 + 5 + 2 = 9 working hours.
        ticket._sla_on_stage(self.stage_waiting, {ticket.id: self.stage_new},
                             local(2026, 3, 2, 10, 0))
        self.assertEqual(ticket.sla_paused_since, local(2026, 3, 2, 10, 0))
        self.assertEqual(ticket.sla_resume_stage_id, self.stage_new)
        ticket._sla_refresh_status(local(2026, 3, 10, 9, 0))
        self.assertEqual(ticket.sla_status, "paused", "a week later, still paused, not breached")
        ticket._sla_on_stage(self.stage_progress, {ticket.id: self.stage_waiting},
                             local(2026, 3, 3, 11, 0))
        self.assertFalse(ticket.sla_paused_since)
        self.assertAlmostEqual(ticket.sla_paused_hours, 9.0, places=4)
        self.assertEqual(ticket.sla_response_deadline, local(2026, 3, 3, 15, 0))
        self.assertEqual(ticket.sla_resolution_deadline, local(2026, 3, 6, 10, 0))
        # A second pause adds up: Friday 6 March 09:00 to Monday 9 March 09:00 = 8 h.
        ticket._sla_on_stage(self.stage_third, {ticket.id: self.stage_progress},
                             local(2026, 3, 6, 9, 0))
        ticket._sla_on_stage(self.stage_progress, {ticket.id: self.stage_third},
                             local(2026, 3, 9, 9, 0))
        self.assertAlmostEqual(ticket.sla_paused_hours, 17.0, places=4)
        self.assertEqual(ticket.sla_resolution_deadline, local(2026, 3, 9, 10, 0))

    def test_a_deadline_passed_before_the_pause_stays(self):
        ticket = self._ticket()
        ticket._sla_on_stage(self.stage_waiting, {ticket.id: self.stage_new},
                             local(2026, 3, 2, 15, 0))     # after the response deadline (14:00)
        ticket._sla_on_stage(self.stage_progress, {ticket.id: self.stage_waiting},
                             local(2026, 3, 2, 17, 0))
        self.assertEqual(ticket.sla_response_deadline, local(2026, 3, 2, 14, 0))
        self.assertEqual(ticket.sla_resolution_deadline, local(2026, 3, 5, 11, 0))

    def test_stage_moves_pause_and_restart_as_service(self):
        ticket = self.create_feedback(user_id=self.user_service.id)   # received now
        as_service = ticket.sudo(self.user_service)
        as_service.write({"stage_id": self.stage_progress.id})
        as_service.write({"stage_id": self.stage_waiting.id})
        self.assertTrue(ticket.sla_paused_since)
        self.assertEqual(ticket.sla_status, "paused")
        self.assertEqual(ticket.sla_resume_stage_id, self.stage_progress)
        as_service.write({"stage_id": self.stage_third.id})
        self.assertEqual(ticket.sla_resume_stage_id, self.stage_progress,
                         "moving between waiting stages keeps the clock stopped")
        as_service.write({"stage_id": self.stage_progress.id})
        self.assertFalse(ticket.sla_paused_since)
        self.assertNotEqual(ticket.sla_status, "paused")
        self.assertGreaterEqual(ticket.sla_paused_hours, 0.0)

    def test_others_cannot_pause_a_ticket_they_may_not_edit(self):
        ticket = self.create_feedback(customer=self.other_customer,
                                      date_received=local(2026, 3, 2, 9, 0))
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            ticket.sudo(self.user_salesperson).write({"stage_id": self.stage_waiting.id})
        self.assertFalse(ticket.sla_paused_since)
        self.assertEqual(ticket.stage_id, self.stage_new)

    def test_system_fields_refused(self):
        ticket = self._ticket()
        with self.assertRaises((AccessError, ValidationError)), self.env.cr.savepoint():
            ticket.sudo(self.user_service).write({"sla_paused_hours": -100})
        self.assertEqual(ticket.sla_paused_hours, 0.0)

    def test_customer_reply_by_email_restarts_the_clock(self):
        ticket = self._ticket(contact_id=self.contact.id, email_from=self.contact.email)
        ticket.write({"stage_id": self.stage_progress.id})
        ticket.write({"stage_id": self.stage_waiting.id})
        self.assertTrue(ticket.sla_paused_since)
        message_id = ticket.message_ids[-1].message_id
        raw = ("From: Li Feedback <li.feedback@example.com>\nTo: feedback@example.com\n"
               "Subject: Re: Late delivery\nMessage-ID: <pause-reply@mail.example.com>\n"
               "In-Reply-To: %s\nReferences: %s\nContent-Type: text/plain; charset=utf-8\n\n"
               "The photos are attached.\n") % (message_id, message_id)
        self.assertEqual(self.env["mail.thread"].message_process(
            "customer.feedback", raw.encode("utf-8")), ticket.id)
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertFalse(ticket.sla_paused_since)

    def test_customer_reply_on_the_portal_restarts_the_clock(self):
        portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Li Portal", "login": "li_portal_pause", "partner_id": self.contact.id,
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})
        ticket = self._ticket(contact_id=self.contact.id)
        # The configured stage (shipped: In progress) wins over the stage before the pause.
        self.assertEqual(self.stage_waiting.reply_stage_id, self.stage_progress)
        ticket.write({"stage_id": self.stage_waiting.id})
        self.assertEqual(ticket.sla_resume_stage_id, self.stage_new)
        ticket.sudo(portal).message_post(
            body="Here is the order number.", message_type="comment",
            subtype="mail.mt_comment", author_id=self.contact.id)
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertFalse(ticket.sla_paused_since)

    def test_reply_goes_back_to_the_stage_before_the_pause(self):
        self.stage_waiting.reply_stage_id = False
        ticket = self._ticket(contact_id=self.contact.id)
        ticket.write({"stage_id": self.stage_waiting.id})
        ticket._sla_customer_replied()
        self.assertEqual(ticket.stage_id, self.stage_new)

    def test_customer_reply_does_not_restart_a_third_party_wait(self):
        ticket = self._ticket(contact_id=self.contact.id)
        ticket.write({"stage_id": self.stage_third.id})
        ticket._sla_customer_replied()
        self.assertEqual(ticket.stage_id, self.stage_third)
        self.assertTrue(ticket.sla_paused_since)

    def test_closing_a_paused_ticket_records_the_pause(self):
        ticket = self._ticket()
        ticket.write({"stage_id": self.stage_waiting.id})
        ticket.write({"stage_id": self.env.ref(
            "customer_feedback.customer_feedback_stage_resolved").id, "resolution": "Done."})
        self.assertFalse(ticket.sla_paused_since)

    def test_a_closed_stage_cannot_pause(self):
        with self.assertRaisesRegex(ValidationError, "cannot pause"), self.env.cr.savepoint():
            self.env["customer.feedback.stage"].create(
                {"name": "Paused and closed", "is_closed": True, "sla_pause": "customer"})
        self.assertFalse(self.env["customer.feedback.stage"].search(
            [("name", "=", "Paused and closed")]))
