"""Followers follow the access to their document, on every model that has followers: a follower
may post on the document and receives its messages."""
from odoo.exceptions import AccessError

from .common import CustomerCase


class TestFollowersAccess(CustomerCase):
    """Every follower row of the database, walked for each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_other = cls.create_user(
            "other_sales", ["customer_mgmt.group_customer_salesperson"])
        cls.user_portal = cls.create_user("portal", ["base.group_portal"])
        cls.own = cls.create_customer("Own Follow Co., Ltd.", user_id=cls.user_salesperson.id)
        cls.other = cls.create_customer("Other Follow Co., Ltd.", user_id=cls.user_other.id)
        cls.portal_company = cls.create_customer("Portal Follow Co., Ltd.",
                                                 user_id=cls.user_other.id)
        cls.user_portal.partner_id.parent_id = cls.portal_company
        for partner in (cls.own, cls.other, cls.portal_company):
            partner.message_subscribe(partner_ids=partner.user_id.partner_id.ids)
        cls.roles = (cls.user_salesperson, cls.user_service, cls.user_plain, cls.user_portal)

    def _documents(self, user):
        """(model, id) of every followed document that exists, and those the user reads."""
        followers = self.env["mail.followers"].search([])
        documents, readable = set(), set()
        for model in set(followers.mapped("res_model")) & set(self.env.registry):
            ids = set(self.env[model].browse(sorted(set(followers.filtered(
                lambda row: row.res_model == model).mapped("res_id")))).exists().ids)
            documents |= {(model, res_id) for res_id in ids}
            records = self.env[model].sudo(user).with_context(active_test=False)
            if records.check_access_rights("read", raise_exception=False):
                readable |= {(model, res_id) for res_id in records.search(
                    [("id", "in", sorted(ids))]).ids}
        return followers, documents, readable

    def test_followers_seen_only_with_their_document(self):
        for user in self.roles:
            followers, documents, readable = self._documents(user)
            if user in (self.user_salesperson, self.user_portal):
                self.assertTrue(documents - readable, user.name)
            seen = self.env["mail.followers"].sudo(user).search([])
            expected = followers.filtered(lambda row: row.res_model not in self.env.registry
                                          or (row.res_model, row.res_id) in readable)
            self.assertEqual(seen, expected, user.name)
            hidden = followers - expected
            if hidden:
                with self.assertRaises(AccessError):
                    hidden.sudo(user).read(["partner_id"])

    def test_following_hidden_documents_refused(self):
        for user in self.roles:
            _followers, documents, readable = self._documents(user)
            Followers = self.env["mail.followers"].sudo(user)
            before = self.env["mail.followers"].search_count([])
            accepted = []
            for model, res_id in sorted(documents - readable):
                try:
                    with self.env.cr.savepoint():
                        Followers.create({"res_model": model, "res_id": res_id,
                                          "partner_id": user.partner_id.id})
                    accepted.append((model, res_id))
                except AccessError:
                    pass
            self.assertFalse(accepted, "%s follows hidden documents" % user.name)
            self.assertEqual(self.env["mail.followers"].search_count([]), before)

    def test_changing_followers_takes_editing_the_document(self):
        """Service reads every customer but edits none of the salespeople's: it follows them
        itself, but neither adds, edits nor removes anyone else."""
        Followers = self.env["mail.followers"].sudo(self.user_service)
        row = self.other.message_follower_ids.filtered(
            lambda follower: follower.partner_id == self.user_other.partner_id)
        subtypes = row.subtype_ids
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Followers.create({"res_model": "res.partner", "res_id": self.other.id,
                              "partner_id": self.user_salesperson.partner_id.id})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            row.sudo(self.user_service).write({"subtype_ids": [(5,)]})
        row.invalidate_cache()
        self.assertEqual(row.subtype_ids, subtypes)
        mine = Followers.create({"res_model": "res.partner", "res_id": self.other.id,
                                 "partner_id": self.user_service.partner_id.id})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            mine.write({"res_id": self.own.id, "partner_id": self.user_other.partner_id.id})
        mine.invalidate_cache()
        self.assertEqual((mine.res_id, mine.partner_id),
                         (self.other.id, self.user_service.partner_id))
        self.assertIn(self.user_service.partner_id, self.other.message_partner_ids)

    def test_portal_follows_only_what_it_reads(self):
        Followers = self.env["mail.followers"].sudo(self.user_portal)
        before = self.env["mail.followers"].search_count([])
        for partner in (self.own, self.other):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                Followers.create({"res_model": "res.partner", "res_id": partner.id,
                                  "partner_id": self.user_portal.partner_id.id})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Followers.create({"res_model": "res.partner", "res_id": self.portal_company.id,
                              "partner_id": self.user_salesperson.partner_id.id})
        self.assertEqual(self.env["mail.followers"].search_count([]), before)

    def test_new_follower_is_seen_at_once(self):
        """Odoo drops the followed document from the cache (read as the superuser): the
        salesperson's next read of the followers shows the new one without a new transaction."""
        own = self.own.sudo(self.user_salesperson)
        before = own.message_partner_ids
        self.assertNotIn(self.user_leader.partner_id, before)
        own.message_subscribe(partner_ids=self.user_leader.partner_id.ids)
        self.assertIn(self.user_leader.partner_id, own.message_partner_ids)
        own.message_unsubscribe(partner_ids=self.user_leader.partner_id.ids)
        self.assertNotIn(self.user_leader.partner_id, own.message_partner_ids)
