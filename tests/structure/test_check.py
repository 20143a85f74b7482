"""test_check.py — check.py over small source trees, compiled for real,
each made to keep the rules or to break one of them: the check must pass
the first and fail each other with the rule's words.

Run from this folder: python3 -m unittest test_check ($CC: the compiler).
"""
import contextlib
import hashlib
import io
import os
import subprocess
import tempfile
import unittest

import check

# A tree keeping every rule: each room calls only the rooms below it.
CLEAN = {
    "include/passim.h": "int passim_open(void);\n",
    "api/libpassim.map": "{\n  global:\n    passim_*;\n  local:\n    *;\n};\n",
    "xapian-c/xc.h": "int xc_open(void);\n",
    "xapian-c/xc_db.c": '#include "xc.h"\nint xc_open(void) { return 1; }\n',
    "analysis/analyzer.h": "int analyzer_run(void);\n",
    "analysis/analyzer.c": '#include "analyzer.h"\n'
                           "int analyzer_run(void) { return 2; }\n",
    "core/db.h": "int db_open(void);\n",
    "core/db.c": '#include "db.h"\n#include "xc.h"\n'
                 "int db_open(void) { return xc_open(); }\n",
    "indexer/indexer.h": "int indexer_run(void);\n",
    "indexer/indexer.c": '#include "indexer.h"\n#include "db.h"\n'
                         '#include "analyzer.h"\n#include "writer.h"\n'
                         "int indexer_run(void)\n"
                         "{ return db_open() + analyzer_run() + "
                         "writer_write(); }\n",
    "indexer/writer.h": "int writer_write(void);\n",
    "indexer/writer.c": '#include "writer.h"\n#include "db.h"\n'
                        "int writer_write(void) { return db_open(); }\n",
    "search/searcher.h": "int searcher_run(void);\n",
    "search/searcher.c": '#include "searcher.h"\n#include "db.h"\n'
                         "int searcher_run(void) { return db_open(); }\n",
    "api/index.c": '#include "passim.h"\n#include "indexer.h"\n'
                   '#include "searcher.h"\n'
                   "int passim_open(void)\n"
                   "{ return indexer_run() + searcher_run(); }\n",
    "cli/cli.h": "int cli_main(void);\n",
    "cli/main.c": '#include "cli.h"\n#include "passim.h"\n'
                  "int cli_main(void) { return passim_open(); }\n",
}


# Objects compiled so far, by what went into them: most trees differ from
# CLEAN by one file.
CACHE = tempfile.TemporaryDirectory()


def compile_source(source, path, files):
    """The object of `path` (a room's .c file) of the tree `files` written
    at `source`."""
    key = hashlib.sha256(repr((path, files[path], sorted(
        (p, t) for p, t in files.items()
        if not p.endswith(".c") and t is not None))).encode())
    obj = os.path.join(CACHE.name, key.hexdigest() + ".o")
    if not os.path.exists(obj):
        includes = [f"-I{os.path.join(source, r)}"
                    for r in list(check.ALLOWED) + ["include"]]
        subprocess.run([os.environ.get("CC", "cc"), "-c", "-o", obj,
                        *includes, os.path.join(source, path)], check=True)
    return obj


def run_check(tree, strict=None):
    """check.py's exit status and output over `tree` (CLEAN's files
    replaced or added by it; None as content removes a file)."""
    files = dict(CLEAN)
    files.update(tree)
    with tempfile.TemporaryDirectory() as top:
        source = os.path.join(top, "src")
        lines = []
        for path, text in files.items():
            if text is None:
                continue
            full = os.path.join(source, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
        for path in sorted(files):
            room = path.split("/")[0]
            if files[path] is None or not path.endswith(".c") or \
                    room not in check.ALLOWED:
                continue
            cached = compile_source(source, path, files)
            # Named as CMake names objects: the source's name and ".o".
            obj = os.path.join(top, "obj", path + ".o")
            os.makedirs(os.path.dirname(obj), exist_ok=True)
            os.link(cached, obj)
            lines.append(f"{room}\t{obj}\n")
        objects = os.path.join(top, "objects.txt")
        with open(objects, "w", encoding="utf-8") as f:
            f.writelines(lines)
        args = ["--source", source, "--objects", objects]
        if strict is not None:
            args += ["--strict", strict]
        out = io.StringIO()
        with contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(io.StringIO()):
            status = check.main(args)
        return status, out.getvalue()


class StructureCheck(unittest.TestCase):
    def assert_fails(self, tree, *words):
        status, out = run_check(tree)
        self.assertEqual(status, 1, out)
        for w in words:
            self.assertIn(w, out)
        return out

    def test_clean_tree_passes(self):
        status, out = run_check({})
        self.assertEqual(status, 0, out)
        self.assertEqual(out, "")

    def test_analysis_including_xapian_c_fails(self):
        self.assert_fails(
            {"analysis/analyzer.c": '#include "analyzer.h"\n#include "xc.h"\n'
                                    "int analyzer_run(void) { return 2; }\n"},
            'analysis/analyzer.c:2: includes "xc.h" of xapian-c/',
            "nothing in analysis/ knows about Xapian")

    def test_analysis_including_core_fails(self):
        self.assert_fails(
            {"analysis/analyzer.c": '#include "db.h"\n'
                                    "int analyzer_run(void) { return 2; }\n"},
            'analysis/analyzer.c:1: includes "db.h" of core/',
            "nothing in analysis/ knows about Xapian")

    def test_xapian_c_knowing_articles_fails(self):
        self.assert_fails(
            {"xapian-c/xc_db.c": '#include "xc.h"\n#include "indexer.h"\n'
                                 "int xc_open(void) { return 1; }\n"},
            'xapian-c/xc_db.c:2: includes "indexer.h" of indexer/',
            "nothing in xapian-c/ knows about articles")

    # Headers no source includes (the check reads them all), so that the
    # compiler needs neither Xapian's C++ nor a missing file.
    def test_xapian_header_outside_xapian_c_fails(self):
        self.assert_fails(
            {"core/glass.h": "#include <xapian.h>\n"},
            "core/glass.h:1: includes <xapian.h>: only xapian-c/ uses Xapian")

    def test_indexer_including_search_fails(self):
        self.assert_fails(
            {"indexer/writer.h": '#include "searcher.h"\n'
                                 "int writer_write(void);\n"},
            'indexer/writer.h:1: includes "searcher.h" of search/',
            "indexer/ and search/ never include each other")

    def test_search_calling_indexer_without_include_fails(self):
        # Declared by hand: only the symbols tell.
        self.assert_fails(
            {"search/searcher.c": '#include "searcher.h"\n'
                                  "int writer_write(void);\n"
                                  "int searcher_run(void) "
                                  "{ return writer_write(); }\n"},
            "search/searcher.c: calls writer_write of indexer/writer.c",
            "indexer/ and search/ never include each other")

    def test_room_including_cli_fails(self):
        self.assert_fails(
            {"core/db.c": '#include "db.h"\n#include "cli.h"\n'
                          "int db_open(void) { return 0; }\n"},
            'core/db.c:2: includes "cli.h" of cli/',
            "only cli/ knows about the command line")

    def test_cli_past_the_public_api_fails(self):
        self.assert_fails(
            {"cli/main.c": '#include "cli.h"\n#include "db.h"\n'
                           "int cli_main(void) { return db_open(); }\n"},
            'cli/main.c:2: includes "db.h" of core/',
            "cli/main.c: calls db_open of core/db.c",
            "cli/ uses the public API (passim.h) only")

    def test_lower_room_calling_up_fails(self):
        self.assert_fails(
            {"core/db.c": '#include "db.h"\nint indexer_run(void);\n'
                          "int db_open(void) { return indexer_run(); }\n"},
            "core/db.c: calls indexer_run of indexer/indexer.c",
            "data flows one way: core/ is not above indexer/")

    def test_two_indexer_files_calling_each_other_fail(self):
        out = self.assert_fails(
            {"indexer/writer.c": '#include "writer.h"\n#include "indexer.h"\n'
                                 "int writer_write(void) "
                                 "{ return indexer_run(); }\n"},
            "indexer/indexer.c and indexer/writer.c call each other: "
            "indexer/indexer.c calls writer_write, indexer/writer.c calls "
            "indexer_run")
        self.assertNotIn("note:", out)

    def test_circle_of_three_in_core_fails(self):
        self.assert_fails(
            {"core/db.c": '#include "db.h"\n#include "xc.h"\n'
                          "int health_check(void);\n"
                          "int db_open(void) "
                          "{ return xc_open() + health_check(); }\n",
             "core/health.c": "int swap_back(void);\n"
                              "int health_check(void) "
                              "{ return swap_back(); }\n",
             "core/swap.c": '#include "db.h"\n'
                            "int swap_back(void) { return db_open(); }\n"},
            "core/db.c, core/health.c, core/swap.c call each other in a "
            "circle: core/db.c -> core/health.c -> core/swap.c -> core/db.c")

    def test_two_cli_files_calling_each_other_fail(self):
        # As the command table of main.c and the completion command that
        # read it once did.
        out = self.assert_fails(
            {"cli/main.c": '#include "cli.h"\n#include "passim.h"\n'
                           "int completion_run(void);\n"
                           "int cli_main(void) "
                           "{ return passim_open() + completion_run(); }\n",
             "cli/completion.c": '#include "cli.h"\n'
                                 "int completion_run(void) "
                                 "{ return cli_main(); }\n"},
            "cli/completion.c and cli/main.c call each other: "
            "cli/completion.c calls cli_main, cli/main.c calls "
            "completion_run")
        self.assertNotIn("note:", out)

    def test_files_calling_each_other_elsewhere_are_a_note(self):
        tree = {"search/spelling.c": "int searcher_run(void);\n"
                                     "int spelling_suggest(void) "
                                     "{ return searcher_run(); }\n",
                "search/searcher.c": '#include "searcher.h"\n'
                                     "int spelling_suggest(void);\n"
                                     "int searcher_run(void) "
                                     "{ return spelling_suggest(); }\n"}
        status, out = run_check(tree)
        self.assertEqual(status, 0, out)
        self.assertIn("note: search/searcher.c and search/spelling.c call "
                      "each other", out)
        status, out = run_check(tree, strict="search")
        self.assertEqual(status, 1, out)
        self.assertNotIn("note:", out)

    def test_header_in_two_rooms_fails(self):
        self.assert_fails({"search/db.h": "int db_open(void);\n"},
                          "db.h: a header of that name is in core and "
                          "search/")

    def test_unknown_header_fails(self):
        self.assert_fails(
            {"core/glass.h": '#include "db.h"\n#include "nowhere.h"\n'},
            'core/glass.h:2: includes "nowhere.h", which no room holds')


if __name__ == "__main__":
    unittest.main()
