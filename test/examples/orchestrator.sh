#!/usr/bin/env bash
# Runs examples/orchestrator against a freshly started modelarts-emulator, as a
# user would (configuration from the environment alone): 500 jobs created and
# awaited on one thread all complete; jobs that fail make it exit non-zero.
# EMULATOR_PHASE_MS (a job environment variable the emulator reads) shortens
# each simulated phase.
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

# 500 jobs, all completed.
"$example" --jobs 500 --env EMULATOR_PHASE_MS=300 > "$work/out-ok" 2> "$work/err-ok" || {
  echo "FAIL: 500 jobs did not all complete" >&2; cat "$work/out-ok" "$work/err-ok" >&2; exit 1; }
grep -q 'summary: 500 jobs, 500 completed, 0 failed, 0 errors' "$work/out-ok" || {
  echo "FAIL: unexpected summary" >&2; cat "$work/out-ok" >&2; exit 1; }
grep -q 'Completed 500' "$work/out-ok" || { echo "FAIL: no phase count line" >&2; exit 1; }
# One thread and a pool of 16: far fewer connections than jobs.
connects=$(sed -n 's/.* \([0-9]*\) connections opened.*/\1/p' "$work/out-ok")
[ "$connects" -le 16 ] || { echo "FAIL: $connects connections opened" >&2; exit 1; }

# Failing jobs: non-zero exit, counted as failed, the phase named.
if "$example" --jobs 5 --env EMULATOR_PHASE_MS=50 --env EMULATOR_OUTCOME=Failed > "$work/out-bad" 2> "$work/err-bad"; then
  echo "FAIL: failed jobs exited 0" >&2; exit 1
fi
grep -q 'summary: 5 jobs, 0 completed, 5 failed' "$work/out-bad" || {
  echo "FAIL: unexpected summary" >&2; cat "$work/out-bad" >&2; exit 1; }
grep -q 'Failed' "$work/err-bad" || { echo "FAIL: the failure is not named: $(cat "$work/err-bad")" >&2; exit 1; }
echo "orchestrator example: 2 passed, 0 failed"
