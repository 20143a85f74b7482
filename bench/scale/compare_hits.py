#!/usr/bin/env python3
"""compare_hits.py — checks that two `passim search --json` answers (or
`--batch` answer lines) are the same results: one database against its
shards, local shards against the same shards served remotely.

Reads a manifest on stdin, one comparison a line:

    MODE NAME A B

A and B are files holding one or more JSON answers (pretty or one a line);
"f1+f2+f3" joins the hits of several files, pages of one result list, in
order. MODE says how strict the order is:

    exact  same hits in the same order (the same shards on both sides, so
           even ties between equal scores fall the same way)
    score  hits in the same order up to runs of equal scores: a database and
           its shards number documents differently, and Xapian breaks ties
           by document number
    date   as score, for date-sorted answers: a run is equal date and score

Both sides must agree on every answer's total, relaxed flag and facet counts
(pages: the first page's), and on each hit's id, passage, title, date and
snippet; scores agree to 1e-9 relative. An answer that is an error (batch)
never matches. Prints "ok NAME" or "FAIL NAME: every difference" per line
and exits 1 when any comparison failed.
"""
import json
import sys

REL_TOL = 1e-9
HIT_FIELDS = ("id", "passage", "title", "date", "snippet")


def load(spec):
    """The answers in the files of spec ("f1+f2"), in order."""
    answers = []
    decoder = json.JSONDecoder()
    for path in spec.split("+"):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        pos = 0
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos == len(text):
                break
            doc, pos = decoder.raw_decode(text, pos)
            answers.append(doc)
    return answers


def same_score(a, b):
    return abs(a - b) <= REL_TOL * max(abs(a), abs(b)) or a == b


def facet_counts(answer):
    facets = answer.get("facets") or {}
    return {name: {v["value"]: v["count"] for v in values}
            for name, values in facets.items()}


def hit_key(hit):
    return (hit.get("id"), hit.get("passage"))


def runs(hits, by_date):
    """Hits cut into runs of equal scores (and dates when by_date)."""
    out = []
    for hit in hits:
        if out:
            last = out[-1][-1]
            if same_score(last["score"], hit["score"]) and \
                    (not by_date or last.get("date") == hit.get("date")):
                out[-1].append(hit)
                continue
        out.append([hit])
    return out


def compare_hits(a, b, mode, cut):
    """Why hit lists a and b differ, or None. `cut`: the lists may end
    inside a run (a limit below the total), so the last run is compared by
    its scores only."""
    if len(a) != len(b):
        return f"{len(a)} hits against {len(b)}"
    for i, (x, y) in enumerate(zip(a, b)):
        if not same_score(x["score"], y["score"]):
            return (f"hit {i + 1}: score {x['score']!r} ({hit_key(x)}) "
                    f"against {y['score']!r} ({hit_key(y)})")
    if mode == "exact":
        groups = [[(x, y)] for x, y in zip(a, b)]
    else:
        ra, rb = runs(a, mode == "date"), runs(b, mode == "date")
        if [len(r) for r in ra] != [len(r) for r in rb]:
            return "the runs of equal scores differ in length"
        if cut and ra:
            ra, rb = ra[:-1], rb[:-1]
        groups = []
        for run_a, run_b in zip(ra, rb):
            by_key = {hit_key(y): y for y in run_b}
            pairs = [(x, by_key.get(hit_key(x))) for x in run_a]
            groups.append(pairs)
    for pairs in groups:
        for x, y in pairs:
            if y is None:
                return f"{hit_key(x)} (score {x['score']!r}) missing on one side"
            for field in HIT_FIELDS:
                if x.get(field) != y.get(field):
                    return (f"{hit_key(x)}: {field} {x.get(field)!r} against "
                            f"{y.get(field)!r}")
    return None


def compare(mode, spec_a, spec_b):
    """Every way the answers of spec_a and spec_b differ (empty: none)."""
    a, b = load(spec_a), load(spec_b)
    if not a or not b:
        return ["no answer on one side"]
    paged = "+" in spec_a or "+" in spec_b
    if not paged and len(a) != len(b):
        return [f"{len(a)} answers against {len(b)}"]
    problems = []
    for n, (x, y) in enumerate(zip(a, b) if not paged else [(a[0], b[0])]):
        where = f"answer {n + 1}: " if len(a) > 1 and not paged else ""
        for side in (x, y):
            if "error" in side:
                problems.append(f"{where}an error: {side['error']}")
        if problems:
            return problems
        for key in ("total", "relaxed"):
            if x.get(key) != y.get(key):
                problems.append(f"{where}{key} {x.get(key)!r} against "
                                f"{y.get(key)!r}")
        if facet_counts(x) != facet_counts(y):
            problems.append(f"{where}facet counts differ")
        if "*" in (x.get("query") or ""):
            # prefix*: Xapian 1.4 estimates a SYNONYM's statistics per shard,
            # so scores may differ slightly; the hits must be the same.
            ids_a = sorted(hit_key(h) for h in x.get("hits", []))
            ids_b = sorted(hit_key(h) for h in y.get("hits", []))
            if ids_a != ids_b and x.get("total", 0) <= len(ids_a):
                problems.append(f"{where}prefix query: other hits")
            continue
        if paged:
            hits_a = [h for page in a for h in page.get("hits", [])]
            hits_b = [h for page in b for h in page.get("hits", [])]
        else:
            hits_a, hits_b = x.get("hits", []), y.get("hits", [])
        why = compare_hits(hits_a, hits_b, mode,
                           len(hits_a) < (x.get("total") or 0))
        if why:
            problems.append(where + why)
    return problems


def main():
    failed = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        mode, name, spec_a, spec_b = line.split()
        if mode not in ("exact", "score", "date"):
            sys.exit(f"unknown mode {mode!r}")
        try:
            problems = compare(mode, spec_a, spec_b)
        except (OSError, ValueError, KeyError, TypeError) as e:
            problems = [f"unreadable: {e}"]
        if problems:
            failed += 1
            print(f"FAIL {name}: {'; '.join(problems)}")
        else:
            print(f"ok {name}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
