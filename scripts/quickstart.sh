#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a real benchmark: installs
# dependencies, builds, and runs the synthetic app (a bag of 100,000 no-op
# tasks, 2 workers' worth in flight) on the default executor, thread-pool.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" -DTAPS_BUILD_TESTS=OFF
cd "$root"
./build/bin/taps-host --plugin-path ./build/plugins run \
  --app synthetic --app.structure bag --app.task-count 100000 --app.bag-max-running 4 \
  --engine.executor thread-pool "$@"
