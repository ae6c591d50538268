"""The customer archive sheet shows the lifecycle stage and the churn risk."""
from odoo.addons.customer_mgmt.tests.common import ReportMixin

from .common import LifecycleCase

SHEET = "customer_mgmt.res_partner_report_sheet"


class TestSheetLifecycle(ReportMixin, LifecycleCase):

    def test_stage_and_churn_score_print_in_the_classification(self):
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_id = %s, churn_risk_score = 73 WHERE id = %s",
            (self.loyal.id, self.customer.id))
        self.customer.invalidate_cache()
        for lang, stage_label, stage in (("en_US", "Lifecycle Stage",
                                          self.loyal.with_context(lang="en_US").name),
                                         ("zh_CN", "生命周期阶段",
                                          self.loyal.with_context(lang="zh_CN").name)):
            self.user_salesperson.lang = lang
            text = self.pdf_text(self.render_pdf(SHEET, self.customer, user=self.user_salesperson))
            classification = text[text.index("Classification and Tags" if lang == "en_US" else "分类与标签"):]
            self.assertIn(stage_label, classification)
            self.assertIn(stage, classification)
            self.assertIn("73", classification)
