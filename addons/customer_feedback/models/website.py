from odoo import api, models


class Website(models.Model):
    _inherit = "website"

    @api.model
    def _customer_feedback_offer_active_languages(self):
        """Called once at install: the portal speaks every language the company has
        activated, so a Chinese customer's ticket and survey pages are in Chinese."""
        languages = self.env["res.lang"].search([])
        for website in self.search([]):
            website.language_ids |= languages
