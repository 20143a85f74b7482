#!/usr/bin/env bash
# search_jsonl.sh - passim's --jsonl output piped into jq: one line per hit
# with its rank, date, title and path:line, tab-separated.
#
#   examples/search_jsonl.sh ~/articles.db 'revenue share'
#
# $PASSIM names the passim binary (default: passim on the PATH). The exit
# status is passim's (pipefail): 0 articles match, 1 none does, 2 a bad
# query, 3 a database error; or jq's when jq fails.
set -eu -o pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 DATABASE QUERY..." >&2
    exit 2
fi
db=$1
shift
"${PASSIM:-passim}" search --db "$db" --jsonl --limit 20 "$@" |
    jq -r '[.rank, (.date // "-"), .title, "\(.path):\(.line)"] | @tsv'
