#!/usr/bin/env python3
"""report.py — turns what run.sh measured (WORK/latency.tsv from the latency
drivers, WORK/whole.txt with WORK/whole-<i>.json and WORK/batch.json from
hyperfine) into the Markdown tables of the search-speed benchmark.

Usage: report.py WORK DATA ROUNDS [--check]
(ROUNDS: the timed passes the latency drivers made.)
--check: exit 1 unless passim's in-process p50 is at most FTS5's (issue
#15: both with snippets, on the same queries) and its whole-process median
<= 1.3x quest's on every query.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

QUEST_RATIO_TARGET = 1.3

NAMES = {
    "passim": "passim (searcher_run)",
    "xapian": "Xapian Enquire, raw",
    "fts5": "SQLite FTS5",
}


def tool_version(*cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return out.stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs, {model}, {platform.system()} {platform.release()}"


def load_averages(work):
    """The 1-minute load average when run.sh started and now."""
    def first(path):
        try:
            with open(path, encoding="utf-8") as f:
                return f.read().split()[0]
        except (OSError, IndexError):
            return "?"
    return first(os.path.join(work, "load-before")), first("/proc/loadavg")


def latency_rows(work):
    rows = []
    with open(os.path.join(work, "latency.tsv"), encoding="utf-8") as f:
        for line in f:
            system, n, p50, p95, p99, mean, zero, hits = line.rstrip("\n").split("\t")
            rows.append({"system": system, "queries": int(n), "p50": float(p50),
                         "p95": float(p95), "p99": float(p99), "mean": float(mean),
                         "zero": int(zero), "hits": int(hits)})
    return rows


def hyperfine(path):
    with open(path, encoding="utf-8") as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def ms(seconds):
    return f"{seconds * 1e3:.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("work")
    ap.add_argument("data")
    ap.add_argument("rounds", type=int)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    work = args.work
    lat = latency_rows(work)
    with open(os.path.join(work, "whole.txt"), encoding="utf-8") as f:
        whole_queries = [l.rstrip("\n") for l in f if l.strip()]
    whole = [hyperfine(os.path.join(work, f"whole-{i}.json"))
             for i in range(1, len(whole_queries) + 1)]
    batch = hyperfine(os.path.join(work, "batch.json"))["batch"]
    nq = lat[0]["queries"] if lat else 0
    runs = len(whole[0]["passim"]["times"]) if whole else 0

    print(f"Search speed, {datetime.date.today().isoformat()}: {args.data}; {machine()}; "
          f"Xapian {tool_version('xapian-config', '--version').split()[-1]}, "
          f"SQLite {tool_version('sqlite3', '--version').split()[0]}, "
          f"{tool_version('rg', '--version')}, "
          f"{tool_version('hyperfine', '--version')}; 1-minute load average "
          "{} before, {} after.".format(*load_averages(work)))
    print()
    print(f"In-process latency, ms: {nq} queries (1-3 title words), top 10 with "
          "snippets (passim: snippets, one hit per article, exact totals; FTS5: "
          "snippet(); Xapian: document data only), after one warm-up pass; "
          f"percentiles over {args.rounds} timed passes ({nq * args.rounds} timings).")
    print()
    print("| system | p50 | p95 | p99 | mean | queries/s | queries without hits | hits |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in lat:
        print(f"| {NAMES.get(r['system'], r['system'])} | {r['p50']:.3f} | {r['p95']:.3f} | "
              f"{r['p99']:.3f} | {r['mean']:.3f} | {1e3 / r['mean']:,.0f} | {r['zero']} | "
              f"{r['hits']} |")
    print()
    print(f"Whole process, ms: median wall time of {runs} runs after 3 warm-ups "
          "(hyperfine -N), and in brackets the mean CPU time (user + system), which "
          "other load on the machine disturbs less. `passim search --db DB Q`; "
          "`quest -d DB -o and -p : -p :S Q` (passim's default AND, over body and "
          "title like passim); `rg -i Q articles.jsonl`.")
    print()
    print("| query | passim | quest | rg -i | passim / quest | passim / quest, CPU |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    ratios = []
    for q, r in zip(whole_queries, whole):
        wall = {k: r[k]["median"] for k in ("passim", "quest", "rg")}
        cpu = {k: r[k]["user"] + r[k]["system"] for k in ("passim", "quest", "rg")}
        ratios.append(wall["passim"] / wall["quest"])
        cells = " | ".join(f"{ms(wall[k])} ({ms(cpu[k])})" for k in ("passim", "quest", "rg"))
        print(f"| `{q}` | {cells} | {ratios[-1]:.2f}x | "
              f"{cpu['passim'] / cpu['quest']:.2f}x |")
    print()

    def per_second(system):
        return len(whole) / sum(r[system]["median"] for r in whole)

    print("Throughput, queries per second:")
    print()
    print("| how | queries/s |")
    print("| --- | ---: |")
    print(f"| `passim search --batch`: {nq} JSON Lines requests, one process "
          f"(mean of {len(batch['times'])} runs) | {nq / batch['mean']:,.0f} |")
    passim_lat = next((r for r in lat if r["system"] == "passim"), None)
    if passim_lat:
        print(f"| passim in process (1 / mean latency) | {1e3 / passim_lat['mean']:,.0f} |")
    for system, label in (("passim", "`passim search`"), ("quest", "`quest`")):
        print(f"| {label}, one process per query (1 / mean of the medians above) | "
              f"{per_second(system):,.1f} |")

    if args.check:
        failed = []
        fts5_lat = next((r for r in lat if r["system"] == "fts5"), None)
        if not passim_lat or not fts5_lat or passim_lat["p50"] > fts5_lat["p50"]:
            failed.append("in-process p50 above FTS5's")
        if any(x > QUEST_RATIO_TARGET for x in ratios):
            failed.append(f"whole process above {QUEST_RATIO_TARGET}x quest")
        if failed:
            print("check failed: " + "; ".join(failed), file=sys.stderr)
            sys.exit(1)


if __name__ == "__main__":
    main()
