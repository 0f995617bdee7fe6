"""Fewer glibc malloc arenas in the server's processes: the memory a worker keeps after large calls.

glibc gives a thread its own malloc arena (up to 8 per core) the first time it allocates, and what a
call frees stays in that arena for the next one. With 4 request threads and 16 fetch threads per
worker, each Synthea-sized call (a 1 MB body is tens of MB of Python objects) raised a worker's RSS
into a new arena: 170-180 MB after `make bench` against 120-140 MB with two arenas, at the same
throughput (docs/performance.md, "Worker memory").

glibc reads the ``MALLOC_ARENA_MAX`` environment variable once, when the process starts, so setting it
from Python is too late; ``mallopt(M_ARENA_MAX)`` sets the same limit at run time. The gunicorn master
calls it before it forks, while it is the only thread, and the workers inherit it. A deployer who sets
``MALLOC_ARENA_MAX`` keeps their value. Not glibc (musl, macOS): nothing to do.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

DEFAULT_ARENAS = 2
_M_ARENA_MAX = -8  # glibc malloc.h


def limit_malloc_arenas(arenas: int = DEFAULT_ARENAS) -> bool:
    """Cap this process's malloc arenas (and its future children's); True when the cap was set here."""
    if os.environ.get("MALLOC_ARENA_MAX"):
        return False  # glibc applied the deployer's value at start-up
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # no C library to load, or one without mallopt (musl)
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_ARENA_MAX, arenas))
