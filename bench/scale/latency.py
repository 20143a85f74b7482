#!/usr/bin/env python3
"""latency.py — per-request latency of `passim search --batch`, timed by the
client: one batch process per configuration (a local database, local shards,
remote servers), each request written on its stdin and timed until its
answer line is read, so the remote round trips are inside the measure.

Usage: latency.py --passim BIN --queries FILE [--rounds N] [--timeout MS]
                  NAME=LOCATION[,LOCATION...] ...

Every configuration gets the same requests ({"q": line, "limit": 10}: the
top 10 with snippets), interleaved query by query so a change of machine
load hits every configuration alike; one untimed warm-up pass first, then
N timed rounds (default 3). Prints a Markdown table: requests, p50, p95 and
mean milliseconds, errors, and how many answers carry the same hits as the
first configuration's (ids in order up to ties, scores to 1e-9: see
compare_hits.py). Exit status 0, or 3 when a batch process fails.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare_hits  # noqa: E402


class Batch:
    """One `passim search --batch` process and its request/answer pipes."""

    def __init__(self, name, passim, locations, timeout_ms):
        args = [passim, "search", "--batch", "--timeout", str(timeout_ms)]
        for loc in locations:
            args += ["--db", loc]
        self.name = name
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True,
                                     encoding="utf-8", bufsize=1)
        self.times = []
        self.errors = 0
        self.answers = {}

    def ask(self, n, query, timed):
        line = json.dumps({"id": n, "q": query, "limit": 10}) + "\n"
        start = time.perf_counter()
        self.proc.stdin.write(line)
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        elapsed = time.perf_counter() - start
        if not answer:
            print(f"latency.py: {self.name}: the batch process ended "
                  f"(status {self.proc.wait()})", file=sys.stderr)
            sys.exit(3)
        doc = json.loads(answer)
        if timed:
            self.times.append(elapsed * 1000.0)
            if "error" in doc:
                self.errors += 1
        self.answers[n] = doc

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def percentile(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def same_hits(a, b):
    if "error" in a or "error" in b:
        return False
    hits_a, hits_b = a.get("hits", []), b.get("hits", [])
    cut = len(hits_a) < (a.get("total") or 0)
    return compare_hits.compare_hits(hits_a, hits_b, "score", cut) is None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--passim", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=10000)
    ap.add_argument("configs", nargs="+", metavar="NAME=LOCATIONS")
    args = ap.parse_args()
    with open(args.queries, encoding="utf-8") as f:
        queries = [q.strip() for q in f if q.strip()]
    batches = []
    for spec in args.configs:
        name, _, locations = spec.partition("=")
        if not locations:
            ap.error(f"{spec!r} is not NAME=LOCATION[,LOCATION...]")
        batches.append(Batch(name, args.passim, locations.split(","),
                             args.timeout))
    for rnd in range(args.rounds + 1):
        for n, query in enumerate(queries):
            for b in batches:
                b.ask(n, query, timed=rnd > 0)
    for b in batches:
        b.close()

    base = batches[0]
    print("| configuration | requests | p50 ms | p95 ms | mean ms | errors "
          f"| same hits as {base.name} |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for b in batches:
        same = sum(same_hits(base.answers[n], b.answers[n])
                   for n in range(len(queries)))
        print(f"| {b.name} | {len(b.times)} | {percentile(b.times, 50):.2f} "
              f"| {percentile(b.times, 95):.2f} "
              f"| {statistics.fmean(b.times):.2f} | {b.errors} "
              f"| {same} of {len(queries)} |")


if __name__ == "__main__":
    main()
