"""report.py — turns the timed runs of bench/index/run.sh into Markdown tables.

usage: report.py RUNS.txt ARTICLES TEXT_BYTES [--jobs N] [--check]
                 [--callgrind COUNTS.txt SLICE_ARTICLES]
RUNS.txt has one line per run: system run wall_s user_s sys_s peak_rss_kb db_kb,
system being "xapian" (the loop) or "passimK" (passim, K shards). Rates and the
speed ratios use the median wall time; peak RSS is the largest of the runs, the
database size the median. COUNTS.txt has "system instructions" lines (callgrind
on the first SLICE_ARTICLES articles). --check exits 1 unless passim into one
database (its defaults) is at least TARGET_SPEEDUP times as fast as the loop,
its database no larger than the loop's, and it stays under RSS_LIMIT_MB.
"""
import statistics
import sys

TARGET_SPEEDUP = 1.5
RSS_LIMIT_MB = 256


def name(system, jobs):
    if system == "xapian":
        return "Xapian loop (TermGenerator + add_document, 1 thread)"
    shards = int(system[len("passim"):])
    if shards == 1:
        return "passim index (1 database)"
    return f"passim index --shards {shards} (--jobs {jobs or 'default'})"


def order(system):
    return -1 if system == "xapian" else int(system[len("passim"):])


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
        row["cpu_ratio"] = rows["xapian"]["cpu"] / row["cpu"]
    return rows


def print_table(rows, jobs):
    print("| system | median s | min s | max s | CPU s | articles/s | MB/s | peak RSS MB "
          "| DB MB | speed vs loop | CPU vs loop |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for system in sorted(rows, key=order):
        r = rows[system]
        print(f"| {name(system, jobs)} | {r['median']:.2f} | {r['min']:.2f} | {r['max']:.2f} "
              f"| {r['cpu']:.2f} | {r['articles_s']:,.0f} | {r['mb_s']:.2f} | {r['rss_mb']:.0f} "
              f"| {r['db_mb']:.0f} | {r['speedup']:.2f}x | {r['cpu_ratio']:.2f}x |")
    print()
    one = rows.get("passim1")
    if one:
        print(f"Xapian loop / passim, one database (median wall): {one['speedup']:.2f}x "
              f"(target >= {TARGET_SPEEDUP:g}x); peak RSS {one['rss_mb']:.0f} MB "
              f"(limit {RSS_LIMIT_MB} MB); runs per system: {one['runs']}.")


def print_callgrind(path, articles, jobs):
    counts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            system, ir = line.split()
            counts[system] = int(ir)
    print()
    print(f"Instructions (callgrind, all threads) on the first {articles:,} articles:")
    print()
    print("| system | instructions | per article | vs loop |")
    print("| --- | ---: | ---: | ---: |")
    for system in sorted(counts, key=order):
        ir = counts[system]
        print(f"| {name(system, jobs)} | {ir / 1e9:.2f} G | {ir / articles / 1e6:.2f} M "
              f"| {ir / counts['xapian']:.2f}x |")


def main(argv):
    args = argv[1:]
    check = "--check" in args
    if check:
        args.remove("--check")
    jobs = None
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = args[i + 1]
        del args[i:i + 2]
    callgrind = None
    if "--callgrind" in args:
        i = args.index("--callgrind")
        callgrind = (args[i + 1], int(args[i + 2]))
        del args[i:i + 3]
    if len(args) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    rows = summarize(read_runs(args[0]), int(args[1]), int(args[2]))
    print_table(rows, jobs)
    if callgrind:
        print_callgrind(callgrind[0], callgrind[1], jobs)
    if check:
        one, loop = rows["passim1"], rows["xapian"]
        return 0 if (one["speedup"] >= TARGET_SPEEDUP and
                     one["db_mb"] <= loop["db_mb"] and
                     one["rss_mb"] < RSS_LIMIT_MB) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
