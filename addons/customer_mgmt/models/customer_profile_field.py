from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

# Field types that cannot express "filled in" on a customer (always set, or not on the record).
UNSUPPORTED_TTYPES = ("boolean", "one2many", "binary", "reference", "serialized")
# Fields proposed as required profile fields on installation, when they exist on res.partner.
DEFAULT_PROFILE_FIELDS = [
    "phone", "email", "street", "city", "state_id", "country_id", "industry_id",
    "registration_number", "customer_kind", "customer_source", "employee_count",
    "tier_id", "region_id", "user_id",
]
COMPANY_ONLY_FIELDS = ("industry_id", "registration_number", "employee_count")


class CustomerProfileField(models.Model):
    """A customer field the data administrators require: the completeness score counts them."""

    _name = "customer.profile.field"
    _description = "Required Profile Field"
    _order = "sequence, id"
    _rec_name = "name"

    field_id = fields.Many2one(
        "ir.model.fields", string="Field", required=True, ondelete="cascade",
        domain=[("model", "=", "res.partner"), ("store", "=", True),
                ("ttype", "not in", UNSUPPORTED_TTYPES)])
    name = fields.Char(related="field_id.field_description", string="Label", readonly=True, store=False)
    field_name = fields.Char(related="field_id.name", string="Technical Name", readonly=True, store=True)
    sequence = fields.Integer(default=10)
    applies_to = fields.Selection(
        [("all", "All customers"), ("company", "Companies only"), ("individual", "Individuals only")],
        string="Applies To", required=True, default="all")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("field_uniq", "unique(field_id)", "This field is already a required profile field."),
    ]

    @api.constrains("field_id")
    def _check_field_id(self):
        for profile_field in self:
            field = profile_field.field_id
            if field.model != "res.partner" or field.ttype in UNSUPPORTED_TTYPES or not field.store:
                raise ValidationError(
                    _("The field %s cannot be a required profile field: choose a stored customer field "
                      "that can be left empty (not a checkbox, a file or a list of lines).")
                    % field.field_description)

    @api.model
    def create(self, vals):
        record = super().create(vals)
        self._configuration_changed()
        return record

    @api.multi
    def write(self, vals):
        res = super().write(vals)
        self._configuration_changed()
        return res

    @api.multi
    def unlink(self):
        res = super().unlink()
        self._configuration_changed()
        return res

    @api.model
    def _configuration_changed(self):
        """The list changed: every customer's score must follow."""
        self.clear_caches()
        if not self.env.context.get("customer_profile_no_recompute"):
            self.env["res.partner"]._recompute_completeness_all()

    @api.model
    @tools.ormcache()
    def _get_profile_config(self):
        """Return ((profile_field_id, field_name, applies_to), ...) of the active required fields."""
        records = self.sudo().with_context(active_test=True).search([])
        partner_fields = self.env["res.partner"]._fields
        return tuple((rec.id, rec.field_id.name, rec.applies_to) for rec in records
                     if rec.field_id.name in partner_fields)

    @api.model
    def _watched_field_names(self):
        """Fields whose change can change the score: the configured ones and what they are computed from."""
        partner_fields = self.env["res.partner"]._fields
        names = {"is_company", "customer", "parent_id"}
        todo = [name for __, name, __ in self._get_profile_config()]
        while todo:
            name = todo.pop()
            if name in names:
                continue
            names.add(name)
            field = partner_fields[name]
            if field.compute and field.depends:
                todo.extend(dep.split(".")[0] for dep in field.depends)
        return names

    @api.model
    def _create_defaults(self):
        """Create the default list with the fields that exist (called once, at installation)."""
        fields_model = self.env["ir.model.fields"]
        self = self.with_context(customer_profile_no_recompute=True)
        existing = set(self.with_context(active_test=False).search([]).mapped("field_name"))
        sequence = 10
        for name in DEFAULT_PROFILE_FIELDS:
            field = fields_model.search([("model", "=", "res.partner"), ("name", "=", name)], limit=1)
            if field and name not in existing:
                self.create({
                    "field_id": field.id, "sequence": sequence,
                    "applies_to": "company" if name in COMPANY_ONLY_FIELDS else "all",
                })
            sequence += 10
        self.env["res.partner"]._recompute_completeness_all()
