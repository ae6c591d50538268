from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_privacy_partner_mixin import PARAM_PREFIX, privacy_param

# Settings field -> key of the system parameter customer_privacy.<key>.
PRIVACY_SETTINGS = {
    "privacy_greeting_consent": "greeting_consent",
    "privacy_survey_consent": "survey_consent",
    "privacy_default_regime": "default_regime",
    "privacy_request_days_pipl": "request_days_pipl",
    "privacy_request_days_gdpr": "request_days_gdpr",
    "privacy_request_reminder_days": "request_reminder_days",
    "privacy_access_log_days": "access_log_days",
}
DAY_SETTINGS = ("privacy_request_days_pipl", "privacy_request_days_gdpr",
                "privacy_request_reminder_days", "privacy_access_log_days")


class ResConfigSettings(models.TransientModel):
    """Settings of personal information protection: consent checks, request deadlines, how long
    the access log is kept."""

    _inherit = "res.config.settings"

    privacy_greeting_consent = fields.Boolean(
        string="Greetings Need Consent to Marketing E-mail", default=True,
        help="Greeting reminders skip the persons who did not consent to marketing e-mail or "
             "withdrew it.")
    privacy_survey_consent = fields.Selection(
        [("none", "No check"),
         ("contract", "Consent to surveys, or a contract for the service"),
         ("consent", "Consent to surveys only")],
        string="Survey Invitations", default="contract", required=True,
        help="Which persons survey campaigns invite. A withdrawn consent to surveys always "
             "stops the invitations, except without check.")
    privacy_default_regime = fields.Selection(
        [("pipl", "PIPL (China)"), ("gdpr", "GDPR (EU)")], string="Default Regime",
        default="pipl", required=True, help="The law new data-subject requests fall under.")
    privacy_request_days_pipl = fields.Integer(
        string="Answer PIPL Requests Within (Days)", default=15,
        help="Days from the reception of a request under the PIPL to its deadline.")
    privacy_request_days_gdpr = fields.Integer(
        string="Answer GDPR Requests Within (Days)", default=30,
        help="Days from the reception of a request under the GDPR to its deadline.")
    privacy_request_reminder_days = fields.Integer(
        string="Remind the Handler (Days Before)", default=3,
        help="The handler of an open request gets an activity this many days before its "
             "deadline.")
    privacy_access_log_days = fields.Integer(
        string="Keep the Access Log (Days)", default=365,
        help="Entries of the personal data access log older than this are deleted every "
             "night.")

    @api.constrains(*DAY_SETTINGS)
    def _check_privacy_days(self):
        labels = self.fields_get(list(DAY_SETTINGS), ["string"])
        for settings in self:
            for name in DAY_SETTINGS:
                minimum = 0 if name == "privacy_request_reminder_days" else 1
                if settings[name] < minimum:
                    raise ValidationError(_("%(field)s must be at least %(minimum)d (%(value)s).")
                                          % {"field": labels[name]["string"],
                                             "minimum": minimum, "value": settings[name]})

    @api.model
    def get_values(self):
        res = super().get_values()
        for name, key in PRIVACY_SETTINGS.items():
            res[name] = privacy_param(self.env, key)
        return res

    @api.multi
    def set_values(self):
        super().set_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, key in PRIVACY_SETTINGS.items():
            params.set_param(PARAM_PREFIX + key, str(self[name]))
