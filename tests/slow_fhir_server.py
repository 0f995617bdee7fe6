"""A misbehaving FHIR server on 127.0.0.1: it stalls, or trickles its answer a byte at a time.

It counts what a client does to it (connections open at once, when each was
closed by the client), which is how the tests see that fetches are bounded and
cancelled at their deadline without looking inside the service.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

ANSWER_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\nContent-Length: 99999\r\n\r\n"


@dataclass
class SlowFhirServer:
    url: str
    open_now: int = 0
    most_open: int = 0
    accepted: int = 0
    closed_at: list[float] = field(default_factory=list)  # time.monotonic() when the client closed
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_until_all_closed(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.accepted and self.open_now == 0:
                    return True
            time.sleep(0.05)
        return False


@contextlib.contextmanager
def slow_fhir_server(mode: str, interval: float = 0.05) -> Iterator[SlowFhirServer]:
    """``mode``: "stall" (read the request, answer nothing), "trickle-head" (the status line and headers a
    byte per ``interval``), "trickle-body" (headers, then the body a byte per ``interval``). Never ends an answer."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    server = SlowFhirServer(f"http://127.0.0.1:{listener.getsockname()[1]}/fhir")

    def client_gone(connection: socket.socket) -> bool:
        """Waits up to ``interval`` for the client to close (noticed at once, not at the next poll)."""
        readable, _, _ = select.select([connection], [], [], interval)
        if not readable:
            return False
        try:
            return connection.recv(65536) == b""
        except OSError:
            return True

    def serve(connection: socket.socket) -> None:
        with connection:
            with contextlib.suppress(OSError):
                connection.recv(65536)
                sent = ANSWER_HEAD if mode == "trickle-body" else b""
                if sent:
                    connection.sendall(sent)
                position = 0
                while not stop.is_set():
                    if mode == "stall":
                        if client_gone(connection):
                            break
                        continue
                    time.sleep(interval)
                    byte = ANSWER_HEAD[position : position + 1] if mode == "trickle-head" else b" "
                    if not byte:  # the head is out: keep the connection open without a body
                        byte = b" "
                    position += 1
                    connection.sendall(byte)
        with server.lock:
            server.open_now -= 1
            server.closed_at.append(time.monotonic())

    def accept() -> None:
        with contextlib.suppress(OSError):
            while not stop.is_set():
                connection, _ = listener.accept()
                with server.lock:
                    server.accepted += 1
                    server.open_now += 1
                    server.most_open = max(server.most_open, server.open_now)
                threading.Thread(target=serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield server
    finally:
        stop.set()
        listener.close()
