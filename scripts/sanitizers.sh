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

# Sanitized builds share nothing with the normal one: the compiler cache is
# what makes a second CI run cheap (CCACHE_DIR, if set, says where it is).
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

# sanitized_suite <build dir> <sanitizers> <ctest regex> <ctest exclude regex> <targets...>
sanitized_suite() {
  local name="$1" dir="$root/$1" sanitize="$2" regex="$3" exclude="$4"
  shift 4
  local start=$SECONDS
  cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAPS_BUILD_TESTS=ON -DTAPS_BUILD_BENCH=OFF \
    -DTAPS_SANITIZE="$sanitize" "${launcher[@]}" >/dev/null
  cmake --build "$dir" -j"$jobs" --target "$@"
  local built=$SECONDS
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 600 -R "$regex" -E "$exclude")
  echo "sanitizers: $name ($sanitize): build $((built - start)) s, tests $((SECONDS - built)) s"
}

for part in "${parts[@]}"; do
  case "$part" in
    asan)
      # Excluded: a wall-clock bound (a timed-out task fails within 6 s),
      # which ASan's slowdown on a loaded 2-core share exceeds (9.2 s); no
      # sanitizer report there.
      sanitized_suite build-asan address,undefined \
        '^(Engine|Records|Wait|WireFormat|DataTransform|DataTransformLifetime|CompletionSet|AsCompleted|EncodeInto|HandedOverResult|TaskLog|StallWarning|ProcessPool|TaskArena|ReceiveBuffer|ShmTransformer|ShmCrashSweep|FileTransformerTest|RedisTransformer|RedisTransformerTest|RedisTransformerStart|ObjectSizeFilter|ObjectTypeFilter|NeverFilter|DataPath|Signals/Interrupted|Transformers/CleanAfterKill|Clean)' \
        '^ProcessPool\.ATaskOverTheTimeoutFailsWithTimeoutErrorWithinSeconds' \
        engine_tests out_of_process_tests data_transfer_tests
      ;;
    tsan)
      sanitized_suite build-tsan thread \
        '^(Engine|Records|Wait|WireFormat|DataTransform|DataTransformLifetime|CompletionSet|AsCompleted|EncodeInto|HandedOverResult)\.' \
        '^$' engine_tests
      ;;
    *)
      echo "usage: $0 [asan] [tsan]" >&2
      exit 2
      ;;
  esac
done
