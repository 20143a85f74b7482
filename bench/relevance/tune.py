#!/usr/bin/env python3
"""tune.py — 2-fold cross-validation of passim's ranking parameters on a
judged collection: a grid of batch-request settings is run over every query,
the best setting on the odd qids is reported on the even ones and the reverse,
next to passim's shipped defaults and the peers on the same fold.

Usage: tune.py COLLECTION_DIR [--passim PATH] [--grid JSON] [--base JSON]
         [--depth N] [--select MEASURE] [--peers LIST] [--top N]
         [--mode bag|typed] [--json OUT]

--mode: what passim and the peers are given (querytext.py, as relevance.py):
the bag of words in any-word mode (default), or the query as typed.

--grid is a JSON object {batch key: [values...]}, its cartesian product the
settings tried (default: DEFAULT_GRID, BM25 k1,b by the title and proximity
weights), each merged over --base (keys every setting shares). The grid runs
at --depth (default 100: nDCG@10 and P@10 exact, MAP cut at that depth, about
ten times faster than the full depth); the chosen settings, the defaults and
the peers are then run at depth 1000, so the table's numbers are the
benchmark's own. A setting is chosen by --select (default nDCG@10), ties to
MAP, then to the earlier setting in grid order.

The collection is indexed once; every setting is one `passim search --batch`
over all queries, and the folds split its per-query scores, so a setting
costs one run whatever the number of folds. Exit statuses as relevance.py:
0 done, 2 usage or input error, 3 a system failed to run.
"""

import argparse
import datetime
import itertools
import json
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import collection as collection_mod  # noqa: E402
import metrics  # noqa: E402
import passim_side  # noqa: E402
import relevance  # noqa: E402
from querytext import MODES  # noqa: E402

DEFAULT_GRID = {
    "bm25": ["0.9,0.4", "0.9,0.6", "0.9,0.75", "1.2,0.4", "1.2,0.6",
             "1.2,0.75", "1.6,0.4", "1.6,0.6", "1.6,0.75"],
    "title_weight": [0.35, 0.5, 0.75, 1, 2],
    "proximity_weight": [0, 0.5],
}
FOLDS = ("odd", "even")


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="tune.py",
        description="2-fold cross-validated tuning of passim's ranking.")
    p.add_argument("collection", help="collection folder, as relevance.py")
    p.add_argument("--format", choices=("auto", "jsonl", "markdown"),
                   default="auto")
    p.add_argument("--passim", default=os.path.join(relevance.REPO, "build",
                                                    "passim"))
    p.add_argument("--grid", default=json.dumps(DEFAULT_GRID), metavar="JSON",
                   help="{batch key: [values]} to try (default: BM25 k1,b x "
                   "title_weight x proximity_weight)")
    p.add_argument("--base", default="{}", metavar="JSON",
                   help="batch keys every setting shares")
    p.add_argument("--depth", type=int, default=100,
                   help="ranking depth of the grid runs (default 100)")
    p.add_argument("--select", choices=metrics.MEASURES, default="ndcg@10")
    p.add_argument("--peers", default="fts5,xapian",
                   help="peers to report on each fold ('' for none)")
    p.add_argument("--top", type=int, default=5,
                   help="best settings of each fold listed (stderr)")
    p.add_argument("--mode", choices=MODES, default="bag",
                   help="bag of words (default) or the query as typed")
    p.add_argument("--json", metavar="OUT", help="also write the results here")
    args = p.parse_args(argv)
    try:
        args.grid = json.loads(args.grid)
        args.base = json.loads(args.base)
    except ValueError as e:
        p.error(f"--grid/--base: not JSON: {e}")
    if not isinstance(args.base, dict) or not isinstance(args.grid, dict) or \
            not all(isinstance(v, list) and v for v in args.grid.values()):
        p.error("--grid must be {key: [values...]} and --base an object")
    args.peers = [s.strip() for s in args.peers.split(",") if s.strip()]
    unknown = [s for s in args.peers if s not in relevance.PEERS]
    if unknown:
        p.error(f"--peers: unknown {unknown}")
    if args.depth < 10:
        p.error("--depth must be at least 10 (nDCG@10)")
    return args


def settings(grid, base):
    """Every combination of the grid's values, merged over base, in order."""
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        s = dict(base)
        s.update(zip(keys, values))
        yield s


def label(setting):
    return json.dumps(setting, sort_keys=True) if setting else "(defaults)"


def per_query(run, qrels, qids):
    """{qid: scores} over the qids that have a relevant document."""
    return {q: metrics.score_query(run.get(q, []), qrels[q]) for q in qids
            if metrics.has_relevant(qrels.get(q, {}))}


def mean(scores, qids, measure):
    picked = [scores[q][measure] for q in qids if q in scores]
    return sum(picked) / len(picked) if picked else 0.0


def summary(scores, qids):
    out = {m: round(mean(scores, qids, m), 4) for m in metrics.MEASURES}
    out["queries"] = sum(1 for q in qids if q in scores)
    return out


def choose(tried, qids, measure):
    """Index into tried [(setting, scores)] of the best on qids."""
    def key(i):
        scores = tried[i][1]
        return (round(mean(scores, qids, measure), 6),
                round(mean(scores, qids, "map"), 6), -i)
    return max(range(len(tried)), key=key)


def markdown(rows):
    lines = ["| tuned on | reported on | system | nDCG@10 | MAP | P@10 | R@100 "
             "| queries |",
             "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        m = r["measures"]
        lines.append(f"| {r['tuned_on']} | {r['fold']} | {r['system']} | "
                     f"{m['ndcg@10']:.4f} | {m['map']:.4f} | {m['p@10']:.4f} | "
                     f"{m['r@100']:.4f} | {m['queries']} |")
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    try:
        coll = collection_mod.load(args.collection, args.format)
    except (OSError, ValueError) as e:
        print(f"tune: {e}", file=sys.stderr)
        return 2
    qids = list(coll.queries)
    fold_qids = {f: relevance.fold_qids(coll.queries, f) for f in FOLDS}
    grid = list(settings(args.grid, args.base))
    print(f"tune: {coll.name}: {len(coll.docs)} documents, {len(qids)} "
          f"queries, {len(grid)} settings at depth {args.depth}",
          file=sys.stderr)
    to_doc = passim_side.doc_id_mapper(coll)
    tmp = tempfile.mkdtemp(prefix="passim-tune-")
    start = time.monotonic()
    try:
        db = os.path.join(tmp, "db")
        passim_side.index(args.passim, db, coll, tmp)

        def run(setting, depth):
            ranking = passim_side.search(args.passim, db, coll.queries, depth,
                                         setting, to_doc, args.mode)
            return per_query(ranking, coll.qrels, qids)

        tried = []
        for n, setting in enumerate(grid, start=1):
            tried.append((setting, run(setting, args.depth)))
            print(f"tune: [{n}/{len(grid)}] {label(setting)}: "
                  f"{args.select} {mean(tried[-1][1], qids, args.select):.4f}",
                  file=sys.stderr)
        chosen = {f: grid[choose(tried, fold_qids[f], args.select)]
                  for f in FOLDS}
        full = {}
        for setting in [{}] + [chosen[f] for f in FOLDS]:
            if label(setting) not in full:
                full[label(setting)] = run(setting, metrics.MAP_DEPTH)
    except passim_side.PassimError as e:
        print(f"tune: passim: {e}", file=sys.stderr)
        return 3
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    peers = {}
    for peer in args.peers:
        name, rank, extra = relevance.PEERS[peer]
        try:
            ranking = rank(coll.docs, coll.queries, metrics.MAP_DEPTH,
                           mode=args.mode, **extra)
        except (RuntimeError, OSError) as e:
            print(f"tune: {peer}: {e}", file=sys.stderr)
            return 3
        peers[name] = per_query(ranking, coll.qrels, qids)

    rows = []
    for train, test in (("odd", "even"), ("even", "odd")):
        for i in sorted(range(len(tried)), key=lambda i: -mean(
                tried[i][1], fold_qids[train], args.select))[:args.top]:
            print(f"tune: best on {train}: {label(tried[i][0])}: "
                  f"{mean(tried[i][1], fold_qids[train], args.select):.4f} "
                  f"({test}: {mean(tried[i][1], fold_qids[test], args.select):.4f})",
                  file=sys.stderr)
        test_qids = fold_qids[test]
        rows.append({"tuned_on": train, "fold": test,
                     "system": f"passim {label(chosen[train])}",
                     "setting": chosen[train],
                     "measures": summary(full[label(chosen[train])], test_qids)})
        rows.append({"tuned_on": "-", "fold": test,
                     "system": "passim (defaults)", "setting": {},
                     "measures": summary(full[label({})], test_qids)})
        for name, scores in peers.items():
            rows.append({"tuned_on": "-", "fold": test, "system": name,
                         "measures": summary(scores, test_qids)})
    print(markdown(rows))
    print(f"tune: {time.monotonic() - start:.1f} s", file=sys.stderr)
    if args.json:
        report = {"collection": os.path.abspath(args.collection),
                  "date": datetime.date.today().isoformat(),
                  "mode": args.mode,
                  "select": args.select, "depth": args.depth,
                  "grid": args.grid, "base": args.base, "rows": rows,
                  "tried": [{"setting": s,
                             "odd": summary(sc, fold_qids["odd"]),
                             "even": summary(sc, fold_qids["even"])}
                            for s, sc in tried]}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
