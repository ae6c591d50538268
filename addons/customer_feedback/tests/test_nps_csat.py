"""NPS, CSAT and response-rate arithmetic on its edge cases (pure functions, no database)."""
import unittest

from odoo.addons.customer_feedback.models.customer_survey_campaign import (
    csat_category, csat_from_counts, label_scores, nps_category, nps_from_counts, response_rate)


class TestNpsCsatArithmetic(unittest.TestCase):

    def test_nps_no_answers_is_zero(self):
        self.assertEqual(nps_from_counts(0, 0, 0), 0.0)

    def test_nps_all_detractors(self):
        self.assertEqual(nps_from_counts(0, 0, 7), -100.0)

    def test_nps_all_promoters(self):
        self.assertEqual(nps_from_counts(12, 0, 0), 100.0)

    def test_nps_passives_only(self):
        self.assertEqual(nps_from_counts(0, 5, 0), 0.0)

    def test_nps_mixed(self):
        # 5 promoters, 3 passives, 2 detractors: 50% - 20% = 30.
        self.assertEqual(nps_from_counts(5, 3, 2), 30.0)
        # 1 promoter, 1 passive, 1 detractor: 33.3% - 33.3% = 0.
        self.assertEqual(nps_from_counts(1, 1, 1), 0.0)
        # 2 promoters, 1 detractor: 66.7% - 33.3% = 33.3 (rounded to one decimal).
        self.assertEqual(nps_from_counts(2, 0, 1), 33.3)

    def test_nps_categories_at_the_boundaries(self):
        self.assertEqual(nps_category(0), "detractor")
        self.assertEqual(nps_category(6), "detractor")
        self.assertEqual(nps_category(7), "passive")
        self.assertEqual(nps_category(8), "passive")
        self.assertEqual(nps_category(9), "promoter")
        self.assertEqual(nps_category(10), "promoter")
        self.assertIsNone(nps_category(None))
        self.assertIsNone(nps_category(False))

    def test_csat(self):
        self.assertEqual(csat_from_counts(0, 0), 0.0)
        self.assertEqual(csat_from_counts(0, 4), 0.0)
        self.assertEqual(csat_from_counts(4, 4), 100.0)
        self.assertEqual(csat_from_counts(2, 3), 66.7)

    def test_csat_categories_at_the_boundaries(self):
        self.assertEqual(csat_category(1), "dissatisfied")
        self.assertEqual(csat_category(2), "dissatisfied")
        self.assertEqual(csat_category(3), "neutral")
        self.assertEqual(csat_category(4), "satisfied")
        self.assertEqual(csat_category(5), "satisfied")
        self.assertIsNone(csat_category(None))
        self.assertIsNone(csat_category(0))

    def test_response_rate(self):
        self.assertEqual(response_rate(0, 0), 0.0)
        self.assertEqual(response_rate(4, 0), 0.0)
        self.assertEqual(response_rate(4, 1), 25.0)
        self.assertEqual(response_rate(3, 3), 100.0)

    def test_label_scores_from_the_choices_scores(self):
        # Choices listed from 10 down to 0, each scored: the scores win over the order.
        labels = [(100 + i, float(10 - i)) for i in range(11)]
        scores = label_scores(labels, 0, 10)
        self.assertEqual(scores[100], 10)
        self.assertEqual(scores[110], 0)

    def test_label_scores_from_the_order_without_scores(self):
        labels = [(200 + i, 0.0) for i in range(5)]
        self.assertEqual(label_scores(labels, 1, 5), {200: 1, 201: 2, 202: 3, 203: 4, 204: 5})

    def test_label_scores_out_of_scale_fall_back_to_the_order(self):
        # Scores outside the scale (quiz marks of another meaning) are not scale values.
        labels = [(300, 0.0), (301, 20.0), (302, 30.0), (303, 40.0), (304, 50.0)]
        self.assertEqual(label_scores(labels, 1, 5), {300: 1, 301: 2, 302: 3, 303: 4, 304: 5})

    def test_label_scores_extra_choices_score_nothing(self):
        labels = [(400 + i, 0.0) for i in range(7)]
        scores = label_scores(labels, 1, 5)
        self.assertEqual(len(scores), 5)
        self.assertNotIn(405, scores)
