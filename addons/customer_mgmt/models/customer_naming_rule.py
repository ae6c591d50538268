import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.access import DATA_ADMIN, INTERNAL_USER, allowed_groups
from ..utils.normalize import match_suffix

DEFINITION_FIELDS = ("name", "kind", "pattern", "suffixes", "min_length", "max_length")


def _split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CustomerNamingRule(models.Model):
    """A configurable rule customer names must follow, blocking or only warning."""

    _name = "customer.naming.rule"
    _description = "Customer Naming Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    applies_to = fields.Selection(
        [("company", "Companies"), ("individual", "Individuals"), ("both", "Both")],
        required=True, default="both",
        help="Companies are partners marked as a company; individuals are persons, "
             "including the contact persons of customers.")
    kind = fields.Selection(
        [("legal_suffix", "Required legal-form suffix"),
         ("forbidden_pattern", "Forbidden pattern"),
         ("required_pattern", "Required pattern"),
         ("length", "Length")],
        required=True, default="forbidden_pattern")
    suffixes = fields.Text(
        help="One legal-form suffix per line, e.g. 有限公司 or Co., Ltd.; the name must end "
             "with one of them (case-insensitive, final dot optional).")
    pattern = fields.Char(
        help="A Python regular expression searched in the name, e.g. (?i)^test$.")
    min_length = fields.Integer(string="Minimum Length")
    max_length = fields.Integer(string="Maximum Length", help="0 means no maximum.")
    severity = fields.Selection(
        [("block", "Block"), ("warn", "Warn")], required=True, default="warn",
        help="Block refuses the save; Warn saves the record and flags it in the "
             "\"Naming issues\" filter.")
    message = fields.Char(
        required=True, translate=True,
        help="Shown to the user when a name breaks the rule.")

    @api.model
    def _check_definition_values(self, values):
        """Refuse an incomplete or invalid rule before anything is saved."""
        name = values.get("name") or ""
        kind = values.get("kind")
        if kind in ("forbidden_pattern", "required_pattern"):
            pattern = values.get("pattern")
            if not pattern:
                raise ValidationError(_("The naming rule \"%s\" needs a pattern.") % name)
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValidationError(
                    _("The pattern \"%s\" of the naming rule \"%s\" is not a valid "
                      "regular expression: %s") % (pattern, name, error))
        elif kind == "legal_suffix" and not _split_lines(values.get("suffixes")):
            raise ValidationError(
                _("The naming rule \"%s\" needs at least one suffix.") % name)
        elif kind == "length":
            min_length = values.get("min_length") or 0
            max_length = values.get("max_length") or 0
            if min_length < 0 or max_length < 0:
                raise ValidationError(
                    _("The lengths of the naming rule \"%s\" cannot be negative.") % name)
            if not min_length and not max_length:
                raise ValidationError(
                    _("The naming rule \"%s\" needs a minimum or a maximum length.") % name)
            if max_length and min_length > max_length:
                raise ValidationError(
                    _("The minimum length of the naming rule \"%s\" is greater than "
                      "its maximum length.") % name)

    @api.constrains("kind", "pattern", "suffixes", "min_length", "max_length")
    def _check_definition(self):
        for rule in self:
            rule._check_definition_values({f: rule[f] for f in DEFINITION_FIELDS})

    @api.model
    def create(self, vals):
        self.check_access_rights("create")
        values = self.default_get([f for f in DEFINITION_FIELDS if f not in vals])
        values.update(vals)
        self._check_definition_values(values)
        return super(CustomerNamingRule, self).create(vals)

    @api.multi
    def write(self, vals):
        if any(f in vals for f in DEFINITION_FIELDS):
            self.check_access_rights("write")
            self.check_access_rule("write")
            for rule in self:
                values = {f: rule[f] for f in DEFINITION_FIELDS}
                values.update(vals)
                self._check_definition_values(values)
        return super(CustomerNamingRule, self).write(vals)

    @api.multi
    @allowed_groups(DATA_ADMIN)
    def action_recheck_partners(self):
        """Re-evaluate the naming issue flags of every customer after the rules changed."""
        self.env["res.partner"]._customer_mgmt_recheck_naming_issues()
        return True

    def _suffix_list(self):
        self.ensure_one()
        return _split_lines(self.suffixes)

    @api.model
    def _get_applicable_rules(self, is_company):
        """Active rules for a company or an individual, in sequence order."""
        return self.search([("applies_to", "in", ("both", "company" if is_company else "individual"))])

    @api.multi
    def _is_broken_by(self, name):
        """Tell whether the (normalized) name breaks this rule."""
        self.ensure_one()
        name = name or ""
        if self.kind == "legal_suffix":
            return not match_suffix(name, self._suffix_list())
        if self.kind == "forbidden_pattern":
            return bool(re.search(self.pattern, name))
        if self.kind == "required_pattern":
            return not re.search(self.pattern, name)
        if self.kind == "length":
            length = len(name)
            return length < self.min_length or bool(self.max_length and length > self.max_length)
        return False

    @api.model
    @allowed_groups(INTERNAL_USER)
    def check_name(self, name, is_company):
        """Return the (blocking, warning) rules the name breaks."""
        broken = self.browse(
            rule.id for rule in self._get_applicable_rules(is_company) if rule._is_broken_by(name))
        return (broken.filtered(lambda r: r.severity == "block"),
                broken.filtered(lambda r: r.severity == "warn"))
