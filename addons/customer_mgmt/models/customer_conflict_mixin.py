"""Who holds a customer (撞单): what a user may learn of a customer they cannot read, and who may
work a lead onto a customer someone else holds."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..utils.access import INTERNAL_USER
from ..utils.accounts import is_account

MANAGER_GROUP = "customer_mgmt.group_customer_manager"
# Odoo's own sales managers (all leads and documents) work any lead onto any customer too.
SALES_MANAGER_GROUP = "sales_team.group_sale_manager"
# Hidden matches described one by one; the others are counted.
MAX_HOLDER_LINES = 5


class CustomerConflictMixin(models.AbstractModel):
    """The holder of a customer account: its salesperson, team and since when, or its pool."""

    _name = "customer.conflict.mixin"
    _description = "Customer Holders and Conflicts"

    duplicate_hidden_note = fields.Text(
        string="Similar Records Hidden From You: Holders", compute="_compute_duplicate_matches",
        help="Who holds the similar customers you cannot see, or the pool they are in: never "
             "their name, phone or e-mail.", groups=INTERNAL_USER)

    # Business methods

    @api.model
    def _conflict_holder_infos(self, partner_ids):
        """[{account, user, team, since, pool}] of the customer accounts of these partners, read
        as the superuser: one per account, in the order of the ids, non-customers left out."""
        partners = self.sudo().with_context(active_test=False).browse(list(partner_ids))
        infos, seen = [], set()
        for partner in partners.exists():
            account = partner.commercial_partner_id or partner
            if account.id in seen or not is_account(account):
                continue
            seen.add(account.id)
            user = account.user_id
            infos.append({
                "account": account,
                "user": user,
                "team": account.team_id or user.sale_team_id,
                "since": account.pool_claim_date or account.create_date,
                "pool": account._pool_current() if not user else account.pool_id.browse(),
            })
        return infos

    @api.model
    def _conflict_holder_line(self, info, what=None):
        """One sentence on a customer the user may not read: its holder, or its pool."""
        what = what or _("A similar customer you cannot see")
        if info["user"]:
            values = {"what": what, "user": info["user"].name,
                      "since": fields.Date.to_string(fields.Datetime.from_string(info["since"]))}
            if info["team"]:
                values["team"] = info["team"].name
                return _("%(what)s is held by %(user)s, %(team)s, since %(since)s.") % values
            return _("%(what)s is held by %(user)s since %(since)s.") % values
        pool = info["pool"]
        if pool and pool in self.env.user._customer_pools_served():
            return _("%(what)s is in the pool %(pool)s and can be claimed.") % {
                "what": what, "pool": pool.name}
        return _("%(what)s is in the pool %(pool)s: ask one of its pool administrators to "
                 "assign it.") % {"what": what, "pool": pool.name or _("(none)")}

    @api.model
    def _conflict_hidden_lines(self, partner_ids, what=None):
        """The holder lines of the accounts of these unreadable partners (a few, then a count)."""
        infos = self._conflict_holder_infos(partner_ids)
        lines = [self._conflict_holder_line(info, what) for info in infos[:MAX_HOLDER_LINES]]
        if len(infos) > MAX_HOLDER_LINES:
            lines.append(_("... and %d more.") % (len(infos) - MAX_HOLDER_LINES))
        return lines

    @api.model
    def _conflict_may_work(self, info, user=None):
        """Whether the user may work a lead onto this account: its holder, a leader of its team
        or of the holder's team, a customer manager or a sales manager."""
        user = user or self.env.user
        if (user.has_group(MANAGER_GROUP) or user.has_group(SALES_MANAGER_GROUP)
                or info["user"] == user):
            return True
        teams = info["team"] | info["user"].sale_team_id
        return bool(info["user"]) and user in teams.mapped("user_id")

    @api.model
    def _conflict_check_convert(self, partner):
        """Refuse to link a lead to a customer someone else holds (or still in a pool), saying
        who holds it; its holder, their team leaders and managers may."""
        infos = self._conflict_holder_infos(partner.ids)
        if not infos or self._conflict_may_work(infos[0]):
            return
        info = infos[0]
        what = _("The customer of this lead")
        line = self._conflict_holder_line(info, what)
        if info["user"]:
            raise UserError(_("%(line)s Only its salesperson, a leader of the team or a "
                              "customer manager may convert a lead onto it.") % {"line": line})
        if info["pool"] in self.env.user._customer_pools_served():
            raise UserError(_("%(line)s Claim it first, then convert the lead onto it.")
                            % {"line": line})
        raise UserError(line)
