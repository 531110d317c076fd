"""Builds the account, container and object rings for one local device.

Usage: build_rings.py SWIFT_DIR DEVICE ACCOUNT_PORT CONTAINER_PORT OBJECT_PORT

Runs the same code as the `swift-ring-builder` command (swift.cli.ringbuilder,
from Debian's python3-swift, which ships no command-line wrappers) once per
step, in one interpreter, because each separate start would cost ~0.5 s.
The rings are rebuilt from scratch on every start: the servers' ports change,
and with a single device every partition maps to it, so stored data stays
reachable.
"""
import os
import shutil
import sys

from swift.cli import ringbuilder

PART_POWER = "6"   # 64 partitions: plenty for one device, small ring files
REPLICAS = "1"
MIN_PART_HOURS = "1"


def run(*argv):
    """Runs one swift-ring-builder command; exit codes 0 and 1 (warnings) pass."""
    try:
        ringbuilder.main(["swift-ring-builder", *argv])
    except SystemExit as done:
        if done.code not in (None, 0, 1):
            sys.exit("swift-ring-builder %s failed (%s)" % (" ".join(argv), done.code))


def main():
    swift_dir, device = sys.argv[1], sys.argv[2]
    ports = dict(zip(("account", "container", "object"), sys.argv[3:6]))
    shutil.rmtree(os.path.join(swift_dir, "backups"), ignore_errors=True)
    for kind, port in ports.items():
        builder = os.path.join(swift_dir, kind + ".builder")
        for old in (builder, os.path.join(swift_dir, kind + ".ring.gz")):
            if os.path.exists(old):
                os.remove(old)
        run(builder, "create", PART_POWER, REPLICAS, MIN_PART_HOURS)
        run(builder, "add", "--region", "1", "--zone", "1", "--ip", "127.0.0.1",
            "--port", port, "--device", device, "--weight", "100")
        run(builder, "rebalance")


if __name__ == "__main__":
    main()
