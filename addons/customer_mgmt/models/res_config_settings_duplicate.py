"""Settings of duplicate detection."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_duplicate_pair import SCAN_DATE_PARAM
from .customer_duplicate_mixin import DEFAULT_SIMILARITY_THRESHOLD, SIMILARITY_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_duplicate_similarity_threshold = fields.Float(
        string="Name Similarity Threshold", digits=(3, 2), default=DEFAULT_SIMILARITY_THRESHOLD,
        help="Company names at least this alike, legal forms such as Co., Ltd. left out, are "
             "listed as possible duplicates: from 0.1 (loosely alike) to 1 (identical).")

    @api.constrains("customer_duplicate_similarity_threshold")
    def _check_customer_duplicate_similarity_threshold(self):
        for settings in self:
            threshold = settings.customer_duplicate_similarity_threshold
            if not 0.1 <= threshold <= 1.0:
                raise ValidationError(_(
                    "Name Similarity Threshold must be between 0.1 and 1, not %s.") % threshold)

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        res["customer_duplicate_similarity_threshold"] = \
            self.env["res.partner"]._duplicate_similarity_threshold()
        return res

    @api.multi
    def set_values(self):
        super(ResConfigSettings, self).set_values()
        ICP = self.env["ir.config_parameter"].sudo()
        if self.env["res.partner"]._duplicate_similarity_threshold() != \
                self.customer_duplicate_similarity_threshold:
            ICP.set_param(SCAN_DATE_PARAM, False)  # another threshold: compare everyone again
        ICP.set_param(SIMILARITY_PARAM, repr(self.customer_duplicate_similarity_threshold))
