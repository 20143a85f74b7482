#!/usr/bin/env bash
# test_remote.sh — searching shards through Xapian's remote backend end to
# end: `passim serve`, real xapian-tcpsrv servers on 127.0.0.1, stub files
# of "remote HOST:PORT" lines, results equal to one local database, a shard
# server killed or hung, indexing through a writable server, spelling.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v xapian-tcpsrv >/dev/null || {
    fail "xapian-tcpsrv is needed (Debian package xapian-tools)"
    finish
}
command -v ss >/dev/null || { fail "ss (iproute2) is needed"; finish; }
# What a passim run may add to the time limits below by starting slowly:
# under valgrind (PASSIM_UNDER_VALGRIND=1) they only show that nothing hangs.
SLOW_MS=0
under_valgrind && SLOW_MS=20000

# ---- servers -------------------------------------------------------------

NEXT_PORT=$((20000 + $$ % 1000))
declare -A SERVER_PID # port -> pid

port_listening() {
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# start_listener VAR STARTER ARGS... : `STARTER PORT ARGS...` on the first
# free port from NEXT_PORT on (VAR, not named like a local here, gets it).
start_listener() {
    local var_=$1 starter_=$2 port_ tries_
    shift 2
    for ((tries_ = 0; tries_ < 40; tries_++)); do
        port_=$NEXT_PORT
        NEXT_PORT=$((NEXT_PORT + 1))
        port_listening "$port_" && continue
        "$starter_" "$port_" "$@" || continue
        printf -v "$var_" '%s' "$port_"
        return 0
    done
    return 1
}

# start_server VAR SERVE-ARGS... : `passim serve SERVE-ARGS` on a free port.
start_server() {
    local var_=$1
    shift
    start_listener "$var_" start_on_port "$@"
}

# start_on_port PORT SERVE-ARGS... : `passim serve --port PORT SERVE-ARGS`.
start_on_port() {
    local port=$1
    shift
    launch "$port" "$PASSIM" serve --port "$port" --quiet "$@"
}

# launch PORT COMMAND... : false when COMMAND does not listen on PORT within
# 5 s (port taken, bad database). Each server runs in its own session: on
# SIGTERM xapian-tcpsrv signals its whole process group, which would
# otherwise be this script.
launch() {
    local port=$1 pid waited
    shift
    setsid "$@" >>"$TEST_TMP/servers.log" 2>&1 </dev/null &
    pid=$!
    for ((waited = 0; waited < 100; waited++)); do
        kill -0 "$pid" 2>/dev/null || return 1
        if port_listening "$port"; then
            SERVER_PID[$port]=$pid
            return 0
        fi
        sleep 0.05
    done
    kill "$pid" 2>/dev/null
    return 1
}

# stop_server PORT : stops it (even when stopped by SIGSTOP) and waits until
# the port is closed.
stop_server() {
    local pid=${SERVER_PID[$1]:-} waited
    [ -n "$pid" ] || return 0
    kill -CONT "$pid" 2>/dev/null
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    unset "SERVER_PID[$1]"
    for ((waited = 0; waited < 100; waited++)); do
        port_listening "$1" || return 0
        sleep 0.05
    done
}

stop_all_servers() {
    local port
    for port in "${!SERVER_PID[@]}"; do
        stop_server "$port"
    done
}
trap 'status=$?; stop_all_servers; (exit $status); on_exit' EXIT

now_ms() {
    local t=${EPOCHREALTIME/./}
    echo $((10#$t / 1000))
}

# ---- passim serve ----------------------------------------------------------

section "passim serve: checks before exec"
SMALL=$FIXTURES/2026-04-27-agreement-2032.md
index_fixtures small "$SMALL"
assert_status 0 "$PASSIM" serve --help
assert_contains "$OUT" "xapian-tcpsrv" "serve --help names xapian-tcpsrv"
assert_contains "$OUT" "--writable" "serve --help documents --writable"
assert_status 0 "$PASSIM" help serve
assert_status 0 "$PASSIM" --help
assert_match "$OUT" '^  serve ' "passim --help lists serve"
# Each refusal is bounded: a check that wrongly passed would start a server.
refused() { # STATUS SERVE-ARGS...
    local status=$1
    shift
    assert_status "$status" timeout 10 "$PASSIM" serve "$@"
}
refused 2 small
assert_contains "$ERR" "--port is required" "serve without --port: usage error"
refused 2 --port 0 small
refused 2 --port 70000 small
refused 2 --port 20001 --timeout soon small
refused 2 --port 20001 --bogus small
refused 2 --port 20001 tcp://127.0.0.1:20002
assert_contains "$ERR" "not a remote one" "a remote location is refused"
refused 2 --port 20001 --writable small small
assert_contains "$ERR" "exactly one" "--writable with two databases refused"
refused 3 --port 20001 nowhere
assert_contains "$ERR" "nowhere" "a missing database is named"
# A default database whose path no system call takes: a database error
# that says so (it once said "out of memory").
LONG_DB=$TEST_TMP/$(printf 'd%.0s' {1..4100})
assert_status 3 timeout 10 env PASSIM_DB="$LONG_DB" "$PASSIM" serve --port 20001
assert_contains "$ERR" "the default database's path" "a default path too long is named as such"
assert_not_contains "$ERR" "out of memory" "a default path too long is no shortage of memory"
# A PATH without xapian-tcpsrv; under valgrind it holds what the wrappers
# run (Debian's valgrind script execs $0.bin).
NO_TCPSRV=$TEST_TMP/no-tcpsrv
mkdir -p "$NO_TCPSRV"
if under_valgrind; then
    for tool in bash valgrind valgrind.bin; do
        tool=$(command -v "$tool") && ln -s "$tool" "$NO_TCPSRV/"
    done
fi
assert_status 3 timeout 10 env PATH="$NO_TCPSRV" "$PASSIM" serve --port 20001 small
assert_contains "$ERR" "xapian-tcpsrv not found" "no xapian-tcpsrv on PATH: exit 3"

section "passim serve execs xapian-tcpsrv with its arguments"
if start_server PORT_SMALL --timeout 4000 small; then
    pid=${SERVER_PID[$PORT_SMALL]}
    args=$(ps -o args= -p "$pid")
    assert_match "$args" "^xapian-tcpsrv --port $PORT_SMALL --interface 127\\.0\\.0\\.1 --timeout 4000 --quiet -- small\$" \
        "the server process is xapian-tcpsrv itself (exec), on 127.0.0.1 by default"
    assert_ids "tcp://127.0.0.1:$PORT_SMALL" agreement-2032 revised agreement
    stop_server "$PORT_SMALL"
else
    fail "passim serve small listens on a free port"
fi
# A Xapian database without passim's metadata: an empty one, as a writable
# server creates it.
if start_server PORT_EMPTY --writable made/by/server/empty; then
    # xapian-tcpsrv --writable creates the database as it starts.
    assert_eq yes "$([ -d made/by/server/empty ] && echo yes)" \
        "serve --writable: a missing database is created, parent folders too"
    stop_server "$PORT_EMPTY"
    refused 3 --port 20001 made/by/server/empty
    assert_contains "$ERR" "not a passim database" \
        "a Xapian database without passim's analyzer is refused"
else
    fail "passim serve --writable on a missing database listens"
fi
if start_server PORT_ONE --one-shot small; then
    pid=${SERVER_PID[$PORT_ONE]}
    assert_status 0 "$PASSIM" search --db "tcp://127.0.0.1:$PORT_ONE" agreement
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    assert_eq gone "$(kill -0 "$pid" 2>/dev/null && echo running || echo gone)" \
        "--one-shot: the server ends after its one connection"
    unset "SERVER_PID[$PORT_ONE]"
else
    fail "passim serve --one-shot listens"
fi

# ---- one database against three shards, local and remote ----------------

section "the same articles: one database, 3 local shards, 3 remote shards"
SOURCES=("$FIXTURES" "$PASSIM_SOURCE_DIR/corpus")
assert_status 0 "$PASSIM" index --db single "${SOURCES[@]}"
assert_status 0 "$PASSIM" index --db sharded --shards 3 "${SOURCES[@]}"
COUNTS='"\(.articles) \(.passages)"'
LANGUAGES='.languages | split(",") | sort | join(",")'
assert_status 0 "$PASSIM" stats --db single --json
single_articles=$(jq_get .articles)
single_counts=$(jq_get "$COUNTS")
single_languages=$(jq_get "$LANGUAGES")
assert_status 0 "$PASSIM" stats --db sharded --json
assert_eq "$single_counts" "$(jq_get "$COUNTS")" \
    "3 shards hold the articles and passages of the single database"
assert_eq "$single_languages" "$(jq_get "$LANGUAGES")" \
    "3 shards record the languages of the single database (the searcher analyzes queries in each)"

PORTS=()
for k in 0 1 2; do
    if start_server port "sharded/shard$k"; then
        PORTS+=("$port")
    else
        fail "passim serve sharded/shard$k listens"
    fi
done
[ ${#PORTS[@]} = 3 ] || finish
printf 'remote 127.0.0.1:%s\n' "${PORTS[@]}" >remote.stub
# The same shards through xapian-progsrv on a pipe, as over ssh (the README's
# "remote :ssh HOST xapian-progsrv DB" lines, without ssh).
for k in 0 1 2; do
    printf 'remote :xapian-progsrv %s\n' "$PWD/sharded/shard$k"
done >program.stub
assert_status 0 "$PASSIM" stats --db remote.stub --json
assert_eq "$single_articles" "$(jq_get .articles)" "the remote stub counts every article"

# One batch request a line, after the MODE of comparison (compare_hits.py):
# date for date-sorted answers. Batch mode keeps one searcher for all of
# them, as a long-running client of the servers would.
QUERIES=$(cat <<'EOF'
score {"q": "openai"}
score {"q": "microsoft"}
score {"q": "anthropic"}
score {"q": "nvidia"}
score {"q": "azure"}
score {"q": "partnership"}
score {"q": "investments"}
score {"q": "\"data center\""}
score {"q": "\"open weight\""}
score {"q": "\"revenue share\""}
score {"q": "microsoft openai"}
score {"q": "google anthropic"}
score {"q": "amazon bedrock"}
score {"q": "openai OR anthropic"}
score {"q": "(microsoft OR google) AND cloud"}
score {"q": "microsoft NOT azure"}
score {"q": "microsoft -openai"}
score {"q": "nvid*"}
score {"q": "regulat*"}
score {"q": "antitrust NEAR regulators"}
score {"q": "chips NEAR/5 export"}
score {"q": "tag:funding openai"}
score {"q": "tag:antitrust"}
score {"q": "tag:regulation europe"}
score {"q": "source:news microsoft"}
score {"q": "source:analysis cloud"}
score {"q": "date:2025 openai"}
score {"q": "date:2024-01..2024-06 microsoft"}
score {"q": "date:..2024 investment"}
score {"q": "lang:fr cloud"}
score {"q": "souveraineté"}
score {"q": "rechenzentren"}
score {"q": "title:openai"}
score {"q": "energy nuclear"}
score {"q": "gpu demand"}
score {"q": "valuation round"}
score {"q": "eu ai act"}
score {"q": "quokka"}
score {"q": "zebrafinch"}
score {"q": "microsoft quokka", "match": "any"}
score {"q": "openai", "per_article": 0}
score {"q": "\"data center\"", "per_article": 0}
score {"q": "tag:nuclear power", "per_article": 0}
score {"q": "microsoft", "per_article": 2}
score {"q": "openai", "facets": ["tag"]}
score {"q": "cloud", "facets": ["source", "month"]}
score {"q": "regulation", "facets": ["lang", "tag"]}
score {"q": "openai", "bm25": "2.0,0.5"}
score {"q": "microsoft", "title_weight": 0}
score {"q": "\"data center\" gpu", "proximity_weight": 0}
score {"q": "cloud", "since": "2025-01-01", "until": "2025-06-30"}
score {"q": "microsoft", "limit": 3}
score {"q": "openai", "offset": 5, "limit": 5}
score {"q": "microsoft", "offset": 20, "limit": 10, "per_article": 0}
score {"q": "microsoft openai", "feedback": true}
score {"q": "cloud", "feedback": "2,20,1", "facets": ["source"]}
score {"q": "openai", "feedback": true, "offset": 5, "limit": 5}
date {"q": "openai", "sort": "date"}
date {"q": "tag:chips", "sort": "date"}
date {"q": "tag:funding"}
date {"q": "source:policy"}
date {"q": "date:2025-03"}
EOF
)

mkdir -p answers
printf '%s\n' "$QUERIES" | cut -d' ' -f2- >requests.jsonl
nqueries=$(wc -l <requests.jsonl)
assert_eq yes "$([ "$nqueries" -ge 50 ] && echo yes)" "at least 50 queries ($nqueries)"
for side in single:single local:sharded remote:remote.stub program:program.stub; do
    assert_status 0 "$PASSIM" search --batch --db "${side#*:}" --limit 50 \
        --timeout 5000 <requests.jsonl
    printf '%s\n' "$OUT" >"answers/${side%%:*}.jsonl"
    # One file an answer: the comparisons are reported query by query.
    split -l 1 -d -a 3 "answers/${side%%:*}.jsonl" "answers/${side%%:*}-"
done
assert_eq "$nqueries" "$(jq -s 'map(select(.error == null)) | length' answers/single.jsonl)" \
    "the single database answers every request"
with_hits=$(jq -s 'map(select((.hits | length) > 0)) | length' answers/single.jsonl)
assert_eq yes "$([ "$with_hits" -ge 45 ] && echo yes)" \
    "the queries find something ($with_hits of $nqueries have hits)"

declare -A DESCRIBE
: >manifest
n=0
while read -r mode request; do
    printf -v f '%03d' "$n"
    n=$((n + 1))
    DESCRIBE[q$n]=$request
    printf '%s q%d-local-vs-single answers/single-%s answers/local-%s\n' \
        "$mode" "$n" "$f" "$f" >>manifest
    printf '%s q%d-remote-vs-single answers/single-%s answers/remote-%s\n' \
        "$mode" "$n" "$f" "$f" >>manifest
    printf 'exact q%d-remote-vs-local answers/local-%s answers/remote-%s\n' \
        "$n" "$f" "$f" >>manifest
    printf 'exact q%d-program-vs-local answers/local-%s answers/program-%s\n' \
        "$n" "$f" "$f" >>manifest
done <<<"$QUERIES"

section "paging on the command line: every page, joined, is the whole list"
PAGE=10
under_valgrind && PAGE=25 # fewer passim runs, still several pages each
for words in microsoft "--per-article 0 gpu" "--sort date cloud"; do
    read -r -a args <<<"$words"
    n=$((n + 1))
    DESCRIBE[q$n]="$words, pages of $PAGE"
    "$PASSIM" search --db single --json --limit 1000 "${args[@]}" >"answers/full-$n"
    total=$(jq '.hits | length' "answers/full-$n")
    pages_local="" pages_remote=""
    for ((offset = 0; offset < total; offset += PAGE)); do
        for side in local:sharded remote:remote.stub; do
            "$PASSIM" search --db "${side#*:}" --json --offset $offset \
                --limit $PAGE "${args[@]}" >"answers/${side%%:*}-$n-$offset"
        done
        pages_local+="+answers/local-$n-$offset"
        pages_remote+="+answers/remote-$n-$offset"
        printf 'exact q%d-page@%d-remote-vs-local answers/local-%d-%d answers/remote-%d-%d\n' \
            "$n" "$offset" "$n" "$offset" "$n" "$offset" >>manifest
    done
    mode=score
    [[ "$words" == *"--sort date"* ]] && mode=date
    printf '%s q%d-pages-local-vs-single answers/full-%d %s\n' \
        "$mode" "$n" "$n" "${pages_local#+}" >>manifest
    printf '%s q%d-pages-remote-vs-single answers/full-%d %s\n' \
        "$mode" "$n" "$n" "${pages_remote#+}" >>manifest
done

section "answers compared (hit ids, order up to ties, scores to 1e-9)"
assert_same_answers manifest DESCRIBE

section "spelling over remote databases"
assert_status 1 "$PASSIM" search --db single --json opnai
assert_jq '.suggestion == "openai"' "local database: 'opnai' gets the suggestion 'openai'"
assert_status 1 "$PASSIM" search --db remote.stub --json opnai
assert_jq '.notices | any(test("spelling"))' \
    "remote shards: notices say spelling suggestions are unavailable"
assert_status 1 "$PASSIM" search --db program.stub --json opnai
assert_jq '.notices | any(test("spelling"))' \
    "shards through xapian-progsrv: notices say spelling suggestions are unavailable"
assert_status 1 "$PASSIM" search --db "tcp://127.0.0.1:${PORTS[0]}" --json opnai
assert_jq '.notices | any(test("spelling"))' \
    "one tcp:// database: notices say spelling suggestions are unavailable"

# ---- a shard server goes away ----------------------------------------------

section "a shard server killed: exit 3 naming it, or partial results"
assert_status 0 "$PASSIM" search --db "sharded/shard0" --db "sharded/shard2" --json --limit 50 microsoft
printf '%s\n' "$OUT" >answers/live.json
stop_server "${PORTS[1]}"
dead=127.0.0.1:${PORTS[1]}
t0=$(now_ms)
assert_status 3 "$PASSIM" search --db remote.stub --timeout 2000 --json microsoft
elapsed=$(($(now_ms) - t0))
assert_contains "$ERR" "$dead" "the error names the dead shard ($dead)"
assert_eq yes "$([ "$elapsed" -lt $((2000 + SLOW_MS)) ] && echo yes)" \
    "a refused connection fails at once (${elapsed} ms, --timeout 2000)"
t0=$(now_ms)
assert_status 0 "$PASSIM" search --db remote.stub --timeout 2000 --allow-partial --json --limit 50 microsoft
elapsed=$(($(now_ms) - t0))
printf '%s\n' "$OUT" >answers/partial.json
assert_jq "[.notices[] | select(contains(\"$dead\"))] | length == 1" \
    "--allow-partial: one notice names the dead shard"
assert_eq yes "$([ "$elapsed" -lt $((2000 + SLOW_MS)) ] && echo yes)" "--allow-partial answers in ${elapsed} ms"
while read -r verdict name rest; do
    if [ "$verdict" = ok ]; then
        pass "partial results are exactly the live shards' results"
    else
        fail "partial results are exactly the live shards' results" "the same" "$rest"
    fi
done < <(echo "exact partial answers/live.json answers/partial.json" | python3 "$COMPARE_HITS")
assert_status 3 "$PASSIM" search --db "tcp://127.0.0.1:${PORTS[0]}" --db "tcp://$dead" --json microsoft
assert_contains "$ERR" "$dead" "--db tcp:// list: the error names the dead shard"

section "a shard server hung (SIGSTOP): no wait beyond --timeout"
start_on_port "${PORTS[1]}" sharded/shard1 || fail "shard 1 restarts on its port"
hung=127.0.0.1:${PORTS[2]}
kill -STOP "${SERVER_PID[${PORTS[2]}]}"
for args in "--db remote.stub" "--db tcp://127.0.0.1:${PORTS[0]} --db tcp://$hung"; do
    t0=$(now_ms)
    # shellcheck disable=SC2086
    assert_status 3 "$PASSIM" search $args --timeout 1000 --json microsoft
    elapsed=$(($(now_ms) - t0))
    assert_contains "$ERR" "$hung" "$args: the error names the hung shard"
    assert_eq yes "$([ "$elapsed" -lt $((2500 + SLOW_MS)) ] && echo yes)" \
        "$args: fails within the 1000 ms timeout plus 1.5 s (took ${elapsed} ms)"
done
t0=$(now_ms)
assert_status 0 "$PASSIM" search --db remote.stub --timeout 1000 --allow-partial --json microsoft
elapsed=$(($(now_ms) - t0))
assert_jq "[.notices[] | select(contains(\"$hung\"))] | length == 1" \
    "--allow-partial: a notice names the hung shard"
assert_eq yes "$([ "$elapsed" -lt $((2500 + SLOW_MS)) ] && echo yes)" \
    "--allow-partial answers within the timeout plus 1.5 s (took ${elapsed} ms)"
kill -CONT "${SERVER_PID[${PORTS[2]}]}"

section "a shard server killed during a --batch run"
# batch_ask REQUEST VAR : VAR gets the answer line, "null" when the batch
# process is gone or silent for 10 s (jq -e passes on empty input). Written
# from a subshell, so if passim died SIGPIPE ends that, not this script;
# coprocess descriptors are not inherited by subshells, so copies are used.
batch_ask() {
    local answer=""
    (printf '%s\n' "$1" >&"$TO_BATCH") 2>/dev/null &&
        IFS= read -r -t $((10 + SLOW_MS / 1000)) answer <&"$FROM_BATCH"
    printf -v "$2" '%s' "${answer:-null}"
}

# batch_round [--allow-partial] : one `search --batch` over the remote stub,
# a request, shard 0's server killed, a second request, shard 0 restarted on
# the same port, a third request; BATCH_ANSWERS gets the three answers.
batch_round() {
    local answer1 answer2 answer3 victim=${PORTS[0]} pid
    coproc BATCH { "$PASSIM" search --batch --db remote.stub --timeout 2000 "$@" 2>/dev/null; }
    # Bash unsets BATCH and BATCH_PID once the coprocess ends.
    pid=$BATCH_PID
    exec {TO_BATCH}>&"${BATCH[1]}" {FROM_BATCH}<&"${BATCH[0]}"
    batch_ask '{"id": 1, "q": "microsoft"}' answer1
    stop_server "$victim"
    batch_ask '{"id": 2, "q": "microsoft"}' answer2
    start_on_port "$victim" sharded/shard0 || fail "shard 0 restarts on its port"
    batch_ask '{"id": 3, "q": "microsoft"}' answer3
    [ -n "${BATCH[1]:-}" ] && eval "exec ${BATCH[1]}>&-"
    exec {TO_BATCH}>&- {FROM_BATCH}<&-
    wait "$pid" 2>/dev/null
    BATCH_ANSWERS=("$answer1" "$answer2" "$answer3")
}
# reconnected : a jq filter holding for the third answer when it has the
# first one's total and hits and no notice: the restarted server is searched
# again by the same batch process.
reconnected() {
    printf '.id == 3 and .total == %s and [.hits[].id] == %s and (.notices | map(select(contains("unavailable"))) | length == 0)' \
        "$(jq -c .total <<<"${BATCH_ANSWERS[0]}")" "$(jq -c '[.hits[].id]' <<<"${BATCH_ANSWERS[0]}")"
}
batch_round
assert_jq '.id == 1 and (.hits | length) > 0' "batch: the first request is answered" "${BATCH_ANSWERS[0]}"
assert_jq ".id == 2 and .error.code == \"database\" and (.error.message | contains(\"127.0.0.1:${PORTS[0]}\"))" \
    "batch: after the kill, the answer is a database error naming the shard" "${BATCH_ANSWERS[1]}"
assert_jq "$(reconnected)" \
    "batch: once the server is back on its port, the next request finds every hit again" "${BATCH_ANSWERS[2]}"
batch_round --allow-partial
assert_jq '.id == 1 and (.hits | length) > 0' "batch --allow-partial: first answer" "${BATCH_ANSWERS[0]}"
assert_jq ".id == 2 and (.hits | length) > 0 and ([.notices[] | select(contains(\"127.0.0.1:${PORTS[0]}\"))] | length == 1)" \
    "batch --allow-partial: after the kill, hits and a notice naming the shard" "${BATCH_ANSWERS[1]}"
assert_jq "$(reconnected)" \
    "batch --allow-partial: once the server is back, whole results again" "${BATCH_ANSWERS[2]}"

# ---- indexing through a writable server --------------------------------------

section "indexing through xapian-tcpsrv --writable"
index_fixtures writable "$SMALL"
# The server's --timeout bounds a client that stops answering.
if start_server PORT_W --writable --timeout 5000 writable; then
    assert_status 0 timeout 30 "$PASSIM" index --db-writable "tcp://127.0.0.1:$PORT_W" "$FIXTURES"
    stop_server "$PORT_W"
    assert_ids writable feed-3 zebrafinch
    assert_status 0 "$PASSIM" stats --db writable --json
    assert_jq '.articles == 13' "the local database holds the 13 fixture articles"
else
    fail "passim serve --writable listens"
fi
refused 2 --port 20001 --writable sharded
assert_contains "$ERR" "shard" "serve --writable on a sharded database: one shard at a time"

# ---- read replicas -------------------------------------------------------------

section "read replicas with xapian-replicate (the README's recipe)"
# The master keeps changesets (XAPIAN_MAX_CHANGESETS) so that replicas fetch
# only what changed; xapian-replicate-server serves the folder holding it.
mkdir -p master replica more
master_index() {
    run env XAPIAN_MAX_CHANGESETS=10 "$PASSIM" index --db master/articles "$@"
    [ "$RC" = 0 ] || fail "indexing $* into the master" "exit 0" "$RC; stderr: $ERR"
}
start_replication_on_port() { # PORT
    launch "$1" xapian-replicate-server --interface 127.0.0.1 --port "$1" master
}
replicate() {
    run timeout 30 xapian-replicate --host 127.0.0.1 --port "$PORT_R" \
        --master articles --one-shot --verbose replica/articles
    [ "$RC" = 0 ] || fail "xapian-replicate --one-shot" "exit 0" "$RC; stderr: $ERR"
}
master_index "$FIXTURES"
if start_listener PORT_R start_replication_on_port; then
    replicate
    assert_status 0 "$PASSIM" stats --db replica/articles --json
    assert_jq '.articles == 13' "the replica holds the master's 13 articles"
    assert_ids replica/articles feed-3 zebrafinch
    run "$PASSIM" search --db master/articles --json --limit 100 cloud
    MASTER_HITS=$(printf '%s' "$OUT" | jq -c '[.hits[] | [.id, .score]]')
    run "$PASSIM" search --db replica/articles --json --limit 100 cloud
    assert_eq "$MASTER_HITS" "$(printf '%s' "$OUT" | jq -c '[.hits[] | [.id, .score]]')" \
        "the replica answers as the master does (ids, order, scores)"
    printf -- '---\ntitle: Replicated note\ndate: 2026-11-26\n---\nA zanzibarian paragraph.\n' >more/note.md
    master_index more
    replicate
    assert_contains "$ERR$OUT" "1 changesets" "the second replication sends one changeset, not a copy"
    assert_ids replica/articles "$(realpath more/note.md)" zanzibarian
    if start_server PORT_RS replica/articles; then
        assert_ids "tcp://127.0.0.1:$PORT_RS" "$(realpath more/note.md)" zanzibarian
        stop_server "$PORT_RS"
    else
        fail "passim serve serves the replica"
    fi
    stop_server "$PORT_R"
else
    fail "xapian-replicate-server listens"
fi

finish
