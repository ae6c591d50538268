"""The report of a retention policy's dry run (what it would anonymise, who a legal hold
keeps), confirmed by a data administrator, and of each real run of the scheduled action."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.customer_mgmt.utils.access import DATA_ADMIN, allowed_groups

from .customer_privacy_retention_policy import UNITS

KINDS = [("dry_run", "Dry Run"), ("run", "Run")]
STATES = [("draft", "To Confirm"), ("confirmed", "Confirmed"), ("running", "Running"),
          ("done", "Done")]


class CustomerPrivacyRetentionReport(models.Model):
    """What one dry run or run of a retention policy found; written by the system only."""

    _name = "customer.privacy.retention.report"
    _description = "Retention Report"
    _order = "date desc, id desc"
    _rec_name = "policy_id"

    policy_id = fields.Many2one(
        "customer.privacy.retention.policy", string="Policy", required=True, readonly=True,
        index=True, ondelete="cascade")
    category = fields.Selection(related="policy_id.category", readonly=True)
    kind = fields.Selection(KINDS, required=True, readonly=True, index=True)
    state = fields.Selection(STATES, required=True, readonly=True, default="draft")
    date = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", readonly=True, help="Who ran it; the scheduled action's "
                                                      "user for the real runs.")
    period_number = fields.Integer(string="Retention Period", readonly=True)
    period_unit = fields.Selection(UNITS, string="Period Unit", readonly=True)
    cutoff = fields.Datetime(
        string="Past Retention Before", readonly=True,
        help="Data older than this moment (by the policy's rule) is past retention.")
    item_count = fields.Integer(
        string="To Anonymise", readonly=True,
        help="Persons (tickets for the closed tickets' policy) past retention and without a "
             "legal hold: anonymised by a run, would be by a dry run.")
    excluded_count = fields.Integer(
        string="Kept by a Legal Hold", readonly=True,
        help="Past retention, but kept: a legal hold applies (see the counts per reason; one "
             "person may have several).")
    excluded_legal_hold = fields.Integer(string="Legal Hold Set", readonly=True)
    excluded_open_tickets = fields.Integer(string="Open Tickets", readonly=True)
    excluded_unconfirmed_orders = fields.Integer(string="Unconfirmed Orders", readonly=True)
    excluded_unpaid_invoices = fields.Integer(string="Unpaid Invoices", readonly=True)
    excluded_user_account = fields.Integer(string="User Accounts", readonly=True)
    partner_ids = fields.Many2many(
        "res.partner", "customer_privacy_retention_report_partner_rel", "report_id",
        "partner_id", string="Persons", readonly=True)
    excluded_partner_ids = fields.Many2many(
        "res.partner", "customer_privacy_retention_report_excluded_rel", "report_id",
        "partner_id", string="Persons Kept", readonly=True)
    ticket_ids = fields.Many2many(
        "customer.feedback", "customer_privacy_retention_report_ticket_rel", "report_id",
        "ticket_id", string="Tickets", readonly=True)
    excluded_ticket_ids = fields.Many2many(
        "customer.feedback", "customer_privacy_retention_report_excluded_ticket_rel",
        "report_id", "ticket_id", string="Tickets Kept", readonly=True)
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True)
    confirmed_on = fields.Datetime(readonly=True)

    # Actions

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_confirm(self):
        """Confirm the dry run: the scheduled action may then apply the policy's period."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        policy = self.policy_id
        policy.check_access_rights("write")
        policy.check_access_rule("write")
        if self.kind != "dry_run" or self.state != "draft":
            raise UserError(_("Only a dry run not confirmed yet can be confirmed; this report "
                              "of %(policy)s of %(date)s is not one.") % {
                                  "policy": policy.name, "date": self.date})
        if (self.period_number, self.period_unit) != (policy.period_number, policy.period_unit):
            raise UserError(_(
                "This dry run of %(policy)s was made for a retention period of %(old)s; the "
                "policy's period is now %(new)s. Make a new dry run and confirm it.") % {
                    "policy": policy.name, "old": self._period_label(),
                    "new": policy._period_label()})
        now = fields.Datetime.now()
        self.sudo().write({"state": "confirmed", "confirmed_by_id": self.env.uid,
                           "confirmed_on": now})
        policy.sudo().write({"confirmed_by_id": self.env.uid, "confirmed_on": now})
        policy.message_post(body=_(
            "Dry run of %(date)s confirmed by %(user)s: the scheduled action anonymises what "
            "is past a retention period of %(period)s (%(count)d now, %(kept)d kept by a "
            "legal hold).") % {"date": self.date, "user": self.env.user.name,
                               "period": self._period_label(), "count": self.item_count,
                               "kept": self.excluded_count})
        return True

    # Business methods

    @api.multi
    def _period_label(self):
        """The period in words, e.g. "3 Years"."""
        self.ensure_one()
        units = dict(self._fields["period_unit"]._description_selection(self.env))
        return "%d %s" % (self.period_number, units.get(self.period_unit, ""))

    @api.multi
    def _hold_summary(self):
        """The kinds of legal hold that kept persons, with their counts, in words."""
        self.ensure_one()
        parts = []
        for name in ("excluded_legal_hold", "excluded_open_tickets",
                     "excluded_unconfirmed_orders", "excluded_unpaid_invoices",
                     "excluded_user_account"):
            if self[name]:
                label = self._fields[name].get_description(self.env)["string"]
                parts.append("%s: %d" % (label, self[name]))
        return ", ".join(parts) or _("none")

    @api.multi
    def _summary(self):
        """What a run did, who, when, which policy: the chatter message of the policy."""
        self.ensure_one()
        return _(
            "Retention run of %(policy)s by %(user)s (scheduled action) on %(date)s: "
            "%(count)d anonymised, past a retention period of %(period)s; %(kept)d kept by a "
            "legal hold (%(holds)s).") % {
                "policy": self.policy_id.name, "user": self.user_id.name, "date": self.date,
                "count": self.item_count, "period": self._period_label(),
                "kept": self.excluded_count, "holds": self._hold_summary()}
