#!/usr/bin/env bash
# run.sh — the indexing-speed benchmark: `passim index` (one database, and
# 2 and 4 shards written in parallel) next to a plain single-threaded Xapian
# TermGenerator + add_document loop (xapian_loop.cc) on the same JSON Lines
# articles, in rotating order, each run into a fresh database, timed by GNU
# time (wall, CPU, peak RSS); optionally callgrind instruction counts on a
# slice; report.py prints the tables.
#
# Usage: bench/index/run.sh [--runs N] [--copies K] [--passim PATH]
#                           [--passim-args 'ARGS'] [--shards 'K...'] [--jobs N]
#                           [--callgrind N] [--data FILE.jsonl] [--check]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=5
copies=1
passim=$root/build/passim
passim_args=
data=/work/shared/data/reuters21578/articles.jsonl
check=
shard_counts="1 2 4"
jobs=
callgrind=0

usage() {
  cat <<'EOF'
usage: bench/index/run.sh [--runs N] [--copies K] [--passim PATH]
                          [--passim-args 'ARGS'] [--shards 'K...'] [--jobs N]
                          [--callgrind N] [--data FILE.jsonl] [--check]

Indexes FILE.jsonl (default: Reuters-21578, /work/shared/data/reuters21578/
articles.jsonl) N times (default 5) with `passim index` and with a
single-threaded Xapian TermGenerator + add_document loop, alternating, each
run into a fresh temporary database, and prints a Markdown table of median,
min and max wall seconds, CPU seconds, articles/s, MB/s (MB of title+body
text, 10^6 bytes), peak RSS, database size and speed relative to the loop.

  --runs N          runs per system (default 5)
  --copies K        index K copies of the file, ids rewritten "<copy>-<id>"
  --passim PATH     the passim binary (default build/passim)
  --passim-args A   extra options for `passim index`, split on spaces
  --shards 'K...'   passim runs per shard count (default '1 2 4'); K > 1
                    adds `--shards K` (shards written in parallel)
  --jobs N          add `--jobs N` to the sharded runs (default: passim's
                    own default, the online CPUs)
  --callgrind N     also count instructions (valgrind --tool=callgrind) of
                    every system on the first N articles, once each
  --data FILE       the JSON Lines articles (fields id, title, body)
  --check           exit 1 unless passim (one database) is >= 1.5x the loop,
                    its database no larger than the loop's
                    and < 256 MB RSS

Exit status: 0 done, 1 check failed, 2 usage or input error, 3 a system failed.
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --copies) copies=${2:?}; shift 2 ;;
    --passim) passim=${2:?}; shift 2 ;;
    --passim-args) passim_args=${2?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    --shards) shard_counts=${2:?}; shift 2 ;;
    --jobs) jobs=${2:?}; shift 2 ;;
    --callgrind) callgrind=${2:?}; shift 2 ;;
    --check) check=--check; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case $runs in ''|*[!0-9]*|0) echo "run.sh: --runs wants a positive integer" >&2; exit 2 ;; esac
case $copies in ''|*[!0-9]*|0) echo "run.sh: --copies wants a positive integer" >&2; exit 2 ;; esac
case $callgrind in ''|*[!0-9]*) echo "run.sh: --callgrind wants a number of articles" >&2; exit 2 ;; esac
case $jobs in *[!0-9]*) echo "run.sh: --jobs wants a positive integer" >&2; exit 2 ;; esac
for k in $shard_counts; do
  case $k in ''|*[!0-9]*|0) echo "run.sh: --shards wants positive integers" >&2; exit 2 ;; esac
done
[ "$callgrind" = 0 ] || command -v valgrind >/dev/null ||
  { echo "run.sh: --callgrind needs valgrind" >&2; exit 2; }
[ -r "$data" ] || { echo "run.sh: cannot read $data" >&2; exit 2; }
[ -x "$passim" ] || { echo "run.sh: no passim binary at $passim (--passim PATH)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run.sh: needs GNU time at /usr/bin/time (Debian package 'time')" >&2; exit 2; }
passim=$(cd "$(dirname "$passim")" && pwd)/$(basename "$passim")

work=$(mktemp -d "${TMPDIR:-/tmp}/passim-bench-index.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A copy of passim, so a rebuild of the tree during the runs cannot swap it.
cp "$passim" "$work/passim"
passim_source=$passim
passim=$work/passim

# The peer, compiled the way a user would build it.
# shellcheck disable=SC2046  # pkg-config's flags are words
g++ -O2 -Wall -Wextra -o "$work/xapian_loop" "$here/xapian_loop.cc" \
    $(pkg-config --cflags --libs xapian-core) -lcjson

# The input: the file itself, or K copies with distinct ids. Also counts the
# articles and the bytes of title+body, the text both systems index.
input=$work/articles.jsonl
python3 - "$data" "$input" "$copies" >"$work/input.tsv" <<'EOF'
import json, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
articles = text_bytes = 0
with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
    lines = [line for line in f if line.strip()]
    for copy in range(1, copies + 1):
        for line in lines:
            if copies > 1:
                article = json.loads(line)
                article["id"] = f"{copy}-{article['id']}"
                line = json.dumps(article, ensure_ascii=False) + "\n"
            out.write(line)
    for line in lines:
        article = json.loads(line)
        text_bytes += sum(len(str(article.get(k) or "").encode()) for k in ("title", "body"))
    articles, text_bytes = len(lines) * copies, text_bytes * copies
print(f"{articles}\t{text_bytes}\t{src}\t{copies}")
EOF
read -r articles text_bytes _ <"$work/input.tsv"
cat "$input" >/dev/null   # both systems read it from the page cache

# command SYSTEM DB INPUT : sets the positional parameters to the command
# line of SYSTEM ("xapian" or "passimK", K shards) indexing INPUT into DB.
command_of() {
  local system=$1 db=$2 in=$3 k
  case $system in
    xapian) set_args "$work/xapian_loop" "$db" "$in" ;;
    passim*)
      k=${system#passim}
      extra=()
      [ "$k" -gt 1 ] && extra=(--shards "$k")
      [ "$k" -gt 1 ] && [ -n "$jobs" ] && extra+=(--jobs "$jobs")
      # --passim-args is split on spaces on purpose.
      # shellcheck disable=SC2086
      set_args "$passim" index --db "$db" "${extra[@]}" $passim_args "$in" ;;
  esac
}
set_args() { cmd=("$@"); }

# One timed run: SYSTEM RUN; appends "system run wall user sys rss_kb db_kb".
timed() {
  local system=$1 run=$2 db=$work/db-$1-$2 status=0
  command_of "$system" "$db" "$input"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${cmd[@]}" 2>"$work/stderr" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "run.sh: $system run $run failed (exit $status): ${cmd[*]}" >&2
    cat "$work/stderr" >&2
    exit 3
  fi
  local summary indexed
  summary=$(tail -n 1 "$work/stderr")
  echo "  $system run $run: $summary" >&2
  # Both must have indexed every article, or the times measure different work.
  case $system in
    xapian) indexed=$(sed -n 's/^\([0-9]*\) articles.*/\1/p' <<<"$summary") ;;
    passim*) indexed=$(sed -n 's/.* \([0-9]*\) added.*/\1/p' <<<"$summary") ;;
  esac
  if [ -z "$indexed" ]; then
    echo "run.sh: warning: cannot read an article count in $system's summary" >&2
  elif [ "$indexed" -ne "$articles" ]; then
    echo "run.sh: $system indexed $indexed of $articles articles" >&2
    exit 3
  fi
  echo "$system $run $(tail -n 1 "$work/time") $(du -sk "$db" | cut -f1)" >>"$work/runs.txt"
  rm -rf "$db"
}

systems=(xapian)
for k in $shard_counts; do systems+=("passim$k"); done
echo "indexing $articles articles ($text_bytes bytes of title+body) from $data" \
     "x$copies, $runs runs each, $(nproc) CPUs; passim: $passim_source" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq 1 "$runs"); do
  # Rotate which system goes first so drift in machine load hits all alike.
  n=${#systems[@]}
  for ((i = 0; i < n; i++)); do timed "${systems[$(((i + run - 1) % n))]}" "$run"; done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# Instruction counts do not depend on the machine's load: each system once
# on the first N articles, all threads summed.
if [ "$callgrind" -gt 0 ]; then
  head -n "$callgrind" "$input" >"$work/slice.jsonl"
  for system in "${systems[@]}"; do
    command_of "$system" "$work/cg-db-$system" "$work/slice.jsonl"
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.$system.%p" \
      "${cmd[@]}" >/dev/null 2>"$work/cg.stderr" ||
      { echo "run.sh: callgrind of $system failed" >&2; tail -5 "$work/cg.stderr" >&2; exit 3; }
    ir=$(cat "$work"/cg."$system".* | sed -n 's/^totals: *\([0-9]*\).*/\1/p' |
         awk '{ s += $1 } END { print s }')
    echo "$system $ir" >>"$work/callgrind.txt"
    echo "  $system callgrind: $ir instructions" >&2
    rm -rf "$work/cg-db-$system" "$work"/cg."$system".*
  done
fi

report_args=()
[ -n "$jobs" ] && report_args+=(--jobs "$jobs")
[ -n "$check" ] && report_args+=(--check)
[ "$callgrind" -gt 0 ] && report_args+=(--callgrind "$work/callgrind.txt" "$callgrind")
python3 "$here/report.py" "$work/runs.txt" "$articles" "$text_bytes" "${report_args[@]}"
