from odoo import api, models

from ..models.customer_naming_mixin import MERGE_KEY
from ..utils.markers import mark


class MergePartnerAutomatic(models.TransientModel):
    """crm's merge must not copy a customer code or registration number onto another partner."""

    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_values(self, src_partners, dst_partner):
        """Keep the destination's code; move a registration number only once the sources are gone."""
        moved_number = False
        if not dst_partner.registration_number:
            moved_number = next(
                (p.registration_number for p in src_partners if p.registration_number), False)
        result = super(MergePartnerAutomatic, self)._update_values(
            src_partners, dst_partner.with_context(**mark(MERGE_KEY)))
        if moved_number:
            # Free the number on the sources (deleted right after the merge) for the destination.
            src_partners.filtered("registration_number").write({"registration_number": False})
            dst_partner.write({"registration_number": moved_number})
        return result
