#!/usr/bin/env bash
# Smoke test of the Swift S3 server the interop tests run against: starts it
# in a temporary folder (scripts/swift/start.sh), checks with curl that it
# serves the S3 calls the OBS client makes and that it is strict (signatures,
# payload hashes, Content-MD5, part sizes), then stops it.
# Prints "N passed, M failed" last; exits non-zero on any failure.
#
#   test/interop/smoke.sh
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
swift=$root/scripts/swift
tmp=$(mktemp -d)
data=$tmp/swift
passed=0
failed=0

finish() {
  "$swift/stop.sh" "$data" || failed=$((failed + 1))
  rm -rf "$tmp"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
trap 'finish; exit $?' EXIT

# check NAME COMMAND...: one assertion, reported on one line.
check() {
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name (status $status: $(head -c 300 "$tmp/body" 2>/dev/null))"
  fi
}

if ! curl --help all 2>/dev/null | grep -q -- --aws-sigv4; then
  echo "smoke: needs curl >= 7.75 (--aws-sigv4)" >&2
  failed=$((failed + 1))
  exit 1
fi
if ! "$swift/start.sh" "$data"; then
  failed=$((failed + 1))
  exit 1
fi
# shellcheck disable=SC1091
. "$data/env"

# curl's --user would split the access key "test:tester" at its colon: the
# credentials go through netrc files (mode 600, never printed).
(umask 077
 echo "machine 127.0.0.1 login $SWIFT_S3_ACCESS_KEY password $SWIFT_S3_SECRET_KEY" >"$tmp/netrc"
 echo "machine 127.0.0.1 login $SWIFT_S3_ACCESS_KEY password not-the-secret" >"$tmp/netrc-wrong")
empty_sha256=$(printf '' | sha256sum | cut -d' ' -f1)

# s3 NETRC PAYLOAD_SHA256 METHOD PATH [curl options...]: one SigV4-signed
# request; the body goes to $tmp/body, the HTTP status to $status.
# curl 7.88 signs the query string as written, so PATH's query must already
# be canonical: parameters sorted, values URI-encoded, "name=" for flags.
s3() {
  local netrc=$1 sha=$2 method=$3 path=$4
  shift 4
  status=$(curl --noproxy "*" -s -o "$tmp/body" -w '%{http_code}' --max-time 30 \
    --netrc-file "$netrc" --aws-sigv4 "aws:amz:$SWIFT_S3_REGION:s3" \
    -H "x-amz-content-sha256: $sha" -X "$method" "$@" "$SWIFT_S3_ENDPOINT$path")
}

is() { [ "$status" = "$1" ]; }
not() { ! "$@"; }
body_has() { grep -qi -- "$1" "$tmp/body"; }
is_error() { is "$1" && body_has "<Code>$2</Code>"; }
# status_and_body STATUS FILE: that status, and a body equal to FILE.
status_and_body() { is "$1" && cmp -s "$tmp/body" "$2"; }
# status_and_text STATUS TEXT...: that status, and every TEXT in the body.
status_and_text() {
  is "$1" || return 1
  shift
  local text
  for text; do
    body_has "$text" || return 1
  done
}
base64_md5() { openssl dgst -md5 -binary "$1" | base64; }
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

bucket=smoke-$$
head -c 300000 /dev/urandom >"$tmp/object"
object_sha=$(sha256_of "$tmp/object")

s3 "$tmp/netrc" "$empty_sha256" PUT "/$bucket"
check "PUT bucket" is 200

s3 "$tmp/netrc" "$object_sha" PUT "/$bucket/dir/object.bin" \
  -H "Content-MD5: $(base64_md5 "$tmp/object")" --data-binary "@$tmp/object"
check "PUT object (SigV4, payload SHA-256, Content-MD5)" is 200

s3 "$tmp/netrc" "$empty_sha256" GET "/$bucket/dir/object.bin"
check "GET object is byte-identical" status_and_body 200 "$tmp/object"

s3 "$tmp/netrc" "$empty_sha256" GET "/$bucket/dir/object.bin" -H "Range: bytes=10-19"
tail -c +11 "$tmp/object" | head -c 10 >"$tmp/range"
check "Range GET returns 206 and the 10 bytes" status_and_body 206 "$tmp/range"

s3 "$tmp/netrc" "$empty_sha256" GET "/$bucket?list-type=2&prefix=dir%2F"
check "ListObjectsV2 lists the object" \
  status_and_text 200 "<Key>dir/object.bin</Key>" "<KeyCount>1</KeyCount>"

s3 "$tmp/netrc" "$empty_sha256" POST "/$bucket/multi.bin?uploads="
upload_id=$(sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p' "$tmp/body")
check "CreateMultipartUpload returns an UploadId" status_and_text 200 "<UploadId>..*</UploadId>"

# A 1 KiB first part is accepted, but completing with it is refused: only the
# last part may be smaller than the minimum part size.
head -c 1024 /dev/urandom >"$tmp/part"
part_sha=$(sha256_of "$tmp/part")
etags=()
uploaded=0
for n in 1 2; do
  s3 "$tmp/netrc" "$part_sha" PUT "/$bucket/multi.bin?partNumber=$n&uploadId=$upload_id" \
    --data-binary "@$tmp/part" -D "$tmp/headers"
  etags+=("$(tr -d '\r' <"$tmp/headers" | sed -n 's/^[Ee][Tt]ag: *//p')")
  if is 200 && [ -n "${etags[-1]}" ]; then
    uploaded=$((uploaded + 1))
  fi
done
check "UploadPart (2 parts of 1 KiB) returns their ETags" [ "$uploaded" -eq 2 ]

s3 "$tmp/netrc" "$empty_sha256" GET "/$bucket/multi.bin?uploadId=$upload_id"
check "ListParts lists both parts" \
  status_and_text 200 "<PartNumber>1</PartNumber>" "<PartNumber>2</PartNumber>"

printf '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>%s</ETag></Part><Part><PartNumber>2</PartNumber><ETag>%s</ETag></Part></CompleteMultipartUpload>' \
  "${etags[0]}" "${etags[1]}" >"$tmp/complete.xml"
s3 "$tmp/netrc" "$(sha256_of "$tmp/complete.xml")" POST "/$bucket/multi.bin?uploadId=$upload_id" \
  --data-binary "@$tmp/complete.xml"
check "CompleteMultipartUpload with a part < 5 MiB: EntityTooSmall" is_error 400 EntityTooSmall

s3 "$tmp/netrc" "$empty_sha256" DELETE "/$bucket/multi.bin?uploadId=$upload_id"
check "AbortMultipartUpload" is 204

s3 "$tmp/netrc" "$empty_sha256" GET "/$bucket?uploads="
check "ListMultipartUploads is empty after the abort" is 200
check "ListMultipartUploads lists no upload" not body_has "<UploadId>"

# A 5 MiB first part and a 1 KiB last one complete; the ETag is S3's
# "MD5 of the parts' MD5s, dash, part count".
s3 "$tmp/netrc" "$empty_sha256" POST "/$bucket/big.bin?uploads="
upload_id=$(sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p' "$tmp/body")
head -c $((5 * 1024 * 1024)) /dev/urandom >"$tmp/part1"
cp "$tmp/part" "$tmp/part2"
complete='<CompleteMultipartUpload>'
for n in 1 2; do
  s3 "$tmp/netrc" "$(sha256_of "$tmp/part$n")" PUT "/$bucket/big.bin?partNumber=$n&uploadId=$upload_id" \
    --data-binary "@$tmp/part$n" -D "$tmp/headers"
  complete+="<Part><PartNumber>$n</PartNumber><ETag>$(tr -d '\r' <"$tmp/headers" | sed -n 's/^[Ee][Tt]ag: *//p')</ETag></Part>"
done
echo "$complete</CompleteMultipartUpload>" >"$tmp/complete.xml"
s3 "$tmp/netrc" "$(sha256_of "$tmp/complete.xml")" POST "/$bucket/big.bin?uploadId=$upload_id" \
  --data-binary "@$tmp/complete.xml"
expected_etag=$(cat <(openssl dgst -md5 -binary "$tmp/part1") <(openssl dgst -md5 -binary "$tmp/part2") |
  openssl dgst -md5 -r | cut -d' ' -f1)-2
check "CompleteMultipartUpload (5 MiB + 1 KiB): ETag md5-of-md5s-2" \
  status_and_text 200 "$expected_etag"

s3 "$tmp/netrc" "$empty_sha256" GET "/$bucket/big.bin"
cat "$tmp/part1" "$tmp/part2" >"$tmp/whole"
check "GET the completed object is byte-identical" status_and_body 200 "$tmp/whole"

s3 "$tmp/netrc-wrong" "$empty_sha256" GET "/$bucket?list-type=2"
check "wrong secret: 403 SignatureDoesNotMatch" is_error 403 SignatureDoesNotMatch

s3 "$tmp/netrc" "$empty_sha256" PUT "/$bucket/bad-sha" --data-binary "@$tmp/part"
check "payload not matching x-amz-content-sha256: 400 BadDigest" is_error 400 BadDigest

s3 "$tmp/netrc" "$part_sha" PUT "/$bucket/bad-md5" --data-binary "@$tmp/part" \
  -H "Content-MD5: $(base64_md5 "$tmp/object")"
check "payload not matching Content-MD5: 400 BadDigest" is_error 400 BadDigest

s3 "$tmp/netrc" STREAMING-AWS4-HMAC-SHA256-PAYLOAD PUT "/$bucket/chunked" \
  -H "Content-Encoding: aws-chunked" -H "x-amz-decoded-content-length: 1024" \
  --data-binary "@$tmp/part"
check "aws-chunked upload: 501 NotImplemented" is_error 501 NotImplemented

# Signature V2 (HMAC-SHA1 of the string to sign), which curl cannot make.
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
v2_signature=$(printf 'HEAD\n\n\n%s\n/%s/dir/object.bin' "$date" "$bucket" |
  openssl dgst -sha1 -hmac "$SWIFT_S3_SECRET_KEY" -binary | base64)
status=$(curl --noproxy "*" -s -o /dev/null -w '%{http_code}' -I -D "$tmp/body" \
  -H "Date: $date" -H "Authorization: AWS $SWIFT_S3_ACCESS_KEY:$v2_signature" \
  "$SWIFT_S3_ENDPOINT/$bucket/dir/object.bin")
check "HEAD object signed with SigV2" status_and_text 200 "^content-length: 300000"
