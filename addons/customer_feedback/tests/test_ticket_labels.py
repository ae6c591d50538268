from .common import FeedbackCase


class TestTicketLabels(FeedbackCase):
    """A Chinese user reads the ticket's labels in Chinese, including those Odoo 11 names
    after another record (``category_id`` and the ``id`` of the category model)."""

    def test_ticket_labels_in_chinese(self):
        self.env["res.lang"].load_lang("zh_CN")
        self.env["ir.translation"].load_module_terms(["customer_feedback"], ["zh_CN"])
        labels = self.env["customer.feedback"].with_context(lang="zh_CN").fields_get(
            ["category_id", "sla_policy_id", "stage_id"], ["string"])
        self.assertEqual({name: label["string"] for name, label in labels.items()}, {
            "category_id": "分类", "sla_policy_id": "SLA 政策", "stage_id": "阶段"})
