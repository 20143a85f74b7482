#!/usr/bin/env bash
# test_batch.sh — the JSON Lines batch modes end to end (issue 6): `passim
# search --batch` answers 1,000 requests (good, malformed, very long; empty
# lines between) through a pipe with exactly one well-formed JSON line each,
# in order, each with its request's id; while its stream stays open it sees
# what a concurrent `passim index` commits. `passim index --batch` answers
# one status line per article as it goes.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=$TEST_TMP/db
index_fixtures "$DB"

# wait_lines FILE N : waits (up to a minute: sanitizer builds are slow)
# until FILE has N lines; false if it never does.
wait_lines() {
    local i
    for i in $(seq 600); do
        [ "$(wc -l <"$1")" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

section "search --batch: 1,000 requests through a pipe"
# Ten kinds of request, in turn; after every tenth an empty line (and a
# lone CR), which are not requests and get no answer. expected.txt holds
# the signature each answer must have (see SIGNATURE).
# 800 words, under the parser's limit of 1,000 terms; TOO_LONG is over it.
LONG_QUERY=$(printf 'revenue share %.0s' $(seq 400))
TOO_LONG=$(printf 'revenue share %.0s' $(seq 1500))
REQUESTS=1000
: >"$TEST_TMP/requests.jsonl"
: >"$TEST_TMP/expected.txt"
for i in $(seq 0 $((REQUESTS - 1))); do
    case $((i % 10)) in
    0)  printf '{"id": %d, "q": "revenue share", "limit": 2}\r\n' "$i"
        echo "ok $i" >&3 ;;
    1)  printf 'revenue share\n'
        echo "ok -" >&3 ;;
    2)  printf '{"id": "s%d", "q": "cloud", "limit": "ten"}\n' "$i"
        echo "error \"s$i\" invalid_request code,message" >&3 ;;
    3)  printf '{"id": %d, "q": "cloud", "match": "most"}\n' "$i"
        echo "error $i invalid_request code,message" >&3 ;;
    4)  printf '{"id": %d, "q": "revenue AND"}\n' "$i"
        echo "error $i query_syntax code,message,offset" >&3 ;;
    5)  printf '{"id": {"n": %d}, "q": "zebrafinch", "facets": ["source"]}\n' "$i"
        echo "ok {\"n\":$i}" >&3 ;;
    6)  if [ $((i % 20)) = 6 ]; then
            printf '{"id": %d, "q": "%s", "per_article": 0}\n' "$i" "$LONG_QUERY"
            echo "ok $i" >&3
        else
            printf '{"id": %d, "q": "%s"}\n' "$i" "$TOO_LONG"
            echo "error $i query_syntax code,message,offset" >&3
        fi ;;
    7)  printf '{"id": %d}\n' "$i"
        echo "error $i invalid_request code,message" >&3 ;;
    8)  printf '{"id": %d, "q": ["revenue"], "sort": "date"}\n' "$i"
        echo "error $i invalid_request code,message" >&3 ;;
    9)  printf '{"id": %d, "q": "quokka", "since": "2025-13", "limit": 1}\n\n\r\n' "$i"
        echo "error $i invalid_request code,message" >&3 ;;
    esac
done >"$TEST_TMP/requests.jsonl" 3>"$TEST_TMP/expected.txt"

# SIGNATURE: "ok ID" (ID the request's id as JSON, "-" when it had none)
# for a results document of the --json schema; "error ID CODE KEYS" for an
# error object holding exactly "id" and "error", whose keys are listed.
SIGNATURE='fromjson? // "INVALID" |
  if . == "INVALID" then "INVALID"
  elif has("error") then
    if (keys == ["error", "id"]) and (.error.code | type) == "string" and
       (.error.message | type) == "string" and (.error.message | length) > 0
    then "error \(.id | tojson) \(.error.code) \(.error | keys | join(","))"
    else "BAD ERROR OBJECT \(tojson)" end
  elif .schema == 1 and (.hits | type) == "array" and (.total | type) == "number"
  then "ok \(if has("id") then (.id | tojson) else "-" end)"
  else "NOT A RESULTS DOCUMENT" end'

cat "$TEST_TMP/requests.jsonl" |
    "$PASSIM" search --batch --db "$DB" >"$TEST_TMP/answers.jsonl" 2>"$TEST_TMP/answers.err"
assert_eq 0 "$?" "search --batch: exit 0"
assert_eq "" "$(head -c 2000 "$TEST_TMP/answers.err")" "search --batch: nothing on stderr"
assert_eq "$REQUESTS" "$(wc -l <"$TEST_TMP/answers.jsonl")" \
    "search --batch: one answer line per request, none for empty lines"
jq -R -r "$SIGNATURE" "$TEST_TMP/answers.jsonl" >"$TEST_TMP/got.txt"
mismatch=$(diff "$TEST_TMP/expected.txt" "$TEST_TMP/got.txt" | head -5)
assert_eq "" "$mismatch" "search --batch: every answer well formed, in request order, with its request's id"

# A few answers looked at closely.
answer() { sed -n "$1p" "$TEST_TMP/answers.jsonl"; }
assert_jq '.id == 0 and .query == "revenue share" and (.hits | length) == 2 and
           .hits[0].id == "revenue-share"' "search --batch: limit applies; CR LF line end" "$(answer 1)"
assert_jq '.query == "revenue share" and .hits[0].id == "revenue-share"' \
    "search --batch: a line that is not JSON is a bare query" "$(answer 2)"
assert_jq '.error.message | test("limit")' "search --batch: a bad value is named" "$(answer 3)"
assert_jq '.error.offset == 8' "search --batch: a query error's offset" "$(answer 5)"
assert_jq '.id == {"n": 5} and .facets.source[0] == {"value": "wire", "count": 1}' \
    "search --batch: any JSON id echoed; facets" "$(answer 6)"
assert_jq "(.query | length) == ${#LONG_QUERY} and .total > 0" \
    "search --batch: a ${#LONG_QUERY}-byte query answered" "$(answer 7)"
assert_jq '.error.message | test("too many terms")' \
    "search --batch: a ${#TOO_LONG}-byte query is refused" "$(answer 17)"
assert_jq '.error.message | test("\"q\"")' "search --batch: a request without q" "$(answer 8)"
assert_jq '.error.message | test("since")' "search --batch: a bad date is named" "$(answer 10)"

section "search --batch: every bad request is an invalid_request naming its key"
# Each line: a request, then what its answer must satisfy (jq). Lines that
# were once taken silently: a '{' line that is no JSON ran as a bare query,
# an unknown key was ignored, 2.7 was cut to 2, -1 and 1e9 had a message
# naming no key, "cloud\u0000azure" ran as "cloud".
STRICT=(
    '{"id": "s1", "q": "azure", "limt": 2}'
    '.error.code == "invalid_request" and (.error.message | test("unknown key \"limt\""))'
    '{"id": "s2", "q": "azure", "limit": 2.7}'
    '.error.code == "invalid_request" and (.error.message | test("\"limit\" must be a whole number from 0 to 1000000"))'
    '{"id": "s3", "q": "azure", "limit": -1}'
    '.error.code == "invalid_request" and (.error.message | test("\"limit\" must be"))'
    '{"id": "s4", "q": "azure", "offset": 1e9}'
    '.error.code == "invalid_request" and (.error.message | test("\"offset\" must be a whole number from 0 to 1000000"))'
    '{"id": "s5", "q": "azure", "limit": 2'
    '.id == null and .error.code == "invalid_request" and (.error.message | test("not valid JSON"))'
    '  {"q": "azure"} trailing'
    '.error.code == "invalid_request" and (.error.message | test("not valid JSON"))'
    '{"id": "s7", "q": "cloud\u0000azure"}'
    '.id == "s7" and .error.code == "invalid_request" and (.error.message | test("\"q\" holds a NUL"))'
    '{"id": "s8", "q": "cloud", "lang": "en\u0000"}'
    '.error.code == "invalid_request" and (.error.message | test("\"lang\" holds a NUL"))'
    '{"id": "s9", "q": "azure", "title_weight": 101}'
    '.error.code == "invalid_request" and (.error.message | test("\"title_weight\" must be a number from 0 to 100"))'
    '{"id": "s10", "q": "azure", "facets": ["source", "colour"]}'
    '.error.code == "invalid_request" and (.error.message | test("\"facets\" must be an array of: source, tag, month or lang"))'
    '{"id": "s11", "q": "azure", "explain": 1}'
    '.error.code == "invalid_request" and (.error.message | test("\"explain\" must be true or false"))'
    '{"id": "s12", "q": "azure", "feedback": "9,9"}'
    '.error.code == "invalid_request" and (.error.message | test("\"feedback\" must be true, false or"))'
    '{"id": "s13", "q": "azure", "json": true}'
    '.error.code == "invalid_request" and (.error.message | test("unknown key \"json\""))'
    '{"id": "s14", "q": "cloud", "limit": 2.0, "facets": ["source"], "feedback": false, "explain": true}'
    '.id == "s14" and (.hits | length) == 2 and (.facets.source | length) > 0 and (.hits[0].explain | length) > 0'
    'cloud {not json'
    '.query == "cloud {not json" and has("error") == false'
)
for ((i = 0; i < ${#STRICT[@]}; i += 2)); do
    printf '%s\n' "${STRICT[i]}"
done >strict.jsonl
printf '{"id": "raw", "q": "cloud\0azure"}\n' >>strict.jsonl
run "$PASSIM" search --batch --db "$DB" --limit 5 <strict.jsonl
assert_eq 0 "$RC" "search --batch: bad requests do not end the stream"
assert_eq $((${#STRICT[@]} / 2 + 1)) "$(printf '%s\n' "$OUT" | wc -l)" "search --batch: one answer per request"
for ((i = 0; i < ${#STRICT[@]}; i += 2)); do
    assert_jq "${STRICT[i + 1]}" "search --batch: ${STRICT[i]}" \
        "$(printf '%s\n' "$OUT" | sed -n "$((i / 2 + 1))p")"
done
assert_jq '.id == null and .error.code == "invalid_request" and (.error.message | test("NUL byte"))' \
    "search --batch: a raw NUL byte in a request" "$(printf '%s\n' "$OUT" | tail -1)"

section "search --batch: a commit made while the stream is open"
rm -f "$TEST_TMP/req"
mkfifo "$TEST_TMP/req"
"$PASSIM" search --batch --db "$DB" <"$TEST_TMP/req" >"$TEST_TMP/live.out" 2>"$TEST_TMP/live.err" &
LIVE=$!
BACKGROUND_PIDS+=("$LIVE")
exec 8>"$TEST_TMP/req"
echo '{"id": "before", "q": "wombatfeed"}' >&8
wait_lines "$TEST_TMP/live.out" 1 || fail "search --batch: answers while the stream is open"
echo '{"id": "new-1", "title": "Wombat Feed", "body": "The wombatfeed arrives."}' |
    run "$PASSIM" index --db "$DB" -
assert_eq 0 "$RC" "index while a batch search runs: exit 0"
echo '{"id": "after", "q": "wombatfeed"}' >&8
wait_lines "$TEST_TMP/live.out" 2 || fail "search --batch: answers after the commit"
echo '{"id": "new-1", "title": "Wombat Feed Renamed", "body": "The wombatfeed arrives."}' |
    run "$PASSIM" index --db "$DB" -
echo '{"id": "updated", "q": "wombatfeed"}' >&8
exec 8>&-
wait "$LIVE"
assert_eq 0 "$?" "search --batch: exit 0 at the end of its input"
assert_eq "" "$(head -c 2000 "$TEST_TMP/live.err")" "search --batch: nothing on stderr"
assert_jq '.id == "before" and .total == 0' "search --batch: nothing before the commit" \
    "$(sed -n 1p "$TEST_TMP/live.out")"
assert_jq '.id == "after" and .total == 1 and .hits[0].id == "new-1"' \
    "search --batch: a later request sees the commit" "$(sed -n 2p "$TEST_TMP/live.out")"
assert_jq '.id == "updated" and .hits[0].title == "Wombat Feed Renamed"' \
    "search --batch: and the next one" "$(sed -n 3p "$TEST_TMP/live.out")"

section "index --batch: one status line per article, in order"
# Lines: a new article, not JSON, blank (no answer), no text, no id (stored
# as "-#" and its content hash), the first again unchanged, then changed, a
# 70 MiB line (read past, not kept), and after it one more article.
{
    printf '%s\n' '{"id": "ib-1", "title": "Batch one", "body": "The wombat sings."}' \
        'not json at all' '' \
        '{"id": "ib-2", "title": "No text"}' \
        '{"title": "No id", "body": "A lone capybara."}' \
        '{"id": "ib-1", "title": "Batch one", "body": "The wombat sings."}' \
        '{"id": "ib-1", "title": "Batch one", "body": "The wombat sings louder."}'
    head -c $((70 << 20)) /dev/zero | tr '\0' 'x'
    printf '\n%s\n' '{"id": "ib-3", "title": "After", "body": "A narwhal."}'
} >articles.jsonl
run "$PASSIM" index --batch --db ibdb <articles.jsonl
assert_eq 1 "$RC" "index --batch: exit 1 (some lines failed)"
capybara_id=$(printf '%s\n' "$OUT" | jq -r 'select(.line == 5) | .id' 2>/dev/null)
assert_match "$capybara_id" '^-#[0-9a-f]{16}$' "index --batch: an article without an id is named by its content"
answers=$(printf '%s\n' "$OUT" | jq -c '[.line, .id, .status]' 2>/dev/null | tr -d '\n')
assert_eq '[1,"ib-1","added"][2,null,"failed"][4,"ib-2","failed"][5,"'"$capybara_id"'","added"][6,"ib-1","unchanged"][7,"ib-1","updated"][8,null,"failed"][9,"ib-3","added"]' \
    "$answers" "index --batch: line, id and status of every non-blank line, in order"
assert_eq 8 "$(printf '%s\n' "$OUT" | jq -s 'length')" "index --batch: one JSON line per non-blank input line"
assert_match "$(printf '%s\n' "$OUT" | jq -r 'select(.line == 2) | .reason')" 'invalid JSON' \
    "index --batch: a failed line says why"
assert_match "$(printf '%s\n' "$OUT" | jq -r 'select(.line == 8) | .reason')" 'too long' \
    "index --batch: an over-long line is failed, not kept"
assert_contains "$ERR" "indexed: 3 added, 1 updated, 1 unchanged, 0 removed, 3 failed" \
    "index --batch: the summary on stderr counts the failed lines"
assert_ids ibdb "ib-1" wombat
assert_ids ibdb "$capybara_id" capybara
assert_ids ibdb "ib-3" narwhal
run "$PASSIM" search --db ibdb --json capybara
assert_jq '.hits[0].path == "-" and .hits[0].line == 5' "index --batch: a hit's path:line is -:LINE"

# Answers come as soon as each line is read: a writer that waits for each
# answer before sending the next line is never stuck.
mkfifo to_indexer
"$PASSIM" index --batch --db ibdb <to_indexer >answers.jsonl 2>/dev/null &
BACKGROUND_PIDS+=($!)
exec 8>to_indexer
got=""
for i in 1 2 3; do
    printf '{"id": "live-%d", "body": "Streamed hedgehog %d."}\n' "$i" "$i" >&8
    for ((waited = 0; waited < 100; waited++)); do
        [ "$(wc -l <answers.jsonl)" -ge "$i" ] && break
        sleep 0.1
    done
    got+=$(sed -n "${i}p" answers.jsonl | jq -r .status)
done
exec 8>&-
wait "${BACKGROUND_PIDS[-1]}"
assert_eq "addedaddedadded" "$got" "index --batch: each answer is flushed before the next line comes"
assert_ids ibdb "live-1 live-2 live-3" hedgehog

assert_status 2 "$PASSIM" index --batch --db ibdb somewhere
assert_contains "$ERR" "--batch reads standard input" "index --batch with a PATH: usage error"

finish
