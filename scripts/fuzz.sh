#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with Debian's clang-14 into
# build-fuzz/ and fuzzes each for FUZZ_SECONDS (default 60) seconds.
#
# First every committed input in tests/fuzz/corpus/<target>/ is replayed
# (the seeds, and every crash ever found, kept there as a regression input);
# then libFuzzer explores from them, writing new inputs to
# build-fuzz/corpus/<target>/ (not committed). A crash stops the script; the
# input is in build-fuzz/crashes/: fix the bug, then copy the input into
# tests/fuzz/corpus/<target>/ so it is replayed forever after.
#
#   scripts/fuzz.sh                 all targets, 60 s each
#   FUZZ_SEED=1 scripts/fuzz.sh     the same mutation sequence on every run
#                                   (CI: a red run is then a bug anyone can
#                                   reproduce, not a roll of the dice)
#   FUZZ_SECONDS=600 scripts/fuzz.sh plugin_elf
#   scripts/fuzz.sh --seeds         regenerate the wire-format seed inputs
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
corpus="$root/tests/fuzz/corpus"
seconds="${FUZZ_SECONDS:-60}"
seed_flag=()
[[ -n "${FUZZ_SEED:-}" ]] && seed_flag=(-seed="$FUZZ_SEED")
targets=(wire_task wire_result config_toml config_cli plugin_elf)

CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTAPS_FUZZ=ON -DTAPS_BUILD_TESTS=OFF -DTAPS_BUILD_BENCH=OFF >/dev/null
if [[ "${1:-}" == "--seeds" ]]; then
  cmake --build "$build" -j"$(nproc)" --target fuzz_make_seeds
  "$build/bin/fuzz_make_seeds" "$corpus"
  exit 0
fi
(($# > 0)) && targets=("$@")
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build/crashes"
for target in "${targets[@]}"; do
  fuzzer="$build/bin/fuzz_$target"
  echo "== $target: replaying $(ls "$corpus/$target" | wc -l) committed inputs"
  "$fuzzer" -runs=0 "$corpus/$target" 2>"$build/crashes/$target-replay.log" ||
    { tail -40 "$build/crashes/$target-replay.log"; exit 1; }
  echo "== $target: fuzzing for ${seconds} s"
  mkdir -p "$build/corpus/$target"
  "$fuzzer" "${seed_flag[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$build/crashes/$target-" "$build/corpus/$target" "$corpus/$target" \
    2>"$build/crashes/$target.log" ||
    { tail -60 "$build/crashes/$target.log"; echo "fuzz: $target found a crash; input in $build/crashes/"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/crashes/$target.log" | sed "s/^/   /"
done
