"""test_harness.py — the benchmark's plumbing: query cleaning, the FTS5 query,
collection loading (both shapes), passim's batch answers, folds and --check.

Run: python3 -m unittest discover -s bench/relevance
"""

import contextlib
import io
import json
import os
import tempfile
import unittest

import collection
import passim_side
import querytext
import relevance
from peers import fts5


class QueryTextTest(unittest.TestCase):
    def test_operators_become_words(self):
        self.assertEqual(
            querytext.words('what "NOT" (chapman-enskog) title:x* AND y'),
            ["what", "not", "chapman", "enskog", "title", "x", "and", "y"])

    def test_other_upper_case_is_kept(self):
        self.assertEqual(querytext.bag_of_words("Azure ORacle OR NEAR"),
                         "Azure ORacle or near")

    def test_fts5_expression_drops_stopwords_and_quotes(self):
        self.assertEqual(fts5.match_expression("what are the Slip-flow NOT"),
                         '"slip" OR "flow"')
        self.assertIsNone(fts5.match_expression("what is the ."))


class CollectionTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def test_front_matter_title_and_body(self):
        title, body = collection.split_front_matter(
            '---\ntitle: "A \\"quoted\\" title"\ndate: 2024-01-01\n---\n\nBody.\n')
        self.assertEqual(title, 'A "quoted" title')
        self.assertEqual(body, "\nBody.\n")
        self.assertEqual(collection.split_front_matter("No front matter\n"),
                         ("", "No front matter\n"))
        self.assertEqual(collection.yaml_scalar("'it''s'"), "it's")
        self.assertEqual(collection.yaml_scalar("plain # note"), "plain")

    def test_markdown_shape_from_either_folder(self):
        self.write("a.md", "---\ntitle: Alpha\n---\nalpha text\n")
        self.write("b.md", "beta text\n")
        self.write("eval/queries.tsv", "1\talpha\n2\tbeta\n")
        self.write("eval/qrels.tsv", "1\ta.md\t2\n2\tb\t1\n")
        for path in (self.dir, os.path.join(self.dir, "eval")):
            c = collection.load(path)
            self.assertEqual(c.shape, "markdown")
            self.assertEqual([(d.id, d.title) for d in c.docs],
                             [("a.md", "Alpha"), ("b.md", "")])
            self.assertEqual(c.qrels, {"1": {"a.md": 2}, "2": {"b.md": 1}})

    def test_jsonl_shape(self):
        self.write("docs.jsonl", '{"id": 7, "title": "t", "body": "b"}\n'
                   '{"id": "8", "title": "", "body": ""}\n')
        self.write("queries.tsv", "1\tt\n")
        self.write("qrels.tsv", "1\t7\t3\n")
        c = collection.load(self.dir)
        self.assertEqual(c.shape, "jsonl")
        self.assertEqual([d.id for d in c.docs], ["7", "8"])
        self.assertEqual(c.queries, {"1": "t"})
        self.assertEqual(c.qrels, {"1": {"7": 3}})

    def test_bad_document_names_the_line(self):
        self.write("docs.jsonl", '{"id": "1"}\nnot json\n')
        with self.assertRaisesRegex(ValueError, r"docs\.jsonl:2"):
            collection.read_jsonl_docs(os.path.join(self.dir, "docs.jsonl"))


class PassimAnswersTest(unittest.TestCase):
    def test_requests_carry_extra_keys(self):
        reqs = [json.loads(r) for r in
                passim_side.requests({"4": "a-b (c)"}, 1000, {"bm25": "1,0.5"})]
        self.assertEqual(reqs, [{"id": "4", "q": "a b c", "match": "any",
                                 "limit": 1000, "per_article": 1,
                                 "bm25": "1,0.5"}])

    def test_rankings_errors_and_path_ids(self):
        out = "\n".join([
            json.dumps({"id": "2", "schema": 1, "hits": [
                {"id": "/x/corpus/b.md", "score": 2},
                {"id": "/x/corpus/a.md", "score": 1},
                {"id": "/x/corpus/b.md", "score": 0.5}]}),
            json.dumps({"id": "1", "error": {"message": "bad"}}),
        ])
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            run = passim_side.parse_answers(out, {"1": "", "2": ""},
                                            os.path.basename)
        self.assertEqual(run, {"1": [], "2": ["b.md", "a.md"]})
        self.assertIn("1 queries failed", err.getvalue())

    def test_missing_answer_is_an_error(self):
        with self.assertRaises(passim_side.PassimError):
            passim_side.parse_answers('{"id": "1", "hits": []}',
                                      {"1": "", "2": ""}, str)


class RelevanceTest(unittest.TestCase):
    def test_folds(self):
        queries = {"1": "", "2": "", "10": "", "x": "", "y": ""}
        self.assertEqual(relevance.fold_qids(queries, "odd"), ["1", "y"])
        self.assertEqual(relevance.fold_qids(queries, "even"), ["2", "10", "x"])
        self.assertEqual(relevance.fold_qids(queries, "all"), list(queries))

    def test_check_against_best_peer(self):
        rows = [{"key": "passim", "system": "passim", "ndcg@10": 0.36},
                {"key": "fts5", "system": "FTS5", "ndcg@10": 0.37},
                {"key": "xapian", "system": "Xapian", "ndcg@10": 0.35}]
        self.assertFalse(relevance.check(rows)[0])
        rows[0]["ndcg@10"] = 0.37
        self.assertTrue(relevance.check(rows)[0])


if __name__ == "__main__":
    unittest.main()
