"""report.py — turns the timed runs of bench/index/run.sh into a Markdown table.

usage: report.py RUNS.txt ARTICLES TEXT_BYTES [--check]
RUNS.txt has one line per run: system run wall_s user_s sys_s peak_rss_kb db_kb.
Rates and the speed ratio use the median wall time; peak RSS is the largest of
the runs, the database size the median. --check exits 1 unless passim is at
least TARGET_SPEEDUP times as fast as the Xapian loop and under RSS_LIMIT_MB.
"""
import statistics
import sys

TARGET_SPEEDUP = 2.0
RSS_LIMIT_MB = 256
NAMES = {"xapian": "Xapian loop (TermGenerator + add_document, 1 thread)",
         "passim": "passim index"}


def read_runs(path):
    runs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            system, _run, wall, user, sys_, rss_kb, db_kb = line.split()
            runs.setdefault(system, []).append(
                {"wall": float(wall), "cpu": float(user) + float(sys_),
                 "rss_mb": int(rss_kb) / 1024, "db_mb": int(db_kb) / 1024})
    return runs


def summarize(runs, articles, text_bytes):
    rows = {}
    for system, measured in runs.items():
        wall = [r["wall"] for r in measured]
        median = statistics.median(wall)
        rows[system] = {
            "median": median, "min": min(wall), "max": max(wall),
            "cpu": statistics.median(r["cpu"] for r in measured),
            "articles_s": articles / median, "mb_s": text_bytes / 1e6 / median,
            "rss_mb": max(r["rss_mb"] for r in measured),
            "db_mb": statistics.median(r["db_mb"] for r in measured),
            "runs": len(measured)}
    for row in rows.values():
        row["speedup"] = rows["xapian"]["median"] / row["median"]
    return rows


def print_table(rows):
    print("| system | median s | min s | max s | CPU s | articles/s | MB/s | peak RSS MB "
          "| DB MB | speed vs loop |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for system in ("xapian", "passim"):
        r = rows[system]
        print(f"| {NAMES[system]} | {r['median']:.2f} | {r['min']:.2f} | {r['max']:.2f} "
              f"| {r['cpu']:.2f} | {r['articles_s']:,.0f} | {r['mb_s']:.2f} | {r['rss_mb']:.0f} "
              f"| {r['db_mb']:.0f} | {r['speedup']:.2f}x |")
    print()
    print(f"Xapian loop / passim (median wall): {rows['passim']['speedup']:.2f}x "
          f"(target >= {TARGET_SPEEDUP:.0f}x); passim peak RSS "
          f"{rows['passim']['rss_mb']:.0f} MB (limit {RSS_LIMIT_MB} MB); "
          f"runs per system: {rows['passim']['runs']}.")


def main(argv):
    if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "--check"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rows = summarize(read_runs(argv[1]), int(argv[2]), int(argv[3]))
    print_table(rows)
    if len(argv) == 5:
        passim = rows["passim"]
        return 0 if passim["speedup"] >= TARGET_SPEEDUP and passim["rss_mb"] < RSS_LIMIT_MB else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
