#!/usr/bin/env bash
# Runs examples/list_flavors against a freshly started modelarts-emulator, as a
# user would: configuration from the environment alone. Checks both ways of
# authenticating and that a wrong secret fails with a clear message.
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

expect_flavors() {
  grep -q 'modelarts.vm.cpu.8u' "$1" || { echo "FAIL: $2: no flavor listed" >&2; cat "$1" >&2; exit 1; }
}

# AK/SK signing.
"$example" > "$work/out-aksk"
expect_flavors "$work/out-aksk" "AK/SK"

# IAM password token.
(unset HUAWEICLOUD_SDK_AK HUAWEICLOUD_SDK_SK; "$example" CPU) > "$work/out-token"
expect_flavors "$work/out-token" "password token"
if grep -q 'GPU' "$work/out-token"; then echo "FAIL: the CPU filter let a GPU flavor through" >&2; exit 1; fi

# A wrong secret: non-zero exit, the service's code, and never the secret itself.
if HUAWEICLOUD_SDK_SK=Wrong-Secret-Do-Not-Print "$example" > "$work/out-bad" 2> "$work/err-bad"; then
  echo "FAIL: a wrong secret key succeeded" >&2; exit 1
fi
grep -q 'APIG.0301' "$work/err-bad" || { echo "FAIL: no service code in: $(cat "$work/err-bad")" >&2; exit 1; }
if grep -q 'Wrong-Secret' "$work/out-bad" "$work/err-bad"; then echo "FAIL: the secret was printed" >&2; exit 1; fi
echo "list_flavors example: 3 passed, 0 failed"
