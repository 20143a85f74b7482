# lib.sh — what passim's end-to-end tests share (sourced, never run): the
# binary, a scratch folder removed on exit, assertions that say what was
# expected and what came, and the closing "N passed, M failed" line.
#
# Each test runs from a scratch working directory, away from the repository,
# so relative paths prove nothing by accident, and always passes --db: the
# user's default database is never touched.

set -u

PASSIM_SOURCE_DIR=${PASSIM_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
FIXTURES=$PASSIM_SOURCE_DIR/tests/data/articles
COMPARE_HITS=$PASSIM_SOURCE_DIR/bench/scale/compare_hits.py

if [ -z "${PASSIM:-}" ] || [ ! -x "$PASSIM" ]; then
    echo "PASSIM must name the passim binary (got '${PASSIM:-}')" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
PASSIM=$(realpath "$PASSIM")
# PASSIM_NATIVE: the binary itself, for the few runs memcheck cannot host
# (test_malloc.sh's preloaded allocator, test_pathological.sh's
# million-word database); each says why.
PASSIM_NATIVE=$PASSIM
# PASSIM_UNDER_VALGRIND=1 (scripts/test's valgrind stage): every other
# passim run goes through memcheck, and suites shrink what is only
# repetition (under_valgrind), since each run is 20 to 50 times slower there.
under_valgrind() { [ "${PASSIM_UNDER_VALGRIND:-0}" = 1 ]; }
if under_valgrind; then
    export PASSIM_VALGRIND_BINARY=$PASSIM
    PASSIM=$PASSIM_SOURCE_DIR/tests/tools/valgrind-passim
fi
command -v jq >/dev/null || { echo "jq is needed" >&2; echo "0 passed, 1 failed"; exit 1; }

# The default database must never be the one a test writes.
unset PASSIM_DB
export NO_COLOR=1 LC_ALL=C.UTF-8

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/passim-e2e.XXXXXX")
mkdir -p "$TEST_TMP/cwd"
cd "$TEST_TMP/cwd" || exit 1

PASSED=0
FAILED=0
FINISHED=0
BACKGROUND_PIDS=()

# An early exit (a crash of the script itself) still prints the closing line
# and fails; background writers a test started are stopped by their pid.
on_exit() {
    local status=$?
    local pid
    for pid in "${BACKGROUND_PIDS[@]}"; do
        kill "$pid" 2>/dev/null
    done
    cd / && rm -rf "$TEST_TMP"
    if [ "$FINISHED" = 0 ]; then
        echo "FAIL - the test script ended early (status $status)"
        echo "$PASSED passed, $((FAILED + 1)) failed"
        exit 1
    fi
}
trap on_exit EXIT

pass() {
    PASSED=$((PASSED + 1))
    echo "ok - $1"
}

# fail MESSAGE [EXPECTED GOT]
fail() {
    FAILED=$((FAILED + 1))
    echo "FAIL - $1"
    if [ $# -ge 3 ]; then
        printf '  expected: %s\n' "$2"
        printf '  got:      %s\n' "$(printf '%s' "$3" | head -c 2000)"
    fi
}

skip() {
    echo "SKIP - $1"
}

section() {
    echo "# $1"
}

# run CMD... : runs the command, leaving its stdout in $OUT, stderr in $ERR
# (trailing newlines dropped) and exit status in $RC. Reading with the read
# builtin forks nothing: tests run hundreds of commands.
run() {
    "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    RC=$?
    read_file OUT "$TEST_TMP/out"
    read_file ERR "$TEST_TMP/err"
}

read_file() { # VAR FILE
    IFS= read -r -d '' "$1" <"$2"
    while [[ ${!1} == *$'\n' ]]; do
        printf -v "$1" '%s' "${!1%$'\n'}"
    done
}

assert_eq() { # EXPECTED ACTUAL MESSAGE
    if [ "$1" == "$2" ]; then pass "$3"; else fail "$3" "$1" "$2"; fi
}

assert_ne() { # UNEXPECTED ACTUAL MESSAGE
    if [ "$1" != "$2" ]; then pass "$3"; else fail "$3" "anything but '$1'" "$2"; fi
}

assert_contains() { # HAYSTACK NEEDLE MESSAGE
    if [[ "$1" == *"$2"* ]]; then
        pass "$3"
    else
        fail "$3" "text containing '$2'" "$1"
    fi
}

assert_not_contains() { # HAYSTACK NEEDLE MESSAGE
    if [[ "$1" != *"$2"* ]]; then
        pass "$3"
    else
        fail "$3" "text without '$2'" "$1"
    fi
}

assert_match() { # TEXT ERE MESSAGE
    if printf '%s\n' "$1" | grep -Eq -- "$2"; then
        pass "$3"
    else
        fail "$3" "a line matching /$2/" "$1"
    fi
}

# assert_status CODES CMD... : CODES is one status or several as "1|2".
# Leaves $OUT, $ERR and $RC for further checks.
assert_status() {
    local codes=$1
    shift
    run "$@"
    if [[ "|$codes|" == *"|$RC|"* ]]; then
        pass "exit $RC: $(describe_command "$@")"
    else
        fail "exit status of: $(describe_command "$@")" "$codes" \
            "$RC; stderr: $ERR"
    fi
}

# The command as typed, shortened: long arguments (100 KB queries) cut.
describe_command() {
    local arg quoted text=""
    for arg in "$@"; do
        [ "$arg" = "$PASSIM" ] && arg=passim
        if [ ${#arg} -gt 60 ]; then
            arg="${arg:0:40}…(${#arg} chars)"
        fi
        printf -v quoted '%q' "$arg"
        text+="$quoted "
    done
    printf '%s' "${text% }"
}

# assert_jq FILTER MESSAGE [JSON] : jq -e FILTER must hold on JSON (default:
# the last command's stdout).
assert_jq() {
    local json=${3-$OUT}
    # jq -e holds on empty input (no value, no false): demand a value.
    if [[ $json =~ [^[:space:]] ]] &&
        printf '%s' "$json" | jq -e "$1" >/dev/null 2>&1; then
        pass "$2"
    else
        fail "$2" "jq -e '$1' to hold" "$json"
    fi
}

# jq_get FILTER [JSON] : the filter's raw output (jq -r).
jq_get() {
    printf '%s' "${2-$OUT}" | jq -r "$1" 2>/dev/null
}

# search_ids DB QUERY-AND-OPTIONS... : sets $IDS to the ids of every hit,
# sorted, one space between, and $RC to passim's status.
search_ids() {
    local db=$1
    shift
    run "$PASSIM" search --db "$db" --json --limit 1000 "$@"
    IDS=$(jq_get '[.hits[].id] | sort | join(" ")')
}

# assert_ids DB "EXPECTED IDS" QUERY-AND-OPTIONS... : the query finds
# exactly these articles (ids in any order). One jq sorts both lists.
assert_ids() {
    local db=$1 expected=$2 lists
    shift 2
    run "$PASSIM" search --db "$db" --json --limit 1000 "$@"
    lists=$(printf '%s' "$OUT" | jq -r --arg want "$expected" \
        '($want | split(" ") | map(select(. != "")) | sort | join(" ")),
         ([.hits[].id] | sort | join(" "))' 2>/dev/null)
    IDS=${lists#*$'\n'}
    expected=${lists%%$'\n'*}
    [ "$lists" = "$IDS" ] && IDS="" # jq failed: no JSON on stdout
    if [ "$RC" -gt 1 ]; then
        fail "$(describe_command "$@") runs" "exit 0 or 1" "$RC; stderr: $ERR"
        return
    fi
    assert_eq "$expected" "$IDS" "$(describe_command "$@") finds: ${expected:-nothing}"
}

# assert_same_answers MANIFEST DESCRIPTIONS : bench/scale/compare_hits.py
# judges each comparison of MANIFEST (lines "MODE NAME ANSWERS ANSWERS"), one
# assertion each, named NAME and its query's description: the entry of the
# associative array named DESCRIPTIONS under the "qN" part of NAME
# (q3-remote-vs-local, first-jobs1-q3). A last assertion: every line judged.
assert_same_answers() {
    local manifest=$1 verdict name rest what compared=0
    local -n descriptions=$2
    while read -r verdict name rest; do
        compared=$((compared + 1))
        name=${name%:}
        what=
        [[ $name =~ (^|-)(q[0-9]+)(-|$) ]] && what=${descriptions[${BASH_REMATCH[2]}]}
        if [ "$verdict" = ok ]; then
            pass "$name $what"
        else
            fail "$name $what" "the same results" "$rest"
        fi
    done < <(python3 "$COMPARE_HITS" <"$manifest")
    assert_eq "$(wc -l <"$manifest")" "$compared" "compare_hits.py judged every comparison"
}

# index_fixtures DB [DIR] : index the fixtures (or DIR); fails the test when
# indexing does.
index_fixtures() {
    run "$PASSIM" index --db "$1" "${2:-$FIXTURES}"
    if [ "$RC" != 0 ]; then
        fail "indexing ${2:-$FIXTURES} into $1" "exit 0" "$RC; stderr: $ERR"
    fi
}

# ---- memory and time of one run (test_hostile.sh, test_pathological.sh) ----

MEM_LIMIT=$((256 * 1024 * 1024))
# ASan reserves terabytes of shadow address space: a sanitizer build cannot
# run under `prlimit --as`, so only its peak resident size is asserted.
if ldd "$PASSIM_NATIVE" 2>/dev/null | grep -q 'libasan'; then
    SANITIZED=1
else
    SANITIZED=0
fi

# measured CMD... : run's $OUT, $ERR, $RC, with $PEAK_KB (peak resident
# size), $CPU (user + system seconds) and $SECS (wall); under the
# address-space cap in the normal build. Under valgrind no cap: memcheck
# cannot start in 256 MB of address space.
measured() {
    local cap=()
    # ASan's quarantine keeps up to 256 MB of freed blocks resident: that
    # is the sanitizer's memory, not passim's, so it is kept small.
    if [ "$SANITIZED" = 1 ]; then
        cap=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16")
    elif ! under_valgrind; then
        cap=(prlimit --as=$MEM_LIMIT --)
    fi
    run /usr/bin/time -f 'peak_kb=%M secs=%e user=%U sys=%S' -o "$TEST_TMP/time" "${cap[@]}" "$@"
    PEAK_KB=$(sed -n 's/^peak_kb=\([0-9]*\).*/\1/p' "$TEST_TMP/time")
    SECS=$(sed -n 's/.*secs=\([0-9.]*\).*/\1/p' "$TEST_TMP/time")
    CPU=$(awk -F'[= ]' '/^peak_kb=/ { printf "%.2f", $6 + $8 }' "$TEST_TMP/time")
}

# assert_peak WHAT [MB] : the last measured run stayed under MB (default
# 256) megabytes.
assert_peak() {
    local mb=${2:-$((MEM_LIMIT >> 20))}
    if under_valgrind; then
        skip "$1: peak memory (memcheck's own, not passim's: the normal and ASan builds check it)"
        return
    fi
    echo "#   peak RSS of $1: $((${PEAK_KB:-0} / 1024)) MB"
    if [ -n "$PEAK_KB" ] && [ "$PEAK_KB" -lt $((mb * 1024)) ]; then
        pass "$1: peak memory ${PEAK_KB} KB < $mb MB"
    else
        fail "$1: peak memory under $mb MB" "< $((mb * 1024)) KB" "${PEAK_KB:-none} KB"
    fi
}

# assert_quick WHAT LIMIT : the run timed since SECONDS was last zeroed took
# at most LIMIT seconds (four times that in a sanitizer build); not asserted
# under valgrind, whose time is no measure of passim's.
assert_quick() {
    local limit=$(( SANITIZED ? $2 * 4 : $2 ))
    if under_valgrind; then
        skip "$1: memcheck's time is no measure of passim's"
    elif [ "$SECONDS" -le "$limit" ]; then
        pass "$1 ($SECONDS s)"
    else
        fail "$1" "<= $limit s" "$SECONDS s"
    fi
}

# assert_utf8_json WHAT [TEXT] : TEXT (default $OUT) is JSON (or JSON
# Lines) whose bytes are strict UTF-8 and whose strings hold no lone
# surrogate (a "\ud800" escape is valid JSON but no Unicode text).
assert_utf8_json() {
    local text=${2-$OUT} why
    why=$(printf '%s' "$text" | python3 -c '
import json, sys
data = sys.stdin.buffer.read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("invalid UTF-8 at byte %d: %r" % (e.start, data[max(0, e.start - 20):e.start + 20]))
def walk(v):
    if isinstance(v, str):
        v.encode("utf-8")
    elif isinstance(v, list):
        for x in v: walk(x)
    elif isinstance(v, dict):
        for k, x in v.items(): walk(k); walk(x)
lines = [l for l in text.split("\n") if l.strip()]
if not lines:
    sys.exit("no JSON")
for l in lines:
    try:
        walk(json.loads(l))
    except Exception as e:
        sys.exit("not JSON text: %s" % e)
' 2>&1)
    if [ $? = 0 ]; then pass "$1: valid UTF-8 JSON"; else fail "$1: valid UTF-8 JSON" "strict UTF-8 JSON" "$why"; fi
}

# ---- the command line's documentation (test_command_line.sh, test_install.sh) ----

# passim_commands : the subcommands `passim --help` lists (help aside),
# sorted, one per line.
passim_commands() {
    "$PASSIM" --help | awk '/^Commands:/ { on = 1; next }
        on && /^  [a-z]/ && $1 != "help" { print $1 } on && /^$/ { exit }' | sort
}

# options_of CMD : the options `passim CMD --help` lists (the option column
# of its lines that start with one), sorted, one per line.
options_of() {
    "$PASSIM" "$1" --help | sed -nE 's/^  (-[^ ].*)$/\1/p' | sed -E 's/   +.*//' |
        grep -oE '(^|, )--?[a-z][a-z0-9-]*' | sed 's/^, //' | sort -u
}

# not_found TEXT BEFORE AFTER WORD... : the WORDs (space-separated) that
# TEXT does not hold between a character of the class BEFORE (or a line's
# start) and one of AFTER (or a line's end), e.g. BEFORE ' ,' for options.
not_found() {
    local text=$1 before=$2 after=$3 word missing=""
    shift 3
    for word in "$@"; do
        grep -qE -- "(^|[$before])$word([$after]|\$)" <<<"$text" || missing+="$word "
    done
    printf '%s' "$missing"
}

# complete_words WORDS... : what passim's bash completion (sourced before)
# offers for the last word, sorted, one per line.
complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _passim
    printf '%s\n' "${COMPREPLY[@]}" | sort -u
}

# The closing line; the status says whether every assertion held.
finish() {
    FINISHED=1
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" = 0 ]
    exit $?
}
