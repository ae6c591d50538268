from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, allowed_groups
from odoo.addons.customer_mgmt.utils.accounts import account_domain

STAGE_CODES = [
    ("potential", "Potential"),
    ("intention", "Intention"),
    ("new", "New"),
    ("loyal", "Loyal"),
    ("at_risk", "At Risk"),
    ("churned", "Churned"),
]


class CustomerLifecycleStage(models.Model):
    """Where a customer stands in its relationship with the company, and what to do about it."""

    _name = "customer.lifecycle.stage"
    _description = "Customer Lifecycle Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban", help="The stage is folded in the kanban of customers.")
    code = fields.Selection(
        STAGE_CODES, string="Automatic Rule Code", copy=False,
        help="The automatic transitions find the stages by this code; a stage without code "
             "is only reached by hand.")
    is_churned = fields.Boolean(
        string="Churned Stage", help="Customers in this stage are counted as lost.")
    playbook = fields.Html(
        translate=True, help="The strategy for customers of this stage: what the salesperson does.")
    activity_ids = fields.One2many(
        "customer.lifecycle.stage.activity", "stage_id", string="Entry Activities", copy=True,
        help="Activities scheduled for the salesperson when a customer enters this stage.")
    allow_manual_move = fields.Boolean(
        string="Manual Moves Allowed", default=True,
        help="Users may move customers into this stage by hand (kanban or Change Stage).")
    color = fields.Integer(string="Color Index")
    active = fields.Boolean(default=True)
    customer_count = fields.Integer(compute="_compute_customer_count", string="Customers")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Only one stage may carry each automatic rule code."),
    ]

    @api.multi
    def _compute_customer_count(self):
        groups = self.env["res.partner"].read_group(
            account_domain(("lifecycle_stage_id", "in", self.ids)),
            ["lifecycle_stage_id"], ["lifecycle_stage_id"])
        counts = {group["lifecycle_stage_id"][0]: group["lifecycle_stage_id_count"] for group in groups}
        for stage in self:
            stage.customer_count = counts.get(stage.id, 0)

    @api.multi
    def unlink(self):
        # Rights first: the count below is of every customer, which only managers may learn.
        self.check_access_rights("unlink")
        self.check_access_rule("unlink")
        used = self.env["res.partner"].sudo().with_context(active_test=False).search_count(
            [("lifecycle_stage_id", "in", self.ids)])
        if used:
            raise UserError(_("The lifecycle stage %s is still used by %d customers: archive it "
                              "instead of deleting it.") % (", ".join(self.mapped("name")), used))
        return super().unlink()

    @api.model
    def _get_by_code(self, code):
        """The active stage carrying an automatic rule code (empty when none: the rule is off)."""
        return self.search([("code", "=", code)], limit=1)

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_customers(self):
        """Open the customers of this stage."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        action = self.env.ref("customer_lifecycle.res_partner_lifecycle_action").read()[0]
        action["domain"] = account_domain(("lifecycle_stage_id", "=", self.id))
        return action
