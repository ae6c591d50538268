"""Merge 2 to 5 customers field by field: choose each differing value, then crm's merge."""
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.base_guard import system_write
from ..utils.access import DATA_ADMIN, MANAGER, allowed_groups, user_in_groups

# The master-data fields compared, in the order the wizard lists them.
MERGE_FIELDS = (
    "name", "short_name", "phone", "mobile", "email", "website", "street", "street2", "zip",
    "city", "state_id", "country_id", "registration_number", "tier_id", "user_id",
    "industry_id",
)
# Unique on partners: left to crm's merge, which moves them once the others are gone.
MOVED_BY_MERGE = ("registration_number",)
MIN_PARTNERS = 2
MAX_PARTNERS = 5
# crm's _merge takes at most 3 partners at once: the kept one and 2 others.
MERGE_CHUNK = 2


def field_value(partner, name):
    """A partner's value of a field as it is written (ids for many2one)."""
    value = partner[name]
    if partner._fields[name].type == "many2one":
        return value.id or False
    return value or False


def field_text(partner, name):
    """A partner's value of a field as the user reads it."""
    value = partner[name]
    if partner._fields[name].type == "many2one":
        return value.display_name or ""
    return value or ""


class CustomerMergeWizard(models.TransientModel):
    """The customers to merge, the kept one, and one line per field whose values differ."""

    _name = "customer.merge.wizard"
    _description = "Merge Customers"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    dst_partner_id = fields.Many2one(
        "res.partner", string="Kept Customer", required=True, ondelete="cascade",
        help="The customer that stays; the others are merged into it and deleted.")
    line_ids = fields.One2many("customer.merge.wizard.line", "wizard_id", string="Fields")

    @api.model
    def default_get(self, fields_list):
        """Opened on selected customers: the most complete one kept, its values chosen."""
        result = super().default_get(fields_list)
        context = self.env.context
        if (context.get("active_model") == "res.partner" and context.get("active_ids")
                and not result.get("partner_ids")):
            partners = self.env["res.partner"].browse(context["active_ids"])
            result.update(self._merge_defaults(partners))
        return result

    @api.onchange("dst_partner_id")
    def _onchange_dst_partner_id(self):
        """Another kept customer: each field defaults to its value wherever it has one."""
        kept = self.dst_partner_id
        if not kept or kept not in self.partner_ids:
            return
        ordered = kept | self._merge_ordered(self.partner_ids - kept)
        for line in self.line_ids:
            line.partner_id = self._merge_source(ordered, line.field_name)

    # Actions

    @api.multi
    @allowed_groups(MANAGER, DATA_ADMIN)
    def action_confirm(self):
        """Write the chosen values on the kept customer, then merge the others into it."""
        self.ensure_one()
        partners = self.partner_ids
        kept = self.dst_partner_id
        if kept not in partners:
            raise UserError(_("The kept customer \"%s\" must be one of the customers merged.")
                            % kept.display_name)
        self._merge_check(partners)
        others = partners - kept
        chosen = {}
        log_values = []
        for line in self.line_ids:
            name = line.field_name
            source = line.partner_id or kept
            if source not in partners:
                raise UserError(_("The value of \"%s\" must come from one of the customers "
                                  "merged, not from \"%s\".") % (line.field_label,
                                                                 source.display_name))
            chosen[name] = field_value(source, name)
            chosen_text = field_text(source, name)
            log_values.append({
                "field": name, "chosen": chosen_text,
                "discarded": sorted({field_text(p, name) for p in partners
                                     if field_value(p, name) != chosen[name]
                                     and field_text(p, name)})})
        merged = [(p.id, p.name) for p in others]
        codes = [code for p in others.sudo() for code in
                 [p.customer_code] + (p.former_codes or "").split(", ") if code]
        names = [p.name for p in others if p.name]
        before = {name: value for name, value in chosen.items()
                  if name not in MOVED_BY_MERGE and field_value(kept, name) != value}
        if before:
            kept.write(before)
        Merge = self.env["base.partner.merge.automatic.wizard"].sudo()
        sources = others
        while sources:
            Merge._merge((kept | sources[:MERGE_CHUNK]).ids, kept.sudo())
            sources = sources[MERGE_CHUNK:]
        # crm's merge fills the kept customer's empty fields from the others: keep the choices.
        after = {name: value for name, value in chosen.items()
                 if field_value(kept.sudo(), name) != value}
        if after:
            kept.sudo().write(after)
        self._merge_keep_names(kept, names, codes)
        self.env["customer.merge.log"]._log(self.env.user, kept, merged, log_values)
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": kept.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # Business methods

    @api.model
    def _merge_check(self, partners):
        """Refuse a merge the user may not make, or of customers that cannot be one."""
        if not user_in_groups(self.env, (MANAGER, DATA_ADMIN)):
            raise AccessError(_("Only customer managers and data administrators may merge "
                                "customers."))
        partners = partners.exists()
        if not MIN_PARTNERS <= len(partners) <= MAX_PARTNERS:
            raise UserError(_("Select between %(min)s and %(max)s customers to merge "
                              "(%(count)s selected).") % {
                                  "min": MIN_PARTNERS, "max": MAX_PARTNERS,
                                  "count": len(partners)})
        if len({p.company_id.id for p in partners}) > 1:
            raise UserError(_("Customers of different companies cannot be merged: %s.") % ", ".join(
                "%s (%s)" % (p.display_name, p.company_id.name or _("no company"))
                for p in partners))
        writable = partners.browse()
        if partners.check_access_rights("write", raise_exception=False):
            for partner in partners:
                try:
                    partner.check_access_rule("write")
                except AccessError:
                    continue
                writable |= partner
        refused = partners - writable
        if refused:
            raise UserError(_("You may not change the customers %s: they cannot be merged.")
                            % ", ".join('"%s"' % p.display_name for p in refused))
        numbers = set(partners.sudo().filtered("registration_number").mapped(
            "registration_number"))
        if len(numbers) > 1:
            raise UserError(_("Customers with different registration numbers (USCC) cannot be "
                              "merged: %s.") % ", ".join(sorted(numbers)))

    @api.model
    def _merge_ordered(self, partners):
        """The customers, most complete first, then most recently updated."""
        return partners.sorted(key=lambda p: (p.completeness or 0, p.write_date or ""),
                               reverse=True)

    @api.model
    def _merge_defaults(self, partners):
        """Values of a wizard on ``partners``: the kept one and a line per differing field."""
        self._merge_check(partners)
        ordered = self._merge_ordered(partners.exists())
        names = [name for name in MERGE_FIELDS if name in ordered._fields]
        lines = []
        for name in names:
            values = {field_value(p, name) for p in ordered}
            if len(values) < 2:
                continue
            lines.append((0, 0, {"field_name": name,
                                 "partner_id": self._merge_source(ordered, name).id}))
        return {"partner_ids": [(6, 0, ordered.ids)], "dst_partner_id": ordered[0].id,
                "line_ids": lines}

    @api.model
    def _merge_source(self, ordered, name):
        """The default customer whose value of ``name`` is kept: the first one that has one."""
        return next((p for p in ordered if field_value(p, name)), ordered[0])

    @api.model
    def _merge_open(self, partners):
        """The merge dialog on ``partners``."""
        wizard = self.create(self._merge_defaults(partners))
        return {
            "type": "ir.actions.act_window",
            "name": _("Merge Customers"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    @api.model
    def _merge_keep_names(self, kept, names, codes):
        """The merged customers' names become former names, their codes former codes."""
        FormerName = self.env["res.partner.former.name"].sudo()
        known = set(FormerName.search([("partner_id", "=", kept.id)]).mapped("name"))
        for name in names:
            if name != kept.name and name not in known:
                FormerName.create({"partner_id": kept.id, "name": name,
                                   "user_id": self.env.uid})
                known.add(name)
        former_codes = kept._merge_former_codes(codes)
        if former_codes != (kept.sudo().former_codes or False):
            system_write(kept.sudo(), {"former_codes": former_codes})


class CustomerMergeWizardLine(models.TransientModel):
    """One field whose values differ: the candidates and the customer whose value is kept."""

    _name = "customer.merge.wizard.line"
    _description = "Merge Customers: Field"
    _order = "sequence, id"

    wizard_id = fields.Many2one("customer.merge.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer(compute="_compute_texts", store=True)
    field_name = fields.Char(string="Technical Name", required=True)
    field_label = fields.Char(string="Field", compute="_compute_texts")
    candidates = fields.Text(string="Values", compute="_compute_texts",
                             help="Each customer's value of the field.")
    partner_id = fields.Many2one(
        "res.partner", string="Value Of", ondelete="cascade",
        help="The customer whose value the kept customer gets.")
    chosen_value = fields.Char(string="Chosen Value", compute="_compute_texts")

    @api.depends("field_name", "partner_id", "wizard_id.partner_ids")
    def _compute_texts(self):
        partner_fields = self.env["res.partner"]._fields
        for line in self:
            field = partner_fields.get(line.field_name)
            if not field:
                continue
            line.sequence = MERGE_FIELDS.index(line.field_name) \
                if line.field_name in MERGE_FIELDS else len(MERGE_FIELDS)
            line.field_label = field._description_string(self.env)
            line.candidates = "\n".join(
                "%s: %s" % (p.display_name, field_text(p, line.field_name) or "-")
                for p in line.wizard_id.partner_ids)
            line.chosen_value = line.partner_id and field_text(line.partner_id, line.field_name)
