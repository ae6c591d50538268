from odoo import _, api, fields, models

from odoo.addons.customer_mgmt.utils.access import CUSTOMER_STAFF, INTERNAL_USER, allowed_groups

FEEDBACK_MODEL = "customer.feedback"


class CustomerFeedbackPartnerMixin(models.AbstractModel):
    """Feedback on the customer form: counts, latest rating, smart buttons and "Log feedback"."""

    _name = "customer.feedback.partner.mixin"
    _description = "Feedback Figures of Customers"

    feedback_count = fields.Integer(
        string="Feedback", compute="_compute_feedback_stats",
        help="Feedback tickets of the customer account that you can read.", groups=INTERNAL_USER)
    feedback_open_count = fields.Integer(
        string="Open Feedback", compute="_compute_feedback_stats",
        help="Feedback tickets of the customer account not yet in a closed stage.",
        groups=INTERNAL_USER)
    complaint_count = fields.Integer(
        string="Complaints", compute="_compute_feedback_stats",
        help="Complaints of the customer account, open or closed.", groups=INTERNAL_USER)
    last_rating = fields.Float(
        string="Latest Rating", compute="_compute_feedback_stats", group_operator="avg",
        help="Latest rating the customer gave to a resolved ticket: 10 satisfied, "
             "5 not satisfied, 1 highly dissatisfied; 0 when the customer never rated.",
        groups=INTERNAL_USER)

    @api.multi
    def _compute_feedback_stats(self):
        """Count the tickets of all the accounts at once (read_group), as the current user."""
        for partner in self:
            partner.feedback_count = partner.feedback_open_count = 0
            partner.complaint_count = 0
            partner.last_rating = 0.0
        Feedback = self.env[FEEDBACK_MODEL]
        accounts = self.mapped("commercial_partner_id")
        if not accounts.ids or not Feedback.check_access_rights("read", raise_exception=False):
            return
        counts = {}
        groups = Feedback.read_group(
            [("partner_id", "in", accounts.ids)], ["partner_id", "feedback_type", "is_closed"],
            ["partner_id", "feedback_type", "is_closed"], lazy=False)
        for group in groups:
            stats = counts.setdefault(group["partner_id"][0], {"all": 0, "open": 0, "complaint": 0})
            stats["all"] += group["__count"]
            if not group["is_closed"]:
                stats["open"] += group["__count"]
            if group["feedback_type"] == "complaint":
                stats["complaint"] += group["__count"]
        ratings = self._feedback_last_ratings(accounts)
        for partner in self:
            account_id = partner.commercial_partner_id.id
            stats = counts.get(account_id, {})
            partner.feedback_count = stats.get("all", 0)
            partner.feedback_open_count = stats.get("open", 0)
            partner.complaint_count = stats.get("complaint", 0)
            partner.last_rating = ratings.get(account_id, 0.0)

    @api.model
    def _feedback_last_ratings(self, accounts):
        """Latest filled rating per account, over the tickets the current user reads (2 queries)."""
        tickets = self.env[FEEDBACK_MODEL].search_read(
            [("partner_id", "in", accounts.ids)], ["partner_id"])
        account_of_ticket = {ticket["id"]: ticket["partner_id"][0] for ticket in tickets}
        if not account_of_ticket:
            return {}
        # The tickets passed the access checks above; their ratings are read as superuser
        # because rating.rating has no record rules of its own for these roles.
        ratings = self.env["rating.rating"].sudo().search_read(
            [("res_model", "=", FEEDBACK_MODEL), ("res_id", "in", list(account_of_ticket)),
             ("consumed", "=", True)],
            ["res_id", "rating"], order="write_date desc, id desc")
        result = {}
        for rating in ratings:
            result.setdefault(account_of_ticket[rating["res_id"]], rating["rating"])
        return result

    @api.multi
    def _feedback_action(self, name, domain=None, context=None):
        """The tickets window on this customer account, with the account as default customer."""
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env.ref("customer_feedback.customer_feedback_action").read()[0]
        action["name"] = name
        action["domain"] = [("partner_id", "=", account.id)] + (domain or [])
        action["context"] = dict(self._feedback_default_context(), **(context or {}))
        return action

    @api.multi
    def _feedback_default_context(self):
        """Defaults of a new ticket logged from this partner: its account and, for a person, the contact."""
        self.ensure_one()
        account = self.commercial_partner_id
        context = {"default_partner_id": account.id}
        if self != account and not self.is_company:
            context["default_contact_id"] = self.id
        return context

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_feedback(self):
        """Smart button: every ticket of the customer account."""
        return self._feedback_action(_("Feedback"))

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_open_feedback(self):
        """Smart button: the tickets of the account still being handled."""
        return self._feedback_action(_("Open Feedback"), domain=[("is_closed", "=", False)])

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_view_complaints(self):
        """Smart button: the complaints of the account."""
        return self._feedback_action(
            _("Complaints"), domain=[("feedback_type", "=", "complaint")],
            context={"default_feedback_type": "complaint"})

    @api.multi
    @allowed_groups(*CUSTOMER_STAFF)
    def action_log_feedback(self):
        """Open a new ticket for this customer (and contact person) to log what they said."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Log Feedback"),
            "res_model": FEEDBACK_MODEL,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._feedback_default_context(),
        }

    # Business methods

    @api.model
    def _mask_exempt_partner_ids(self, partner_ids):
        """The customers (and their contacts) of the user's open tickets are shown unmasked:
        customer service calls them back."""
        exempt = super()._mask_exempt_partner_ids(partner_ids)
        if not partner_ids:
            return exempt
        self.env.cr.execute("""
            SELECT p.id
              FROM res_partner p
             WHERE p.id = ANY(%s)
               AND EXISTS (SELECT 1 FROM customer_feedback f
                            WHERE f.partner_id = p.commercial_partner_id
                              AND f.user_id = %s AND f.is_closed IS NOT TRUE)
        """, (list(partner_ids), self.env.uid))
        return exempt | {row[0] for row in self.env.cr.fetchall()}
