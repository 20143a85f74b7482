"""test_metrics.py — metrics.py against values computed by hand.

Run: python3 -m unittest discover -s bench/relevance
"""

import math
import unittest

import metrics


class NdcgTest(unittest.TestCase):
    def test_perfect_ranking_is_one(self):
        judged = {"a": 3, "b": 2, "c": 1}
        self.assertAlmostEqual(metrics.ndcg(["a", "b", "c"], judged), 1.0)

    def test_swapped_pair(self):
        # DCG = 2/log2(2) + 3/log2(3); ideal = 3/log2(2) + 2/log2(3)
        judged = {"a": 3, "b": 2}
        dcg = 2 + 3 / math.log2(3)
        ideal = 3 + 2 / math.log2(3)
        self.assertAlmostEqual(metrics.ndcg(["b", "a"], judged), dcg / ideal)

    def test_unjudged_documents_gain_nothing(self):
        # relevant doc at rank 3: 1/log2(4) = 0.5; ideal 1/log2(2) = 1
        judged = {"r": 1}
        self.assertAlmostEqual(metrics.ndcg(["x", "y", "r"], judged), 0.5)

    def test_ideal_counts_judged_documents_not_retrieved(self):
        # retrieved: a (gain 1) at rank 1 -> DCG 1; ideal: 4, 1 -> 4 + 1/log2(3)
        judged = {"a": 1, "missing": 4}
        self.assertAlmostEqual(metrics.ndcg(["a"], judged),
                               1 / (4 + 1 / math.log2(3)))

    def test_cut_at_ten(self):
        judged = {"r": 2}
        ranking = [str(i) for i in range(10)] + ["r"]
        self.assertEqual(metrics.ndcg(ranking, judged), 0.0)
        self.assertAlmostEqual(metrics.ndcg(ranking, judged, k=11),
                               (2 / math.log2(12)) / 2)

    def test_negative_gain_counts_as_zero(self):
        judged = {"a": -1, "b": 1}
        self.assertAlmostEqual(metrics.ndcg(["a", "b"], judged), 1 / math.log2(3))

    def test_no_relevant_is_zero(self):
        self.assertEqual(metrics.ndcg(["a"], {"a": 0}), 0.0)


class AveragePrecisionTest(unittest.TestCase):
    def test_hand_computed(self):
        # relevant at ranks 1 and 3 of 3 relevant: (1/1 + 2/3) / 3
        judged = {"a": 1, "c": 2, "z": 1}
        self.assertAlmostEqual(
            metrics.average_precision(["a", "b", "c", "d"], judged),
            (1 + 2 / 3) / 3)

    def test_depth_cuts_late_hits(self):
        judged = {"a": 1, "b": 1}
        self.assertAlmostEqual(
            metrics.average_precision(["x", "a", "b"], judged, depth=2),
            (1 / 2) / 2)

    def test_gain_zero_is_not_relevant(self):
        judged = {"a": 0, "b": 1}
        self.assertAlmostEqual(metrics.average_precision(["a", "b"], judged), 0.5)


class PrecisionRecallTest(unittest.TestCase):
    def test_precision_divides_by_k_even_when_short(self):
        self.assertAlmostEqual(metrics.precision(["a", "b"], {"a": 1}), 0.1)

    def test_precision_at_ten(self):
        ranking = [str(i) for i in range(20)]
        judged = {"0": 1, "5": 3, "9": 1, "10": 2}
        self.assertAlmostEqual(metrics.precision(ranking, judged), 0.3)

    def test_recall(self):
        ranking = [str(i) for i in range(150)]
        judged = {"3": 1, "99": 1, "100": 1, "missing": 2}
        self.assertAlmostEqual(metrics.recall(ranking, judged), 2 / 4)


class EvaluateTest(unittest.TestCase):
    def test_means_skip_queries_without_relevant_documents(self):
        qrels = {"1": {"a": 1}, "2": {"b": 1}, "3": {"c": 0}}
        run = {"1": ["a"], "2": ["x", "b"], "3": ["c"]}
        result = metrics.evaluate(run, qrels, ["1", "2", "3", "4"])
        self.assertEqual(result["queries"], 2)
        self.assertAlmostEqual(result["ndcg@10"], (1 + 1 / math.log2(3)) / 2)
        self.assertAlmostEqual(result["map"], (1 + 0.5) / 2)
        self.assertAlmostEqual(result["p@10"], 0.1)
        self.assertAlmostEqual(result["r@100"], 1.0)

    def test_missing_ranking_scores_zero(self):
        result = metrics.evaluate({}, {"1": {"a": 1}}, ["1"])
        self.assertEqual(result["queries"], 1)
        self.assertEqual(result["map"], 0.0)

    def test_only_given_qids_count(self):
        qrels = {"1": {"a": 1}, "2": {"b": 1}}
        result = metrics.evaluate({"1": ["a"]}, qrels, ["1"])
        self.assertEqual(result["queries"], 1)
        self.assertAlmostEqual(result["ndcg@10"], 1.0)



class RandomizationTest(unittest.TestCase):
    def test_identical_runs_do_not_differ(self):
        a = [0.1, 0.5, 0.9, 0.3]
        self.assertEqual(metrics.paired_randomization(a, list(a), trials=200),
                         1.0)

    def test_clear_difference(self):
        # 20 queries all better by 1: only 2 of the 2**20 sign patterns reach
        # |mean| 1, so about (0 or 1 + 1) / 1001.
        p = metrics.paired_randomization([1.0] * 20, [0.0] * 20, trials=1000)
        self.assertLess(p, 0.01)

    def test_noise_is_not_a_difference(self):
        # one query up by 0.1, one down by 0.1, the rest equal: |mean| 0 is
        # reached by every flip
        a = [0.5, 0.6, 0.4] + [0.3] * 10
        b = [0.5, 0.5, 0.5] + [0.3] * 10
        self.assertEqual(metrics.paired_randomization(a, b, trials=500), 1.0)

    def test_symmetric_and_repeatable(self):
        a = [0.2, 0.9, 0.4, 0.8, 0.1, 0.7, 0.6, 0.5, 0.3]
        b = [0.1, 0.5, 0.5, 0.2, 0.2, 0.3, 0.6, 0.1, 0.4]
        p = metrics.paired_randomization(a, b, trials=2000)
        self.assertEqual(p, metrics.paired_randomization(b, a, trials=2000))
        self.assertEqual(p, metrics.paired_randomization(a, b, trials=2000))
        self.assertGreater(p, 0.0)
        self.assertLessEqual(p, 1.0)

    def test_matches_exhaustive_enumeration(self):
        # 9 queries: all 512 sign patterns can be listed; the sampled p must
        # come close to the exact share
        a = [0.2, 0.9, 0.4, 0.8, 0.1, 0.7, 0.6, 0.5, 0.3]
        b = [0.1, 0.5, 0.5, 0.2, 0.2, 0.3, 0.6, 0.1, 0.4]
        d = [x - y for x, y in zip(a, b)]
        observed = abs(sum(d))
        exact = sum(1 for m in range(512)
                    if abs(sum(x if m >> j & 1 else -x
                               for j, x in enumerate(d))) >= observed - 1e-9)
        exact /= 512
        p = metrics.paired_randomization(a, b, trials=20000)
        self.assertAlmostEqual(p, exact, delta=0.01)


if __name__ == "__main__":
    unittest.main()

