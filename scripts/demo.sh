#!/usr/bin/env bash
# Sets up, builds and runs the main demo: start the bundled emulator, get an
# IAM token, list the training flavors through the SDK and print them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

scripts/install-deps.sh
cmake --preset release -DMODELARTS_BUILD_TESTS=OFF -DMODELARTS_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release --target modelarts-emulator list_flavors

work=$(mktemp -d)
trap 'kill "${emulator_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
build/release/emulator/modelarts-emulator --data-dir "$work/emulator" --env-file "$work/env" &
emulator_pid=$!
for _ in $(seq 100); do [ -f "$work/env" ] && break; sleep 0.1; done
[ -f "$work/env" ] || { echo "demo: the emulator did not start" >&2; exit 1; }

# shellcheck disable=SC1091
source "$work/env"
# Authenticate as an IAM user (token), not with AK/SK, to show the token flow.
unset HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK
echo "demo: listing training flavors from $MODELARTS_ENDPOINT as IAM user $HUAWEICLOUD_SDK_USERNAME"
build/release/examples/list_flavors
