"""Let data administrators merge duplicate customers through crm's merge wizard."""
from odoo import SUPERUSER_ID, _, api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None):
        """Data administrators may merge customers with different e-mails, not only the superuser."""
        user = self.env.user
        is_data_admin = user.has_group("customer_mgmt.group_customer_data_admin")
        if self.env.uid != SUPERUSER_ID and is_data_admin:
            partners = self.env["res.partner"].browse(partner_ids).exists()
            partners.check_access_rights("unlink")
            partners.check_access_rule("unlink")
            dst_partner = dst_partner and dst_partner.sudo()
            return super(BasePartnerMergeAutomaticWizard, self.sudo())._merge(
                partner_ids, dst_partner)
        return super(BasePartnerMergeAutomaticWizard, self)._merge(partner_ids, dst_partner)

    @api.model
    def _update_reference_fields(self, src_partners, dst_partner):
        """Also move the activities planned on the merged partners (crm's merge deletes them)."""
        result = super()._update_reference_fields(src_partners, dst_partner)
        activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", src_partners.ids)])
        if activities:
            activities.write({"res_id": dst_partner.id})
        return result

    @api.model
    def _customer_mgmt_open_merge(self, partners):
        """The merge dialog on ``partners``, the oldest one kept by default."""
        wizard = self.create({
            "state": "selection",
            "partner_ids": [(6, 0, partners.ids)],
            "dst_partner_id": self._get_ordered_partner(partners.ids)[-1].id,
        })
        return {
            "type": "ir.actions.act_window",
            "name": _("Merge Customers"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"active_test": False},
        }
