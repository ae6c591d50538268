"""Data-subject requests (个人信息主体请求): access, correction, deletion, portability,
withdrawal; their deadlines and the reminders before them."""
import logging
from datetime import timedelta

from psycopg2.extras import execute_values

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every

from odoo.addons.customer_mgmt.utils.access import DATA_ADMIN, allowed_groups

from .customer_privacy_partner_mixin import privacy_param

_logger = logging.getLogger(__name__)

REQUEST_TYPES = [
    ("access", "Access / Copy"),
    ("correction", "Correction"),
    ("deletion", "Deletion"),
    ("portability", "Portability"),
    ("withdrawal", "Withdrawal of Consent"),
]
REGIMES = [("pipl", "PIPL (China)"), ("gdpr", "GDPR (EU)")]
STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("refused", "Refused"),
]
OPEN_STATES = ("new", "in_progress")
PACKAGE_TYPES = ("access", "portability")


class CustomerPrivacyRequest(models.Model):
    """A person's request about their personal information, answered before its deadline."""

    _name = "customer.privacy.request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Data-subject Request"
    _order = "date_due, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True)
    request_type = fields.Selection(
        REQUEST_TYPES, string="Type", required=True, default="access", index=True,
        track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, ondelete="restrict",
        track_visibility="onchange",
        help="The person the request is about: a contact person or an individual customer.")
    regime = fields.Selection(
        REGIMES, required=True, track_visibility="onchange",
        default=lambda self: privacy_param(self.env, "default_regime"),
        help="The law the request falls under; it sets the deadline (see the settings).")
    date_received = fields.Date(
        string="Received On", required=True, default=fields.Date.context_today,
        track_visibility="onchange")
    date_due = fields.Date(
        string="Deadline", compute="_compute_date_due", store=True, index=True,
        track_visibility="onchange",
        help="The day of reception plus the days the settings give for the regime.")
    reminded_deadline = fields.Date(
        readonly=True, copy=False,
        help="The deadline the handler was last reminded of: one reminder per deadline.")
    state = fields.Selection(
        STATES, required=True, default="new", index=True, copy=False,
        track_visibility="onchange")
    user_id = fields.Many2one(
        "res.users", string="Handler", index=True, default=lambda self: self.env.user,
        track_visibility="onchange")
    notes = fields.Text()
    package_attachment_count = fields.Integer(
        string="Packages", compute="_compute_package_attachment_count")

    @api.depends("date_received", "regime")
    def _compute_date_due(self):
        days = {regime: privacy_param(self.env, "request_days_%s" % regime)
                for regime, _label in REGIMES}
        for request in self:
            if request.date_received and request.regime:
                received = fields.Date.from_string(request.date_received)
                request.date_due = fields.Date.to_string(
                    received + timedelta(days=max(days[request.regime], 1)))
            else:
                request.date_due = False

    @api.multi
    def _compute_package_attachment_count(self):
        ids = [request_id for request_id in self.ids if request_id]
        counts = {}
        if ids:
            for row in self.env["ir.attachment"].read_group(
                    [("res_model", "=", self._name), ("res_id", "in", ids)],
                    ["res_id"], ["res_id"]):
                counts[row["res_id"]] = row["res_id_count"]
        for request in self:
            request.package_attachment_count = counts.get(request.id, 0)

    @api.constrains("partner_id")
    def _check_person(self):
        for request in self:
            if request.partner_id.is_company:
                raise ValidationError(_(
                    "%(field)s: \"%(value)s\" is a company. Data-subject requests are made by "
                    "persons: a contact person or an individual customer.") % {
                        "field": self._fields["partner_id"].get_description(self.env)["string"],
                        "value": request.partner_id.display_name})

    @api.model
    def create(self, vals):
        if vals.get("name", "/") == "/":
            vals = dict(vals, name=self.env["ir.sequence"].sudo().next_by_code(
                "customer.privacy.request") or "/")
        return super().create(vals)

    # Actions

    @api.multi
    def _set_state(self, state, allowed_from):
        self.check_access_rights("write")
        self.check_access_rule("write")
        states = dict(self._fields["state"]._description_selection(self.env))
        for request in self:
            if request.state not in allowed_from:
                raise UserError(_("The request %(name)s is %(state)s: it cannot become "
                                  "%(target)s.") % {
                                      "name": request.name, "state": states[request.state],
                                      "target": states[state]})
        self.write({"state": state})
        return True

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_start(self):
        return self._set_state("in_progress", ("new",))

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_done(self):
        return self._set_state("done", OPEN_STATES)

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_refuse(self):
        """Refuse the request; say why in the notes or the chatter."""
        return self._set_state("refused", OPEN_STATES)

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_reopen(self):
        return self._set_state("in_progress", ("done", "refused"))

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_build_package(self):
        """Attach everything the database holds about the person, as JSON and .xlsx."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        if self.request_type not in PACKAGE_TYPES:
            types = dict(self._fields["request_type"]._description_selection(self.env))
            raise UserError(_("A package is built for access and portability requests, not "
                              "for a request of type \"%s\".") % types[self.request_type])
        if self.state not in OPEN_STATES:
            raise UserError(_("The request %s is closed: reopen it to build a package.")
                            % self.name)
        self.env["customer.privacy.package"]._attach_package(self)
        return True

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_anonymise(self):
        """Erase the person of a deletion request by anonymisation; irreversible, logged."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        if self.request_type != "deletion":
            types = dict(self._fields["request_type"]._description_selection(self.env))
            raise UserError(_("Only a deletion request anonymises its person, not a request "
                              "of type \"%s\".") % types[self.request_type])
        if self.state not in OPEN_STATES:
            raise UserError(_("The request %s is closed: reopen it to anonymise its person.")
                            % self.name)
        return self.env["customer.privacy.erasure"]._anonymise(self)

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_open_packages(self):
        """The files attached to the request."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Packages"),
            "res_model": "ir.attachment",
            "view_mode": "tree,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
        }

    # Business methods

    @api.model
    def _cron_deadline_reminders(self, batch_limit=500, date_ref=None):
        """A cron calls this: the handler of each open request gets one activity, N days (the
        settings) before the deadline; once per request and deadline. Returns how many."""
        today = fields.Date.from_string(date_ref or fields.Date.context_today(self))
        days = privacy_param(self.env, "request_reminder_days")
        limit = fields.Date.to_string(today + timedelta(days=days))
        requests = self.sudo().search([
            ("state", "in", OPEN_STATES), ("user_id", "!=", False),
            ("date_due", "!=", False), ("date_due", "<=", limit)], order="id")
        rows = [row for row in requests.read(
            ["name", "user_id", "date_due", "reminded_deadline"], load="_classic_write")
            if row["reminded_deadline"] != row["date_due"]]
        created = sum(self.env["customer.batch.runner"]._run_batches(
            "Data-subject requests: deadline reminders", split_every(batch_limit, rows),
            lambda batch: self._remind_batch(list(batch))))
        _logger.info("Data-subject requests: %d due by %s, %d reminders scheduled",
                     len(rows), limit, created)
        return created

    @api.model
    def _remind_batch(self, rows):
        """One batch of reminders: the activities, then the deadlines they were for."""
        activity_type = self.env.ref("customer_privacy.mail_activity_type_privacy_deadline")
        values_list = [{
            "res_id": row["id"], "user_id": row["user_id"], "date_deadline": row["date_due"],
            "summary": _("Answer the data-subject request %(name)s by %(date)s") % {
                "name": row["name"], "date": row["date_due"]}} for row in rows]
        activities = self.env["res.partner"]._reminder_create_activities(
            activity_type, values_list, res_model=self._name, by_deadline=True)
        if rows:
            execute_values(self.env.cr, """
                UPDATE customer_privacy_request r SET reminded_deadline = v.deadline::date
                  FROM (VALUES %s) AS v(id, deadline) WHERE r.id = v.id""",
                [(row["id"], row["date_due"]) for row in rows])
        self.invalidate_cache(["reminded_deadline"], [row["id"] for row in rows])
        return len(activities)
