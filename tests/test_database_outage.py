"""When the database is down or hung, cards keep working and feedback says "try again later", quickly.

The database behind DATABASE_URL holds two things: feedback, and the shared JWT replay memory. Its
outage must not stop cards (docs/auth.md, docs/feedback.md): the replay check falls back to this
process's own memory (or, with JWT_REPLAY_FAIL_CLOSED, refuses), and feedback gets 503 with
Retry-After. The databases here are real: a "black hole" (a TCP server on 127.0.0.1 that accepts
connections and never answers, as a hung PostgreSQL does), the real PostgreSQL behind a proxy that
stops forwarding mid-session, a closed port, a SQLite file that cannot be opened until its directory
appears, and Redis on a closed port.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
import threading
import time
import uuid

import pytest
from conftest import EXAMPLES, load_json
from jwt_helpers import ISSUER, bearer, claims, ec_p384_key, jwks
from sqlalchemy.engine import make_url

from cds_service import create_app, database, replay

BASE = "http://localhost"
SERVICE = "/cds-services/bm-patient-view"
FEEDBACK = SERVICE + "/feedback"
FEEDBACK_BODY = load_json(EXAMPLES / "spec-2.0.1" / "spec-19-feedback-accepted.json")
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1958-04-02"}
EMPTY_BUNDLE = {"resourceType": "Bundle", "type": "searchset", "entry": []}
# One wait on the database (connect timeout) plus the service's own work, with room for a loaded machine.
BOUND_SECONDS = database.CONNECT_TIMEOUT_SECONDS + 4


@pytest.fixture(scope="module")
def ec_key():
    return ec_p384_key()


class BlackHole:
    """A PostgreSQL server that accepts connections and never answers a byte; counts the connections."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self._server.getsockname()[1]}/cds"

    @property
    def connections(self) -> int:
        return len(self._held)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            self._held.append(connection)  # kept open, never read from nor written to

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for connection in self._held:
            connection.close()
        self._server.close()


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()


@pytest.fixture
def auth_log(caplog):
    caplog.set_level(logging.INFO, logger="cds_service")
    return caplog


def trusted_config(database_url: str, ec_key, **settings) -> dict:
    return {
        "DATABASE_URL": database_url,
        "JWT_REQUIRED": True,
        "TRUSTED_ISSUERS": {ISSUER: {"jwks": jwks(ec_key)}},
        "PUBLIC_BASE_URL": BASE,
        **settings,
    }


def patient_view(prefetch_keys: list[str]) -> dict:
    prefetch = {key: EMPTY_BUNDLE for key in prefetch_keys}
    prefetch["patient"] = PATIENT
    return {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "context": {"patientId": "p1", "userId": "Practitioner/1"},
        "prefetch": prefetch,
    }


def timed(send):
    started = time.monotonic()
    response = send()
    return response, time.monotonic() - started


def test_cards_are_answered_while_the_database_hangs(black_hole, ec_key, prefetch_keys, auth_log):
    app, started_in = timed(lambda: create_app(trusted_config(black_hole.url, ec_key)))
    client = app.test_client()
    token = ec_key.sign(claims(BASE + SERVICE))
    tried_at_start_up = black_hole.connections

    first, first_took = timed(lambda: client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token)))
    replay_ = client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))
    fresh = ec_key.sign(claims(BASE + SERVICE))
    second, second_took = timed(lambda: client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(fresh)))

    # The database is tried once at start-up (both stores share that try), then not again for a while.
    assert tried_at_start_up == 1
    assert started_in < BOUND_SECONDS
    assert first.status_code == 200, first.get_json()
    assert replay_.status_code == 401  # a replay to the same worker is still caught, from its memory
    assert second.status_code == 200
    assert black_hole.connections == 1
    assert first_took < database.CONNECT_TIMEOUT_SECONDS and second_took < database.CONNECT_TIMEOUT_SECONDS
    assert "checking JWT ids in this process's memory" in auth_log.text


def test_a_call_that_meets_the_hung_database_waits_one_connect_timeout_at_most(
    black_hole, ec_key, prefetch_keys, monkeypatch
):
    monkeypatch.setattr(database, "OUTAGE_RETRY_SECONDS", 1)  # how soon a down database is tried again
    client = create_app(trusted_config(black_hole.url, ec_key)).test_client()
    tried_at_start_up = black_hole.connections

    time.sleep(1.1)
    card, card_took = timed(
        lambda: client.post(
            SERVICE, json=patient_view(prefetch_keys), headers=bearer(ec_key.sign(claims(BASE + SERVICE)))
        )
    )
    time.sleep(1.1)
    feedback, feedback_took = timed(
        lambda: client.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))
    )

    # Each call tries the database once (the feedback's JWT check finds it down; the feedback itself
    # then does not wait on it again), so each waits one connect timeout at most.
    assert black_hole.connections == tried_at_start_up + 2
    assert card.status_code == 200 and card_took < BOUND_SECONDS
    assert feedback.status_code == 503 and feedback_took < BOUND_SECONDS


def test_feedback_while_the_database_hangs_is_a_503_with_retry_after(black_hole, ec_key):
    client = create_app(trusted_config(black_hole.url, ec_key)).test_client()

    response = client.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))
    again = client.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))

    assert response.status_code == 503
    assert response.get_json()["error"] == "storage-unavailable"
    assert "send it again later" in response.get_json()["detail"]
    assert 1 <= int(response.headers["Retry-After"]) <= database.OUTAGE_RETRY_SECONDS
    assert again.status_code == 503 and "Retry-After" in again.headers
    assert black_hole.connections == 1  # only the start-up try waited on it


def test_a_closed_database_port_answers_cards_at_once_and_feedback_with_503(ec_key, prefetch_keys):
    client = create_app(trusted_config("postgresql+psycopg://postgres@127.0.0.1:1/cds", ec_key)).test_client()

    card, card_took = timed(
        lambda: client.post(
            SERVICE, json=patient_view(prefetch_keys), headers=bearer(ec_key.sign(claims(BASE + SERVICE)))
        )
    )
    feedback = client.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))

    assert card.status_code == 200 and card_took < 1
    assert feedback.status_code == 503 and "Retry-After" in feedback.headers


def test_with_fail_closed_calls_are_refused_while_the_replay_store_is_down(ec_key, prefetch_keys, auth_log):
    config = trusted_config("postgresql+psycopg://postgres@127.0.0.1:1/cds", ec_key, JWT_REPLAY_FAIL_CLOSED=True)
    client = create_app(config).test_client()

    response = client.post(
        SERVICE, json=patient_view(prefetch_keys), headers=bearer(ec_key.sign(claims(BASE + SERVICE)))
    )

    assert response.status_code == 401
    assert response.get_json() == {"error": "unauthorized", "detail": "token rejected"}
    assert "replay store unavailable" in auth_log.text


def test_an_unreachable_redis_falls_back_to_memory_and_still_refuses_a_replay_here(ec_key, prefetch_keys, tmp_path):
    config = trusted_config(f"sqlite:///{tmp_path / 'cds.sqlite3'}", ec_key, REDIS_URL="redis://127.0.0.1:1/0")
    client = create_app(config).test_client()
    token = ec_key.sign(claims(BASE + SERVICE))

    first = client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))
    again = client.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))

    assert (first.status_code, again.status_code) == (200, 401)


def test_an_unreachable_redis_with_fail_closed_refuses_calls(ec_key, prefetch_keys, tmp_path):
    config = trusted_config(
        f"sqlite:///{tmp_path / 'cds.sqlite3'}", ec_key, REDIS_URL="redis://127.0.0.1:1/0", JWT_REPLAY_FAIL_CLOSED=True
    )
    client = create_app(config).test_client()

    response = client.post(
        SERVICE, json=patient_view(prefetch_keys), headers=bearer(ec_key.sign(claims(BASE + SERVICE)))
    )

    assert response.status_code == 401


def test_when_the_database_comes_back_both_stores_use_it_again(ec_key, prefetch_keys, tmp_path, monkeypatch):
    monkeypatch.setattr(database, "OUTAGE_RETRY_SECONDS", 0.5)  # how soon a down database is tried again
    directory = tmp_path / "not-yet"
    url = f"sqlite:///{directory / 'cds.sqlite3'}"
    worker_a = create_app(trusted_config(url, ec_key)).test_client()  # the file cannot be opened yet
    during = ec_key.sign(claims(BASE + SERVICE))
    assert worker_a.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(during)).status_code == 200
    assert (
        worker_a.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK)))).status_code
        == 503
    )

    directory.mkdir()
    time.sleep(0.6)
    after = ec_key.sign(claims(BASE + SERVICE))
    worker_b = create_app(trusted_config(url, ec_key)).test_client()

    assert worker_a.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(after)).status_code == 200
    assert worker_b.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(after)).status_code == 401
    assert worker_a.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(during)).status_code == 401
    stored = worker_a.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))
    assert stored.get_json() == {"received": 1, "stored": 1}


def test_the_replay_store_in_use_is_the_database_backed_by_memory(tmp_path):
    store = replay.from_config({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    assert store.first_use(ISSUER, "jti-1", 60) is True
    assert store.first_use(ISSUER, "jti-1", 60) is False


# -- A database that answered, then stops answering on open connections ------------------------------


class FreezingProxy:
    """A TCP proxy to the real PostgreSQL that, once frozen, keeps every connection open and forwards nothing.

    This is a server that hangs after the session started (a stopped process, a pooler whose database
    is gone): the kernel still acknowledges what is sent, so no TCP timeout fires.
    """

    def __init__(self, upstream: tuple[str, int]) -> None:
        self._upstream = upstream
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.1)
        self._frozen = threading.Event()
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def freeze(self) -> None:
        self._frozen.set()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
                upstream = socket.create_connection(self._upstream)
            except TimeoutError:
                continue
            self._sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                while self._frozen.is_set() and not self._stop.is_set():
                    time.sleep(0.05)  # hold the bytes: the peer waits for an answer that never comes
                if self._stop.is_set():
                    return
                target.sendall(data)
        except OSError:
            return

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self._sockets:
            sock.close()
        self._server.close()


@pytest.mark.postgres
def test_a_database_that_stops_answering_mid_session_bounds_every_call(postgres_url, ec_key, prefetch_keys):
    url = make_url(postgres_url)
    proxy = FreezingProxy((url.host or "127.0.0.1", url.port or 5432))
    app = create_app(trusted_config(url.set(host="127.0.0.1", port=proxy.port).render_as_string(False), ec_key))
    client = app.test_client()
    try:
        before = client.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))
        proxy.freeze()
        card, card_took = timed(
            lambda: client.post(
                SERVICE, json=patient_view(prefetch_keys), headers=bearer(ec_key.sign(claims(BASE + SERVICE)))
            )
        )
        feedback, feedback_took = timed(
            lambda: client.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))
        )
    finally:
        proxy.close()  # the stuck connections fail now, so the pool can be disposed of
        app.extensions["cds"].feedback.engine.dispose()

    assert before.get_json() == {"received": 1, "stored": 1}
    # The card call's replay check is given up after the deadline; the feedback then does not wait at all.
    assert card.status_code == 200 and card_took < database.OPERATION_DEADLINE_SECONDS + 3
    assert feedback.status_code == 503 and "Retry-After" in feedback.headers
    assert feedback_took < database.OPERATION_DEADLINE_SECONDS + 3


# -- A database that is up but busy --------------------------------------------------------------------


def test_a_sqlite_file_locked_by_another_writer_is_busy_not_down(ec_key, prefetch_keys, tmp_path):
    path = tmp_path / "cds.sqlite3"
    config = trusted_config(f"sqlite:///{path}", ec_key)
    worker_a, worker_b = create_app(config).test_client(), create_app(config).test_client()
    other_writer = sqlite3.connect(path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock past the service's busy timeout
    try:
        card = worker_a.post(
            SERVICE, json=patient_view(prefetch_keys), headers=bearer(ec_key.sign(claims(BASE + SERVICE)))
        )
        feedback = worker_a.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    token = ec_key.sign(claims(BASE + SERVICE))
    after = worker_a.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))
    replayed = worker_b.post(SERVICE, json=patient_view(prefetch_keys), headers=bearer(token))
    stored = worker_a.post(FEEDBACK, json=FEEDBACK_BODY, headers=bearer(ec_key.sign(claims(BASE + FEEDBACK))))

    assert card.status_code == 200  # the replay check answered from memory for this call
    assert feedback.status_code == 503 and feedback.headers["Retry-After"] == "1"
    # Contention is no outage: as soon as the lock is free both stores use the database again.
    assert after.status_code == 200 and replayed.status_code == 401
    assert stored.get_json() == {"received": 1, "stored": 1}
