"""test_tune.py — tune.py's plumbing: the grid's settings, the choice on one
fold and the per-fold summaries.

Run: python3 -m unittest discover -s bench/relevance
"""

import unittest

import tune


def scores(**by_qid):
    """{qid: {"ndcg@10": x, "map": y, ...}} from qid=(ndcg, map) pairs."""
    return {q.lstrip("q"): {"ndcg@10": n, "map": m, "p@10": 0.0, "r@100": 0.0}
            for q, (n, m) in by_qid.items()}


class SettingsTest(unittest.TestCase):
    def test_cartesian_product_over_base_in_grid_order(self):
        got = list(tune.settings({"bm25": ["1,0.5", "2,0.5"],
                                  "title_weight": [1, 2]},
                                 {"match": "any", "title_weight": 9}))
        self.assertEqual(got, [
            {"match": "any", "bm25": "1,0.5", "title_weight": 1},
            {"match": "any", "bm25": "1,0.5", "title_weight": 2},
            {"match": "any", "bm25": "2,0.5", "title_weight": 1},
            {"match": "any", "bm25": "2,0.5", "title_weight": 2}])

    def test_label_of_the_defaults(self):
        self.assertEqual(tune.label({}), "(defaults)")
        self.assertEqual(tune.label({"b": 1, "a": 2}), '{"a": 2, "b": 1}')


class ChooseTest(unittest.TestCase):
    def test_best_on_the_training_fold_only(self):
        tried = [({"s": 0}, scores(q1=(0.9, 0.5), q2=(0.1, 0.1))),
                 ({"s": 1}, scores(q1=(0.2, 0.5), q2=(0.8, 0.1)))]
        self.assertEqual(tune.choose(tried, ["1"], "ndcg@10"), 0)
        self.assertEqual(tune.choose(tried, ["2"], "ndcg@10"), 1)

    def test_ties_go_to_map_then_to_the_earlier_setting(self):
        tried = [({"s": 0}, scores(q1=(0.5, 0.2))),
                 ({"s": 1}, scores(q1=(0.5, 0.3))),
                 ({"s": 2}, scores(q1=(0.5, 0.3)))]
        self.assertEqual(tune.choose(tried, ["1"], "ndcg@10"), 1)

    def test_summary_averages_the_fold_and_counts_its_queries(self):
        s = scores(q1=(0.25, 0.5), q2=(0.75, 0.25), q3=(1.0, 1.0))
        got = tune.summary(s, ["1", "2", "4"])  # 4: no relevant document
        self.assertEqual(got["ndcg@10"], 0.5)
        self.assertEqual(got["map"], 0.375)
        self.assertEqual(got["queries"], 2)


if __name__ == "__main__":
    unittest.main()
