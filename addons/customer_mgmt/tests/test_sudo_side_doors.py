"""Paths that work as superuser check first what the caller names: activities linked as an
interaction's next step and activities marked done."""
from odoo.exceptions import AccessError

from .common import CustomerCase

ACTIVITY_FIELDS = ["summary", "user_id", "date_deadline", "res_model", "res_id",
                   "activity_type_id", "note"]


class TestSudoSideDoors(CustomerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user("sudo_other", ["customer_mgmt.group_customer_salesperson"])
        cls.own = cls.create_customer("Own Sudo Trading Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.other = cls.create_customer("Hidden Sudo Trading Co., Ltd.", user_id=cls.user_other.id)
        cls.interaction = cls.env["customer.interaction"].create({
            "name": "Own review", "partner_id": cls.own.id, "user_id": cls.user_salesperson.id})
        cls.other_interaction = cls.env["customer.interaction"].create({
            "name": "Other review", "partner_id": cls.other.id, "user_id": cls.user_other.id})
        # Activities of the other salesperson: on their customer, and on the own customer.
        cls.hidden_activity = cls._activity(cls.other, cls.user_other, "Secret renewal")
        cls.foreign_activity = cls._activity(cls.own, cls.user_other, "Their call")
        cls.own_activity = cls._activity(cls.own, cls.user_salesperson, "My call")

    @classmethod
    def _activity(cls, partner, user, summary, xmlid="mail.mail_activity_data_call"):
        return cls.env["mail.activity"].create({
            "res_model_id": cls.env["ir.model"]._get("res.partner").id, "res_id": partner.id,
            "activity_type_id": cls.env.ref(xmlid).id, "summary": summary,
            "user_id": user.id, "date_deadline": "2030-06-01"})

    def _state(self):
        activities = self.env["mail.activity"].search([])
        interactions = self.env["customer.interaction"].search([])
        return (activities.read(ACTIVITY_FIELDS),
                interactions.read(["name", "partner_id", "next_step", "next_step_activity_id"]))

    def test_next_step_cannot_take_over_an_activity_the_user_may_not_change(self):
        missing = self._activity(self.own, self.user_salesperson, "Deleted")
        missing_id = missing.id
        missing.unlink()
        attempts = [
            # Another salesperson's activity on their (hidden) customer.
            (self.user_salesperson, self.interaction, self.hidden_activity),
            # Not on the interaction's customer, even if it is the user's own.
            (self.user_other, self.other_interaction, self.own_activity),
            # On the customer, but someone else's on a customer the user may not edit:
            # customer service edits every interaction, not every customer.
            (self.user_service, self.interaction, self.foreign_activity),
            (self.user_service, self.other_interaction, self.hidden_activity),
        ]
        before = self._state()
        for user, interaction, activity in attempts:
            for vals in ({"next_step_activity_id": activity.id},
                         {"next_step_activity_id": activity.id, "next_step": "Rewritten",
                          "next_step_date": "2031-01-01"}):
                with self.assertRaisesRegex(AccessError, "maintained by the system",
                                            msg="%s, %s" % (user.login, activity.summary)):
                    interaction.sudo(user).write(vals)
            with self.assertRaisesRegex(AccessError, "maintained by the system"):
                self.env["customer.interaction"].sudo(user).create({
                    "name": "Forged", "partner_id": interaction.partner_id.id,
                    "user_id": user.id, "next_step": "Rewritten",
                    "next_step_activity_id": activity.id})
        with self.assertRaisesRegex(AccessError, "maintained by the system"):
            self.interaction.sudo(self.user_salesperson).write(
                {"next_step_activity_id": missing_id, "next_step": "Rewritten"})
        self.assertEqual(self._state(), before)

    def test_next_step_of_a_link_to_another_customer_gets_its_own_activity(self):
        # A link to another customer's activity (set before the check existed, or left by a
        # change of customer) is never rewritten: the next step gets a new activity.
        self.env.cr.execute("UPDATE customer_interaction SET next_step_activity_id = %s "
                            "WHERE id = %s", (self.hidden_activity.id, self.interaction.id))
        self.interaction.invalidate_cache()
        hidden_before = self.hidden_activity.read(ACTIVITY_FIELDS)
        self.interaction.sudo(self.user_salesperson).write({"next_step": "Send the offer"})
        self.assertEqual(self.hidden_activity.read(ACTIVITY_FIELDS), hidden_before)
        activity = self.interaction.next_step_activity_id
        self.assertNotEqual(activity, self.hidden_activity)
        self.assertEqual((activity.res_id, activity.summary, activity.user_id),
                         (self.own.id, "Send the offer", self.user_salesperson))

    def test_activities_of_others_cannot_be_rewritten_or_done(self):
        """Odoo's rule (own activities, or those of documents one may edit) holds, and marking
        a call done logs no interaction as superuser for those refused."""
        before = self._state()
        attempts = [(self.user_salesperson, self.hidden_activity),
                    (self.user_service, self.foreign_activity),
                    (self.user_plain, self.foreign_activity)]
        for user, activity in attempts:
            with self.assertRaises(AccessError, msg=user.login):
                activity.sudo(user).write({"summary": "Rewritten", "user_id": user.id})
            with self.assertRaises(AccessError, msg=user.login):
                activity.sudo(user).action_feedback("Done by someone else")
        self.assertEqual(self._state(), before)
        # Their own call, on a customer they may read, is logged on their behalf.
        self.own_activity.sudo(self.user_salesperson).action_feedback("Agreed")
        logged = self.env["customer.interaction"].search([("partner_id", "=", self.own.id),
                                                          ("name", "=", "My call")])
        self.assertEqual(logged.user_id, self.user_salesperson)
