"""Survey campaigns invite only the people who may be surveyed."""
from odoo import api, models

from .customer_privacy_partner_mixin import privacy_param


class CustomerSurveyCampaign(models.Model):
    _inherit = "customer.survey.campaign"

    @api.model
    def _campaign_filter_recipients(self, partners):
        """Leave out the people without the consent to surveys (see the privacy settings)."""
        partners, skipped = super()._campaign_filter_recipients(partners)
        mode = privacy_param(self.env, "survey_consent")
        if mode == "none":
            return partners, skipped
        allowed_ids = partners._privacy_allows("survey", contract_covers=mode == "contract")
        allowed = partners.filtered(lambda partner: partner.id in allowed_ids)
        return allowed, skipped + len(partners) - len(allowed)
