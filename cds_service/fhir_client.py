"""Reads and searches on the EHR's FHIR server: allow-list, timeouts, paging, concurrency.

The client is built once per app (``FhirClient.from_config``) and shares one
``requests.Session`` so connections are pooled across calls, and one pool of
``FHIR_MAX_WORKERS`` fetch threads per process (not per call: issue 13.8).

Every call of the service gets one overall deadline. When it passes, the call
stops waiting, its queued queries are cancelled, and the sockets of its
requests in flight are shut down: a blocked read returns at once, so a server
that trickles its status line or body a byte at a time (each byte restarting
the socket's read timeout) loses its fetch thread at the deadline, not when it
stops sending. At most ``FHIR_MAX_CONCURRENT_CALLS`` service calls of a process
fetch at once, on request threads the server adds for them; others get
``ServiceBusy`` (503 with Retry-After) after at most a short wait, so the
server's THREADS stay free for discovery and prefetched calls while a FHIR
server hangs. Failure reasons are written for the 412 detail and for
logs: they never hold a URL (it carries the patient id) or the access token.
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import os
import re
import socket
import threading
import time
import weakref
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from cds_service import metrics
from cds_service.errors import ServiceBusy
from cds_service.validation import read_alike

log = logging.getLogger("cds_service.fhir")

FHIR_JSON = "application/fhir+json"
DEFAULT_PORTS = {"http": 80, "https": 443}
# One page of 200 Observations is about 1 MB; far more than this is a broken or hostile server.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024


# A searchset Bundle of Observations with components and extensions is about 12 levels deep.
MAX_JSON_DEPTH = 64
_TOO_DEEP = f"the FHIR server answered with JSON nested deeper than {MAX_JSON_DEPTH} levels"


def _depth_exceeds(document: object, limit: int) -> bool:
    """True if ``document`` nests dicts and lists deeper than ``limit`` (iterative: no recursion to exhaust)."""
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values() if isinstance(item, dict | list))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value if isinstance(item, dict | list))
    return False


def _parsed_alike(body: bytes) -> dict | None:
    """The answer as orjson reads it, when json would read it alike and it is a shallow enough object; else None.

    One C-level parse (validation.read_alike) instead of json.loads and a walk of every value; anything
    else takes the exact path, which says what is wrong.
    """
    read = read_alike(body, MAX_JSON_DEPTH)
    return read[0] if read is not None and isinstance(read[0], dict) else None


class FetchFailed(Exception):
    """A read or search that gave no usable answer; the message is safe to show, ``reason`` a metric label."""

    def __init__(self, message: str, reason: str = "error") -> None:
        super().__init__(message)
        self.reason = reason


# RFC 6750 b64token: what a bearer token may hold. Anything else could not be sent as a header (or would
# split it: CR LF), so it is refused before any request.
_BEARER_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
BUSY_RETRY_AFTER_SECONDS = 2
_SLOT_WAIT_SECONDS = 1.0  # how long a call waits for a fetching slot before it is told the service is busy


# -- cancelling requests in flight -------------------------------------------------------
class _CancelScope:
    """The sockets of one service call's requests in flight; ``cancel`` shuts them all down.

    A read blocked in ``recv`` on a shut-down socket returns at once, whatever the
    read timeout: the only way to stop a thread that a byte-trickling server keeps busy.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self.cancelled = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            if not self.cancelled:
                self._sockets.add(sock)
                return
        _shut(sock)

    def discard(self, sock: socket.socket | None) -> None:
        if sock is not None:
            with self._lock:
                self._sockets.discard(sock)

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            doomed, self._sockets = self._sockets, set()
        for sock in doomed:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:  # the plain socket's shutdown, also for TLS: it must not touch the SSL object another thread reads
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


_in_flight = threading.local()  # .scope: the _CancelScope of the query this fetch thread runs; .sock: its socket


def _track(sock: socket.socket | None) -> None:
    scope = getattr(_in_flight, "scope", None)
    if scope is not None and sock is not None:
        _in_flight.sock = sock
        scope.add(sock)


_TCP_QUICKACK = getattr(socket, "TCP_QUICKACK", None)  # Linux


def _ack_at_once(sock: socket.socket | None) -> None:
    """Acknowledge the answer's first segment at once instead of after the delayed-ACK timer (40 ms on Linux).

    A server that writes the status and headers, then the body, with Nagle's algorithm on (TCP_NODELAY
    off: Python's http.server, many others) holds a small body back until its headers are acknowledged;
    on a kept-alive connection the client delays that ACK by 40 ms: every small answer (a read, an empty
    search) took one delay more than the server needed. The option lasts a few segments: set per request.
    """
    if _TCP_QUICKACK is not None and sock is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, _TCP_QUICKACK, 1)
        except OSError:
            pass


class _TrackedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _track(self.sock)

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _track(self.sock)  # a pooled connection, opened for an earlier call
        _ack_at_once(self.sock)
        return super().getresponse(*args, **kwargs)


class _TrackedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _track(self.sock)

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        _track(self.sock)
        _ack_at_once(self.sock)
        return super().getresponse(*args, **kwargs)


class _TrackedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _TrackedHTTPConnection


class _TrackedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _TrackedHTTPSConnection


class _TrackedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _TrackedHTTPPool, "https": _TrackedHTTPSPool}


def normalise_base(url: object) -> str | None:
    """``scheme://host:port/path`` without trailing slash, or None if not a plain http(s) base URL.

    Comparing whole normalised bases (not prefixes) is what stops
    ``https://ehr.example.org.evil.com`` or ``https://ehr.example.org@evil.com``
    from passing for ``https://ehr.example.org``.
    """
    if not isinstance(url, str) or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.username is not None or parts.query or parts.fragment:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host}:{port or DEFAULT_PORTS[scheme]}{parts.path.rstrip('/')}"


@dataclass(frozen=True)
class FhirServer:
    """The EHR's FHIR server for one call, with its access token (never printed)."""

    url: str  # as the client sent it, without trailing slash: used for requests
    base: str  # normalised: used for comparisons
    token: str | None = field(default=None, repr=False)

    def owns(self, url: str) -> bool:
        """True if ``url`` is on this server, under its base path, with no ``..`` to climb out."""
        parts = urlsplit(url)
        candidate = normalise_base(parts._replace(query="", fragment="").geturl())
        if candidate is None or any(s in (".", "..") for s in parts.path.split("/")) or "%2e" in parts.path.lower():
            return False
        return candidate == self.base or candidate.startswith(self.base + "/")

    def absolute(self, url: str) -> str:
        return urljoin(self.url + "/", url)


@dataclass(frozen=True)
class Query:
    """One read (``Patient/123``) or search (``Condition?patient=123``) as an absolute URL."""

    resource_type: str
    url: str
    search: bool
    pages_read: int = 0  # pages already read elsewhere (a prefetched first page counts)


@dataclass
class QueryResult:
    resources: list[dict] = field(default_factory=list)
    error: str | None = None  # no usable answer (resources may hold pages read before the failure)
    incomplete: str | None = None  # usable but partial: why (page cap, foreign next link, later page failed)
    requests: int = 0


def bundle_resources(bundle: dict) -> list[dict]:
    """The resources of a Bundle, without OperationOutcome entries (errors or warnings, not data)."""
    entries = bundle.get("entry") or []
    found = []
    for entry in entries if isinstance(entries, list) else []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict):
            continue
        search = entry.get("search")
        if isinstance(search, dict) and search.get("mode") == "outcome":
            continue
        if resource.get("resourceType") == "OperationOutcome":
            continue
        found.append(resource)
    return found


def next_link(bundle: dict) -> str | None:
    links = bundle.get("link")
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and link.get("relation") == "next" and isinstance(link.get("url"), str):
            return link["url"]
    return None


def _refusal(status: int, token: str | None) -> str:
    if token:
        return f"the FHIR server refused the access token (HTTP {status})"
    return f"the FHIR server asks for an access token and fhirAuthorization gave none (HTTP {status})"


class FhirClient:
    def __init__(
        self,
        allowed_servers: list[str],
        *,
        connect_timeout: float,
        read_timeout: float,
        total_timeout: float,
        max_pages: int,
        page_size: int,
        max_workers: int,
        max_concurrent_calls: int = 8,
        max_waiting_calls: int = 2,
    ) -> None:
        self.allowed = frozenset(filter(None, (normalise_base(url) for url in allowed_servers)))
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_pages = max(1, max_pages)
        self.page_size = page_size
        self.max_workers = max(1, max_workers)
        self.max_concurrent_calls = max(1, max_concurrent_calls)
        self._calls = threading.BoundedSemaphore(self.max_concurrent_calls)
        self.max_waiting_calls = max(0, max_waiting_calls)
        self._waiting = 0
        self._pool: ThreadPoolExecutor | None = None
        self._pool_pid = 0
        self._pool_lock = threading.Lock()
        self.session = requests.Session()
        # The session is shared by calls for different users: a cookie set for one must not reach another.
        self.session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        # The environment (proxies, no_proxy, CA bundle) is read once here, not per request: requests reads it on
        # every request (all of os.environ, twice, and a stat of ~/.netrc), about a third of its CPU per query.
        # No netrc: the only credential sent is the call's access token (a netrc entry would replace it).
        self.session.trust_env = False
        self._proxies = {base: requests.utils.get_environ_proxies(base) for base in self.allowed}
        ca_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if ca_bundle:
            self.session.verify = ca_bundle
        # One connection per fetch thread; the adapter records each request's socket so a deadline can shut it.
        adapter = _TrackedAdapter(pool_connections=8, pool_maxsize=self.max_workers)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        weakref.finalize(self, self.session.close)  # apps built and dropped (tests) leave no open sockets

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FhirClient:
        return cls(
            list(config["ALLOWED_FHIR_SERVERS"] or []),
            connect_timeout=float(config["FHIR_CONNECT_TIMEOUT_SECONDS"]),
            read_timeout=float(config["FHIR_READ_TIMEOUT_SECONDS"]),
            total_timeout=float(config["FHIR_TOTAL_TIMEOUT_SECONDS"]),
            max_pages=int(config["FHIR_MAX_PAGES"]),
            page_size=int(config["FHIR_PAGE_SIZE"]),
            max_workers=int(config["FHIR_MAX_WORKERS"]),
            max_concurrent_calls=int(config["FHIR_MAX_CONCURRENT_CALLS"]),
            # Waiting holds a request thread of the server's own THREADS: half of them at most.
            max_waiting_calls=int(config.get("SERVER_THREADS") or 4) // 2,
        )

    def close(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
        self.session.close()

    def _fetch_pool(self) -> ThreadPoolExecutor:
        """The process's fetch threads, made on first use (after a fork: threads do not survive one)."""
        with self._pool_lock:
            if self._pool is None or self._pool_pid != os.getpid():
                self._pool = ThreadPoolExecutor(max_workers=self.max_workers, thread_name_prefix="fhir-fetch")
                self._pool_pid = os.getpid()
                weakref.finalize(self, self._pool.shutdown, wait=False, cancel_futures=True)
            return self._pool

    # -- which server, which query --------------------------------------------------------
    def server(self, url: object, token: str | None) -> FhirServer:
        """The request's ``fhirServer`` if configuration allows it; FetchFailed says why not."""
        if url is None:
            raise FetchFailed("no fhirServer to fetch it from")
        base = normalise_base(url)
        if base is None:
            raise FetchFailed("fhirServer is not a plain http(s) base URL")
        if base not in self.allowed:
            raise FetchFailed(f"fhirServer {str(url).rstrip('/')} is not in ALLOWED_FHIR_SERVERS")
        if token is not None and not _BEARER_TOKEN.fullmatch(token):
            raise FetchFailed("fhirAuthorization.access_token is not a bearer token (RFC 6750 characters only)")
        return FhirServer(url=str(url).rstrip("/"), base=base, token=token)

    def query(self, server: FhirServer, relative: str) -> Query:
        """A read or search from a filled-in prefetch template; searches ask for FHIR_PAGE_SIZE per page."""
        path, _, params = relative.partition("?")
        resource_type = path.split("/")[0]
        if not params:
            return Query(resource_type, server.absolute(relative), search=False)
        if "_count=" not in params:
            params += f"&_count={self.page_size}"
        return Query(resource_type, server.absolute(f"{path}?{params}"), search=True)

    # -- running queries ------------------------------------------------------------------
    def run(self, server: FhirServer, queries: Mapping[str, Query]) -> dict[str, QueryResult]:
        """Run queries concurrently; those without a complete answer by the deadline fail and are cancelled."""
        if not queries:
            return {}
        if not self._acquire_slot():
            log.warning("fhir fetch refused: %d calls are already fetching in this process", self.max_concurrent_calls)
            metrics.FHIR_FETCHES.labels("busy").inc()
            raise ServiceBusy(
                f"the service is already waiting on FHIR servers for {self.max_concurrent_calls} other calls; "
                "send the data as prefetch, or retry",
                retry_after=BUSY_RETRY_AFTER_SECONDS,
            )
        try:
            return self._run(server, queries)
        finally:
            self._calls.release()

    def _acquire_slot(self) -> bool:
        """A fetching slot; when all are taken, a few calls (``max_waiting_calls``) wait up to 1 s for one.

        The server runs THREADS + FHIR_MAX_CONCURRENT_CALLS request threads (cds_service.cli.serve), so
        fetching calls never take the THREADS that discovery and prefetched calls need. Waiting holds
        one of those threads, so the waiters are bounded too; the rest are refused at once.
        """
        if self._calls.acquire(blocking=False):
            return True
        with self._pool_lock:
            if self._waiting >= self.max_waiting_calls:
                return False
            self._waiting += 1
        try:
            return self._calls.acquire(timeout=min(_SLOT_WAIT_SECONDS, self.total_timeout))
        finally:
            with self._pool_lock:
                self._waiting -= 1

    def _run(self, server: FhirServer, queries: Mapping[str, Query]) -> dict[str, QueryResult]:
        started = time.monotonic()
        deadline = started + self.total_timeout
        scope = _CancelScope()
        pool = self._fetch_pool()
        futures: dict[Future, str] = {
            pool.submit(self._run_one, server, query, deadline, scope): key for key, query in queries.items()
        }
        try:
            done, _ = wait(futures, timeout=max(0.0, deadline - time.monotonic()))
        finally:
            for future in futures:
                future.cancel()  # queued, not started: never runs
            scope.cancel()  # started: their sockets are shut, so their threads return now
        late = f"the FHIR server gave no complete answer within {self.total_timeout:g} s"
        results = {
            key: future.result() if future in done else QueryResult(error=late) for future, key in futures.items()
        }
        elapsed = time.monotonic() - started
        log.info(
            "fhir fetch: %d queries, %d requests, %d failed, %.0f ms",
            len(results),
            sum(r.requests for r in results.values()),
            sum(r.error is not None for r in results.values()),
            elapsed * 1000,
        )
        failed, partial = (any(getattr(r, name) for r in results.values()) for name in ("error", "incomplete"))
        metrics.record_fhir_fetch("failed" if failed else "incomplete" if partial else "complete", elapsed)
        return results

    def _run_one(self, server: FhirServer, query: Query, deadline: float, scope: _CancelScope) -> QueryResult:
        result = QueryResult()
        if scope.cancelled:  # its call's deadline passed while it queued behind other calls' queries
            result.error = f"the FHIR server gave no complete answer within {self.total_timeout:g} s"
            return result
        _in_flight.scope = scope
        try:
            if query.search:
                self._search(server, query, deadline, result)
            else:
                result.requests += 1
                resource = self._get(server, query.url, deadline, not_found=f"{query.resource_type} was not found")
                if resource.get("resourceType") != query.resource_type:
                    raise FetchFailed(f"the FHIR server answered with resourceType {resource.get('resourceType')!s}")
                result.resources.append(resource)
        except FetchFailed as failure:
            if result.requests > 1:  # a later page failed: keep the pages read, say the data is partial
                result.incomplete = f"stopped after page {query.pages_read + result.requests - 1}: {failure}"
            else:
                result.error = str(failure)
        finally:
            _in_flight.scope = None
        return result

    def _search(self, server: FhirServer, query: Query, deadline: float, result: QueryResult) -> None:
        url, pages = query.url, query.pages_read
        while True:
            result.requests += 1
            bundle = self._get(server, url, deadline, not_found="the FHIR server does not know this search")
            if bundle.get("resourceType") != "Bundle":
                raise FetchFailed(f"the FHIR server answered a search with resourceType {bundle.get('resourceType')!s}")
            result.resources.extend(bundle_resources(bundle))
            pages += 1
            link = next_link(bundle)
            if link is None:
                return
            if pages >= self.max_pages:
                result.incomplete = f"truncated after {pages} pages"
                return
            url = server.absolute(link)
            if not server.owns(url):
                result.incomplete = f"next-page link after {pages} pages leaves the FHIR server; not followed"
                return

    def _get(self, server: FhirServer, url: str, deadline: float, *, not_found: str) -> dict:
        """One GET as a FHIR resource (JSON object), counted and timed by outcome (cds_service.metrics)."""
        started = time.monotonic()
        try:
            document = self._get_json(server, url, deadline, not_found=not_found)
        except FetchFailed as failure:
            metrics.record_fhir_request(failure.reason, time.monotonic() - started)
            raise
        metrics.record_fhir_request("ok", time.monotonic() - started)
        return document

    def _get_json(self, server: FhirServer, url: str, deadline: float, *, not_found: str) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchFailed(f"the FHIR server gave no complete answer within {self.total_timeout:g} s", "deadline")
        headers = {"Accept": FHIR_JSON}
        if server.token:
            headers["Authorization"] = f"Bearer {server.token}"
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        _in_flight.sock = None
        try:
            with self.session.get(
                url,
                headers=headers,
                timeout=timeout,
                stream=True,
                allow_redirects=False,
                proxies=self._proxies.get(server.base, {}),
            ) as reply:
                if reply.status_code in (401, 403):
                    raise FetchFailed(_refusal(reply.status_code, server.token), "unauthorized")
                if reply.status_code in (404, 410):
                    raise FetchFailed(f"{not_found} (HTTP {reply.status_code})", "not-found")
                if 300 <= reply.status_code < 400:
                    raise FetchFailed(
                        f"the FHIR server redirected the request (HTTP {reply.status_code}); not followed", "redirect"
                    )
                if reply.status_code != 200:
                    raise FetchFailed(f"the FHIR server answered HTTP {reply.status_code}", "http-error")
                try:
                    body = self._read_body(reply, deadline)
                finally:  # the connection goes back to the pool: no later deadline of this call may shut it
                    _in_flight.scope.discard(_in_flight.sock)
        except (requests.Timeout, urllib3.exceptions.ReadTimeoutError):
            raise FetchFailed("the FHIR server did not answer in time", "timeout") from None
        except urllib3.exceptions.HTTPError:  # raised by raw reads of the body
            raise FetchFailed("the connection to the FHIR server broke while reading its answer", "broken") from None
        except requests.ConnectionError:
            if time.monotonic() >= deadline:  # our own deadline shut the socket
                raise FetchFailed(
                    f"the FHIR server gave no complete answer within {self.total_timeout:g} s", "deadline"
                ) from None
            raise FetchFailed("could not connect to the FHIR server", "connect") from None
        except requests.RequestException as exc:  # never str(exc): it holds the URL, and so the patient id
            raise FetchFailed(
                f"the request to the FHIR server failed ({type(exc).__name__})", "request-error"
            ) from None
        document = _parsed_alike(body)
        if document is not None:  # orjson's reading, which json's would be, no deeper than MAX_JSON_DEPTH
            return document
        try:
            document = json.loads(body)
        except ValueError:
            raise FetchFailed("the FHIR server answered with something that is not JSON", "invalid-response") from None
        except RecursionError:
            raise FetchFailed(_TOO_DEEP, "invalid-response") from None
        if not isinstance(document, dict):
            raise FetchFailed("the FHIR server answered with JSON that is not a FHIR resource", "invalid-response")
        if _depth_exceeds(document, MAX_JSON_DEPTH):  # later code walks resources recursively
            raise FetchFailed(_TOO_DEEP, "invalid-response")
        return document

    def _read_body(self, reply: requests.Response, deadline: float) -> bytes:
        """The body, checked against the deadline after every socket read.

        ``raw.read1`` returns whatever one read brings, so a server that trickles
        a byte at a time is dropped at the deadline; ``iter_content`` would wait
        for a full chunk, and each byte would restart the read timeout.
        """
        chunks, size = [], 0
        while chunk := reply.raw.read1(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise FetchFailed(
                    f"the FHIR server's answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB", "too-large"
                )
            if time.monotonic() > deadline:
                raise FetchFailed(
                    f"the FHIR server gave no complete answer within {self.total_timeout:g} s", "deadline"
                )
            chunks.append(chunk)
        return b"".join(chunks)
