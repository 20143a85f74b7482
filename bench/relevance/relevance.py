#!/usr/bin/env python3
"""relevance.py — the relevance benchmark: ranks a judged collection's queries
with passim and with its peers (SQLite FTS5, Xapian used directly) and prints
nDCG@10, MAP, P@10 and R@100 of each, side by side.

Usage: relevance.py COLLECTION_DIR [--format auto|jsonl|markdown]
         [--systems passim,fts5,xapian,xapian-stop] [--passim PATH]
         [--passim-args JSON] [--fold all|odd|even] [--mode bag|typed]
         [--json OUT] [--check]

--mode: what the systems are given (querytext.py): "bag", the query's words
in every system's any-word mode (the default), or "typed", the query text as a
person types it, read with each system's own defaults.

--check exits 1 when passim's nDCG@10 is below the best peer's (CI guard).
After the table, a second one gives passim's mean per-query difference from
each peer and its two-sided p-value (paired randomization test, metrics.py):
whether a lead or a deficit is more than the noise of the query sample.
Exit statuses: 0 done, 1 --check failed, 2 usage or input error, 3 a system
failed to run.
"""

import argparse
import datetime
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import collection as collection_mod  # noqa: E402
import metrics  # noqa: E402
import passim_side  # noqa: E402
from peers import fts5, xapian_peer  # noqa: E402
from querytext import MODES  # noqa: E402
from peers.stopwords import STOPWORDS  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
SYSTEMS = ("passim", "fts5", "xapian", "xapian-stop")
# peer key -> (row name, rank function, its extra arguments)
PEERS = {
    "fts5": (fts5.NAME, fts5.rank, {}),
    "xapian": (xapian_peer.NAME, xapian_peer.rank, {}),
    "xapian-stop": (xapian_peer.NAME_STOPPED, xapian_peer.rank,
                    {"stopwords": STOPWORDS}),
}


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="relevance.py",
        description="Relevance of passim and its peers on a judged collection.")
    p.add_argument("collection", help="collection folder (docs.jsonl, "
                   "queries.tsv, qrels.tsv), or Markdown articles with eval/")
    p.add_argument("--format", choices=("auto", "jsonl", "markdown"),
                   default="auto", help="collection shape (default: detect)")
    p.add_argument("--systems", default=",".join(SYSTEMS),
                   help="comma-separated subset of "
                   f"{','.join(SYSTEMS)} (default: all)")
    p.add_argument("--passim", default=os.path.join(REPO, "build", "passim"),
                   help="passim binary (default: build/passim of this repo)")
    p.add_argument("--passim-args", default="{}", metavar="JSON",
                   help='extra keys merged into every batch request, e.g. '
                   '\'{"bm25": "1.2,0.75"}\'')
    p.add_argument("--fold", choices=("all", "odd", "even"), default="all",
                   help="evaluate the odd or even qids only (2-fold tuning)")
    p.add_argument("--mode", choices=MODES, default="bag",
                   help="bag: the words in any-word mode (default); typed: "
                   "the query text as typed, each system's defaults")
    p.add_argument("--json", metavar="OUT", help="also write the numbers here")
    p.add_argument("--check", action="store_true",
                   help="exit 1 if passim's nDCG@10 is below the best peer's")
    args = p.parse_args(argv)

    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = [s for s in args.systems if s not in SYSTEMS]
    if unknown or not args.systems:
        p.error(f"--systems: unknown {unknown or 'empty list'}; "
                f"choose from {','.join(SYSTEMS)}")
    try:
        args.passim_args = json.loads(args.passim_args)
    except ValueError as e:
        p.error(f"--passim-args: not JSON: {e}")
    if not isinstance(args.passim_args, dict):
        p.error("--passim-args: must be a JSON object")
    if args.check and ("passim" not in args.systems or len(args.systems) < 2):
        p.error("--check needs passim and at least one peer in --systems")
    return args


def fold_qids(queries, fold):
    """The qids of a fold: odd or even qid numbers (position in the queries
    file, from 1, when a qid is not a number)."""
    if fold == "all":
        return list(queries)
    want = 1 if fold == "odd" else 0
    picked = []
    for pos, qid in enumerate(queries, start=1):
        number = int(qid) if qid.isdigit() else pos
        if number % 2 == want:
            picked.append(qid)
    return picked


def run_system(system, args, coll, queries):
    depth = metrics.MAP_DEPTH
    if system == "passim":
        return passim_side.rank(args.passim, coll, queries, depth,
                                args.passim_args, args.mode)
    _, rank, extra = PEERS[system]
    return rank(coll.docs, queries, depth, mode=args.mode, **extra)


def markdown_table(rows):
    lines = ["| system | nDCG@10 | MAP | P@10 | R@100 | queries |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['system']} | {r['ndcg@10']:.4f} | {r['map']:.4f} | "
                     f"{r['p@10']:.4f} | {r['r@100']:.4f} | {r['queries']} |")
    return "\n".join(lines)


def significance(rows, scores):
    """passim against each peer, for nDCG@10 and MAP: the mean per-query
    difference and the two-sided p-value of a paired randomization test."""
    ours = scores["passim"]
    out = []
    for r in rows:
        if r["key"] == "passim":
            continue
        entry = {"peer": r["system"]}
        for m in ("ndcg@10", "map"):
            a = [s[m] for s in ours]
            b = [s[m] for s in scores[r["key"]]]
            entry[m] = {"delta": (sum(a) - sum(b)) / len(a) if a else 0.0,
                        "p": metrics.paired_randomization(a, b)}
        out.append(entry)
    return out


def significance_table(compared):
    lines = ["| passim against | Δ nDCG@10 | p | Δ MAP | p |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for c in compared:
        lines.append(f"| {c['peer']} | {c['ndcg@10']['delta']:+.4f} | "
                     f"{c['ndcg@10']['p']:.3f} | {c['map']['delta']:+.4f} | "
                     f"{c['map']['p']:.3f} |")
    return "\n".join(lines)


def check(rows):
    """(passed, message): passim's nDCG@10 against the best peer's."""
    ours = next(r for r in rows if r["key"] == "passim")
    best = max((r for r in rows if r["key"] != "passim"),
               key=lambda r: r["ndcg@10"])
    ok = round(ours["ndcg@10"], 4) >= round(best["ndcg@10"], 4)
    verdict = "ok" if ok else "FAILED"
    return ok, (f"check {verdict}: passim nDCG@10 {ours['ndcg@10']:.4f} vs "
                f"best peer {best['system']} {best['ndcg@10']:.4f}")


def main(argv=None):
    args = parse_args(argv)
    try:
        coll = collection_mod.load(args.collection, args.format)
    except (OSError, ValueError) as e:
        print(f"relevance: {e}", file=sys.stderr)
        return 2
    qids = fold_qids(coll.queries, args.fold)
    queries = {q: coll.queries[q] for q in qids}
    print(f"relevance: {coll.name} ({coll.shape}): {len(coll.docs)} documents, "
          f"{len(queries)} queries (fold {args.fold}, mode {args.mode})",
          file=sys.stderr)

    rows, scores = [], {}
    for system in args.systems:
        start = time.monotonic()
        try:
            run = run_system(system, args, coll, queries)
        except (RuntimeError, OSError) as e:
            hint = (" (build passim, pass --passim PATH, or leave it out with "
                    "--systems)" if system == "passim" else "")
            print(f"relevance: {system}: {e}{hint}", file=sys.stderr)
            return 3
        seconds = time.monotonic() - start
        print(f"relevance: {system}: {seconds:.2f} s (index + search)",
              file=sys.stderr)
        name = passim_side.NAME if system == "passim" else PEERS[system][0]
        row = {"system": name, "key": system, "seconds": round(seconds, 3)}
        row.update(metrics.evaluate(run, coll.qrels, qids))
        rows.append(row)
        scores[system] = metrics.per_query(run, coll.qrels, qids)

    print(markdown_table(rows))
    compared = None
    if "passim" in scores and len(scores) > 1:
        compared = significance(rows, scores)
        print()
        print(significance_table(compared))
    status, verdict = 0, None
    if args.check:
        ok, verdict = check(rows)
        print(verdict, file=sys.stderr)
        status = 0 if ok else 1
    if args.json:
        report = {
            "collection": os.path.abspath(args.collection),
            "shape": coll.shape,
            "fold": args.fold,
            "mode": args.mode,
            "passim_args": args.passim_args,
            "date": datetime.date.today().isoformat(),
            "systems": rows,
        }
        if compared is not None:
            report["significance"] = compared
        if verdict is not None:
            report["check"] = {"passed": status == 0, "message": verdict}
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
