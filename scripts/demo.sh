#!/usr/bin/env bash
# Sets up, builds and runs the main demo against the bundled emulator: list the
# training flavors with an IAM token, then the whole flow with AK/SK (dataset
# and code to OBS, algorithm, training job with its phases, metrics and log,
# model from the job's output, real-time service, prediction, clean-up).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

scripts/install-deps.sh
cmake --preset release -DMODELARTS_BUILD_TESTS=OFF -DMODELARTS_BUILD_BENCH=OFF >/dev/null
cmake --build --preset release --target modelarts-emulator list_flavors end_to_end

work=$(mktemp -d)
trap 'kill "${emulator_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
build/release/emulator/modelarts-emulator --data-dir "$work/emulator" --env-file "$work/env" &
emulator_pid=$!
for _ in $(seq 100); do [ -f "$work/env" ] && break; sleep 0.1; done
[ -f "$work/env" ] || { echo "demo: the emulator did not start" >&2; exit 1; }

# shellcheck disable=SC1091
source "$work/env"
# The flavors are listed as an IAM user (token), to show the token flow.
echo "demo: listing training flavors from $MODELARTS_ENDPOINT as IAM user $HUAWEICLOUD_SDK_USERNAME"
(unset HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK; build/release/examples/list_flavors)

echo "demo: the whole flow, signed with AK/SK (OBS needs them)"
build/release/examples/end_to_end demo-bucket "$work/local"
