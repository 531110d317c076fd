"""Runs Swift's account, container, object and proxy servers in one process.

Usage: serve.py SWIFT_DIR CONF_FILE...
(each CONF_FILE is SWIFT_DIR/<kind>-server.conf, served by its
[app:<kind>-server] section)

Debian's python3-swift ships no server commands, so this launcher does what
`swift-<kind>-server CONF` does with `workers = 0` (serve from the starting
process, no forked workers; swift.common.wsgi.run_server), once per server,
each server in its own eventlet green thread, as Swift's functional tests run
their in-process cluster. run_server itself cannot be called once per server:
it selects the eventlet hub anew, which breaks the servers already running.
One interpreter instead of four takes a quarter of the start-up CPU and
memory, and leaves a single PID to stop.

Swift reads swift.conf from /etc/swift before it parses a server's
`swift_dir` option; pointing it at SWIFT_DIR first keeps every file of the
test server inside its data folder.
"""
import os
import sys
import time
import warnings

# Only 127.0.0.1 is ever resolved: eventlet's green DNS resolver is not
# needed, and importing it (dnspython, requests) costs ~0.5 s of start-up.
os.environ.setdefault("EVENTLET_NO_GREENDNS", "yes")
# Swift turns eventlet's header capitalisation off on purpose (see serve()).
warnings.filterwarnings("ignore", message="capitalize_response_headers")

import eventlet  # noqa: E402
from eventlet import wsgi  # noqa: E402

from swift.common import utils  # noqa: E402
from swift.common.http_protocol import SwiftHttpProtocol  # noqa: E402
from swift.common.wsgi import (  # noqa: E402
    RestrictedGreenPool, appconfig, get_socket, loadapp)


def prepare(conf_file):
    """Loads one server's config and app, and binds its socket."""
    section = os.path.basename(conf_file)[:-len(".conf")]
    conf = appconfig(conf_file, name=section)
    # log_to_console: log lines go to stderr, which start.sh sends to a file.
    logger = utils.get_logger(conf, section, log_to_console=True,
                              log_route=section)
    if utils.config_true_value(conf.get("disable_fallocate", "no")):
        utils.disable_fallocate()
    app = loadapp(conf_file, global_conf={"log_name": section})
    return section, conf, logger, app, get_socket(conf)


def serve(section, conf, logger, app, sock):
    """Serves one server's app as run_server does; a failure ends the process."""
    try:
        wsgi.server(
            sock, app, utils.NullLogger(),
            custom_pool=RestrictedGreenPool(
                size=int(conf.get("max_clients", "1024"))),
            protocol=SwiftHttpProtocol,
            socket_timeout=float(conf.get("client_timeout") or 60),
            # S3 clients need the "ETag" header spelt so, not "Etag".
            capitalize_response_headers=False)
    except BaseException:
        logger.exception("%s stopped", section)
    os._exit(1)


def main():
    swift_dir, conf_files = sys.argv[1], sys.argv[2:]
    # As run_server: report times in UTC without stat()ing /etc/localtime.
    os.environ["TZ"] = "UTC+0"
    time.tzset()
    utils.set_swift_dir(swift_dir)
    utils.eventlet_monkey_patch()
    eventlet.hubs.use_hub(utils.get_hub())
    # Load and bind every server before serving any, so that a config error
    # or a port taken by someone else fails the whole start at once.
    servers = [prepare(conf_file) for conf_file in conf_files]
    threads = [eventlet.spawn(serve, *server) for server in servers]
    for thread in threads:
        thread.wait()


if __name__ == "__main__":
    main()
