"""passim_side.py — runs passim itself, as a program, on a collection.

Index: a JSON Lines collection is written out as articles {id, title, body}
and indexed with `passim index --db DB --json FILE.jsonl` (exit status 1,
some inputs failed, is a warning: an empty document may be refused); a Markdown
collection is indexed from its files (`passim index --db DB FILE.md ...`), so
passim reads front matter itself, and a hit's id (the file's canonical path)
is mapped back to the file name.
Search: every query goes to one `passim search --batch --db DB` as one JSON
request per line: in bag mode its bag of words (querytext.bag_of_words) in
match-any mode,
  {"id": qid, "q": words, "match": "any", "limit": depth, "per_article": 1}
and in typed mode the query text as it is, with passim's defaults,
  {"id": qid, "q": text, "limit": depth}
plus the caller's extra keys (--passim-args), and each answer line
  {"id": qid, "hits": [{"id": article id, ...}, ...]} or {"id": qid, "error": ...}
gives that query's ranking.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

from querytext import bag_of_words

NAME = "passim"


class PassimError(RuntimeError):
    pass


def requests(queries, depth, extra, mode="bag"):
    for qid, text in queries.items():
        if mode == "typed":
            req = {"id": qid, "q": text, "limit": depth}
        else:
            req = {"id": qid, "q": bag_of_words(text), "match": "any",
                   "limit": depth, "per_article": 1}
        req.update(extra)
        yield json.dumps(req, ensure_ascii=False)


def _run(argv, stdin_text=None):
    try:
        return subprocess.run(argv, input=stdin_text, capture_output=True,
                              text=True, encoding="utf-8")
    except OSError as e:
        raise PassimError(f"cannot run {argv[0]}: {e}") from None


def index(passim, db, collection, tmp):
    if collection.shape == "markdown":
        argv = [passim, "index", "--db", db] + [d.path for d in collection.docs]
    else:
        jsonl = os.path.join(tmp, "articles.jsonl")
        with open(jsonl, "w", encoding="utf-8") as f:
            for d in collection.docs:
                f.write(json.dumps({"id": d.id, "title": d.title, "body": d.body},
                                   ensure_ascii=False) + "\n")
        argv = [passim, "index", "--db", db, "--json", jsonl]
    proc = _run(argv)
    if proc.returncode == 1:  # some inputs failed (e.g. an empty document)
        problems = proc.stderr.strip().splitlines()
        print(f"warning: passim index: {len(problems)} problem line(s), e.g. "
              f"{problems[0] if problems else '(none)'}", file=sys.stderr)
    elif proc.returncode != 0:
        raise PassimError(f"{' '.join(argv[:5])} ... exited {proc.returncode}: "
                          f"{proc.stderr.strip()[:2000]}")


def parse_answers(stdout, queries, to_doc_id):
    """{qid: ranking} from the batch output; raises PassimError on a missing
    or malformed answer, warns about per-query errors (ranked as empty)."""
    run, errors = {}, {}
    for n, line in enumerate(stdout.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            ans = json.loads(line)
            qid = str(ans["id"])
            if "error" in ans:
                errors[qid] = ans["error"]
                run[qid] = []
                continue
            ranking = []
            for hit in ans["hits"]:
                doc = to_doc_id(str(hit["id"]))
                if doc not in ranking:
                    ranking.append(doc)
            run[qid] = ranking
        except (ValueError, KeyError, TypeError) as e:
            raise PassimError(f"passim search --batch output line {n}: {e}: "
                              f"{line[:200]}") from None
    missing = [q for q in queries if q not in run]
    if missing:
        raise PassimError(f"passim search --batch answered {len(run)} of "
                          f"{len(queries)} queries (first missing: {missing[0]})")
    if errors:
        qid = next(iter(errors))
        print(f"warning: passim: {len(errors)} queries failed, e.g. {qid}: "
              f"{json.dumps(errors[qid])}", file=sys.stderr)
    return run


def search(passim, db, queries, depth, extra, to_doc_id, mode="bag"):
    argv = [passim, "search", "--batch", "--db", db]
    stdin_text = "".join(r + "\n" for r in requests(queries, depth, extra,
                                                     mode))
    proc = _run(argv, stdin_text)
    if proc.returncode not in (0, 1):  # 1: some query had no hits
        print(f"warning: passim search --batch exited {proc.returncode}: "
              f"{proc.stderr.strip()[:500]}", file=sys.stderr)
    return parse_answers(proc.stdout, queries, to_doc_id)


def doc_id_mapper(collection):
    """Maps a hit's article id to the collection's doc id: as is for JSON
    Lines, by file name for Markdown (passim's id is the canonical path)."""
    if collection.shape != "markdown":
        return lambda article_id: article_id
    return os.path.basename


def rank(passim, collection, queries, depth, extra, mode="bag"):
    tmp = tempfile.mkdtemp(prefix="passim-relevance-")
    try:
        db = os.path.join(tmp, "db")
        index(passim, db, collection, tmp)
        return search(passim, db, queries, depth, extra,
                      doc_id_mapper(collection), mode)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
