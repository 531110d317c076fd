#!/usr/bin/env bash
# Starts a private OpenStack Swift with its S3 API (s3api middleware) for the
# interop tests: memcached plus the account, container, object and proxy
# servers, all as the current user, on free ports of 127.0.0.1, with every
# file under DATA_DIR. Idempotent: when DATA_DIR's servers already answer, it
# only prints their endpoint again.
#
#   scripts/swift/start.sh DATA_DIR
#
# On success it writes DATA_DIR/env (export lines: SWIFT_S3_ENDPOINT,
# SWIFT_S3_ACCESS_KEY, SWIFT_S3_SECRET_KEY, SWIFT_S3_REGION, SWIFT_PIDS_FILE,
# ...) and prints `swift s3api listening on http://127.0.0.1:PORT`.
# scripts/swift/stop.sh DATA_DIR stops everything again.
#
# curl ignores http_proxy settings here: every request goes to 127.0.0.1.
#
# Environment (optional):
#   SWIFT_READY_TIMEOUT         seconds to wait for the servers (default 30)
#   SWIFT_S3_MIN_PART_SIZE      smallest non-last multipart part, in bytes
#                               (default 5242880, like S3); applies when the
#                               servers start, not to ones already running
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DATA_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=pids.sh
. "$here/pids.sh"
mkdir -p "$1"
data=$(cd "$1" && pwd)
etc=$data/etc
logs=$data/log
run=$data/run
pids=$run/pids
env_file=$data/env
ready_timeout=${SWIFT_READY_TIMEOUT:-30}
min_part_size=${SWIFT_S3_MIN_PART_SIZE:-5242880}
user=$(id -un)

# tempauth users; an S3 access key is "account:user", its secret the password.
access_key=test:tester
secret_key=testing
alt_access_key=test2:tester2   # another account: its buckets are not test's
alt_secret_key=testing2
region=us-east-1

# Debian's Swift is importable only by Debian's interpreter; -E -s keep a
# PYTHONPATH or user site-packages from shadowing it. Two settings halve
# Swift's start-up: eventlet imports distutils, which setuptools' shim would
# serve by importing all of setuptools (~0.7 s), and eventlet's green DNS
# resolver (~0.5 s to import) is useless on 127.0.0.1.
python=(env SETUPTOOLS_USE_DISTUTILS=stdlib EVENTLET_NO_GREENDNS=yes /usr/bin/python3 -E -s)

die() {
  echo "swift start: $*" >&2
  exit 1
}

check_prerequisites() {
  [ -x /usr/bin/python3 ] || die "/usr/bin/python3 missing (install scripts/swift/packages.txt)"
  [ -f /usr/lib/python3/dist-packages/swift/common/middleware/s3api/s3api.py ] ||
    die "Swift is not installed: apt-get install $(tr '\n' ' ' <"$here/packages.txt")"
  command -v memcached >/dev/null || die "memcached missing: apt-get install memcached"
  command -v curl >/dev/null || die "curl missing"
}

already_ready() {
  [ -f "$env_file" ] && all_alive "$pids" || return 1
  # shellcheck disable=SC1090
  (. "$env_file" && curl --noproxy "*" -sf -o /dev/null --max-time 2 "$SWIFT_S3_ENDPOINT/healthcheck")
}

random_hex() {
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
}

# The object server keeps metadata in user xattrs. Uses DATA_DIR/node when its
# filesystem has them, else a folder under the first temp location that does
# (recorded in DATA_DIR/node-fallback; stop.sh deletes it).
choose_devices_folder() {
  mkdir -p "$data/node"
  if "${python[@]}" "$here/xattr_ok.py" "$data/node"; then
    echo "$data/node"
    return
  fi
  if [ -f "$data/node-fallback" ]; then
    local previous
    previous=$(cat "$data/node-fallback")
    if [ -d "$previous" ] && "${python[@]}" "$here/xattr_ok.py" "$previous"; then
      echo "$previous"
      return
    fi
  fi
  local base folder
  for base in "${TMPDIR:-/tmp}" /var/tmp /dev/shm "$HOME"; do
    if [ ! -d "$base" ] || [ ! -w "$base" ]; then
      continue
    fi
    folder=$(mktemp -d "$base/swift-node.XXXXXX") || continue
    if "${python[@]}" "$here/xattr_ok.py" "$folder"; then
      echo "$folder" >"$data/node-fallback"
      echo "swift start: $data has no user xattrs; objects are stored in $folder" >&2
      echo "$folder"
      return
    fi
    rmdir "$folder"
  done
  die "no folder with user xattr support found for the object server"
}

write_swift_conf() {
  # The hash prefix/suffix decide where objects are stored on disk: keep them
  # across restarts so the data stays reachable.
  [ -f "$etc/swift.conf" ] && return
  cat >"$etc/swift.conf" <<EOF
[swift-hash]
swift_hash_path_prefix = $(random_hex)
swift_hash_path_suffix = $(random_hex)

[storage-policy:0]
name = Policy-0
default = yes
EOF
}

# [DEFAULT] shared by the four servers, which serve.py runs in one process
# (workers = 0: no forked workers). log_address points at a missing socket so
# that nothing goes to the host's syslog; serve.py logs to stderr, which is
# DATA_DIR/log/swift.log.
server_defaults() {
  local name=$1 port=$2
  cat <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $port
workers = 0
user = $user
swift_dir = $etc
devices = $devices
mount_check = false
disable_fallocate = true
log_name = $name
log_level = INFO
log_address = $run/no-syslog
# A port taken since it was chosen fails the start at once (start.sh retries).
bind_timeout = 1
EOF
}

write_storage_conf() {
  local kind=$1 port=$2
  {
    server_defaults "$kind-server" "$port"
    cat <<EOF

[pipeline:main]
pipeline = healthcheck $kind-server

[app:$kind-server]
use = egg:swift#$kind

[filter:healthcheck]
use = egg:swift#healthcheck
EOF
  } >"$etc/$kind-server.conf"
}

write_proxy_conf() {
  local port=$1 memcached_port=$2
  {
    server_defaults proxy-server "$port"
    cat <<EOF

# s3api sits before its auth (tempauth) and needs slo for multipart uploads;
# copy, dlo, versioned_writes and symlink serve copies and bucket versioning.
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk tempurl ratelimit s3api tempauth copy container-quotas account-quotas slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:s3api]
use = egg:swift#s3api
# No storage_domain: path-style requests only (http://127.0.0.1:PORT/bucket/key).
location = $region
min_segment_size = $min_part_size

[filter:tempauth]
use = egg:swift#tempauth
user_${access_key%%:*}_${access_key#*:} = $secret_key .admin
user_${alt_access_key%%:*}_${alt_access_key#*:} = $alt_secret_key .admin
user_test_tester3 = testing3

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcached_port

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:healthcheck]
use = egg:swift#healthcheck

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:bulk]
use = egg:swift#bulk

[filter:tempurl]
use = egg:swift#tempurl

[filter:ratelimit]
use = egg:swift#ratelimit

[filter:copy]
use = egg:swift#copy

[filter:container-quotas]
use = egg:swift#container_quotas

[filter:account-quotas]
use = egg:swift#account_quotas

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo

[filter:versioned_writes]
use = egg:swift#versioned_writes
allow_object_versioning = true

[filter:symlink]
use = egg:swift#symlink
EOF
  } >"$etc/proxy-server.conf"
}

# Starts one process in the background, its output in DATA_DIR/log/NAME.log,
# and records "NAME PID START_TIME" in the PIDs file. The process does not
# inherit the start lock (fd 9), or the next start would wait for it forever.
launch() {
  local name=$1
  shift
  "$@" >"$logs/$name.log" 2>&1 </dev/null 9>&- &
  local pid=$!
  read_start_time "$pid" || start_time=gone   # exited at once: not ours
  echo "$name $pid $start_time" >>"$pids"
}

show_logs() {
  local f
  for f in "$logs"/*.log; do
    [ -f "$f" ] || continue
    echo "----- $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
}

# The S3 request every test starts with: list the buckets, signed with SigV4.
# It goes through s3api, tempauth, memcached and the account server. The
# credentials go through a netrc file because curl's --user would split the
# access key "test:tester" at its colon; s3api requires x-amz-content-sha256.
s3_list_buckets_status() {
  curl --noproxy "*" -s -o "$run/ready-check.xml" -w '%{http_code}' --max-time 5 \
    --netrc-file "$run/netrc" --aws-sigv4 "aws:amz:$region:s3" \
    -H "x-amz-content-sha256: $(printf '' | sha256sum | cut -d' ' -f1)" \
    "http://127.0.0.1:$1/" || true
}

# True when memcached on port $1 answers its "version" command.
memcached_answers() {
  local reply=
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'version\r\n' >&3
  read -r -t 1 reply <&3 || true
  exec 3>&-
  [[ $reply == VERSION* ]]
}

# Waits until every server answers; 0 when ready, 1 on timeout or when a
# process died (then the logs tell why). S3 requests succeed even without
# memcached, so it is asked directly.
wait_until_ready() {
  local memcached_port=$1 proxy_port=$2
  shift 2
  local deadline=$((SECONDS + ready_timeout)) port
  until memcached_answers "$memcached_port"; do
    all_alive "$pids" || { echo "swift start: memcached exited during start-up" >&2; return 1; }
    [ $SECONDS -lt $deadline ] || { echo "swift start: memcached does not answer after ${ready_timeout} s" >&2; return 1; }
    sleep 0.1
  done
  for port in "$@" "$proxy_port"; do
    until curl --noproxy "*" -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/healthcheck"; do
      all_alive "$pids" || { echo "swift start: a server exited during start-up" >&2; return 1; }
      [ $SECONDS -lt $deadline ] || { echo "swift start: no answer on port $port after ${ready_timeout} s" >&2; return 1; }
      sleep 0.1
    done
  done
  (umask 077 && echo "machine 127.0.0.1 login $access_key password $secret_key" >"$run/netrc")
  local status
  until status=$(s3_list_buckets_status "$proxy_port") && [ "$status" = 200 ]; do
    case $status in
      4??)  # a refusal, not a server still starting: waiting will not help
        echo "swift start: S3 ListBuckets answers $status: $(cat "$run/ready-check.xml")" >&2
        return 1 ;;
    esac
    [ $SECONDS -lt $deadline ] || { echo "swift start: S3 ListBuckets answers $status after ${ready_timeout} s" >&2; return 1; }
    sleep 0.1
  done
  rm -f "$run/netrc" "$run/ready-check.xml"
}

# One start attempt on fresh ports; 0 when everything answers.
start_once() {
  local ports
  mapfile -t ports < <("${python[@]}" "$here/free_ports.py" 5)
  local memcached_port=${ports[0]} account_port=${ports[1]} container_port=${ports[2]}
  local object_port=${ports[3]} proxy_port=${ports[4]}

  write_storage_conf account "$account_port"
  write_storage_conf container "$container_port"
  write_storage_conf object "$object_port"
  write_proxy_conf "$proxy_port" "$memcached_port"
  "${python[@]}" "$here/build_rings.py" "$etc" d1 \
    "$account_port" "$container_port" "$object_port" >"$logs/rings.log" 2>&1 ||
    { cat "$logs/rings.log" >&2; return 1; }

  : >"$pids"
  # memcached refuses to run as root without -u; -u is ignored otherwise.
  launch memcached memcached -l 127.0.0.1 -p "$memcached_port" -U 0 -m 64 -t 1 -u "$user"
  launch swift "${python[@]}" "$here/serve.py" "$etc" \
    "$etc"/{account,container,object,proxy}-server.conf

  wait_until_ready "$memcached_port" "$proxy_port" "$account_port" "$container_port" "$object_port" || return 1

  {
    printf 'export SWIFT_S3_ENDPOINT=%q\n' "http://127.0.0.1:$proxy_port"
    printf 'export SWIFT_S3_ACCESS_KEY=%q\n' "$access_key"
    printf 'export SWIFT_S3_SECRET_KEY=%q\n' "$secret_key"
    printf 'export SWIFT_S3_REGION=%q\n' "$region"
    printf 'export SWIFT_S3_ALT_ACCESS_KEY=%q\n' "$alt_access_key"
    printf 'export SWIFT_S3_ALT_SECRET_KEY=%q\n' "$alt_secret_key"
    printf 'export SWIFT_S3_MIN_PART_SIZE=%q\n' "$min_part_size"
    printf 'export SWIFT_PIDS_FILE=%q\n' "$pids"
    printf 'export SWIFT_DATA_DIR=%q\n' "$data"
  } >"$env_file.tmp"
  mv "$env_file.tmp" "$env_file"
}

# One start at a time per DATA_DIR: a second one waits, then finds it ready.
exec 9>"$data/.start.lock"
flock 9

if already_ready; then
  # shellcheck disable=SC1090
  . "$env_file"
  echo "swift s3api listening on $SWIFT_S3_ENDPOINT"
  exit 0
fi

check_prerequisites
# Leftovers of an earlier start (some servers gone, or never ready): stop them.
if [ -f "$pids" ]; then
  "$here/stop.sh" "$data" --keep-data >/dev/null 2>&1 || true
fi
mkdir -p "$etc" "$logs" "$run"
rm -f "$env_file"
devices=$(choose_devices_folder)
mkdir -p "$devices/d1"
write_swift_conf

# A port chosen free can be taken before a server binds it (Swift logs "Could
# not bind", memcached "Address already in use"): retry on new ports.
for attempt in 1 2 3; do
  if start_once; then
    # shellcheck disable=SC1090
    . "$env_file"
    echo "swift s3api listening on $SWIFT_S3_ENDPOINT"
    exit 0
  fi
  if [ "$attempt" -lt 3 ] && grep -Eqs 'Could not bind|Address already in use' "$logs"/*.log; then
    echo "swift start: a port was taken meanwhile; retrying on new ports" >&2
    "$here/stop.sh" "$data" --keep-data >/dev/null 2>&1 || true
    continue
  fi
  show_logs
  "$here/stop.sh" "$data" >/dev/null 2>&1 || true
  exit 1
done
