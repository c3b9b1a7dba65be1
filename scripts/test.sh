#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a passing test suite:
# installs dependencies, builds with tests, and runs every test with ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" -DTAPS_BUILD_TESTS=ON
cd "$root/build"
ctest --output-on-failure -j"$(nproc)" --timeout 300
