"""The users' languages, set where the language is installed."""
from odoo import api, models


class ResUsers(models.Model):
    """Gives users their language only where it is installed (demo data runs without Chinese too)."""

    _inherit = "res.users"

    @api.model
    def _customer_mgmt_set_languages(self, languages):
        """Set {user xmlid: language code} for the installed languages; return the users set."""
        installed = dict(self.env["res.lang"].get_installed())
        users = self.browse()
        for xmlid, code in languages.items():
            if code in installed:
                user = self.env.ref(xmlid)
                user.lang = code
                users |= user
        return users
