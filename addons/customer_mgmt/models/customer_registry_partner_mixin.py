"""The company registry (工商信息) on the customer: its match, filling and comparing, the monthly check."""
import logging

from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

from ..utils.access import CUSTOMER_STAFF, INTERNAL_USER, allowed_groups
from ..utils.accounts import account_sql
from .base_guard import system_write
from .customer_change_approval_mixin import APPROVAL_TRUSTED_SOURCE_KEY
from .customer_registry_record import REGISTRY_STATUSES, RISK_STATUSES

_logger = logging.getLogger(__name__)

# (customer field, registry field) filled from the registry and compared with it, in form order.
REGISTRY_FIELD_MAP = (
    ("name", "name"),
    ("registration_number", "uscc"),
    ("legal_representative", "legal_representative"),
    ("registered_capital", "registered_capital"),
    ("founding_date", "founding_date"),
    ("street", "address"),
    ("business_scope", "business_scope"),
)
REGISTRY_BATCH = 500


class CustomerRegistryPartnerMixin(models.AbstractModel):
    """A customer's registry data: the match offered on the form, its status and risk."""

    _name = "customer.registry.partner.mixin"
    _description = "Company Registry of a Customer"

    legal_representative = fields.Char(
        string="Legal Representative", track_visibility="onchange", groups=INTERNAL_USER,
        help="法定代表人, as the company registry lists it.")
    registry_status = fields.Selection(
        REGISTRY_STATUSES, string="Registry Status", readonly=True, index=True, copy=False,
        track_visibility="onchange", groups=INTERNAL_USER,
        help="The status in the company registry when it was last filled or checked.")
    registry_risk_reason = fields.Text(
        string="Registry Risk", readonly=True, copy=False, groups=INTERNAL_USER,
        help="Set by the monthly registry check when the company is deregistered or revoked.")
    registry_proposed_name = fields.Char(
        string="Registered Name Proposed", readonly=True, copy=False, groups=INTERNAL_USER,
        help="The new registered name found by the monthly registry check, to accept or dismiss.")
    registry_checked_name = fields.Char(
        string="Registered Name Last Checked", readonly=True, copy=False, groups=INTERNAL_USER,
        help="The registered name the monthly check last proposed: it is not proposed twice.")
    registry_match_id = fields.Many2one(
        "customer.registry.record", string="Registry Match", compute="_compute_registry_match_id",
        groups=INTERNAL_USER,
        help="The company registry row matching the registration number, else the name.")

    @api.depends("registration_number", "name", "is_company")
    def _compute_registry_match_id(self):
        provider = self.env["customer.registry.provider"]._registry_provider()
        for partner in self:
            match = False
            if partner.is_company and not partner.parent_id and (
                    partner.registration_number or partner.name):
                match = provider._registry_lookup(
                    uscc=partner.registration_number, name=partner.name)[:1]
            partner.registry_match_id = match

    # ------------------------------------------------------------------ actions

    @api.multi
    def _registry_match_or_refuse(self):
        """The registry row of this customer, or a UserError naming what was looked up."""
        self.ensure_one()
        match = self.registry_match_id
        if not match:
            raise UserError(_("No company registry record matches \"%s\" (USCC \"%s\").") % (
                self.name or "", self.registration_number or ""))
        return match

    @api.multi
    def _registry_fields(self):
        """The REGISTRY_FIELD_MAP pairs whose customer field the user may read and write."""
        return [(name, source) for name, source in REGISTRY_FIELD_MAP
                if not self._fields[name].groups or self.user_has_groups(self._fields[name].groups)]

    @api.multi
    def _registry_value(self, record, source):
        """The registry value as the customer field stores it."""
        value = record[source]
        return value if value or isinstance(value, (int, float)) else False

    @api.multi
    def _registry_differences(self, record):
        """[(field, current, registry value)] of the fields whose values differ from the row."""
        self.ensure_one()
        differences = []
        for name, source in self._registry_fields():
            current = self[name]
            value = self._registry_value(record, source)
            if (current or False) != (value or False):
                differences.append((name, current, value))
        return differences

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_registry_fill(self):
        """Fill the empty profile fields from the matched registry row, never overwriting."""
        self.ensure_one()
        record = self._registry_match_or_refuse()
        vals = {name: value for name, current, value in self._registry_differences(record)
                if not current and value}
        if vals:
            # Registry values in empty fields need no approval (审批).
            self.with_context(**{APPROVAL_TRUSTED_SOURCE_KEY: record}).write(vals)
        self._registry_set_status(record)
        return True

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_registry_compare(self):
        """Open the comparison with the registry: the user picks the values to overwrite."""
        self.ensure_one()
        record = self._registry_match_or_refuse()
        wizard = self.env["customer.registry.diff.wizard"].create({
            "partner_id": self.id, "record_id": record.id,
            "line_ids": [(0, 0, {
                "field_name": name,
                "current_value": self._registry_display(name, current),
                "registry_value": self._registry_display(name, value),
            }) for name, current, value in self._registry_differences(record)],
        })
        return {
            "type": "ir.actions.act_window", "name": _("Compare with Registry"),
            "res_model": wizard._name, "res_id": wizard.id, "view_mode": "form",
            "target": "new",
        }

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_registry_accept_name(self):
        """Take the registered name the monthly check proposed (the old one becomes a former name)."""
        for partner in self.filtered("registry_proposed_name"):
            # The registered name the monthly check found needs no approval (审批).
            partner.with_context(**{APPROVAL_TRUSTED_SOURCE_KEY: partner.registry_match_id}).write(
                {"name": partner.registry_proposed_name})
            system_write(partner, {"registry_proposed_name": False})
        return True

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_registry_dismiss_name(self):
        """Keep the current name: the proposal goes, and the same name is not proposed again."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        system_write(self, {"registry_proposed_name": False})
        return True

    @api.multi
    def _registry_display(self, name, value):
        """A value as text, for the comparison lines."""
        field = self._fields[name]
        if value is False or value is None:
            return ""
        if field.type == "monetary":
            return "{:,.2f}".format(value)
        return str(value)

    @api.multi
    def _registry_set_status(self, record):
        """Copy the registry status onto the customer (a system field: written as the system)."""
        if self.registry_status != record.status:
            self.check_access_rule("write")
            system_write(self, {"registry_status": record.status})

    # ------------------------------------------------------------------ the monthly check

    @api.model
    def _cron_check_registry(self, batch_limit=REGISTRY_BATCH):
        """Called by a cron once a month: compare the customers with their registry rows.

        A new registered name keeps the customer's name as a former name and proposes the new
        one; a deregistered or revoked company flags the customer at risk with one activity to
        its salesperson. Set-based (one query selects the customers whose data differ from
        their row) and idempotent: what was already done is not selected again.
        """
        query = sql.SQL("""
            SELECT p.id FROM res_partner p
              JOIN customer_registry_record r ON r.uscc = p.registration_number
             WHERE {account} AND p.is_company
               AND (p.registry_status IS DISTINCT FROM r.status
                    OR (p.name <> r.name AND r.name IS DISTINCT FROM p.registry_checked_name)
                    OR (r.status = ANY(%(risk)s)) <> (p.registry_risk_reason IS NOT NULL))
             ORDER BY p.id""").format(account=account_sql("p"))
        self.env.cr.execute(query, {"risk": list(RISK_STATUSES)})
        ids = [row[0] for row in self.env.cr.fetchall()]
        results = self.env["customer.batch.runner"]._run_batches(
            "Company registry check", split_every(batch_limit, ids, list), self._registry_check_batch)
        counts = [sum(result[index] for result in results) for index in range(3)]
        _logger.info("Company registry check: %d customers, %d names proposed, %d flagged at risk",
                     len(ids), counts[0], counts[1])
        return dict(zip(("renamed", "at_risk", "cleared"), counts))

    @api.model
    def _registry_check_batch(self, ids):
        """One batch of the monthly check: (names proposed, flagged at risk, risks cleared)."""
        partners = self.sudo().browse(ids)
        records = self.env["customer.registry.record"].sudo().search(
            [("uscc", "in", partners.mapped("registration_number"))])
        by_uscc = {record.uscc: record for record in records}
        statuses = dict(records._fields["status"]._description_selection(self.env))
        renamed, former, by_status = [], [], {}
        risky, cleared = self.sudo().browse(), self.sudo().browse()
        for partner in partners:
            record = by_uscc.get(partner.registration_number)
            if not record:
                continue
            if partner.name != record.name and record.name != partner.registry_checked_name:
                renamed.append((partner, record.name))
                if partner.name not in partner.former_name_ids.mapped("name"):
                    former.append({"partner_id": partner.id, "name": partner.name})
            if partner.registry_status != record.status:
                by_status.setdefault(record.status, self.sudo().browse())
                by_status[record.status] |= partner
            at_risk = record.status in RISK_STATUSES
            if at_risk and not partner.registry_risk_reason:
                risky |= partner
            elif not at_risk and partner.registry_risk_reason:
                cleared |= partner
        for status, group in by_status.items():
            system_write(group, {"registry_status": status})
        for partner, name in renamed:
            system_write(partner, {"registry_proposed_name": name, "registry_checked_name": name})
        FormerName = self.env["res.partner.former.name"].sudo()
        for values in former:
            FormerName.create(values)
        for partner in risky:
            record = by_uscc[partner.registration_number]
            reason = _("The company registry lists %s as %s (USCC %s).") % (
                record.name, statuses[record.status], record.uscc)
            vals = {"registry_risk_reason": reason, "risk_level": "high"}
            if not partner.risk_reason:
                vals["risk_reason"] = reason  # the form asks for a reason of a High risk
            system_write(partner, vals)
        if cleared:
            system_write(cleared, {"registry_risk_reason": False})
        risky._registry_risk_activities()
        return len(renamed), len(risky), len(cleared)

    @api.multi
    def _registry_risk_activities(self):
        """One to-do for the salesperson of each customer just flagged at risk."""
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        model = self.env["ir.model"].sudo()._get("res.partner")
        Activity = self.env["mail.activity"].sudo()
        for partner in self.filtered("user_id"):
            Activity.create({
                "res_model_id": model.id, "res_id": partner.id,
                "activity_type_id": activity_type.id if activity_type else False,
                "summary": _("Company registry: %s") % dict(
                    partner._fields["registry_status"]._description_selection(self.env)).get(
                        partner.registry_status, ""),
                "note": partner.registry_risk_reason,
                "user_id": partner.user_id.id,
                "date_deadline": fields.Date.context_today(self),
            })
