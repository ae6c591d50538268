"""Odoo's mail and portal chatter routes on feedback tickets: refused, never crashed."""
from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.mail.controllers.main import MailController
from odoo.addons.portal.controllers.mail import PortalChatter, _message_post_helper

FEEDBACK_MODEL = "customer.feedback"


class FeedbackPortalChatter(PortalChatter):
    """The portal chatter crashes on unknown models and ids, and on a token for a model
    without one (tickets have none): refuse those with 404 or 403."""

    def _chatter_record_id(self, res_model, res_id, token):
        if not res_model or res_model not in request.env \
                or "website_message_ids" not in request.env[res_model]._fields:
            raise NotFound()
        try:
            res_id = int(res_id)
        except (TypeError, ValueError):
            raise NotFound()
        model = request.env[res_model]
        if token and model._mail_post_token_field not in model._fields:
            raise Forbidden()
        if not model.sudo().browse(res_id).exists():
            raise NotFound()
        return res_id

    @http.route()
    def portal_chatter_post(self, res_model=None, res_id=None, message=None, **kw):
        res_id = self._chatter_record_id(res_model, res_id, kw.get("token"))
        if res_model != FEEDBACK_MODEL:
            return super().portal_chatter_post(res_model, res_id, message, **kw)
        # Posting needs read access; checked first, a visitor's post fails on a missing e-mail.
        ticket = request.env[res_model].browse(res_id)
        ticket.check_access_rights("read")
        ticket.check_access_rule("read")
        # Only the message: Odoo's helper passes any other parameter on to message_post.
        if message:
            _message_post_helper(res_model, res_id, plaintext2html(message))
        return request.redirect("/my/feedback/%d#discussion" % res_id)

    @http.route()
    def portal_chatter_init(self, res_model=None, res_id=None, domain=False, limit=False,
                            **kwargs):
        res_id = self._chatter_record_id(res_model, res_id, kwargs.get("token"))
        return super().portal_chatter_init(res_model, res_id, domain=domain, limit=limit,
                                           **kwargs)

    @http.route()
    def portal_message_fetch(self, res_model=None, res_id=None, domain=False, limit=10,
                             offset=0, **kw):
        res_id = self._chatter_record_id(res_model, res_id, kw.get("token"))
        return super().portal_message_fetch(res_model, res_id, domain=domain, limit=limit,
                                            offset=offset, **kw)


class FeedbackMailController(MailController):
    """Odoo's mail routes crash on an id that is not a number or a missing parameter."""

    @http.route()
    def mail_action_view(self, model=None, res_id=None, message_id=None, access_token=None,
                         **kwargs):
        if res_id and not str(res_id).isdigit():
            return self._redirect_to_messaging()
        return super().mail_action_view(model=model, res_id=res_id, message_id=message_id,
                                        access_token=access_token, **kwargs)

    @http.route()
    def mail_action_new(self, model=None, res_id=None, action_id=None):
        return super().mail_action_new(model, res_id, action_id)

    @http.route()
    def mail_action_follow(self, model=None, res_id=None, token=None):
        if not str(res_id or "").isdigit():
            return self._redirect_to_messaging()
        return super().mail_action_follow(model, res_id, token=token)

    @http.route()
    def mail_action_unfollow(self, model=None, res_id=None, token=None):
        if not str(res_id or "").isdigit():
            return self._redirect_to_messaging()
        return super().mail_action_unfollow(model, res_id, token=token)

    @http.route()
    def mail_action_assign(self, model=None, res_id=None, token=None):
        if not str(res_id or "").isdigit():
            return self._redirect_to_messaging()
        return super().mail_action_assign(model, res_id, token=token)
