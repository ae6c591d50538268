from odoo import _, api, fields, models
from odoo.tools import html_escape

from ..utils.access import CUSTOMER_STAFF, INTERNAL_USER, allowed_groups
from ..utils.masking import mask_for_note

# Events of the timeline tab; the Timeline button lists them all.
TIMELINE_LIMIT = 80
# Fields of a contact person whose change is also reported on its company.
CONTACT_FIELDS_POSTED_ON_COMPANY = ("phone", "mobile", "email", "function")


class CustomerHistoryMixin(models.AbstractModel):
    _name = "customer.history.mixin"
    _description = "Customer Change History and Interactions"

    # Standard master-data fields redefined only to add mail tracking (old → new, who, when).
    name = fields.Char(track_visibility="onchange")
    phone = fields.Char(track_visibility="onchange")
    mobile = fields.Char(track_visibility="onchange")
    email = fields.Char(track_visibility="onchange")
    street = fields.Char(track_visibility="onchange")
    street2 = fields.Char(track_visibility="onchange")
    zip = fields.Char(track_visibility="onchange")
    city = fields.Char(track_visibility="onchange")
    state_id = fields.Many2one("res.country.state", track_visibility="onchange")
    country_id = fields.Many2one("res.country", track_visibility="onchange")
    user_id = fields.Many2one("res.users", track_visibility="onchange")
    team_id = fields.Many2one("crm.team", track_visibility="onchange")
    industry_id = fields.Many2one("res.partner.industry", track_visibility="onchange")
    vat = fields.Char(track_visibility="onchange")
    parent_id = fields.Many2one("res.partner", track_visibility="onchange")
    function = fields.Char(track_visibility="onchange")
    website = fields.Char(track_visibility="onchange")
    # Odoo's related fields copy the tracking of the field they copy: one change, one row.
    commercial_partner_country_id = fields.Many2one("res.country", track_visibility=False)
    parent_name = fields.Char(track_visibility=False)

    last_interaction_date = fields.Datetime(
        readonly=True, index=True, copy=False,
        help="Date of the latest interaction logged on this customer.", groups=INTERNAL_USER)
    interaction_count = fields.Integer(
        readonly=True, index=True, copy=False, default=0,
        help="Number of interactions logged on this customer.", groups=INTERNAL_USER)
    timeline_event_ids = fields.One2many(
        "customer.timeline.event", string="Timeline", compute="_compute_timeline_event_ids",
        help="The latest events of the customer and its contacts, newest first.",
        groups=INTERNAL_USER)

    @api.model
    def _get_tracked_fields(self, updated_fields):
        """Described once per user and language: Odoo 11 describes every tracked field
        (``fields_get``, whatever ``updated_fields`` says) at each tracked create and write."""
        memo = self._registry_memo()
        key = ("tracked_fields", self._uid, self._name, self.env.lang)
        described = memo.get(key)
        if described is None:
            described = memo[key] = super()._get_tracked_fields(updated_fields)
        return dict(described)

    @api.multi
    def _compute_timeline_event_ids(self):
        """The latest events of each customer account (the timeline tab lists them)."""
        Event = self.env["customer.timeline.event"]
        readable = Event.check_access_rights("read", raise_exception=False)
        for partner in self:
            account = partner.commercial_partner_id
            partner.timeline_event_ids = Event.search(
                [("partner_id", "=", account.id)], limit=TIMELINE_LIMIT) if (
                    readable and account.id) else Event

    @api.model
    def _history_create_context(self):
        """A creation is one entry of the history, Odoo's "created" message: its initial values
        are not changes (a contact would list a dozen, most copied from its company)."""
        return self.with_context(mail_notrack=True)

    @api.multi
    def update_address(self, vals):
        """Contacts following their company's address: the company's history has the change."""
        return super(CustomerHistoryMixin, self.with_context(mail_notrack=True)).update_address(vals)

    @api.multi
    def _commercial_sync_to_children(self):
        """Contacts copying their company's commercial fields: the company's history has them."""
        return super(CustomerHistoryMixin,
                     self.with_context(mail_notrack=True))._commercial_sync_to_children()

    @api.multi
    def _history_before_write(self, vals):
        """The contact details a write changes, as they were: (contacts, old values, fields)."""
        watched = [name for name in CONTACT_FIELDS_POSTED_ON_COMPANY if name in vals]
        if not watched or self.env.context.get("tracking_disable"):
            return None
        contacts = self.filtered(lambda p: p.parent_id and not p.is_company)
        if not contacts:
            return None
        return contacts, {contact.id: {name: contact[name] for name in watched}
                          for contact in contacts}, watched

    @api.model
    def _history_after_write(self, before):
        """After-write step: changed contact details are posted on their company."""
        if before:
            contacts, old_values, watched = before
            contacts._post_contact_changes_on_company(old_values, watched)

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_interactions(self):
        """Open the interactions of this customer (smart button)."""
        self.ensure_one()
        action = self.env.ref("customer_mgmt.customer_interaction_action").read()[0]
        customer = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": customer.id}
        return action

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_change_history(self):
        """Open the change history of this customer and its contact persons."""
        self.ensure_one()
        action = self.env.ref("customer_mgmt.customer_change_history_action").read()[0]
        action["domain"] = [("customer_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_timeline(self):
        """Open every event of the customer, filtered by the kind in the context if any."""
        self.ensure_one()
        action = self.env.ref("customer_mgmt.customer_timeline_event_action").read()[0]
        account = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", account.id)]
        action["display_name"] = action["name"] = _("Timeline of %s") % account.display_name
        kind = self.env.context.get("timeline_kind")
        context = {}
        if kind in self.env["customer.timeline.event"]._fields["kind"].get_values(self.env):
            context["search_default_kind_%s" % kind] = 1
        action["context"] = context
        return action

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_log_followup(self):
        """Open the quick follow-up dialog on this customer or contact."""
        self.ensure_one()
        return self.env["customer.interaction.quick"]._action_open(self)

    @api.multi
    def _post_contact_changes_on_company(self, old_values, field_names):
        """Post changed contact details on the company: one message per company per write."""
        labels = self.fields_get(field_names, attributes=["string"])
        lines_by_company = {}
        for contact in self:
            for name in field_names:
                old, new = old_values[contact.id][name], contact[name]
                if (old or False) == (new or False):
                    continue
                lines_by_company.setdefault(contact.parent_id, []).append(
                    _("Contact %(contact)s: %(field)s %(old)s → %(new)s") % {
                        "contact": contact.name or "",
                        "field": labels[name]["string"],
                        # Everyone reading the company reads the note: numbers masked.
                        "old": mask_for_note(name, old) or _("(empty)"),
                        "new": mask_for_note(name, new) or _("(empty)"),
                    })
        subtype = self.env.ref("mail.mt_note")
        for company, lines in lines_by_company.items():
            body = "<br/>".join(html_escape(line) for line in lines)
            # Posting needs only read access on the company: the contact's write was allowed.
            company.sudo().with_context(mail_create_nosubscribe=True).message_post(
                body=body, subtype_id=subtype.id, message_type="notification",
                author_id=self.env.user.partner_id.id)

    @api.model
    def _update_interaction_stats(self, partner_ids):
        """Recompute interaction count and last date of these customers in one statement."""
        partner_ids = list({pid for pid in partner_ids if pid})
        if not partner_ids:
            return
        self.env.cr.execute(
            """
            UPDATE res_partner p
               SET interaction_count = COALESCE(s.interaction_count, 0),
                   last_interaction_date = s.last_interaction_date
              FROM res_partner target
              LEFT JOIN (
                    SELECT partner_id, COUNT(*) AS interaction_count,
                           MAX(date) AS last_interaction_date
                      FROM customer_interaction
                     WHERE partner_id = ANY(%s)
                     GROUP BY partner_id
                   ) s ON s.partner_id = target.id
             WHERE p.id = target.id AND target.id = ANY(%s)
            """, (partner_ids, partner_ids))
        self.browse(partner_ids).invalidate_cache(
            ["interaction_count", "last_interaction_date"], partner_ids)
