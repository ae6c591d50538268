"""Let data administrators merge duplicate customers through crm's merge wizard."""
from odoo import SUPERUSER_ID, models


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
