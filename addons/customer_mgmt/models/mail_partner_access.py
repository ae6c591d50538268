from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import AccessError

from ..utils.masking import mask_value


class PartnerDocumentAccessMixin(models.AbstractModel):
    """Rows attached to a partner by res_model/res_id are readable when the partner is."""

    _name = "customer.partner.document.access.mixin"
    _description = "Access Following the Partner"

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        super()._apply_ir_rules(query, mode=mode)
        if mode != "read":
            return
        restriction = self.env["ir.rule"]._readable_subquery("res.partner")
        if not restriction:
            return
        sql, params = restriction
        table = '"%s"' % self._table
        query.where_clause.append(
            "(%s.res_model IS NULL OR %s.res_model != 'res.partner' OR %s.res_id IN (%s))"
            % (table, table, table, sql))
        query.where_clause_params.extend(params)


class MailFollowers(models.Model):
    """Followers of a document follow the access to the document.

    Odoo 11 lets every user read, add and edit the follower rows of any document, and a
    follower may post on the document and receives its messages. So the followers of a
    document are seen only by those who read it; one follows a document oneself only if one
    reads it, and makes others (or a channel) follow or unfollow it only if one may edit it,
    as ``message_subscribe`` and ``message_unsubscribe`` do.
    """

    _inherit = "mail.followers"

    @api.model
    @tools.ormcache()
    def _followed_models(self):
        """The models whose records have followers (their table holds the documents).

        Cached per registry: every read of followers by a user filters on them.
        """
        return tuple(sorted(name for name, model in self.env.registry.items()
                            if "message_follower_ids" in model._fields
                            and not model._abstract and not model._transient))

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        super()._apply_ir_rules(query, mode=mode)
        if mode != "read" or self._uid == SUPERUSER_ID:
            return
        table = '"%s"' % self._table
        hidden = []
        names = self._followed_models()
        ids = [record_id for record_id in self.ids if isinstance(record_id, int)]
        if ids:
            # A read of given followers (the ORM's own, after each follow): only the rules of
            # the models they follow, not one subquery per model with followers.
            self.env.cr.execute("SELECT DISTINCT res_model FROM mail_followers WHERE id IN %s",
                                (tuple(ids),))
            present = {row[0] for row in self.env.cr.fetchall()}
            names = [name for name in names if name in present]
        for name in names:
            if not self.env[name].check_access_rights("read", raise_exception=False):
                hidden.append(name)
                continue
            restriction = self.env["ir.rule"]._readable_subquery(name)
            if restriction:
                sql, params = restriction
                query.where_clause.append(
                    "(%s.res_model != %%s OR %s.res_id IN (%s))" % (table, table, sql))
                query.where_clause_params.extend([name] + params)
        if hidden:
            query.where_clause.append("%s.res_model NOT IN %%s" % table)
            query.where_clause_params.append(tuple(hidden))

    @api.multi
    def _invalidate_documents(self):
        """Odoo reads the followers it writes only to drop their documents from the cache: as
        the superuser (nothing is shown to anyone), not through the follower rule above."""
        return super(MailFollowers, self.sudo())._invalidate_documents()

    @api.model
    def create(self, vals):
        # Before the row exists: following may itself open a document's rules (portal rules
        # on message_partner_ids).
        self._check_follow_access(vals.get("res_model"), vals.get("res_id"),
                                  vals.get("partner_id"), vals.get("channel_id"))
        return super().create(vals)

    @api.multi
    def write(self, vals):
        for follower in self.sudo():
            self._check_follow_access(follower.res_model, follower.res_id,
                                      follower.partner_id.id, follower.channel_id.id)
            self._check_follow_access(
                vals.get("res_model", follower.res_model), vals.get("res_id", follower.res_id),
                vals.get("partner_id", follower.partner_id.id),
                vals.get("channel_id", follower.channel_id.id))
        return super().write(vals)

    @api.multi
    def unlink(self):
        for follower in self.sudo():
            self._check_follow_access(follower.res_model, follower.res_id,
                                      follower.partner_id.id, follower.channel_id.id)
        return super().unlink()

    @api.model
    def _check_follow_access(self, res_model, res_id, partner_id, channel_id):
        """Following a document oneself takes reading it; any other change, editing it."""
        if self._uid == SUPERUSER_ID or res_model not in self.env.registry or not res_id:
            return
        document = self.env[res_model].browse(res_id)
        if partner_id == self.env.user.partner_id.id and not channel_id:
            document.check_access_rights("read")
            # As the followers are hidden: by search (rules of _inherits parents included).
            if not document.with_context(active_test=False).search([("id", "=", document.id)]):
                raise AccessError(_(
                    "You may not follow the %(model)s record %(id)s: you are not allowed to "
                    "read it.") % {"model": document._guard_model_label(), "id": document.id})
        else:
            document.check_access_rights("write")
            document.check_access_rule("write")


class MailActivity(models.Model):
    """Activities on a hidden customer are neither searched nor counted."""

    _name = "mail.activity"
    _inherit = ["mail.activity", "customer.partner.document.access.mixin"]


class CrmLead(models.Model):
    """A lead shows its customer's name, not its contact data, to those who cannot read it.

    crm's ``partner_address_name`` / ``partner_address_email`` are related fields read as
    superuser: a salesperson would read, on their own lead, the e-mail of a customer that
    belongs to another salesperson (e.g. after a handover or a claim). The name stays, like
    the customer's display name on any document one may read (Odoo reads many2one names as
    superuser); the e-mail is only shown to those who read the customer.
    """

    _inherit = "crm.lead"

    partner_address_name = fields.Char(related=None, compute="_compute_partner_address")
    partner_address_email = fields.Char(related=None, compute="_compute_partner_address")

    @api.multi
    @api.depends("partner_id", "partner_id.name", "partner_id.email")
    def _compute_partner_address(self):
        partner_ids = [pid for pid in self.mapped("partner_id").ids if isinstance(pid, int)]
        readable = set(self.env["res.partner"].with_context(active_test=False)._search(
            [("id", "in", partner_ids)])) if partner_ids else set()
        # The e-mail as the reader reads it on the customer: masked when it is masked there.
        masks = self.env["res.partner"].browse(sorted(readable))._mask_map(["email"])
        for lead in self:
            partner = lead.partner_id.sudo()
            lead.partner_address_name = partner.name
            email = partner.email if partner.id in readable else False
            mask_format = masks.get(partner.id, {}).get("email")
            lead.partner_address_email = mask_value(mask_format, email) if mask_format else email
