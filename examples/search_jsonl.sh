#!/bin/sh
# search_jsonl.sh - passim's --jsonl output piped into jq: one line per hit
# with its rank, date, title and path:line, tab-separated.
#
#   examples/search_jsonl.sh ~/articles.db 'revenue share'
#
# $PASSIM names the passim binary (default: passim on the PATH).
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 DATABASE QUERY..." >&2
    exit 2
fi
db=$1
shift
"${PASSIM:-passim}" search --db "$db" --jsonl --limit 20 "$@" |
    jq -r '[.rank, (.date // "-"), .title, "\(.path):\(.line)"] | @tsv'
