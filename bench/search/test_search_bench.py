"""test_search_bench.py — the search benchmark's own tests: the query
workload (deterministic, drawn from titles, free of passim's stopwords), the
FTS5 peer's table and the report's tables and --check.

Run: python3 -m unittest discover -s bench/search
(PASSIM_BENCH_BUILD=build also runs the FTS5 latency driver built there.)
"""
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import queries  # noqa: E402
import report  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

TITLES = [
    "BAHIA COCOA REVIEW",
    "U.S. FEED GRAIN EXPORTS TO THE SOVIET UNION",
    "CHAMPION PRODUCTS <CH> APPROVES STOCK SPLIT",
    "10-YEAR BOND YIELDS RISE",
]


class PassimStopwords(unittest.TestCase):
    def test_reads_the_english_list_of_the_analyzer(self):
        stop = queries.passim_stopwords()
        self.assertIn("the", stop)
        self.assertIn("between", stop)
        self.assertNotIn("cocoa", stop)
        # The French list that follows in stopwords.c is not read.
        self.assertNotIn("avec", stop)


class TitleWords(unittest.TestCase):
    def test_keeps_plain_words_lower_cased_without_stopwords(self):
        stop = queries.passim_stopwords()
        self.assertEqual(queries.title_words(TITLES[1], stop),
                         ["feed", "grain", "exports", "soviet", "union"])

    def test_leaves_out_numbers_symbols_and_short_words(self):
        stop = queries.passim_stopwords()
        self.assertEqual(queries.title_words(TITLES[2], stop),
                         ["champion", "products", "approves", "stock", "split"])
        self.assertEqual(queries.title_words(TITLES[3], stop),
                         ["bond", "yields", "rise"])


class Derive(unittest.TestCase):
    def setUp(self):
        self.stop = queries.passim_stopwords()
        self.qs = queries.derive(TITLES, 200, 7, self.stop)

    def test_same_seed_same_queries(self):
        self.assertEqual(self.qs, queries.derive(TITLES, 200, 7, self.stop))
        self.assertNotEqual(self.qs, queries.derive(TITLES, 200, 8, self.stop))

    def test_one_to_three_words_of_one_title_in_title_order(self):
        self.assertEqual(len(self.qs), 200)
        word_lists = [queries.title_words(t, self.stop) for t in TITLES]
        for q in self.qs:
            words = q.split()
            self.assertTrue(1 <= len(words) <= 3, q)
            self.assertTrue(any(words == [w for w in wl if w in words]
                                and set(words) <= set(wl)
                                for wl in word_lists), q)
        self.assertEqual({len(q.split()) for q in self.qs}, {1, 2, 3})


class Fts5Build(unittest.TestCase):
    def test_one_row_per_article_searchable_with_porter(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "a.jsonl")
            with open(src, "w", encoding="utf-8") as f:
                f.write(json.dumps({"id": "1", "title": "Cocoa review",
                                    "body": "Showers continued in the cocoa zone"}) + "\n")
                f.write("not json\n")
                f.write(json.dumps({"id": "2", "title": "Grain exports",
                                    "body": "Wheat shipments rose"}) + "\n")
            out = os.path.join(tmp, "f.sqlite")
            subprocess.run([sys.executable, os.path.join(HERE, "fts5_build.py"), src, out],
                           check=True, capture_output=True)
            con = sqlite3.connect(out)
            self.assertEqual(con.execute("SELECT count(*) FROM articles").fetchone()[0], 2)
            rows = con.execute("SELECT title FROM articles WHERE articles MATCH "
                               "'\"shower\"'").fetchall()
            self.assertEqual(rows, [("Cocoa review",)])
            con.close()


@unittest.skipUnless(os.environ.get("PASSIM_BENCH_BUILD"), "PASSIM_BENCH_BUILD not set")
class Fts5Driver(unittest.TestCase):
    def test_counts_hits_and_queries_without_hits(self):
        driver = os.path.join(os.environ["PASSIM_BENCH_BUILD"], "bench", "search",
                              "bench_search_fts5")
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "a.jsonl")
            with open(src, "w", encoding="utf-8") as f:
                for i in range(12):
                    f.write(json.dumps({"title": f"Cocoa report {i}",
                                        "body": "prices rose" if i % 2 else "prices fell"}) + "\n")
            db = os.path.join(tmp, "f.sqlite")
            subprocess.run([sys.executable, os.path.join(HERE, "fts5_build.py"), src, db],
                           check=True, capture_output=True)
            qs = os.path.join(tmp, "q.txt")
            with open(qs, "w", encoding="utf-8") as f:
                # 12 matches (top 10 kept), 6, none, none: "near" is a word, not NEAR().
                f.write("cocoa\n\ncocoa rose\nwheat\ncocoa near\n")
            each = os.path.join(tmp, "each.tsv")
            out = subprocess.run([driver, "--rounds", "2", "--per-query", each, db, qs],
                                 check=True, capture_output=True, text=True).stdout
            with open(each, encoding="utf-8") as f:
                lines = [line.rstrip("\n").split("\t") for line in f]
        fields = out.rstrip("\n").split("\t")
        self.assertEqual(fields[0], "fts5")
        self.assertEqual(fields[1], "4")           # the empty line is skipped
        self.assertEqual(fields[6:], ["2", "16"])  # without hits; 10 + 6 hits
        p50, p95, p99, mean = map(float, fields[2:6])
        self.assertTrue(0 < p50 <= p95 <= p99)
        self.assertGreater(mean, 0)
        self.assertEqual([q for _, q in lines], ["cocoa", "cocoa rose", "wheat", "cocoa near"])
        self.assertTrue(all(float(t) > 0 for t, _ in lines))


def hyperfine_json(path, medians):
    results = [{"command": name, "median": m, "mean": m, "user": m / 4, "system": m / 4,
                "times": [m] * 3} for name, m in medians.items()]
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"results": results}, f)


class Report(unittest.TestCase):
    def run_report(self, passim_p50, passim_wall, check=True):
        with tempfile.TemporaryDirectory() as work:
            with open(os.path.join(work, "latency.tsv"), "w", encoding="utf-8") as f:
                f.write(f"passim\t1000\t{passim_p50}\t2.0\t4.0\t0.5\t3\t9000\n")
                f.write("xapian\t1000\t0.2000\t1.0\t2.0\t0.25\t5\t9500\n")
                f.write("fts5\t1000\t0.3000\t1.5\t3.0\t0.4\t5\t9400\n")
            with open(os.path.join(work, "whole.txt"), "w", encoding="utf-8") as f:
                f.write("cocoa\ngrain exports\n")
            hyperfine_json(os.path.join(work, "whole-1.json"),
                           {"passim": passim_wall, "quest": 0.010, "rg": 0.050})
            hyperfine_json(os.path.join(work, "whole-2.json"),
                           {"passim": 0.012, "quest": 0.010, "rg": 0.040})
            hyperfine_json(os.path.join(work, "batch.json"), {"batch": 2.0})
            argv = ["report.py", work, "articles.jsonl", "3"] + (["--check"] if check else [])
            out = io.StringIO()
            code = 0
            old = sys.argv
            sys.argv = argv
            try:
                with redirect_stdout(out):
                    report.main()
            except SystemExit as e:
                code = e.code
            finally:
                sys.argv = old
            return code, out.getvalue()

    def test_tables(self):
        code, text = self.run_report(0.25, 0.012)
        self.assertEqual(code, 0)
        self.assertIn("| passim (searcher_run) | 0.250 | 2.000 | 4.000 | 0.500 | 2,000 | 3 | 9000 |",
                      text)
        self.assertIn("| `cocoa` | 12.0 (6.0) | 10.0 (5.0) | 50.0 (25.0) | 1.20x | 1.20x |", text)
        # 1000 queries in 2.0 s; one process per query: 2 / (0.012 + 0.012) s.
        self.assertIn("one process (mean of 3 runs) | 500 |", text)
        self.assertIn("one process per query (1 / mean of the medians above) | 83.3 |", text)
        self.assertIn("3000 timings", text)

    def test_check_fails_on_p50_or_quest_ratio(self):
        # FTS5's p50 is 0.300 ms; quest's whole process 10 ms.
        self.assertEqual(self.run_report(0.31, 0.012)[0], 1)
        self.assertEqual(self.run_report(0.25, 0.014)[0], 1)
        self.assertEqual(self.run_report(0.31, 0.014, check=False)[0], 0)


if __name__ == "__main__":
    unittest.main()
