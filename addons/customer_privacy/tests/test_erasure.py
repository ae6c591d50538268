"""Erasure by anonymisation: no trace of the person's name, e-mail or phone in any text column
of the database afterwards, the orders kept, another person untouched, refused under a legal
hold."""
from psycopg2 import sql

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import PrivacyCase

NAME = "Ouyang Erasewei"
EMAIL = "ouyang.erasewei@erase.example.com"
PHONE = "+86 139 8765 4321"
OTHER_NAME = "Shangguan Keepme"
OTHER_EMAIL = "shangguan.keepme@erase.example.com"


class TestErasure(PrivacyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.user.company_id.country_id = env.ref("base.cn")
        cls.person = cls.create_contact(cls.company, NAME, email=EMAIL, phone=PHONE)
        cls.person.write({"function": "Buyer", "mobile": "13955507788"})  # tracked changes
        cls.other = cls.create_contact(cls.company, OTHER_NAME, email=OTHER_EMAIL)
        now = fields.Datetime.now()
        cls.visit = env["customer.interaction"].create({
            "name": "Visit with %s" % NAME, "partner_id": cls.company.id, "channel": "meeting",
            "date": now, "user_id": cls.user_salesperson.id,
            "description": "<p>%s (%s) and %s asked for prices</p>" % (NAME, PHONE, OTHER_NAME),
            "contact_ids": [(6, 0, (cls.person | cls.other).ids)]})
        closed = env["customer.feedback.stage"].search([("is_closed", "=", True)], limit=1)
        cls.ticket = env["customer.feedback"].create({
            "subject": "Complaint of %s" % NAME, "partner_id": cls.company.id,
            "contact_id": cls.person.id, "email_from": EMAIL, "feedback_type": "complaint",
            "channel": "email", "description": "<p>Call me at %s</p>" % PHONE})
        cls.ticket.message_post(body="%s writes from %s" % (NAME, EMAIL), author_id=cls.person.id,
                                message_type="comment", subtype="mail.mt_comment")
        cls.ticket.message_subscribe(partner_ids=cls.person.ids)
        cls.ticket.write({"stage_id": closed.id, "resolution": "Replaced the goods"})
        cls.other_ticket = env["customer.feedback"].create({
            "subject": "Ticket of %s" % OTHER_NAME, "partner_id": cls.company.id,
            "contact_id": cls.other.id, "email_from": OTHER_EMAIL, "feedback_type": "inquiry",
            "channel": "email"})
        cls.other_ticket.write({"stage_id": closed.id, "resolution": "Answered"})
        env["rating.rating"].sudo().create({
            "res_model_id": env["ir.model"]._get("customer.feedback").id,
            "res_id": cls.ticket.id, "partner_id": cls.person.id, "rating": 5,
            "feedback": "%s is happy" % NAME, "consumed": True})
        survey = env.ref("customer_feedback.customer_satisfaction_survey")
        answer = env["survey.user_input"].sudo().create({
            "survey_id": survey.id, "partner_id": cls.person.id, "email": EMAIL,
            "type": "link", "state": "done"})
        env["survey.user_input_line"].sudo().create({
            "user_input_id": answer.id,
            "question_id": env.ref("customer_feedback.customer_survey_question_comment").id,
            "answer_type": "free_text", "value_free_text": "Signed %s" % NAME})
        cls.create_consent(cls.person, "survey", evidence="%s agreed by e-mail %s" % (NAME, EMAIL))
        product = env["product.product"].create({"name": "Erasure Product", "type": "service",
                                                 "list_price": 10.0})
        cls.order = env["sale.order"].create({
            "partner_id": cls.company.id, "partner_invoice_id": cls.person.id,
            "partner_shipping_id": cls.person.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})]})
        cls.order.action_confirm()
        # A lead of the person: its comparison keys (customer_mgmt) hold the phone and e-mail.
        cls.lead = env["crm.lead"].create({
            "name": "Deal", "type": "lead", "partner_id": cls.person.id, "contact_name": NAME,
            "email_from": EMAIL, "mobile": "13987654321", "phone": PHONE})
        cls.request = cls.create_request(cls.person, "deletion")
        # An earlier access package holds the person's data too.
        cls.create_request(cls.person, "access").action_build_package()

    def find_in_database(self, texts):
        """{(table, column): texts found} over every text column of every table."""
        cr = self.env.cr
        cr.execute("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_name = c.table_name
                   AND t.table_schema = c.table_schema AND t.table_type = 'BASE TABLE'
             WHERE c.table_schema = 'public'
               AND c.data_type IN ('character varying', 'text', 'jsonb', 'json')""")
        tables = {}
        for table, column in cr.fetchall():
            tables.setdefault(table, []).append(column)
        found = {}
        for table, columns in sorted(tables.items()):
            for text in texts:
                cr.execute(sql.SQL("SELECT {} FROM {}").format(
                    sql.SQL(", ").join(
                        sql.SQL("bool_or(strpos({}::text, %s) > 0)").format(sql.Identifier(c))
                        for c in columns), sql.Identifier(table)), [text] * len(columns))
                for column, hit in zip(columns, cr.fetchone()):
                    if hit:
                        found.setdefault((table, column), []).append(text)
        return found

    def test_no_trace_left_orders_kept_other_untouched(self):
        texts = (NAME, EMAIL, PHONE, "13987654321", "13955507788")
        self.assertTrue(self.find_in_database(texts), "the seed holds the person's data")
        self.request.sudo(self.user_data_admin).action_anonymise()
        self.assertEqual(self.find_in_database(texts), {})
        person = self.person.with_env(self.env)
        self.assertEqual(person.name, "Anonymised person %d" % person.id)
        self.assertFalse(person.email or person.phone or person.mobile)
        self.assertTrue(person.privacy_anonymised_on)
        self.assertFalse(self.env["mail.followers"].search([("partner_id", "=", person.id)]))
        # Business documents stay, linked to the anonymised partner.
        self.assertEqual(self.order.partner_invoice_id, person)
        self.assertEqual(self.order.state, "sale")
        self.assertEqual(self.ticket.contact_id, person)
        # The other person of the same company, meeting and tickets keeps every datum.
        self.assertEqual(self.other.name, OTHER_NAME)
        self.assertEqual(self.other_ticket.email_from, OTHER_EMAIL)
        self.assertIn(OTHER_NAME, self.visit.description)
        self.assertEqual(self.visit.contact_ids, person | self.other)
        # Logged, and the request is done.
        self.assertEqual(self.request.state, "done")
        self.assertTrue(self.request.message_ids.filtered(
            lambda message: "anonymised by" in (message.body or "")))

    def test_refused_under_a_legal_hold(self):
        self.person.privacy_legal_hold = True
        with self.assertRaises(UserError) as refused:
            self.request.sudo(self.user_data_admin).action_anonymise()
        self.assertIn("legal hold", refused.exception.name)
        self.assertIn(NAME, refused.exception.name)
        self.assertEqual(self.person.email, EMAIL)

    def test_refused_with_an_open_ticket_or_unconfirmed_order(self):
        ticket = self.env["customer.feedback"].create({
            "subject": "Open one", "partner_id": self.company.id, "contact_id": self.person.id,
            "feedback_type": "inquiry", "channel": "phone"})
        with self.assertRaises(UserError) as refused:
            self.request.sudo(self.user_data_admin).action_anonymise()
        self.assertIn("1 open tickets", refused.exception.name)
        ticket.unlink()
        order = self.order.copy({"partner_invoice_id": self.person.id})
        with self.assertRaises(UserError) as refused:
            self.request.sudo(self.user_data_admin).action_anonymise()
        self.assertIn("1 unconfirmed sales orders", refused.exception.name)
        self.assertEqual(order.state, "draft")
        self.assertEqual(self.person.name, NAME)

    def test_refused_in_chinese(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_privacy"], ["zh_CN"])
        self.person.privacy_legal_hold = True
        with self.assertRaises(UserError) as refused:
            self.request.sudo(self.user_data_admin).with_context(lang="zh_CN").action_anonymise()
        self.assertIn("法律保留", refused.exception.name)

    def test_only_data_admins_and_deletion_requests(self):
        with self.assertRaises(AccessError):
            self.request.sudo(self.user_manager).action_anonymise()
        access = self.create_request(self.person, "access")
        with self.assertRaises(UserError) as refused:
            access.sudo(self.user_data_admin).action_anonymise()
        self.assertIn("Access / Copy", refused.exception.name)
        self.assertEqual(self.person.name, NAME)

    def test_legal_hold_set_only_by_data_admins(self):
        with self.assertRaises(AccessError):
            self.person.sudo(self.user_manager).write({"privacy_legal_hold": True})
        self.person.sudo(self.user_data_admin).write({"privacy_legal_hold": True})
        self.assertTrue(self.person.privacy_legal_hold)
