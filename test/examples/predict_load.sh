#!/usr/bin/env bash
# Runs examples/predict_load against a freshly started modelarts-emulator: it
# deploys a toy service, sends N concurrent predictions and prints percentiles.
set -euo pipefail
emulator=$1
example=$2

work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
"$emulator" --data-dir "$work/data" --env-file "$work/env" >/dev/null &
pid=$!
for _ in $(seq 200); do [ -f "$work/env" ] && break; sleep 0.05; done
[ -f "$work/env" ] || { echo "emulator did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$work/env"
export HUAWEICLOUD_SDK_CREDENTIALS_FILE="$work/no-such-profile"

"$example" 300 --deploy > "$work/out"
grep -q '^predictions=300 failures=0 ' "$work/out" || { echo "FAIL: $(cat "$work/out")" >&2; exit 1; }
grep -q 'p99_ms=' "$work/out" || { echo "FAIL: no percentiles" >&2; exit 1; }
cat "$work/out"
echo "predict_load example: 1 passed, 0 failed"
