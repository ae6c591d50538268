"""What a field-by-field merge of customers did: written by the system, read by managers."""
import json

from odoo import _, api, fields, models
from odoo.tools import html_escape


class CustomerMergeLog(models.Model):
    """One merge: who, when, the kept customer, the merged ones, each field's chosen and
    discarded values."""

    _name = "customer.merge.log"
    _description = "Customer Merge Log"
    _order = "date desc, id desc"
    _rec_name = "kept_name"

    date = fields.Datetime(string="Merged On", required=True, readonly=True,
                           default=fields.Datetime.now, index=True)
    user_id = fields.Many2one("res.users", string="Merged By", required=True, readonly=True,
                              ondelete="restrict", index=True)
    partner_id = fields.Many2one("res.partner", string="Kept Customer", readonly=True,
                                 ondelete="set null", index=True)
    kept_name = fields.Char(string="Kept Customer Name", readonly=True)
    merged_ids = fields.Char(string="Merged Record IDs", readonly=True,
                             help="Database ids of the customers merged into the kept one.")
    merged_names = fields.Text(string="Merged Customers", readonly=True)
    details = fields.Text(string="Field Values (JSON)", readonly=True,
                          help="Per field: the chosen value and the discarded ones.")
    details_html = fields.Html(string="Field Values", compute="_compute_details_html",
                               sanitize=False)

    @api.depends("details")
    def _compute_details_html(self):
        partner_fields = self.env["res.partner"]._fields
        head = "<table class='table table-condensed'><thead><tr><th>%s</th><th>%s</th>" \
               "<th>%s</th></tr></thead><tbody>" % (
                   html_escape(_("Field")), html_escape(_("Chosen Value")),
                   html_escape(_("Discarded Values")))
        for log in self:
            rows = []
            for item in json.loads(log.details or "[]"):
                field = partner_fields.get(item.get("field"))
                label = field._description_string(self.env) if field else item.get("field")
                rows.append("<tr><td>%s</td><td>%s</td><td>%s</td></tr>" % (
                    html_escape(label or ""), html_escape(item.get("chosen") or ""),
                    html_escape(", ".join(value for value in item.get("discarded") or []
                                          if value))))
            log.details_html = head + "".join(rows) + "</tbody></table>"

    @api.model
    def _log(self, user, kept, merged, values):
        """Record one merge (``merged``: [(id, name)], ``values``: [{field, chosen, discarded}])."""
        return self.sudo().create({
            "user_id": user.id,
            "partner_id": kept.id,
            "kept_name": kept.name,
            "merged_ids": ", ".join(str(partner_id) for partner_id, _name in merged),
            "merged_names": "\n".join(name or "" for _id, name in merged),
            "details": json.dumps(values, ensure_ascii=False),
        })
