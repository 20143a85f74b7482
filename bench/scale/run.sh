#!/usr/bin/env bash
# run.sh — the scale-out benchmark: `passim index` time into 1, 2 and 4
# shards, and per-request search latency on one local database, local
# shards and the same served by `passim serve` (xapian-tcpsrv) over loopback,
# timed from the client through `passim search --batch` (latency.py).
#
# Usage: bench/scale/run.sh [--passim PATH] [--data FILE.jsonl] [--runs N]
#                           [--shards 'N...'] [--queries N] [--rounds N]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
passim=$root/build/passim
data=/work/shared/data/reuters21578/articles.jsonl
runs=3
shard_counts="1 2 4"
nqueries=300
rounds=3

usage() {
  cat <<'EOF'
usage: bench/scale/run.sh [--passim PATH] [--data FILE.jsonl] [--runs N]
                          [--shards 'N...'] [--queries N] [--rounds N]

Indexing: indexes FILE.jsonl (default Reuters-21578, /work/shared/data/
reuters21578/articles.jsonl) N times (default 3) into fresh databases of
each shard count (default '1 2 4'; 1 is a plain database), rotating the
order of the counts from run to run, timed by GNU time; prints the median,
min and max wall seconds, the median CPU seconds and the peak RSS.

Latency: derives Q queries (default 300) from the titles (bench/search/
queries.py), then times every request from the client (latency.py: warm-up
pass, R rounds, default 3) against
  local 1 db        the 1-shard database
  local K shards    the largest shard count's stub folder
  remote 1 db       tcp:// to a `passim serve` of the 1-shard database
  remote K shards   a stub of 'remote 127.0.0.1:PORT' lines, one
                    `passim serve` per shard
and prints p50/p95/mean milliseconds and how many answers carry the same
hits as the local database's.

  --passim PATH   the passim binary (default build/passim; copied first, so
                  a rebuild during the runs cannot swap it; build it
                  RelWithDebInfo or Release)

Exit status: 0 done, 2 usage or input error, 3 a run failed.
EOF
}

while [ $# -gt 0 ]; do
  case $1 in
    --passim) passim=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --shards) shard_counts=${2:?}; shift 2 ;;
    --queries) nqueries=${2:?}; shift 2 ;;
    --rounds) rounds=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$runs" "$nqueries" "$rounds" $shard_counts; do
  case $n in ''|*[!0-9]*|0) echo "run.sh: --runs, --queries, --rounds and --shards want positive integers" >&2; exit 2 ;; esac
done
[[ " $shard_counts " == *" 1 "* ]] || { echo "run.sh: --shards must include 1 (the local baseline)" >&2; exit 2; }
[ -r "$data" ] || { echo "run.sh: cannot read $data" >&2; exit 2; }
[ -x "$passim" ] || { echo "run.sh: no passim binary at $passim (--passim PATH)" >&2; exit 2; }
for tool in /usr/bin/time xapian-tcpsrv ss setsid; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/passim-scale.XXXXXX")
server_pids=()
cleanup() {
  local pid
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
cp "$passim" "$tmp/passim"
passim=$tmp/passim
articles=$(wc -l <"$data")
largest=$(printf '%s\n' $shard_counts | sort -n | tail -1)

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -m)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg), $("$passim" --version)," \
     "$articles articles in $data"

# ---- indexing ----------------------------------------------------------------

echo "## indexing: $runs runs per shard count"
counts=($shard_counts)
for ((run = 0; run < runs; run++)); do
  for ((i = 0; i < ${#counts[@]}; i++)); do
    k=${counts[$(((i + run) % ${#counts[@]}))]}
    db=$tmp/db-$k
    rm -rf "$db"
    args=(--db "$db")
    [ "$k" = 1 ] || args+=(--shards "$k")
    if ! /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
        "$passim" index --json "${args[@]}" "$data" >"$tmp/summary" 2>"$tmp/err"; then
      echo "run.sh: passim index --shards $k failed:" >&2
      cat "$tmp/err" >&2
      exit 3
    fi
    added=$(sed -n 's/.*"added":\([0-9]*\).*/\1/p' "$tmp/summary")
    [ "$added" = "$articles" ] || { echo "run.sh: $k shards: $added of $articles added" >&2; exit 3; }
    read -r wall user sys rss <"$tmp/time"
    echo "$k $wall $(echo "$user + $sys" | bc) $rss" >>"$tmp/index-times"
    echo "run $((run + 1)), $k shard(s): ${wall} s" >&2
  done
done
python3 - "$tmp/index-times" "$articles" $shard_counts <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
articles = int(sys.argv[2])
print("| shards | median s | min s | max s | CPU s (median) | articles/s | peak RSS MB |")
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for k in sys.argv[3:]:
    mine = [r for r in rows if r[0] == k]
    wall = [float(r[1]) for r in mine]
    cpu = statistics.median(float(r[2]) for r in mine)
    rss = max(int(r[3]) for r in mine) / 1024
    med = statistics.median(wall)
    print(f"| {k} | {med:.2f} | {min(wall):.2f} | {max(wall):.2f} | {cpu:.2f} "
          f"| {articles / med:.0f} | {rss:.0f} |")
EOF

# ---- latency -------------------------------------------------------------------

next_port=$((20000 + $$ % 1000))
# serve VAR LOCATION : a `passim serve` on the next free loopback port, in
# its own session (xapian-tcpsrv's SIGTERM handler signals its process
# group); VAR (not a name local here) gets the port.
serve() {
  local var_=$1 port_ pid_ waited_
  shift
  for ((; next_port < 65000; next_port++)); do
    port_=$next_port
    [ -z "$(ss -Hltn "sport = :$port_")" ] || continue
    setsid "$passim" serve --port "$port_" --quiet "$1" >>"$tmp/servers.log" 2>&1 </dev/null &
    pid_=$!
    for ((waited_ = 0; waited_ < 200; waited_++)); do
      kill -0 "$pid_" 2>/dev/null || break
      if [ -n "$(ss -Hltn "sport = :$port_")" ]; then
        server_pids+=("$pid_")
        next_port=$((port_ + 1))
        printf -v "$var_" '%s' "$port_"
        return 0
      fi
      sleep 0.05
    done
    kill "$pid_" 2>/dev/null || true
  done
  echo "run.sh: passim serve $1 does not start" >&2
  exit 3
}

python3 "$root/bench/search/queries.py" "$data" "$nqueries" >"$tmp/queries"
serve port "$tmp/db-1"
remote_one=tcp://127.0.0.1:$port
: >"$tmp/remote.stub"
for ((s = 0; largest > 1 && s < largest; s++)); do
  serve port "$tmp/db-$largest/shard$s"
  echo "remote 127.0.0.1:$port" >>"$tmp/remote.stub"
done
configs=("local 1 db=$tmp/db-1" "remote 1 db=$remote_one")
if [ "$largest" != 1 ]; then
  configs+=("local $largest shards=$tmp/db-$largest" "remote $largest shards=$tmp/remote.stub")
fi
echo "## latency: $nqueries queries, top 10 with snippets, $rounds rounds, client-side"
python3 "$here/latency.py" --passim "$passim" --queries "$tmp/queries" \
  --rounds "$rounds" "${configs[@]}" || exit 3
