from odoo import api, fields, models

from odoo.addons.customer_mgmt.models.customer_timeline_event import TimelineSource

_ORDERS = """
    SELECT o.id * 32 + 12, o.confirmation_date, 'order', 'confirmed', p.commercial_partner_id,
           CASE WHEN p.id <> p.commercial_partner_id THEN p.id END,
           o.name, 'sale.order', o.id, o.user_id, NULL
      FROM sale_order o
      JOIN res_partner p ON p.id = o.partner_id
     WHERE o.state IN ('sale', 'done') AND o.confirmation_date IS NOT NULL
"""
_STAGE_MOVES = """
    SELECT t.id * 32 + 13, t.date::timestamp, 'stage', 'moved', t.partner_id, NULL,
           COALESCE(f.name || ' → ', '') || s.name, 'customer.lifecycle.transition', t.id,
           t.user_id, NULL
      FROM customer_lifecycle_transition t
      JOIN customer_lifecycle_stage s ON s.id = t.to_stage_id
      LEFT JOIN customer_lifecycle_stage f ON f.id = t.from_stage_id
"""


class CustomerTimelineEvent(models.Model):
    _inherit = "customer.timeline.event"

    kind = fields.Selection(selection_add=[("order", "Sales Order"), ("stage", "Lifecycle Stage")])
    event = fields.Selection(selection_add=[("confirmed", "Confirmed"), ("moved", "Moved")])

    @api.model
    def _timeline_sources(self):
        """Confirmed sales orders and lifecycle stage moves."""
        return super()._timeline_sources() + [
            TimelineSource(12, "sale.order", _ORDERS, ()),
            TimelineSource(13, "customer.lifecycle.transition", _STAGE_MOVES, ()),
        ]

    @api.model
    def _timeline_untracked_fields(self):
        """A stage change is shown as its move, with the stages in the reader's language."""
        return super()._timeline_untracked_fields() | {"lifecycle_stage_id"}

    @api.depends("summary_text", "kind", "event")
    def _compute_summary(self):
        """Stage moves name their stages in the reader's language (one read per page)."""
        moves = self.filtered(lambda event: event.kind == "stage")
        super(CustomerTimelineEvent, self - moves)._compute_summary()
        transitions = self.env["customer.lifecycle.transition"].browse(moves.mapped("res_id"))
        names = {t.id: " → ".join(name for name in (t.from_stage_id.name, t.to_stage_id.name)
                                  if name)
                 for t in transitions.exists()}
        for event in moves:
            event.summary = names.get(event.res_id, event.summary_text)
