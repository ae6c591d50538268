from odoo import api, fields, models

from odoo.addons.customer_mgmt.models.customer_timeline_event import TimelineSource

_TICKETS_RECEIVED = """
    SELECT f.id * 32 + 8, f.date_received, 'ticket', 'received', p.commercial_partner_id,
           f.contact_id, f.name || ' ' || f.subject, 'customer.feedback', f.id, f.user_id, NULL
      FROM customer_feedback f
      JOIN res_partner p ON p.id = f.partner_id
"""
_TICKETS_CLOSED = """
    SELECT f.id * 32 + 9, f.date_closed, 'ticket', 'closed', p.commercial_partner_id,
           f.contact_id, f.name || ' ' || f.subject, 'customer.feedback', f.id, f.user_id, NULL
      FROM customer_feedback f
      JOIN res_partner p ON p.id = f.partner_id
     WHERE f.date_closed IS NOT NULL
"""


class CustomerTimelineEvent(models.Model):
    _inherit = "customer.timeline.event"

    kind = fields.Selection(selection_add=[("ticket", "Ticket")])
    event = fields.Selection(selection_add=[("received", "Received"), ("closed", "Closed")])

    @api.model
    def _timeline_sources(self):
        """Tickets: received and, once closed, closed."""
        return super()._timeline_sources() + [
            TimelineSource(8, "customer.feedback", _TICKETS_RECEIVED, ()),
            TimelineSource(9, "customer.feedback", _TICKETS_CLOSED, ()),
        ]
