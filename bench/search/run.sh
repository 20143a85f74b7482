#!/usr/bin/env bash
# run.sh — the search-speed benchmark: passim's in-process query latency next
# to raw Xapian (same database) and SQLite FTS5 (same articles), whole-process
# `passim search` next to `quest` and `rg -i`, and `passim search --batch`
# throughput, all on the same queries derived from the articles; report.py
# prints the Markdown tables.
#
# Usage: bench/search/run.sh [--build DIR] [--db DIR] [--data FILE.jsonl]
#                            [--queries N] [--rounds N] [--runs N] [--check]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
db=
data=/work/shared/data/reuters21578/articles.jsonl
nqueries=1000
rounds=3
runs=30
check=

usage() {
  cat <<'EOF'
usage: bench/search/run.sh [--build DIR] [--db DIR] [--data FILE.jsonl]
                           [--queries N] [--rounds N] [--runs N] [--check]

Derives N queries (default 1000) from the titles of FILE.jsonl (default:
Reuters-21578, /work/shared/data/reuters21578/articles.jsonl) and measures:
  in-process latency  p50/p95/p99/mean of every query, top 10 with snippets,
                      after a warm-up pass, over R timed passes (default 3):
                      passim's searcher, raw Xapian Enquire on the same
                      database, SQLite FTS5 on the same articles
  whole process       hyperfine (3 warm-ups, --runs runs, default 30) of
                      `passim search`, `quest` and `rg -i` on 4 of the queries
  batch               all N queries through one `passim search --batch`

  --build DIR   CMake build directory holding passim and the bench/search
                drivers, built here first (default build/; configure it as
                RelWithDebInfo or Release, the default of scripts/setup)
  --db DIR      an existing passim database of FILE (default: index FILE into
                a temporary one, a few minutes)
  --check       exit 1 unless passim's p50 <= FTS5's and its whole-process
                time <= 1.3x quest's on every query

Exit status: 0 done, 1 check failed, 2 usage or input error, 3 a system failed.
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --build) build=${2:?}; shift 2 ;;
    --db) db=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    --queries) nqueries=${2:?}; shift 2 ;;
    --rounds) rounds=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --check) check=--check; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$nqueries" "$rounds" "$runs"; do
  case $n in ''|*[!0-9]*|0) echo "run.sh: --queries, --rounds and --runs want positive integers" >&2; exit 2 ;; esac
done
[ -r "$data" ] || { echo "run.sh: cannot read $data" >&2; exit 2; }
[ -z "$db" ] || [ -d "$db" ] || { echo "run.sh: no database at $db" >&2; exit 2; }
for tool in hyperfine quest rg; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool (apt-get install ${tool/quest/xapian-tools})" >&2; exit 2; }
done
[ -f "$build/CMakeCache.txt" ] || { echo "run.sh: $build is not a CMake build directory (--build DIR)" >&2; exit 2; }
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")
case $build_type in
  Release|RelWithDebInfo) ;;
  *) echo "run.sh: warning: $build is a '$build_type' build; timings want RelWithDebInfo or Release" >&2 ;;
esac

targets="passim_cli bench_search_passim bench_search_xapian"
known=$(cmake --build "$build" --target help 2>/dev/null || true)
if grep -q bench_search_fts5 <<<"$known"; then
  targets="$targets bench_search_fts5"
elif ! grep -q bench_search_passim <<<"$known"; then
  echo "run.sh: $build has no bench/search targets (the top CMakeLists adds bench/search" \
       "when PASSIM_BUILD_BENCH is ON)" >&2
  exit 2
else
  echo "run.sh: warning: no FTS5 driver (libsqlite3-dev missing when $build was configured)" >&2
fi
# shellcheck disable=SC2086
if ! log=$(cmake --build "$build" --target $targets -j"$(nproc)" 2>&1); then
  tail -n 20 <<<"$log" >&2
  echo "run.sh: building $targets in $build failed" >&2
  exit 3
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/passim-bench-search.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Copies, so a rebuild of the tree during the runs cannot swap a binary.
cp "$build/passim" "$work/passim"
for driver in passim xapian fts5; do
  [ ! -x "$build/bench/search/bench_search_$driver" ] ||
    cp "$build/bench/search/bench_search_$driver" "$work/"
done
passim=$work/passim

queries=$work/queries.txt
python3 "$here/queries.py" "$data" "$nqueries" >"$queries"

if [ -z "$db" ]; then
  db=$work/passim.db
  echo "indexing $data into a temporary passim database" >&2
  "$passim" index --db "$db" "$data" >&2 || { echo "run.sh: passim index failed" >&2; exit 3; }
fi
if [ -x "$work/bench_search_fts5" ]; then
  python3 "$here/fts5_build.py" "$data" "$work/fts5.sqlite" ||
    { echo "run.sh: building the FTS5 table failed" >&2; exit 3; }
fi

cp /proc/loadavg "$work/load-before"

# In process: one line per system (see timing.h).
for driver in passim xapian fts5; do
  [ -x "$work/bench_search_$driver" ] || continue
  index=$db
  [ "$driver" != fts5 ] || index=$work/fts5.sqlite
  echo "in-process latency: $driver" >&2
  "$work/bench_search_$driver" --rounds "$rounds" "$index" "$queries" >>"$work/latency.tsv" ||
    { echo "run.sh: the $driver latency driver failed" >&2; exit 3; }
done

# Whole process, on the first 1-, 2- and 3-word queries and the most
# repeated one. quest gets passim's default operator and fields (body and
# title: prefixes "" and "S"). passim and rg exit 1 when nothing matches.
python3 - "$queries" >"$work/whole.txt" <<'EOF'
import collections, sys
qs = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
picked = []
for k in (1, 2, 3):
    first = next((q for q in qs if len(q.split()) == k), None)
    if first and first not in picked:
        picked.append(first)
counts = collections.Counter(qs)
top = max(qs, key=lambda q: (counts[q], -qs.index(q)))
if top not in picked:
    picked.append(top)
print("\n".join(picked))
EOF
# hyperfine -N splits a command line as a shell would: quote every argument.
qpassim=$(printf %q "$passim")
qdb=$(printf %q "$db")
qdata=$(printf %q "$data")
i=0
while IFS= read -r q; do
  i=$((i + 1))
  qq=$(printf %q "$q")
  echo "whole process: $qq" >&2
  hyperfine -N -i --style none --warmup 3 --runs "$runs" \
    --export-json "$work/whole-$i.json" \
    -n passim "$qpassim search --db $qdb $qq" \
    -n quest "quest -d $qdb -o and -p : -p :S $qq" \
    -n rg "rg -i $qq $qdata" >/dev/null
done <"$work/whole.txt"

# Batch: every query through one process, as JSON Lines requests.
python3 -c 'import json, sys
for q in open(sys.argv[1], encoding="utf-8"):
    print(json.dumps({"q": q.strip()}))' "$queries" >"$work/batch.jsonl"
echo "batch: $(wc -l <"$work/batch.jsonl") requests" >&2
hyperfine -i --style none --warmup 1 --runs 5 --export-json "$work/batch.json" \
  -n batch "$qpassim search --batch --db $qdb < $(printf %q "$work/batch.jsonl")" >/dev/null

python3 "$here/report.py" "$work" "$data" "$rounds" $check
