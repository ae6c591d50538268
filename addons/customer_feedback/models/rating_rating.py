from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import AccessError

FEEDBACK_MODEL = "customer.feedback"
MANAGER_GROUP = "customer_mgmt.group_customer_manager"


class RatingRating(models.Model):
    """Ratings of tickets follow their ticket; a smiley click is followed up like a submission.

    Odoo lets every user, portal user and visitor read and write every rating, with the access
    token that rates in the customer's name. Ratings of tickets are read by the staff who may
    read the ticket and changed by those who may change it (the token routes work as
    superuser); their tokens are read by managers only.
    """

    _name = "rating.rating"
    _inherit = ["rating.rating", "customer.secret.token.mixin"]
    _secret_token_field = "access_token"
    _secret_token_group = MANAGER_GROUP
    _secret_token_domain = [("res_model", "=", FEEDBACK_MODEL)]

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        super()._apply_ir_rules(query, mode=mode)
        if self._uid == SUPERUSER_ID:
            return
        tickets = self._feedback_tickets_sql(mode)
        if tickets is None:
            return
        table = '"%s"' % self._table
        condition = "%s.res_model_id IS NULL OR %s.res_model_id != %%s" % (table, table)
        params = [self.env["ir.model"]._get_id(FEEDBACK_MODEL)]
        if tickets:
            condition += " OR %s.res_id IN (%s)" % (table, tickets[0])
            params += tickets[1]
        query.where_clause.append("(%s)" % condition)
        query.where_clause_params.extend(params)

    @api.multi
    def check_access_rule(self, operation):
        super().check_access_rule(operation)
        if self._uid == SUPERUSER_ID or not self.ids:
            return
        # By the model id: the stored model name may not be computed yet on create.
        self.env.cr.execute(
            "SELECT DISTINCT res_id FROM rating_rating WHERE id IN %s AND res_model_id = %s",
            (tuple(self.ids), self.env["ir.model"]._get_id(FEEDBACK_MODEL)))
        ticket_ids = [row[0] for row in self.env.cr.fetchall()]
        if not ticket_ids:
            return
        mode = "read" if operation == "read" else "write"
        tickets = self.env[FEEDBACK_MODEL].browse(ticket_ids)
        allowed = (not self.env.user.share and len(tickets.exists()) == len(tickets)
                   and tickets.check_access_rights(mode, raise_exception=False))
        if allowed:
            try:
                tickets.check_access_rule(mode)
            except AccessError:
                allowed = False
        if not allowed:
            if mode == "read":
                message = _("Only the staff who may read a feedback ticket may read its ratings.")
            else:
                message = _("Only the staff who may change a feedback ticket may change its "
                            "ratings; customers rate through the link they received.")
            raise AccessError(message)

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        # The rules are checked before a write: check again the ticket a rating was moved to.
        if self._uid != SUPERUSER_ID and {"res_model_id", "res_id"} & set(vals):
            self.check_access_rule("write")
        # Odoo's /rating/<token>/<rate> route writes the rating without calling rating_apply.
        if vals.get("rating") and vals.get("consumed"):
            feedback_ratings = self.filtered(lambda r: r.res_model == FEEDBACK_MODEL)
            for rating in feedback_ratings:
                ticket = self.env[FEEDBACK_MODEL].sudo().browse(rating.res_id).exists()
                if ticket:
                    ticket._rating_follow_up(rating)
        return result

    @api.model
    def _feedback_tickets_sql(self, mode):
        """(SQL, params) selecting the tickets the user may access in ``mode``; None when they
        may access every ticket, False when none (portal users and visitors never)."""
        tickets = self.env[FEEDBACK_MODEL]
        if self.env.user.share or not tickets.check_access_rights(mode, raise_exception=False):
            return False
        return self.env["ir.rule"]._readable_subquery(FEEDBACK_MODEL, mode)
