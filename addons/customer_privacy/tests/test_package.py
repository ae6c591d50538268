"""The access and portability package: every kind of record of the person, nothing of another
person (two persons sharing a company, a meeting and tickets), JSON and .xlsx, both languages."""
import base64
import io
import json
import zipfile

from odoo import fields
from odoo.exceptions import UserError

from .common import PrivacyCase

OTHER_MARKERS = ("Zhou Qi", "zhouqi@privacy.example.com", "13900001111", "Zhou's ticket",
                 "Zhou answers", "Zhou's own visit", "Zhou writes")


class TestPackage(PrivacyCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.contact.write({"phone": "+86 138 0000 2222", "function": "Buyer"})
        cls.contact.write({"function": "Head Buyer"})  # a tracked change of Li Si
        cls.other = cls.create_contact(
            cls.company, "Zhou Qi", email="zhouqi@privacy.example.com", phone="13900001111")
        cls.other.write({"function": "Engineer"})
        # A second company where both persons appear too: the overlap.
        cls.second_company = cls.create_customer("Shaoxing Shared Trading Co., Ltd.")
        now = fields.Datetime.now()
        Interaction = env["customer.interaction"]
        cls.joint_visit = Interaction.create({
            "name": "Joint visit", "partner_id": cls.company.id, "channel": "meeting",
            "date": now, "user_id": cls.user_salesperson.id,
            "contact_ids": [(6, 0, (cls.contact | cls.other).ids)]})
        Interaction.create({
            "name": "Zhou's own visit", "partner_id": cls.company.id, "channel": "meeting",
            "date": now, "user_id": cls.user_salesperson.id,
            "contact_ids": [(6, 0, cls.other.ids)]})
        Ticket = env["customer.feedback"]
        cls.ticket = Ticket.create({
            "subject": "Li's late delivery", "partner_id": cls.company.id,
            "contact_id": cls.contact.id, "feedback_type": "complaint", "channel": "phone"})
        cls.other_ticket = Ticket.create({
            "subject": "Zhou's ticket", "partner_id": cls.company.id,
            "contact_id": cls.other.id, "feedback_type": "complaint", "channel": "phone"})
        cls.ticket.message_post(body="Li writes: where are my goods?", author_id=cls.contact.id,
                                message_type="comment", subtype="mail.mt_comment")
        cls.ticket.message_post(body="Zhou writes on Li's ticket", author_id=cls.other.id,
                                message_type="comment", subtype="mail.mt_comment")
        cls.ticket.sudo(cls.user_service).message_post(
            body="Our answer: tomorrow", message_type="comment", subtype="mail.mt_comment")
        cls.other_ticket.message_post(body="Zhou writes on his ticket", author_id=cls.other.id,
                                      message_type="comment", subtype="mail.mt_comment")
        feedback_model = env["ir.model"]._get("customer.feedback").id
        Rating = env["rating.rating"].sudo()
        Rating.create({"res_model_id": feedback_model, "res_id": cls.ticket.id,
                       "partner_id": cls.contact.id, "rating": 4, "feedback": "Li: fine",
                       "consumed": True})
        Rating.create({"res_model_id": feedback_model, "res_id": cls.other_ticket.id,
                       "partner_id": cls.other.id, "rating": 1, "feedback": "Zhou answers badly",
                       "consumed": True})
        survey = env.ref("customer_feedback.customer_satisfaction_survey")
        comment = env.ref("customer_feedback.customer_survey_question_comment")
        Input = env["survey.user_input"].sudo()
        Line = env["survey.user_input_line"].sudo()
        for person, text in ((cls.contact, "Li answers kindly"), (cls.other, "Zhou answers")):
            answer = Input.create({"survey_id": survey.id, "partner_id": person.id,
                                   "type": "link", "state": "done"})
            Line.create({"user_input_id": answer.id, "question_id": comment.id,
                         "answer_type": "free_text", "value_free_text": text})
        cls.create_consent(cls.contact, "survey")
        cls.create_consent(cls.other, "survey", evidence="Zhou answers yes")
        cls.request = cls.create_request(cls.contact)

    def package(self, request, user=None):
        request.sudo(user or self.user_data_admin).action_build_package()
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", request._name), ("res_id", "=", request.id)])
        by_type = {attachment.name.rsplit(".", 1)[1]: attachment for attachment in attachments}
        self.assertEqual(sorted(by_type), ["json", "xlsx"])
        data = json.loads(base64.b64decode(by_type["json"].datas).decode("utf-8"))
        xlsx = zipfile.ZipFile(io.BytesIO(base64.b64decode(by_type["xlsx"].datas)))
        return data, xlsx

    def xlsx_text(self, xlsx):
        return "".join(xlsx.read(name).decode("utf-8") for name in xlsx.namelist()
                       if name.endswith(".xml"))

    def test_every_kind_of_record_and_nothing_of_another(self):
        data, xlsx = self.package(self.request)
        sections = data["sections"]
        self.assertEqual(sections["person"][0]["name"], "Li Si")
        self.assertEqual(sections["person"][0]["email"], "lisi@privacy.example.com")
        self.assertEqual([row["name"] for row in sections["interactions"]], ["Joint visit"])
        contacts = sections["interactions"][0]["contact_ids"]
        self.assertEqual(len(contacts), 1)
        self.assertIn("Li Si", contacts[0])
        self.assertEqual([row["subject"] for row in sections["tickets"]], ["Li's late delivery"])
        bodies = " ".join(row["body"] or "" for row in sections["messages"])
        self.assertIn("where are my goods", bodies)
        self.assertIn("Our answer: tomorrow", bodies)
        self.assertEqual([row["feedback"] for row in sections["ratings"]], ["Li: fine"])
        self.assertEqual(len(sections["survey_answers"]), 1)
        self.assertEqual([row["value_free_text"] for row in sections["survey_answer_lines"]],
                         ["Li answers kindly"])
        self.assertEqual([row["purpose"] for row in sections["consents"]], ["Surveys"])
        self.assertIn("Head Buyer", json.dumps(sections["tracked_changes"]))
        text = json.dumps(data, ensure_ascii=False) + self.xlsx_text(xlsx)
        for marker in OTHER_MARKERS:
            self.assertNotIn(marker, text)
        # The package is logged in the chatter with its files.
        logged = self.request.message_ids.filtered(lambda m: "package built" in (m.body or ""))
        self.assertEqual(len(logged), 1)
        self.assertEqual(len(logged.attachment_ids), 2)

    def test_individual_customer_with_lifecycle(self):
        transitions = self.env["customer.lifecycle.transition"].search(
            [("partner_id", "=", self.individual.id)])
        self.assertTrue(transitions or self.individual.lifecycle_stage_id is not None)
        stage = self.env.ref("customer_lifecycle.customer_lifecycle_stage_new")
        self.env["customer.lifecycle.transition"].create({
            "partner_id": self.individual.id, "to_stage_id": stage.id, "date": "2026-02-01"})
        data, _xlsx = self.package(self.create_request(self.individual, "portability"))
        self.assertTrue(data["sections"]["lifecycle"])
        self.assertFalse(data["sections"]["interactions"])
        self.assertNotIn("Li Si", json.dumps(data, ensure_ascii=False))

    def test_labels_in_the_requesters_language(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(
            ["base", "customer_mgmt", "customer_feedback", "customer_privacy"], ["zh_CN"])
        self.contact.lang = "zh_CN"
        _data, xlsx = self.package(self.request)
        text = self.xlsx_text(xlsx)
        self.assertIn("同意记录", text)  # the consents sheet
        self.assertIn("工单", text)
        self.contact.lang = "en_US"
        _data, xlsx = self.package(self.create_request(self.contact))
        text = self.xlsx_text(xlsx)
        self.assertIn("Consents", text)
        self.assertNotIn("同意记录", text)

    def test_refused_for_other_types_and_closed_requests(self):
        correction = self.create_request(self.contact, "correction")
        with self.assertRaises(UserError) as refused:
            correction.sudo(self.user_data_admin).action_build_package()
        self.assertIn("Correction", refused.exception.name)
        self.request.action_done()
        with self.assertRaises(UserError) as refused:
            self.request.sudo(self.user_data_admin).action_build_package()
        self.assertIn(self.request.name, refused.exception.name)
        self.assertFalse(self.env["ir.attachment"].search(
            [("res_model", "=", "customer.privacy.request"),
             ("res_id", "in", (correction | self.request).ids)]))
