"""The rating links of feedback tickets: each link rates once, for its own customer."""
from odoo import http
from odoo.http import request

from odoo.addons.rating.controllers.main import Rating

FEEDBACK_MODEL = "customer.feedback"
# Ratings offered by Odoo's /rating/<token>/<rate> route.
RATES = (1, 5, 10)


def link_page(reason, partner, status=200, **values):
    """The page explaining why a public link does nothing, in the language of its customer."""
    html = request.env["ir.ui.view"].with_context(lang=partner.lang or "en_US").render_template(
        "customer_feedback.public_link_page", dict(values, reason=reason))
    response = request.make_response(html)
    response.status_code = status
    return response


def wrong_customer(customer):
    """Whether the signed-in user is someone else than the customer a link was sent to."""
    user = request.env.user
    return not user._is_public() and \
        user.partner_id.commercial_partner_id != customer.commercial_partner_id


class FeedbackRating(Rating):
    """Odoo's rating links rate again each time they are opened: a used link of a ticket
    shows that it is already rated and changes nothing."""

    def _feedback_rating(self, token, rate):
        """The ticket rating of the link, or the page refusing a bad rate or another user."""
        if rate not in RATES:
            return None, request.not_found()
        rating = request.env["rating.rating"].sudo().search(
            [("access_token", "=", token), ("res_model", "=", FEEDBACK_MODEL)], limit=1)
        if rating and wrong_customer(rating.partner_id):
            return rating, link_page("rating_not_yours", rating.partner_id, status=403)
        return rating, None

    @http.route()
    def open_rating(self, token, rate, **kwargs):
        rating, refusal = self._feedback_rating(token, rate)
        if refusal:
            return refusal
        if rating.consumed:
            return link_page("already_rated", rating.partner_id, rating=rating)
        return super().open_rating(token, rate, **kwargs)

    @http.route()
    def submit_rating(self, token, rate, **kwargs):
        """The comment form after a smiley: adds the comment once, to the rate clicked."""
        rating, refusal = self._feedback_rating(token, rate)
        if refusal:
            return refusal
        if rating.consumed:
            if rating.feedback or int(rating.rating) != rate:
                return link_page("already_rated", rating.partner_id, rating=rating)
            if not (kwargs.get("feedback") or "").strip():
                # Nothing to add to the rating the smiley gave: just thank.
                return request.env["ir.ui.view"].with_context(
                    lang=rating.partner_id.lang or "en_US").render_template(
                    "rating.rating_external_page_view", {
                        "web_base_url": request.env["ir.config_parameter"].sudo().get_param(
                            "web.base.url"),
                        "rating": rating,
                    })
        return super().submit_rating(token, rate, **kwargs)
