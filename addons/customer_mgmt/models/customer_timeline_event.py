"""The customer 360° timeline: one date-ordered list of what happened with a customer.

A read-only SQL view, the UNION ALL of one SELECT per source. Each addon adds its sources by
extending ``_timeline_sources`` (a list of :class:`TimelineSource`), and its kinds with
``selection_add``; the view is rebuilt at each addon's install or update (``init``).

Every SELECT gives the columns of ``TIMELINE_COLUMNS``, in that order:

* ``id``: ``<id of the source row> * 32 + <code of the source>`` (codes are unique, < 32);
* ``date``, ``kind``, ``event``, ``partner_id`` (the customer account), ``contact_id`` (the
  contact person concerned, if any), ``summary`` (text of the source, not translated),
  ``res_model``/``res_id`` (the record to open), ``user_id``, ``field_name`` (the tracked
  field of a change, else NULL).

Rows are filtered at every read (``_apply_ir_rules``): the customers the user may read (the
record rules of res.partner), the source records the user may read (the access rights and
record rules of each source's model), and no change of a field hidden from the user.
"""
from collections import namedtuple

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError

from ..utils.access import CUSTOMER_STAFF, allowed_groups
from ..utils.masking import mask_value

TIMELINE_COLUMNS = ("id", "date", "kind", "event", "partner_id", "contact_id", "summary",
                    "res_model", "res_id", "user_id", "field_name")
ID_FACTOR = 32

# code: unique number < ID_FACTOR; model: the model of res_model, whose access the rows
# follow; sql: the SELECT; params: its query parameters.
TimelineSource = namedtuple("TimelineSource", "code model sql params")

# Fields whose tracked change another source already shows (the lifecycle stage: a move).
UNTRACKED_KEY = "_timeline_untracked_fields"

_INTERACTIONS = """
    SELECT i.id * 32 + 1, i.date, 'interaction', 'logged', i.partner_id,
           (SELECT MIN(rel.partner_id) FROM customer_interaction_contact_rel rel
             WHERE rel.interaction_id = i.id),
           i.name, 'customer.interaction', i.id, i.user_id, NULL
      FROM customer_interaction i
"""
_PLANNED_ACTIVITIES = """
    SELECT a.id * 32 + 2, a.date_deadline::timestamp, 'activity', 'planned',
           p.commercial_partner_id, CASE WHEN p.id <> p.commercial_partner_id THEN p.id END,
           COALESCE(NULLIF(a.summary, ''), t.name), 'res.partner', p.id, a.user_id, NULL
      FROM mail_activity a
      JOIN res_partner p ON p.id = a.res_id
      LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
     WHERE a.res_model = 'res.partner'
"""
_DONE_ACTIVITIES = """
    SELECT m.id * 32 + 3, m.date, 'activity', 'done',
           p.commercial_partner_id, CASE WHEN p.id <> p.commercial_partner_id THEN p.id END,
           COALESCE(t.name || ': ', '') || LEFT(TRIM(REGEXP_REPLACE(
               COALESCE(m.body, ''), '<[^>]*>', ' ', 'g')), 200),
           'res.partner', p.id,
           (SELECT MIN(u.id) FROM res_users u WHERE u.partner_id = m.author_id), NULL
      FROM mail_message m
      JOIN res_partner p ON p.id = m.res_id
      LEFT JOIN mail_activity_type t ON t.id = m.mail_activity_type_id
     WHERE m.model = 'res.partner' AND m.mail_activity_type_id IS NOT NULL
"""
_CHANGES = """
    SELECT tv.id * 32 + 4, m.date, 'change', 'changed',
           p.commercial_partner_id, CASE WHEN p.id <> p.commercial_partner_id THEN p.id END,
           tv.field_desc || ': ' || COALESCE(tv.old_value_char, tv.old_value_text,
               tv.old_value_integer::text, tv.old_value_float::text,
               tv.old_value_monetary::text, tv.old_value_datetime::text, '')
               || ' → ' || COALESCE(tv.new_value_char, tv.new_value_text,
               tv.new_value_integer::text, tv.new_value_float::text,
               tv.new_value_monetary::text, tv.new_value_datetime::text, ''),
           'res.partner', p.id,
           (SELECT MIN(u.id) FROM res_users u WHERE u.partner_id = m.author_id), tv.field
      FROM mail_tracking_value tv
      JOIN mail_message m ON m.id = tv.mail_message_id
      JOIN res_partner p ON p.id = m.res_id
     WHERE m.model = 'res.partner' AND tv.field <> ALL(%s)
"""


class CustomerTimelineEvent(models.Model):
    _name = "customer.timeline.event"
    _description = "Customer Timeline Event"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "summary"

    date = fields.Datetime(readonly=True)
    kind = fields.Selection([
        ("interaction", "Follow-up"),
        ("activity", "Activity"),
        ("change", "Change"),
    ], readonly=True)
    event = fields.Selection([
        ("logged", "Logged"),
        ("planned", "Planned"),
        ("done", "Done"),
        ("changed", "Changed"),
    ], readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    contact_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    summary = fields.Char(compute="_compute_summary", readonly=True)
    summary_text = fields.Char(string="Source Text", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Integer(string="Document ID", readonly=True)
    user_id = fields.Many2one("res.users", string="User", readonly=True)
    field_name = fields.Char(string="Changed Field", readonly=True)

    @api.model
    def _timeline_sources(self):
        """The SELECTs of the timeline; addons append theirs (see the module docstring)."""
        untracked = sorted(self._timeline_untracked_fields()) or [""]
        return [
            TimelineSource(1, "customer.interaction", _INTERACTIONS, ()),
            TimelineSource(2, "res.partner", _PLANNED_ACTIVITIES, ()),
            TimelineSource(3, "res.partner", _DONE_ACTIVITIES, ()),
            TimelineSource(4, "res.partner", _CHANGES, (untracked,)),
        ]

    @api.model
    def _timeline_untracked_fields(self):
        """Tracked partner fields left out of the changes: another source shows them."""
        return set()

    @api.model_cr
    def init(self):
        """The view: one SELECT per source, their columns named after TIMELINE_COLUMNS."""
        sources = self._timeline_sources()
        codes = [source.code for source in sources]
        assert len(set(codes)) == len(codes) and max(codes) < ID_FACTOR, codes
        tools.drop_view_if_exists(self.env.cr, self._table)
        parts, params = [], []
        for source in sources:
            parts.append("(%s)" % source.sql)
            params.extend(source.params)
        columns = ", ".join(name if name != "summary" else "summary_text"
                            for name in TIMELINE_COLUMNS)
        # The SELECTs are fixed texts of our addons; values are query parameters.
        self.env.cr.execute("CREATE VIEW customer_timeline_event (%s) AS (%s)" % (
            columns, " UNION ALL ".join(parts)), params)

    @api.depends("summary_text", "kind", "event")
    def _compute_summary(self):
        """The source text; addons may word their kinds in the reader's language."""
        for event in self:
            event.summary = event.summary_text

    @api.multi
    def read(self, fields=None, load="_classic_read"):
        """Changes of the contact fields masked for the reader show masked values."""
        rows = super().read(fields, load=load)
        if self._uid == SUPERUSER_ID or not rows:
            return rows
        text_columns = [name for name in ("summary", "summary_text") if name in rows[0]]
        # The changes' ids are their tracking value's id * 32 + 4 (_CHANGES).
        tracking_ids = {row["id"]: (row["id"] - 4) // ID_FACTOR for row in rows
                        if row["id"] % ID_FACTOR == 4}
        if not text_columns or not tracking_ids:
            return rows
        masked = self.env["mail.tracking.value"]._mask_tracking_formats(
            list(tracking_ids.values()))
        if not masked:
            return rows
        values = {
            tracking.id: tracking for tracking in
            self.env["mail.tracking.value"].sudo().browse(sorted(masked))}
        for row in rows:
            tracking_id = tracking_ids.get(row["id"])
            if tracking_id not in masked:
                continue
            tracking, mask_format = values[tracking_id], masked[tracking_id]
            text = "%s: %s → %s" % (
                tracking.field_desc, mask_value(mask_format, tracking.old_value_char) or "",
                mask_value(mask_format, tracking.new_value_char) or "")
            for name in text_columns:
                row[name] = text
        return rows

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        """Only events of readable customers, of readable source records and fields."""
        super()._apply_ir_rules(query, mode=mode)
        if self._uid == SUPERUSER_ID:
            return
        table = '"customer_timeline_event"'
        restriction = self.env["ir.rule"]._readable_subquery("res.partner")
        if restriction:
            partners_sql, params = restriction
            query.where_clause.append("%s.partner_id IN (%s)" % (table, partners_sql))
            query.where_clause_params.extend(params)
        for model_name in sorted({source.model for source in self._timeline_sources()}):
            records = self.env[model_name]
            if not records.check_access_rights("read", raise_exception=False):
                query.where_clause.append("%s.res_model <> %%s" % table)
                query.where_clause_params.append(model_name)
                continue
            restriction = self.env["ir.rule"]._readable_subquery(model_name)
            if restriction:
                readable_sql, params = restriction
                query.where_clause.append("(%s.res_model <> %%s OR %s.res_id IN (%s))" % (
                    table, table, readable_sql))
                query.where_clause_params.extend([model_name] + list(params))
        hidden = self.env["mail.message"]._customer_mgmt_hidden_fields("res.partner")
        if hidden:
            query.where_clause.append("COALESCE(%s.field_name, '') NOT IN %%s" % table)
            query.where_clause_params.append(tuple(sorted(hidden)))

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_open_source(self):
        """Open the record the event comes from (the follow-up, ticket, order...)."""
        self.ensure_one()
        if not self.res_model or self.res_model not in self.env:
            raise AccessError(_("This event has no document to open."))
        record = self.env[self.res_model].browse(self.res_id)
        record.check_access_rights("read")
        record.check_access_rule("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
