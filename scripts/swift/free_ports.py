"""Prints N distinct free TCP ports on 127.0.0.1, one per line.

All sockets stay bound until every port is chosen, so the ports differ from
each other; they are released just before printing, leaving a short window in
which another process could take one (start.sh retries on a bind failure).
"""
import socket
import sys

count = int(sys.argv[1])
sockets = []
for _ in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    sockets.append(s)
ports = [s.getsockname()[1] for s in sockets]
for s in sockets:
    s.close()
print("\n".join(str(p) for p in ports))
