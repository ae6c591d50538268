import logging

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import UserError

from ..utils.access import INTERNAL_USER
from ..utils.accounts import ACCOUNT_DOMAIN, is_account

_logger = logging.getLogger(__name__)

MANAGER_GROUP = "customer_mgmt.group_customer_manager"
LEADER_GROUP = "customer_mgmt.group_customer_team_leader"
SALESPERSON_GROUP = "customer_mgmt.group_customer_salesperson"
# The account fields and the fields of the commercial partner they copy.
ACCOUNT_FIELDS = ("account_user_id", "account_customer", "account_team_id", "account_pool_id")
ACCOUNT_SOURCE_FIELDS = ("user_id", "customer", "team_id", "pool_id")
# Fields that change a partner's commercial partner: left to the ORM's recomputation.
ACCOUNT_STRUCTURE_FIELDS = ("parent_id", "is_company", "commercial_partner_id")


class CustomerAccountAccessMixin(models.AbstractModel):
    """Access to customers: the fields the record rules filter on, ownership, export and import."""

    _name = "customer.account.access.mixin"
    _description = "Access to Customer Accounts"
    # Customer service reads customers without write access and must still post on them.
    _mail_post_access = "read"

    # Denormalized from the commercial partner so that the record rules of every user are plain
    # indexed column comparisons on res_partner (no sub-selects on 100,000 customers).
    account_user_id = fields.Many2one(
        "res.users", string="Account Salesperson", compute="_compute_account_access",
        store=True, index=True, compute_sudo=True, readonly=True,
        help="Salesperson of the customer account (the commercial partner): decides who reads "
             "the account and its contacts.", groups=INTERNAL_USER)
    account_customer = fields.Boolean(
        string="Belongs to a Customer Account", compute="_compute_account_access",
        store=True, index=True, compute_sudo=True, readonly=True,
        help="The commercial partner is a customer: access follows the customer rules.",
        groups=INTERNAL_USER)
    account_team_id = fields.Many2one(
        "crm.team", string="Account Sales Team", compute="_compute_account_access",
        store=True, index=True, compute_sudo=True, readonly=True,
        help="Sales team of the customer account: its leader reads the account.",
        groups=INTERNAL_USER)
    account_pool_id = fields.Many2one(
        "customer.pool", string="Account Pool", compute="_compute_account_access",
        store=True, index=True, compute_sudo=True, readonly=True,
        help="Pool of the customer account: decides which salespeople read it while it has no "
             "salesperson.", groups=INTERNAL_USER)
    # Odoo's stored computed fields of partners, computed as the superuser: their values are
    # the same for every user, and recomputing them as a salesperson costs a check of the write
    # rules per recomputed column (up to seven per created partner).
    commercial_partner_id = fields.Many2one("res.partner", compute_sudo=True)
    commercial_company_name = fields.Char(compute_sudo=True)
    commercial_partner_country_id = fields.Many2one("res.country", compute_sudo=True)
    display_name = fields.Char(compute_sudo=True)
    partner_share = fields.Boolean(compute_sudo=True)
    activity_date_deadline = fields.Date(compute_sudo=True)
    # Indexed because the record rules and the pool filter on them.
    user_id = fields.Many2one("res.users", index=True)
    customer = fields.Boolean(index=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True)
    is_customer_master = fields.Boolean(
        string="Is a Customer Account",
        compute="_compute_is_customer_master",
        search="_search_is_customer_master",
        help="A commercial entity flagged as customer: what the Customers app manages.",
        groups=INTERNAL_USER,
    )

    @api.multi
    @api.depends("customer", "parent_id", "is_company")
    def _compute_is_customer_master(self):
        for partner in self:
            partner.is_customer_master = is_account(partner)

    @api.model
    def _search_is_customer_master(self, operator, value):
        positive = (operator == "=") == bool(value)
        domain = ["&"] + ACCOUNT_DOMAIN
        return domain if positive else ["!"] + domain


    @api.multi
    @api.depends("commercial_partner_id", "commercial_partner_id.user_id",
                 "commercial_partner_id.customer", "commercial_partner_id.team_id",
                 "commercial_partner_id.pool_id")
    def _compute_account_access(self):
        """Copy the account fields of the commercial partners, reading only those columns.

        Without ``prefetch_fields=False`` every read of a commercial partner loads all the
        columns of res.partner for the whole batch: a handover of 10,000 customers spent most
        of its time there. Each account's values are read once and shared by its contacts.
        """
        light = self.with_context(prefetch_fields=False)
        accounts = {partner.id: partner.commercial_partner_id or partner for partner in light}
        values = {account: (account.user_id, account.customer, account.team_id,
                            account.pool_id)
                  for account in set(accounts.values())}
        for partner in self:
            user, customer, team, pool = values[accounts[partner.id]]
            partner.account_user_id = user
            partner.account_customer = customer
            partner.account_team_id = team
            partner.account_pool_id = pool

    @api.multi
    def _account_sync_by_sql(self, vals):
        """Whether this write maintains the account fields with one SQL UPDATE (see write)."""
        return (self.ids and any(name in vals for name in ACCOUNT_SOURCE_FIELDS)
                and not any(name in vals for name in ACCOUNT_STRUCTURE_FIELDS + ACCOUNT_FIELDS)
                and self.env.recompute and self.env.context.get("recompute", True))

    @api.multi
    def _sync_account_fields(self):
        """Copy the account fields of these partners, where they are commercial partners, to
        the partners of their accounts in one statement, and tell the ORM they are done."""
        if self.env.field_todo(self._fields["commercial_partner_id"]):
            return  # commercial partners still moving: the ORM recomputes everything
        self.env.cr.execute("""
            UPDATE res_partner p
               SET account_user_id = account.user_id,
                   account_customer = COALESCE(account.customer, FALSE),
                   account_team_id = account.team_id,
                   account_pool_id = account.pool_id
              FROM res_partner account
             WHERE account.id = ANY(%s) AND p.commercial_partner_id = account.id
         RETURNING p.id
        """, ([record_id for record_id in self.ids if isinstance(record_id, int)],))
        synced = self.browse([row[0] for row in self.env.cr.fetchall()])
        for name in ACCOUNT_FIELDS:
            self.env.remove_todo(self._fields[name], synced)
        synced.invalidate_cache(fnames=list(ACCOUNT_FIELDS), ids=synced.ids)
        # Fields computed from the account fields (none today) are recomputed by write.
        synced.modified(list(ACCOUNT_FIELDS))

    @api.multi
    def _fields_sync(self, values):
        """Skip base's per-partner sync of commercial and address fields if none changed.

        Callers that write only fields which are neither commercial, address nor hierarchy
        fields (the handover writes ``user_id`` on thousands of partners) pass the context key
        ``customer_mgmt_skip_fields_sync``; base would otherwise walk every partner's children.
        """
        if self.env.context.get("customer_mgmt_skip_fields_sync"):
            synced = set(self._commercial_fields()) | set(self._address_fields()) | {
                "parent_id", "type", "is_company", "commercial_partner_id"}
            if not synced & set(values):
                return None
        return super()._fields_sync(values)

    @api.multi
    def _commercial_sync_from_company(self):
        """Base's copy of the commercial partner's commercial fields, without the
        company-dependent ones that neither partner has an ir.property row of its own for.

        Both then read the default, to which base's write would set the contact again (no row
        is stored for a default): ~8 queries a field for nothing, on every contact created.
        Replaces base's method (no other module overrides it), which calls no super.
        """
        commercial_partner = self.commercial_partner_id
        if commercial_partner != self:
            names = self._commercial_fields()
            defaulted = self._customer_defaulted_properties(names, self | commercial_partner)
            sync_vals = commercial_partner._update_fields_values(
                [name for name in names if name not in defaulted])
            self.write(sync_vals)

    @api.model
    def _customer_defaulted_properties(self, names, partners):
        """The company-dependent fields among ``names`` that none of ``partners`` has an
        ir.property row for, in any company: they all read the field's default."""
        names = [name for name in names if self._fields[name].company_dependent]
        if not names:
            return set()
        self.env.cr.execute("""
            SELECT DISTINCT field.name
              FROM ir_property property
              JOIN ir_model_fields field ON field.id = property.fields_id
             WHERE field.model = %s AND field.name = ANY(%s) AND property.res_id = ANY(%s)
        """, (self._name, names, ["%s,%s" % (self._name, pid) for pid in partners.ids]))
        return set(names).difference(row[0] for row in self.env.cr.fetchall())

    @api.multi
    def _access_write_check(self, vals):
        """Write step: a salesperson gives customers to nobody else; returns the partners the
        write makes customers of nobody, which the salesperson then holds (not the pool)."""
        if "user_id" in vals:
            self._check_salesperson_assignment(vals, self)
        elif vals.get("customer") and self._is_restricted_salesperson():
            return self.filtered(lambda partner: not partner.parent_id and not partner.user_id)
        return self.browse()

    @api.multi
    def export_data(self, fields_to_export, raw_data=False):
        """Only managers export partners (list export and RPC both call this); fields
        restricted to other groups are refused, as in domains; every export is logged."""
        if not self._is_customer_manager():
            raise UserError(_(
                "Only customer managers may export customers and contacts. "
                "Ask a manager or a data administrator for the export you need."))
        # Odoo 11 exports any field by its path ("parent_id/name", "user_id:id"), whatever
        # its groups.
        for path in fields_to_export or ():
            if isinstance(path, str):
                self._guard_check_path(path.replace(":", "/").replace("/", "."), _("export"))
        result = super().export_data(fields_to_export, raw_data=raw_data)
        self._customer_export_logged(fields_to_export, result)
        _logger.info("User %s exported %d %s records (fields: %s)", self.env.user.login,
                     len(self), self._name, ", ".join(fields_to_export))
        return result

    @api.multi
    def _customer_export_logged(self, fields_to_export, result):
        """The export log of this export of these records (customer_privacy adds whose
        personal data it held); returns it."""
        return self.env["customer.export.log"].sudo().create({
            "user_id": self.env.uid,
            "model": self._name,
            "row_count": len(result.get("datas") or []),
            "record_count": len(self),
            "field_names": ", ".join(fields_to_export),
        })

    @api.model
    def load(self, fields, data):
        """Imports of partners (Import in the web client, load over RPC) are for managers only."""
        if not self._is_customer_manager():
            raise UserError(_(
                "Only customer managers and data administrators may import customers and "
                "contacts. Ask a data administrator to import the file."))
        return super().load(fields, data)

    @api.model
    def _is_customer_manager(self):
        """The superuser and customer managers are not restricted to their own customers."""
        return self.env.uid == SUPERUSER_ID or self.env.user.has_group(MANAGER_GROUP)

    @api.model
    def _is_restricted_salesperson(self):
        """Salespeople and team leaders who are not managers: their customers are their own."""
        return not self._is_customer_manager() and self.env.user.has_group(SALESPERSON_GROUP)

    @api.model
    def _default_account_salesperson(self, vals):
        """A salesperson who creates a customer account becomes its salesperson."""
        if vals.get("user_id") or vals.get("parent_id") or not self._is_restricted_salesperson():
            return vals
        customer = vals.get("customer", self.env.context.get("default_customer", True))
        if not customer:
            return vals
        return dict(vals, user_id=self.env.uid)

    @api.model
    def _assignable_user_ids(self):
        """Users a restricted salesperson may make salesperson: themselves; leaders their teams."""
        user_ids = {self.env.uid}
        if self.env.user.has_group(LEADER_GROUP):
            members = self.env["res.users"].sudo().search([
                "|", ("sale_team_id.user_id", "=", self.env.uid),
                ("sale_team_id", "in", self.env["crm.team"].sudo().search(
                    [("user_id", "=", self.env.uid)]).ids)])
            user_ids.update(members.ids)
        return user_ids

    @api.model
    def _check_salesperson_assignment(self, vals, partners=None):
        """Refuse that a salesperson gives a customer to someone else (or to the pool by hand)."""
        if "user_id" not in vals or not self._is_restricted_salesperson():
            return
        new_user = self.env["res.users"].sudo().browse(vals["user_id"] or [])
        if partners is not None and all(p.user_id == new_user for p in partners):
            return
        if not new_user:
            raise UserError(_(
                "You cannot remove the salesperson of a customer: use Release to Pool on the "
                "customer to give it back to the public pool with a reason."))
        if new_user.id not in self._assignable_user_ids():
            raise UserError(_(
                "You cannot make %(user)s the salesperson of a customer: only a manager may "
                "assign customers to another salesperson (Salesperson: %(user)s).") % {
                    "user": new_user.name})
