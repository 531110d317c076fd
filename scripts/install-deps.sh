#!/usr/bin/env bash
# Installs every Debian package the project needs. Idempotent: quiet and fast
# when everything is already there.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache openssl curl
  libboost1.81-dev libboost-json1.81-dev libboost-test1.81-dev
  libssl-dev
  libcurl4-openssl-dev   # bench baseline: libcurl multi
  libcpprest2.10         # bench baseline: cpprestsdk runtime (headers unpacked below)
)
# OpenStack Swift with s3api: the strict third-party S3 server of the interop tests.
here=$(cd "$(dirname "$0")/.." && pwd)
while read -r p; do
  [ -n "$p" ] && [ "${p#\#}" = "$p" ] && packages+=("$p")
done < "$here/scripts/swift/packages.txt"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# libcpprest-dev depends on the Boost 1.74 -dev packages, which conflict with
# Boost 1.81's. Its headers and link symlink are unpacked into the build tree
# instead, so the benchmark can build against the runtime library.
cpprest_dir="$here/.deps/cpprest"
if [ ! -f "$cpprest_dir/usr/include/cpprest/http_client.h" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq libcpprest-dev >/dev/null 2>&1) || { $sudo apt-get update -qq; (cd "$tmp" && apt-get download -qq libcpprest-dev >/dev/null); }
  mkdir -p "$cpprest_dir"
  dpkg -x "$tmp"/libcpprest-dev_*.deb "$cpprest_dir"
  rm -rf "$tmp"
fi
