"""Exits 0 when the folder given as argument supports user xattrs.

Swift's object server stores each object's metadata in `user.swift.metadata`
xattrs, so its devices folder must be on a filesystem that has them.
"""
import os
import sys
import tempfile

folder = sys.argv[1]
try:
    with tempfile.NamedTemporaryFile(dir=folder) as probe:
        os.setxattr(probe.name, "user.swift.probe", b"1")
        sys.exit(0 if os.getxattr(probe.name, "user.swift.probe") == b"1" else 1)
except OSError:
    sys.exit(1)
