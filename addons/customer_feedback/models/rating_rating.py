from odoo import api, models


class RatingRating(models.Model):
    """A rating given by clicking a smiley in the e-mail is followed up like one submitted."""

    _inherit = "rating.rating"

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        # Odoo's /rating/<token>/<rate> route writes the rating without calling rating_apply.
        if vals.get("rating") and vals.get("consumed"):
            feedback_ratings = self.filtered(lambda r: r.res_model == "customer.feedback")
            for rating in feedback_ratings:
                ticket = self.env["customer.feedback"].sudo().browse(rating.res_id).exists()
                if ticket:
                    ticket._rating_follow_up(rating)
        return result
