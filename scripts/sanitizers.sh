#!/usr/bin/env bash
# Builds and runs the suites most exposed to memory and threading bugs
# under sanitizers, each build in a directory of its own:
#   build-asan/  ASan + UBSan: the engine, process-pool and data-transfer
#                (transformer and filter) suites
#   build-tsan/  TSan: the engine suite
# Every sanitizer report fails the run (halt_on_error, abort). Called by
# .ci/run after the README's test command; prints the time each part took.
#
#   scripts/sanitizers.sh           both
#   scripts/sanitizers.sh asan      only one of them
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="$(nproc)"
parts=("${@:-asan tsan}")
read -r -a parts <<<"${parts[*]}"

# No leak check: the host deliberately never unloads plugin libraries nor
# frees what they registered, so LeakSanitizer's exit report is all noise.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:${TSAN_OPTIONS:-}"

# sanitized_suite <build dir> <sanitizers> <ctest regex> <targets...>
sanitized_suite() {
  local name="$1" dir="$root/$1" sanitize="$2" regex="$3"
  shift 3
  local start=$SECONDS
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAPS_BUILD_TESTS=ON -DTAPS_BUILD_BENCH=OFF \
    -DTAPS_SANITIZE="$sanitize" >/dev/null
  cmake --build "$dir" -j"$jobs" --target "$@"
  local built=$SECONDS
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 600 -R "$regex")
  echo "sanitizers: $name ($sanitize): build $((built - start)) s, tests $((SECONDS - built)) s"
}

for part in "${parts[@]}"; do
  case "$part" in
    asan)
      sanitized_suite build-asan address,undefined \
        '^(Engine|Records|Wait|WireFormat|DataTransform|DataTransformLifetime|CompletionSet|AsCompleted|EncodeInto|HandedOverResult|ProcessPool|TaskArena|ReceiveBuffer|ShmTransformer|ShmCrashSweep|FileTransformerTest|RedisTransformer|RedisTransformerTest|RedisTransformerStart|ObjectSizeFilter|ObjectTypeFilter|NeverFilter|DataPath)' \
        engine_tests out_of_process_tests data_transfer_tests
      ;;
    tsan)
      sanitized_suite build-tsan thread \
        '^(Engine|Records|Wait|WireFormat|DataTransform|DataTransformLifetime|CompletionSet|AsCompleted|EncodeInto|HandedOverResult)\.' \
        engine_tests
      ;;
    *)
      echo "usage: $0 [asan] [tsan]" >&2
      exit 2
      ;;
  esac
done
