#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS]: builds passim's libFuzzer targets with clang
# under ASan and UBSan (build-fuzz) and runs each for SECONDS (default 30),
# as CI does; fails if any target crashes, leaks, times out or breaks a
# promise its checks hold it to.
#
# Each target starts from seeds/<target>, regressions/<target> and the test
# files seed_dirs names, and keeps what it finds in
# build-fuzz/fuzz-corpus/<target> (libFuzzer writes only into its first
# corpus folder), so that runs build on each other. A crash leaves its
# input in build-fuzz/fuzz-artifacts/<target>/ and its log in
# build-fuzz/fuzz-logs/<target>.log; minimize it with
#   build-fuzz/tests/fuzz/fuzz_<target> -minimize_crash=1 -runs=10000 INPUT
# and add it to regressions/<target>/, which every build replays (CTest).
#
# Dictionaries: query.dict, markdown.dict, html.dict, json.dict (JSON and
# JSON Lines).
#
# Environment: PASSIM_FUZZ_TARGETS (space-separated subset of the targets),
# PASSIM_FUZZ_JOBS (targets run at once, default 1), PASSIM_FUZZ_BUILD_DIR.
# Needs clang with its runtimes (libFuzzer, ASan, UBSan) and llvm-symbolizer:
# Debian's clang, libclang-rt-14-dev and llvm-14 (scripts/setup).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
fuzz="$here/tests/fuzz"
seconds=${1:-30}
build=${PASSIM_FUZZ_BUILD_DIR:-"$here/build-fuzz"}
jobs=${PASSIM_FUZZ_JOBS:-1}
read -r -a targets <<<"${PASSIM_FUZZ_TARGETS:-query analyzer markdown html json jsonl text snippet stored}"

if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "usage: $0 [SECONDS]" >&2
  exit 2
fi

CC=clang CXX=clang++ cmake -S "$here" -B "$build" -DPASSIM_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

symbolizer=$(command -v llvm-symbolizer || command -v llvm-symbolizer-14 || true)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0${symbolizer:+:external_symbolizer_path=$symbolizer}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

mkdir -p "$build/fuzz-logs"
run_target() {
  local t=$1 dict=()
  local corpus="$build/fuzz-corpus/$t" artifacts="$build/fuzz-artifacts/$t/"
  mkdir -p "$corpus" "$artifacts"
  case $t in
    query | markdown | html) dict=(-dict="$fuzz/$t.dict") ;;
    json | jsonl) dict=(-dict="$fuzz/json.dict") ;;
  esac
  local data=() line
  line=$(grep -E "^$t( |\$)" "$fuzz/seed_dirs" || true)
  read -r -a data <<<"${line#"$t"}"
  local rc=0
  "$build/tests/fuzz/fuzz_$t" -max_len=65536 -timeout=10 -rss_limit_mb=512 \
    -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts" "${dict[@]}" \
    "$corpus" "$fuzz/seeds/$t" "$fuzz/regressions/$t" "${data[@]/#/$here/}" \
    >"$build/fuzz-logs/$t.log" 2>&1 || rc=$?
  echo "$rc" >"$build/fuzz-logs/$t.rc"
}

# What a finished run did: executions, speed, and the last coverage line.
summary() {
  local log="$build/fuzz-logs/$1.log"
  local execs speed cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -n 1)
  printf '%-9s execs %-10s execs/s %-7s %s\n' "$1" "${execs:-?}" "${speed:-?}" "$cov"
}

failed=()
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n || true
  done
  echo "fuzz_$t: ${seconds}s" >&2
  rm -f "$build/fuzz-logs/$t.rc"
  run_target "$t" &
done
wait
for t in "${targets[@]}"; do
  summary "$t"
  if [ "$(cat "$build/fuzz-logs/$t.rc" 2>/dev/null)" != 0 ]; then
    failed+=("$t")
    echo "fuzz_$t FAILED: see $build/fuzz-logs/$t.log and $build/fuzz-artifacts/$t/" >&2
  fi
done
[ "${#failed[@]}" -eq 0 ] || exit 1
