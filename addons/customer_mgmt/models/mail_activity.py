from psycopg2.extras import execute_values

from odoo import api, fields, models
from odoo.tools import plaintext2html

# Activity types whose completion on a customer is logged as an interaction.
ACTIVITY_TYPE_CHANNELS = {
    "mail.mail_activity_data_call": "call",
    "mail.mail_activity_data_meeting": "meeting",
}


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.multi
    def action_feedback(self, feedback=False):
        """Record an interaction when a call or meeting on a customer is marked done."""
        # Done activities are deleted: only those the user may delete (their own, or on a
        # document they may edit) are logged on their behalf below.
        self._check_access("unlink")
        interaction_vals = self._customer_interaction_values(feedback)
        result = super().action_feedback(feedback=feedback)
        if interaction_vals:
            # The user completing the activity may lack create rights on interactions
            # (e.g. a plain employee): the record is logged on their behalf.
            interactions = self.env["customer.interaction"].sudo().with_context(
                mail_create_nosubscribe=True)
            for vals in interaction_vals:
                interactions.create(vals)
        return result

    @api.model
    def _customer_interaction_activity_types(self):
        """Activity types logged as interactions when done, by XML id: other addons add theirs."""
        return dict(ACTIVITY_TYPE_CHANNELS)

    @api.multi
    def _customer_interaction_values(self, feedback):
        """Values of the interactions to log for the call and meeting activities of partners."""
        channels = {}
        for xmlid, channel in self._customer_interaction_activity_types().items():
            activity_type = self.env.ref(xmlid, raise_if_not_found=False)
            if activity_type:
                channels[activity_type.id] = channel
        activities = self.filtered(
            lambda a: a.res_model == "res.partner" and a.activity_type_id.id in channels)
        if not activities:
            return []
        partners = self.env["res.partner"].browse(activities.mapped("res_id")).exists()
        # Read as superuser below, for customers the user reads.
        partners.check_access_rights("read")
        partners.check_access_rule("read")
        partners = partners.sudo()
        values = []
        for activity in activities:
            partner = partners.filtered(lambda p: p.id == activity.res_id)
            if not partner:
                continue
            customer = partner.commercial_partner_id
            values.append({
                "name": activity.summary or activity.activity_type_id.name,
                "partner_id": customer.id,
                "contact_ids": [(6, 0, [] if partner == customer else [partner.id])],
                "channel": channels[activity.activity_type_id.id],
                "user_id": self.env.user.id,
                "description": plaintext2html(feedback) if feedback else activity.note,
            })
        return values

    @api.model
    def _customer_mgmt_create_bulk(self, res_model, values_list):
        """Schedule many activities in a few statements, for scheduled actions.

        ``create`` subscribes each assignee through a write on each document, which on
        customers runs all the partner write logic once per customer (minutes at 100,000).
        Here the assignees become followers with one INSERT and the activities are inserted
        with another; values_list holds dicts with res_id, user_id, activity_type_id,
        date_deadline, summary and optionally note. Returns the new activities.
        """
        if not values_list:
            return self.browse()
        cr = self.env.cr
        model_id = self.env["ir.model"]._get(res_model).id
        documents = self.env[res_model].sudo().with_context(prefetch_fields=False).browse(
            {vals["res_id"] for vals in values_list})
        names = dict(documents.name_get())
        rows = [(vals["res_id"], model_id, res_model, names.get(vals["res_id"]),
                 vals["activity_type_id"], vals.get("summary") or None, vals.get("note") or None,
                 vals["date_deadline"] if isinstance(vals["date_deadline"], str)
                 else fields.Date.to_string(vals["date_deadline"]),
                 vals["user_id"], self.env.uid, self.env.uid) for vals in values_list]
        created = execute_values(cr, """
            INSERT INTO mail_activity (res_id, res_model_id, res_model, res_name, activity_type_id,
                                       summary, note, date_deadline, user_id, create_uid,
                                       write_uid, create_date, write_date)
            VALUES %s RETURNING id""", rows,
            template="(%s, %s, %s, %s, %s, %s, %s, %s::date, %s, %s, %s, "
                     "(now() at time zone 'UTC'), (now() at time zone 'UTC'))",
            page_size=1000, fetch=True)
        self._customer_mgmt_add_followers(res_model, {
            (vals["res_id"], vals["user_id"]) for vals in values_list})
        self.env[res_model].invalidate_cache()
        return self.browse([row[0] for row in created])

    @api.model
    def _customer_mgmt_add_followers(self, res_model, pairs):
        """Make the users of (document id, user id) pairs followers with the default subtypes,
        as ``message_subscribe`` would, in two statements."""
        if not pairs:
            return
        cr = self.env.cr
        subtypes = self.env["mail.message.subtype"].sudo().search([
            ("default", "=", True), "|", ("res_model", "=", res_model), ("res_model", "=", False)])
        followers = execute_values(cr, """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT DISTINCT v.res_model, v.res_id, u.partner_id
              FROM (VALUES %s) AS v(res_model, res_id, user_id)
              JOIN res_users u ON u.id = v.user_id
            ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
            RETURNING id, (SELECT bool_or(share) FROM res_users
                            WHERE res_users.partner_id = mail_followers.partner_id)
        """, [(res_model, res_id, user_id) for res_id, user_id in sorted(pairs)],
            page_size=1000, fetch=True)
        external = subtypes.filtered(lambda subtype: not subtype.internal)
        links = [(follower_id, subtype_id) for follower_id, share in followers
                 for subtype_id in (external if share else subtypes).ids]
        if links:
            execute_values(cr, """
                INSERT INTO mail_followers_mail_message_subtype_rel
                            (mail_followers_id, mail_message_subtype_id)
                VALUES %s ON CONFLICT DO NOTHING""", links, page_size=1000)
        self.env["mail.followers"].invalidate_cache()
