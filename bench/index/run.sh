#!/usr/bin/env bash
# run.sh — the indexing-speed benchmark: `passim index` next to a plain
# single-threaded Xapian TermGenerator + add_document loop (xapian_loop.cc) on
# the same JSON Lines articles, alternating, each run into a fresh database,
# timed by GNU time (wall, CPU, peak RSS); report.py prints the table.
#
# Usage: bench/index/run.sh [--runs N] [--copies K] [--passim PATH]
#                           [--passim-args 'ARGS'] [--data FILE.jsonl] [--check]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=5
copies=1
passim=$root/build/passim
passim_args=
data=/work/shared/data/reuters21578/articles.jsonl
check=

usage() {
  cat <<'EOF'
usage: bench/index/run.sh [--runs N] [--copies K] [--passim PATH]
                          [--passim-args 'ARGS'] [--data FILE.jsonl] [--check]

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
  --data FILE       the JSON Lines articles (fields id, title, body)
  --check           exit 1 unless passim is >= 2x the loop and < 256 MB RSS

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
    --check) check=--check; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case $runs in ''|*[!0-9]*|0) echo "run.sh: --runs wants a positive integer" >&2; exit 2 ;; esac
case $copies in ''|*[!0-9]*|0) echo "run.sh: --copies wants a positive integer" >&2; exit 2 ;; esac
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

# One timed run: SYSTEM RUN; appends "system run wall user sys rss_kb db_kb".
timed() {
  local system=$1 run=$2 db=$work/db-$1-$2 status=0
  # --passim-args is split on spaces on purpose.
  # shellcheck disable=SC2086
  case $system in
    xapian) set -- "$work/xapian_loop" "$db" "$input" ;;
    passim) set -- "$passim" index --db "$db" $passim_args "$input" ;;
  esac
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" 2>"$work/stderr" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "run.sh: $system run $run failed (exit $status): $*" >&2
    cat "$work/stderr" >&2
    exit 3
  fi
  local summary indexed
  summary=$(tail -n 1 "$work/stderr")
  echo "  $system run $run: $summary" >&2
  # Both must have indexed every article, or the times measure different work.
  case $system in
    xapian) indexed=$(sed -n 's/^\([0-9]*\) articles.*/\1/p' <<<"$summary") ;;
    passim) indexed=$(sed -n 's/.* \([0-9]*\) added.*/\1/p' <<<"$summary") ;;
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

echo "indexing $articles articles ($text_bytes bytes of title+body) from $data" \
     "x$copies, $runs runs each, $(nproc) CPUs; passim: $passim_source" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq 1 "$runs"); do
  # Alternate which side goes first so drift in machine load hits both.
  if [ $((run % 2)) -eq 1 ]; then order="xapian passim"; else order="passim xapian"; fi
  for system in $order; do timed "$system" "$run"; done
done

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$here/report.py" "$work/runs.txt" "$articles" "$text_bytes" $check
