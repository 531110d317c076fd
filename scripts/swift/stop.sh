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
pids=$data/run/pids
keep_data=${2:-}

start_time_of() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  # shellcheck disable=SC2086
  set -- $stat
  echo "${20}"
}

# PIDs from the file whose processes are still the ones start.sh launched.
ours_alive() {
  [ -f "$pids" ] || return 0
  local pid started
  while read -r _ pid started; do
    [ -n "$pid" ] && [ "$(start_time_of "$pid")" = "$started" ] && echo "$pid"
  done <"$pids"
  return 0
}

signal_all() {
  local pid
  for pid in $(ours_alive); do
    kill "-$1" "$pid" 2>/dev/null || true
  done
}

signal_all TERM
# Swift servers exit within ~0.1 s of SIGTERM; after 5 s, force them.
for _ in $(seq 50); do
  [ -z "$(ours_alive)" ] && break
  sleep 0.1
done
if [ -n "$(ours_alive)" ]; then
  signal_all KILL
  sleep 0.1
fi
if [ -n "$(ours_alive)" ]; then
  echo "swift stop: processes still running: $(ours_alive | tr '\n' ' ')" >&2
  exit 1
fi
rm -f "$pids" "$data/env"

if [ "$keep_data" != --keep-data ] && [ -f "$data/node-fallback" ]; then
  rm -rf "$(cat "$data/node-fallback")"
  rm -f "$data/node-fallback"
fi
