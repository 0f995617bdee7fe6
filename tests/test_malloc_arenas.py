"""The server caps glibc's malloc arenas in its workers, unless the deployer set MALLOC_ARENA_MAX.

Each case runs in a fresh interpreter: the master caps the arenas, forks (as gunicorn does), and the
child starts 8 threads that allocate; glibc's own malloc_info() then counts the arenas in use.
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(ctypes.util.find_library("c") != "libc.so.6", reason="glibc only")

PROBE = """
import ctypes, os, sys, tempfile, threading
from cds_service.malloc_arenas import limit_malloc_arenas

capped = limit_malloc_arenas() if sys.argv[1] == "serve" else False
pid = os.fork()
if pid:
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status))
barrier = threading.Barrier(9)

def work():
    kept = [bytearray(50_000) for _ in range(20)]  # below the mmap threshold: from the thread's arena
    barrier.wait()
    barrier.wait()

threads = [threading.Thread(target=work) for _ in range(8)]
for thread in threads:
    thread.start()
barrier.wait()
libc = ctypes.CDLL("libc.so.6")
libc.fopen.restype, libc.fopen.argtypes = ctypes.c_void_p, (ctypes.c_char_p, ctypes.c_char_p)
libc.malloc_info.argtypes, libc.fclose.argtypes = (ctypes.c_int, ctypes.c_void_p), (ctypes.c_void_p,)
with tempfile.NamedTemporaryFile() as report:
    stream = libc.fopen(report.name.encode(), b"w")
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    print(capped, report.read().decode().count("<heap nr="), flush=True)
barrier.wait()
for thread in threads:
    thread.join()
"""


def arenas_in_a_worker(mode: str, **env: str) -> tuple[str, int]:
    environment = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"} | env
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    capped, heaps = done.stdout.split()
    return capped, int(heaps)


def test_without_the_cap_each_thread_gets_an_arena_of_its_own():
    capped, heaps = arenas_in_a_worker("plain")
    assert (capped, heaps > 2) == ("False", True)  # the main arena and one per thread, up to 8 per core


def test_a_worker_forked_by_the_server_allocates_from_two_arenas():
    assert arenas_in_a_worker("serve") == ("True", 2)


def test_the_deployers_malloc_arena_max_is_kept():
    assert arenas_in_a_worker("serve", MALLOC_ARENA_MAX="3") == ("False", 3)
