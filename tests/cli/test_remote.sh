#!/usr/bin/env bash
# test_remote.sh — searching shards through Xapian's remote backend end to
# end: `passim serve`, real xapian-tcpsrv servers on 127.0.0.1, stub files
# of "remote HOST:PORT" lines, results equal to one local database, a shard
# server killed or hung, indexing through a writable server, spelling.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

COMPARE=$PASSIM_SOURCE_DIR/bench/scale/compare_hits.py
command -v xapian-tcpsrv >/dev/null || {
    fail "xapian-tcpsrv is needed (Debian package xapian-tools)"
    finish
}
command -v ss >/dev/null || { fail "ss (iproute2) is needed"; finish; }

# ---- servers -------------------------------------------------------------

NEXT_PORT=$((20000 + $$ % 1000))
declare -A SERVER_PID # port -> pid

port_listening() {
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

# start_server VAR SERVE-ARGS... : `passim serve --port P SERVE-ARGS` on the
# first free port from NEXT_PORT on (VAR, not named like a local here, gets
# it). Each server runs in its
# own session: on SIGTERM xapian-tcpsrv signals its whole process group,
# which would otherwise be this script.
start_server() {
    local var_=$1 port_ tries_
    shift
    for ((tries_ = 0; tries_ < 40; tries_++)); do
        port_=$NEXT_PORT
        NEXT_PORT=$((NEXT_PORT + 1))
        port_listening "$port_" && continue
        start_on_port "$port_" "$@" || continue
        printf -v "$var_" '%s' "$port_"
        return 0
    done
    return 1
}

# start_on_port PORT SERVE-ARGS... : false when the server does not listen
# within 5 s (port taken, bad database).
start_on_port() {
    local port=$1 pid waited
    shift
    setsid "$PASSIM" serve --port "$port" --quiet "$@" \
        >>"$TEST_TMP/servers.log" 2>&1 </dev/null &
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
assert_status 2 "$PASSIM" serve small
assert_contains "$ERR" "--port is required" "serve without --port: usage error"
assert_status 2 "$PASSIM" serve --port 0 small
assert_status 2 "$PASSIM" serve --port 70000 small
assert_status 2 "$PASSIM" serve --port 20001 --timeout soon small
assert_status 2 "$PASSIM" serve --port 20001 --bogus small
assert_status 2 "$PASSIM" serve --port 20001 tcp://127.0.0.1:20002
assert_contains "$ERR" "not a remote one" "a remote location is refused"
assert_status 2 "$PASSIM" serve --port 20001 --writable small small
assert_contains "$ERR" "exactly one" "--writable with two databases refused"
assert_status 3 "$PASSIM" serve --port 20001 nowhere
assert_contains "$ERR" "nowhere" "a missing database is named"
PATH=/nonexistent assert_status 3 "$PASSIM" serve --port 20001 small
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
    assert_eq yes "$([ -d made/by/server ] && echo yes)" \
        "serve --writable: a missing database's parent folders are made"
    "$PASSIM" stats --db "tcp://127.0.0.1:$PORT_EMPTY" >/dev/null 2>&1
    stop_server "$PORT_EMPTY"
    assert_status 3 "$PASSIM" serve --port 20001 made/by/server/empty
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
assert_status 0 "$PASSIM" index --db single --exclude README.md "${SOURCES[@]}"
assert_status 0 "$PASSIM" index --db sharded --shards 3 --exclude README.md "${SOURCES[@]}"
assert_status 0 "$PASSIM" stats --db single --json
single_articles=$(jq_get .articles)
single_passages=$(jq_get .passages)
assert_status 0 "$PASSIM" stats --db sharded --json
assert_eq "$single_articles $single_passages" "$(jq_get '"\(.articles) \(.passages)"')" \
    "3 shards hold the articles and passages of the single database"

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
assert_status 0 "$PASSIM" stats --db remote.stub --json
assert_eq "$single_articles" "$(jq_get .articles)" "the remote stub counts every article"

# MODE<TAB>arguments (shell words). MODE is how ties may be ordered (see
# compare_hits.py): date for date-sorted answers.
QUERIES=$(cat <<'EOF'
score	openai
score	microsoft
score	anthropic
score	nvidia
score	azure
score	partnership
score	investments
score	'"data center"'
score	'"open weight"'
score	'"revenue share"'
score	microsoft openai
score	google anthropic
score	amazon bedrock
score	openai OR anthropic
score	'(microsoft OR google) AND cloud'
score	microsoft NOT azure
score	microsoft -openai
score	nvid*
score	regulat*
score	antitrust NEAR regulators
score	chips NEAR/5 export
score	tag:funding openai
score	tag:antitrust
score	tag:regulation europe
score	source:news microsoft
score	source:analysis cloud
score	date:2025 openai
score	date:2024-01..2024-06 microsoft
score	date:..2024 investment
score	lang:fr cloud
score	souveraineté
score	rechenzentren
score	title:openai
score	energy nuclear
score	gpu demand
score	valuation round
score	eu ai act
score	quokka
score	zebrafinch
score	--match any microsoft quokka
score	--per-article 0 openai
score	--per-article 0 '"data center"'
score	--per-article 0 tag:nuclear power
score	--per-article 2 microsoft
score	--facet tag openai
score	--facet source --facet month cloud
score	--facet lang --facet tag regulation
score	--bm25 2.0,0.5 openai
score	--title-weight 0 microsoft
score	--proximity-weight 0 '"data center"' gpu
score	--since 2025-01-01 --until 2025-06-30 cloud
score	--limit 3 microsoft
score	--offset 5 --limit 5 openai
score	--offset 20 --limit 10 --per-article 0 microsoft
date	--sort date openai
date	--sort date tag:chips
date	tag:funding
date	source:policy
date	date:2025-03
EOF
)

mkdir -p answers/single answers/local answers/remote
: >manifest
n=0
with_hits=0
while IFS=$'\t' read -r mode words; do
    eval "set -- $words"
    [[ " $* " == *" --limit "* ]] || set -- --limit 50 "$@"
    n=$((n + 1))
    ok=1
    for side in single:single local:sharded remote:remote.stub; do
        "$PASSIM" search --db "${side#*:}" --json --timeout 5000 "$@" \
            >"answers/${side%%:*}/$n.json" 2>"answers/${side%%:*}/$n.err"
        rc=$?
        if [ "$rc" -gt 1 ]; then
            ok=0
            fail "search ${side%%:*} $(describe_command "$@")" "exit 0 or 1" \
                "$rc; stderr: $(cat "answers/${side%%:*}/$n.err")"
        fi
    done
    [ "$ok" = 1 ] || continue
    [ "$(jq '.hits | length' "answers/single/$n.json")" -gt 0 ] &&
        with_hits=$((with_hits + 1))
    printf '%s q%d-local-vs-single answers/single/%d.json answers/local/%d.json\n' \
        "$mode" "$n" "$n" "$n" >>manifest
    printf '%s q%d-remote-vs-single answers/single/%d.json answers/remote/%d.json\n' \
        "$mode" "$n" "$n" "$n" >>manifest
    printf 'exact q%d-remote-vs-local answers/local/%d.json answers/remote/%d.json\n' \
        "$n" "$n" "$n" >>manifest
    printf '%s\t%s\n' "q$n" "$words" >>queries.txt
done <<<"$QUERIES"
assert_eq yes "$([ "$n" -ge 50 ] && echo yes)" "at least 50 queries ($n)"
assert_eq yes "$([ "$with_hits" -ge 45 ] && echo yes)" \
    "the queries find something ($with_hits of $n have hits)"

section "paging: every page, joined, is the whole list"
for words in microsoft "--per-article 0 openai" "--sort date cloud"; do
    eval "set -- $words"
    "$PASSIM" search --db single --json --limit 1000 "$@" >answers/full.json
    total=$(jq '.hits | length' answers/full.json)
    n=$((n + 1))
    pages_local="" pages_remote=""
    for ((offset = 0; offset < total; offset += 7)); do
        "$PASSIM" search --db sharded --json --offset $offset --limit 7 "$@" \
            >"answers/local/$n-$offset.json"
        "$PASSIM" search --db remote.stub --json --offset $offset --limit 7 "$@" \
            >"answers/remote/$n-$offset.json"
        pages_local+="+answers/local/$n-$offset.json"
        pages_remote+="+answers/remote/$n-$offset.json"
        printf 'exact q%d-page%d-remote-vs-local answers/local/%d-%d.json answers/remote/%d-%d.json\n' \
            "$n" "$offset" "$n" "$offset" "$n" "$offset" >>manifest
    done
    mode=score
    [[ "$words" == *"--sort date"* ]] && mode=date
    cp answers/full.json "answers/single/$n.json"
    printf '%s q%d-pages-local-vs-single answers/single/%d.json %s\n' \
        "$mode" "$n" "$n" "${pages_local#+}" >>manifest
    printf '%s q%d-pages-remote-vs-single answers/single/%d.json %s\n' \
        "$mode" "$n" "$n" "${pages_remote#+}" >>manifest
    printf '%s\t%s (pages of 7)\n' "q$n" "$words" >>queries.txt
done

section "answers compared (hit ids, order up to ties, scores to 1e-9)"
while read -r verdict name rest; do
    query=$(grep -m1 "^${name%%-*}	" queries.txt | cut -f2)
    if [ "$verdict" = ok ]; then
        pass "$name ($query)"
    else
        fail "$name ($query)" "the same results" "${rest}"
    fi
done < <(python3 "$COMPARE" <manifest)

section "spelling over remote databases"
assert_status 1 "$PASSIM" search --db single --json opnai
assert_jq '.suggestion == "openai"' "local database: 'opnai' gets the suggestion 'openai'"
assert_status 1 "$PASSIM" search --db remote.stub --json opnai
assert_jq '.notices | any(test("spelling"))' \
    "remote shards: notices say spelling suggestions are unavailable"
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
assert_eq yes "$([ "$elapsed" -lt 2000 ] && echo yes)" \
    "a refused connection fails at once (${elapsed} ms, --timeout 2000)"
t0=$(now_ms)
assert_status 0 "$PASSIM" search --db remote.stub --timeout 2000 --allow-partial --json --limit 50 microsoft
elapsed=$(($(now_ms) - t0))
printf '%s\n' "$OUT" >answers/partial.json
assert_jq "[.notices[] | select(contains(\"$dead\"))] | length == 1" \
    "--allow-partial: one notice names the dead shard"
assert_eq yes "$([ "$elapsed" -lt 2000 ] && echo yes)" "--allow-partial answers in ${elapsed} ms"
while read -r verdict name rest; do
    if [ "$verdict" = ok ]; then
        pass "partial results are exactly the live shards' results"
    else
        fail "partial results are exactly the live shards' results" "the same" "$rest"
    fi
done < <(echo "exact partial answers/live.json answers/partial.json" | python3 "$COMPARE")
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
    assert_eq yes "$([ "$elapsed" -lt 2500 ] && echo yes)" \
        "$args: fails within the 1000 ms timeout plus 1.5 s (took ${elapsed} ms)"
done
t0=$(now_ms)
assert_status 0 "$PASSIM" search --db remote.stub --timeout 1000 --allow-partial --json microsoft
elapsed=$(($(now_ms) - t0))
assert_jq "[.notices[] | select(contains(\"$hung\"))] | length == 1" \
    "--allow-partial: a notice names the hung shard"
assert_eq yes "$([ "$elapsed" -lt 2500 ] && echo yes)" \
    "--allow-partial answers within the timeout plus 1.5 s (took ${elapsed} ms)"
kill -CONT "${SERVER_PID[${PORTS[2]}]}"

section "a shard server killed during a --batch run"
# read_answer FD VAR : one answer line within 10 s.
batch_round() { # PARTIAL-FLAG... : sends two requests around a kill
    local answer1 answer2 victim=${PORTS[0]}
    coproc BATCH { "$PASSIM" search --batch --db remote.stub --timeout 2000 "$@" 2>/dev/null; }
    echo '{"id": 1, "q": "microsoft"}' >&"${BATCH[1]}"
    IFS= read -r -t 10 answer1 <&"${BATCH[0]}"
    stop_server "$victim"
    echo '{"id": 2, "q": "microsoft"}' >&"${BATCH[1]}"
    IFS= read -r -t 10 answer2 <&"${BATCH[0]}"
    [ -n "${BATCH[1]:-}" ] && eval "exec ${BATCH[1]}>&-"
    wait "$BATCH_PID" 2>/dev/null
    start_on_port "$victim" sharded/shard0 || fail "shard 0 restarts on its port"
    BATCH_ANSWERS=("$answer1" "$answer2")
}
batch_round
assert_jq '.id == 1 and (.hits | length) > 0' "batch: the first request is answered" "${BATCH_ANSWERS[0]}"
assert_jq ".id == 2 and .error.code == \"database\" and (.error.message | contains(\"127.0.0.1:${PORTS[0]}\"))" \
    "batch: after the kill, the answer is a database error naming the shard" "${BATCH_ANSWERS[1]}"
batch_round --allow-partial
assert_jq '.id == 1 and (.hits | length) > 0' "batch --allow-partial: first answer" "${BATCH_ANSWERS[0]}"
assert_jq ".id == 2 and (.hits | length) > 0 and ([.notices[] | select(contains(\"127.0.0.1:${PORTS[0]}\"))] | length == 1)" \
    "batch --allow-partial: after the kill, hits and a notice naming the shard" "${BATCH_ANSWERS[1]}"

# ---- indexing through a writable server --------------------------------------

section "indexing through xapian-tcpsrv --writable"
index_fixtures writable "$SMALL"
if start_server PORT_W --writable writable; then
    assert_status 0 "$PASSIM" index --db-writable "tcp://127.0.0.1:$PORT_W" "$FIXTURES"
    stop_server "$PORT_W"
    assert_ids writable feed-3 zebrafinch
    assert_status 0 "$PASSIM" stats --db writable --json
    assert_jq '.articles == 13' "the local database holds the 13 fixture articles"
    assert_status 2 "$PASSIM" serve --port 20001 --writable sharded
    assert_contains "$ERR" "shard" "serve --writable on a sharded database: one shard at a time"
else
    fail "passim serve --writable listens"
fi

finish
