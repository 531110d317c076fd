#!/usr/bin/env bash
# Stops every process scripts/swift/start.sh started for DATA_DIR (listed in
# DATA_DIR/run/pids), and nothing else: a PID is signalled only while its
# process start time still matches the recorded one.
#
#   scripts/swift/stop.sh DATA_DIR [--keep-data]
#
# The data under DATA_DIR stays. When start.sh had to store objects outside
# DATA_DIR (no xattrs there, see DATA_DIR/node-fallback), that folder is
# deleted unless --keep-data is given.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# -eq 2 ] && [ "$2" != --keep-data ]; }; then
  echo "usage: $0 DATA_DIR [--keep-data]" >&2
  exit 2
fi
[ -d "$1" ] || exit 0
data=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=pids.sh
. "$here/pids.sh"
pids=$data/run/pids
keep_data=${2:-}

# Sends signal $1 to every recorded process still running as recorded.
signal_all() {
  read_alive_pids "$pids"
  local pid
  for pid in "${alive_pids[@]}"; do
    kill "-$1" "$pid" 2>/dev/null || true
  done
}

signal_all TERM
# Swift exits within ~20 ms of SIGTERM, memcached within ~0.2 s; after 5 s,
# force them.
for _ in {1..100}; do
  read_alive_pids "$pids"
  [ "${#alive_pids[@]}" -eq 0 ] && break
  sleep 0.05
done
if [ "${#alive_pids[@]}" -gt 0 ]; then
  signal_all KILL
  sleep 0.1
  read_alive_pids "$pids"
fi
if [ "${#alive_pids[@]}" -gt 0 ]; then
  echo "swift stop: processes still running: ${alive_pids[*]}" >&2
  exit 1
fi
rm -f "$pids" "$data/env"

if [ "$keep_data" != --keep-data ] && [ -f "$data/node-fallback" ]; then
  rm -rf "$(cat "$data/node-fallback")"
  rm -f "$data/node-fallback"
fi
