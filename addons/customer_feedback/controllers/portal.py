from collections import OrderedDict

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal, get_records_pager
from odoo.addons.portal.controllers.portal import pager as portal_pager

FEEDBACK_MODEL = "customer.feedback"
# Filled by the customer on /my/feedback/new; everything else is set by the controller.
PORTAL_FIELDS = ("subject", "feedback_type", "category_id", "description")
# Ratings offered by Odoo's /rating/<token>/<rate> route.
RATINGS = (10, 5, 1)


class FeedbackPortal(CustomerPortal):
    """Feedback tickets of the customer's company under /my: list, detail, new, rating."""

    # ------------------------------------------------------------------ helpers
    def _feedback_domain(self):
        """Tickets of the portal user's company; the record rules enforce the same."""
        account = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "=", account.id)]

    def _feedback_readable(self):
        return request.env[FEEDBACK_MODEL].check_access_rights("read", raise_exception=False)

    def _feedback_check_access(self, feedback_id):
        """Return the ticket as superuser once the current user passed the read checks on it."""
        ticket = request.env[FEEDBACK_MODEL].browse(feedback_id)
        ticket.check_access_rights("read")
        ticket.check_access_rule("read")
        if not ticket.exists():
            raise MissingError(_("This feedback does not exist."))
        # Displayed as superuser like Odoo's own portal pages: portal users cannot read the
        # owner (res.users) nor the ratings shown on the page.
        return ticket.sudo()

    def _feedback_type_options(self):
        """The ticket types in the user's language, as (value, label) pairs."""
        field = request.env[FEEDBACK_MODEL].fields_get(["feedback_type"])["feedback_type"]
        return field["selection"]

    def _feedback_category_options(self):
        return request.env["customer.feedback.category"].sudo().search([])

    def _feedback_rating_links(self, ticket):
        """Rating links of a resolved ticket not rated yet, else an empty list."""
        stage = ticket.stage_id
        if not (stage.is_resolved or stage.is_closed) or stage.is_cancelled:
            return []
        if ticket.rating_ids.filtered("consumed"):
            return []
        token = ticket.rating_get_access_token()
        return [{"rate": rate, "url": "/rating/%s/%s" % (token, rate)} for rate in RATINGS]

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        readable = self._feedback_readable()
        values["feedback_readable"] = readable
        values["feedback_count"] = (
            request.env[FEEDBACK_MODEL].search_count(self._feedback_domain()) if readable else 0)
        return values

    # ------------------------------------------------------------------ list
    @http.route(["/my/feedback", "/my/feedback/page/<int:page>"],
                type="http", auth="user", website=True)
    def portal_my_feedback(self, page=1, date_begin=None, date_end=None, sortby=None,
                           filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Feedback = request.env[FEEDBACK_MODEL]
        if not self._feedback_readable():
            return request.redirect("/my")
        domain = self._feedback_domain()

        searchbar_sortings = OrderedDict([
            ("date", {"label": _("Newest"), "order": "date_received desc, id desc"}),
            ("name", {"label": _("Reference"), "order": "name desc"}),
            ("subject", {"label": _("Subject"), "order": "subject"}),
            ("stage", {"label": _("Stage"), "order": "stage_id, date_received desc"}),
        ])
        searchbar_filters = OrderedDict([
            ("all", {"label": _("All"), "domain": []}),
            ("open", {"label": _("Open"), "domain": [("is_closed", "=", False)]}),
            ("closed", {"label": _("Closed"), "domain": [("is_closed", "=", True)]}),
        ])
        if sortby not in searchbar_sortings:
            sortby = "date"
        if filterby not in searchbar_filters:
            filterby = "all"
        domain += searchbar_filters[filterby]["domain"]

        archive_groups = self._get_archive_groups(
            FEEDBACK_MODEL, domain, fields=["name", "date_received"], groupby="date_received",
            order="date_received desc")
        if date_begin and date_end:
            domain += [("date_received", ">", date_begin), ("date_received", "<=", date_end)]

        pager = portal_pager(
            url="/my/feedback",
            url_args={"date_begin": date_begin, "date_end": date_end, "sortby": sortby,
                      "filterby": filterby},
            total=Feedback.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        tickets = Feedback.search(
            domain, order=searchbar_sortings[sortby]["order"], limit=self._items_per_page,
            offset=pager["offset"])
        request.session["my_feedback_history"] = tickets.ids[:100]

        values.update({
            "date": date_begin,
            "date_end": date_end,
            "tickets": tickets.sudo(),
            "page_name": "feedback",
            "archive_groups": archive_groups,
            "default_url": "/my/feedback",
            "pager": pager,
            "searchbar_sortings": searchbar_sortings,
            "sortby": sortby,
            "searchbar_filters": searchbar_filters,
            "filterby": filterby,
        })
        return request.render("customer_feedback.portal_my_feedback", values)

    # ------------------------------------------------------------------ detail
    @http.route(["/my/feedback/<int:feedback_id>"], type="http", auth="user", website=True)
    def portal_my_feedback_detail(self, feedback_id, **kw):
        try:
            ticket = self._feedback_check_access(feedback_id)
        except (AccessError, MissingError):
            return request.redirect("/my/feedback")
        values = self._prepare_portal_layout_values()
        values.update({
            "ticket": ticket,
            "page_name": "feedback",
            "rating_links": self._feedback_rating_links(ticket),
            "rating": ticket.rating_ids.filtered("consumed")[:1],
            "created": kw.get("created"),
        })
        values.update(get_records_pager(request.session.get("my_feedback_history", []), ticket))
        return request.render("customer_feedback.portal_my_feedback_detail", values)

    # ------------------------------------------------------------------ new
    @http.route(["/my/feedback/new"], type="http", auth="user", methods=["GET", "POST"],
                website=True)
    def portal_my_feedback_new(self, **post):
        if not self._feedback_readable():
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        errors = {}
        if request.httprequest.method == "POST":
            errors, feedback_values = self._feedback_portal_validate(post)
            if not errors:
                ticket = self._feedback_portal_create(feedback_values)
                return request.redirect("/my/feedback/%d?created=1" % ticket.id)
        values.update({
            "page_name": "feedback_new",
            "type_options": self._feedback_type_options(),
            "categories": self._feedback_category_options(),
            "errors": errors,
            "post": post,
        })
        return request.render("customer_feedback.portal_my_feedback_new", values)

    def _feedback_portal_validate(self, post):
        """Check the form; return (errors by field, the ticket values)."""
        errors = {}
        subject = (post.get("subject") or "").strip()
        if not subject:
            errors["subject"] = _("Please give a short subject.")
        types = dict(self._feedback_type_options())
        feedback_type = post.get("feedback_type") or "complaint"
        if feedback_type not in types:
            errors["feedback_type"] = _("Please choose a type of feedback.")
        description = (post.get("description") or "").strip()
        if not description:
            errors["description"] = _("Please describe your feedback.")
        category = request.env["customer.feedback.category"]
        if post.get("category_id"):
            category_id = int(post["category_id"]) if post["category_id"].isdigit() else 0
            category = self._feedback_category_options().filtered(lambda c: c.id == category_id)
            if not category:
                errors["category_id"] = _("Please choose a category from the list.")
        return errors, {
            "subject": subject,
            "feedback_type": feedback_type,
            "category_id": category.id,
            "description": plaintext2html(description),
        }

    def _feedback_portal_create(self, values):
        """Create the ticket for the user's company: portal users have no create right."""
        user = request.env.user
        account = user.partner_id.commercial_partner_id
        values = {key: values[key] for key in PORTAL_FIELDS if key in values}
        values.update({
            "partner_id": account.id,
            "contact_id": user.partner_id.id if user.partner_id != account else False,
            "channel": "portal",
        })
        # Unassigned: customer service picks it up (the superuser would be its default owner).
        ticket = request.env[FEEDBACK_MODEL].sudo().with_context(
            mail_create_nosubscribe=True, default_user_id=False).create(values)
        ticket.message_subscribe(partner_ids=user.partner_id.ids)
        return ticket
