#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (unit, integration against the
# emulator, examples). `scripts/test.sh asan` runs it under ASan+UBSan instead.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
preset=${1:-debug}

scripts/install-deps.sh
start=$(date +%s)
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
built=$(date +%s)
ctest --preset "$preset" -j2
echo "test.sh: build $((built - start)) s, tests $(( $(date +%s) - built )) s (preset $preset)"
