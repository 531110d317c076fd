#!/usr/bin/env bash
# Runs the main demo (examples/end_to_end) against a freshly started
# modelarts-emulator with configuration from the environment alone, and checks
# that every step ran, the prediction came back, and nothing was left behind.
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

"$example" demo-bucket "$work/local" > "$work/out" 2> "$work/err" || {
  echo "FAIL: end_to_end exited non-zero" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
cat "$work/out"
for expected in 'phase Completed' ' published, ' '/v1/infers/' '"sum":6.5E0,"count":3' 'objects deleted' 'end_to_end: done'; do
  grep -qF "$expected" "$work/out" || { echo "FAIL: no '$expected' in the output" >&2; exit 1; }
done
# Everything the demo wrote under end-to-end/ is gone from the emulator's disk.
if find "$work/data/obs" -path '*end-to-end*' -type f 2>/dev/null | grep -q .; then
  echo "FAIL: objects left behind:" >&2; find "$work/data/obs" -path '*end-to-end*' -type f >&2; exit 1
fi
echo "end_to_end example: passed"
