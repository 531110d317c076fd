#!/usr/bin/env bash
# Runs examples/obs_upload and examples/obs_download against a freshly started
# modelarts-emulator, as a user would: configuration from the environment
# alone. A folder (one file large enough for a multipart upload) goes up and
# comes back identical; a single file keeps its name; failures exit non-zero
# with a clear message.
set -euo pipefail
emulator=$1
upload=$2
download=$3

work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
"$emulator" --data-dir "$work/data" --env-file "$work/env" >/dev/null &
pid=$!
for _ in $(seq 200); do [ -f "$work/env" ] && break; sleep 0.05; done
[ -f "$work/env" ] || { echo "emulator did not start" >&2; exit 1; }
# shellcheck disable=SC1091
source "$work/env"
export HUAWEICLOUD_SDK_CREDENTIALS_FILE="$work/no-such-profile"
export MODELARTS_TRANSFER_CHECKPOINT_DIR="$work/checkpoints"

passed=0
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { passed=$((passed + 1)); }

# The examples upload into an existing bucket: make one (SigV4, as S3 tools do).
curl -sSf --cacert "$MODELARTS_CA_FILE" --aws-sigv4 "aws:amz:$MODELARTS_REGION:s3" \
  --user "$HUAWEICLOUD_SDK_AK:$HUAWEICLOUD_SDK_SK" -X PUT "$MODELARTS_OBS_ENDPOINT/examples" \
  || fail "could not create the bucket"

# A folder: nested files, an empty one, and 9 MiB (above the 8 MiB single-PUT threshold).
mkdir -p "$work/dataset/sub/deeper"
head -c 9437184 /dev/urandom > "$work/dataset/big.bin"
echo "hello" > "$work/dataset/hello.txt"
: > "$work/dataset/sub/empty"
head -c 12345 /dev/urandom > "$work/dataset/sub/deeper/odd name.bin"

"$upload" --part-size 2097152 "$work/dataset" obs://examples/up/ > "$work/out-up" 2> "$work/err-up" \
  || fail "folder upload: $(cat "$work/err-up")"
grep -q '^uploaded 4 file(s)' "$work/out-up" || fail "folder upload said: $(cat "$work/out-up")"
pass

"$download" obs://examples/up/dataset/ "$work/down" > "$work/out-down" 2> "$work/err-down" \
  || fail "folder download: $(cat "$work/err-down")"
grep -q '^downloaded 4 file(s)' "$work/out-down" || fail "folder download said: $(cat "$work/out-down")"
diff -r "$work/dataset" "$work/down/dataset" || fail "the folder came back different"
pass

# One file to an exact object name, then into a folder under its own name.
"$upload" "$work/dataset/hello.txt" obs://examples/single/greeting.txt > /dev/null 2> "$work/err-single" \
  || fail "file upload: $(cat "$work/err-single")"
"$download" obs://examples/single/greeting.txt "$work/single" > /dev/null 2> "$work/err-single" \
  || fail "file download: $(cat "$work/err-single")"
cmp "$work/dataset/hello.txt" "$work/single/greeting.txt" || fail "the single file came back different"
pass

# Nothing left for a resume once the transfers succeeded.
if [ -d "$MODELARTS_TRANSFER_CHECKPOINT_DIR" ] && [ -n "$(ls -A "$MODELARTS_TRANSFER_CHECKPOINT_DIR")" ]; then
  fail "checkpoints left behind: $(ls -A "$MODELARTS_TRANSFER_CHECKPOINT_DIR")"
fi
pass

# Failures: a bucket that does not exist, a prefix with nothing under it, a bad command line.
if "$upload" "$work/dataset/hello.txt" obs://no-such-bucket/x > /dev/null 2> "$work/err-bucket"; then
  fail "an upload to a missing bucket succeeded"
fi
grep -q 'NoSuchBucket' "$work/err-bucket" || fail "no NoSuchBucket in: $(cat "$work/err-bucket")"
pass

status=0
"$download" obs://examples/nothing-here/ "$work/none" > /dev/null 2> "$work/err-none" || status=$?
[ "$status" -eq 1 ] || fail "a download of nothing exited with $status"
grep -q 'nothing to download' "$work/err-none" || fail "unclear message: $(cat "$work/err-none")"
pass

status=0
"$upload" --concurrency zero "$work/dataset" obs://examples/up/ > /dev/null 2> "$work/err-usage" || status=$?
[ "$status" -eq 2 ] || fail "a bad option exited with $status"
grep -q 'usage: obs_upload' "$work/err-usage" || fail "no usage line: $(cat "$work/err-usage")"
pass

if grep -q "$HUAWEICLOUD_SDK_SK" "$work"/out-* "$work"/err-*; then fail "the secret key was printed"; fi
pass
echo "obs_upload/obs_download examples: $passed passed, 0 failed"
