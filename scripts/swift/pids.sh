# shellcheck shell=bash
# PID bookkeeping shared by start.sh and stop.sh (sourced, not run).
#
# The PIDs file has one line per process: "NAME PID START_TIME", START_TIME
# being field 22 of /proc/PID/stat. A PID counts as ours only while its start
# time still matches, so a process that reused the PID is never signalled.
# No function forks: stop.sh polls them while processes exit, on busy CI
# machines where each fork costs tens of milliseconds.

# Sets start_time to PID's start time; fails when PID does not exist or has
# exited (a zombie: exited, but its parent has not collected it, which
# happens when PID 1 of a container does not reap orphans).
read_start_time() {
  local stat fields
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }             # the command name may hold spaces or ")"
  read -ra fields <<<"$stat"    # fields[0] is field 3 (state)
  [ "${fields[0]}" != Z ] || return 1
  start_time=${fields[19]}
}

# Sets alive_pids to the PIDs of PIDS_FILE still running as recorded.
read_alive_pids() {
  alive_pids=()
  [ -f "$1" ] || return 0
  local pid started
  while read -r _ pid started; do
    if [ -n "$pid" ] && read_start_time "$pid" && [ "$start_time" = "$started" ]; then
      alive_pids+=("$pid")
    fi
  done <"$1"
}

# True when every process in PIDS_FILE is still running as recorded.
all_alive() {
  [ -s "$1" ] || return 1
  read_alive_pids "$1"
  local lines=0 line
  while read -r line; do
    [ -n "$line" ] && lines=$((lines + 1))
  done <"$1"
  [ "${#alive_pids[@]}" -eq "$lines" ]
}
