"""Reads and searches on the EHR's FHIR server: allow-list, timeouts, paging, concurrency.

The client is built once per app (``FhirClient.from_config``) and shares one
``requests.Session`` so connections are pooled across calls. Every call of the
service gets one overall deadline: when it passes, the caller stops waiting and
the worker threads give up at their next page or chunk, so a slow server can
never hang a worker. Failure reasons are written for the 412 detail and for
logs: they never hold a URL (it carries the patient id) or the access token.
"""

from __future__ import annotations

import http.cookiejar
import json
import logging
import time
import weakref
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter

log = logging.getLogger("cds_service.fhir")

FHIR_JSON = "application/fhir+json"
DEFAULT_PORTS = {"http": 80, "https": 443}
# One page of 200 Observations is about 1 MB; far more than this is a broken or hostile server.
MAX_RESPONSE_BYTES = 32 * 1024 * 1024


class FetchFailed(Exception):
    """A read or search that gave no usable answer; the message is safe to show."""


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
        if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
            continue
        search = entry.get("search")
        if isinstance(search, dict) and search.get("mode") == "outcome":
            continue
        if entry["resource"].get("resourceType") == "OperationOutcome":
            continue
        found.append(entry["resource"])
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
    ) -> None:
        self.allowed = frozenset(filter(None, (normalise_base(url) for url in allowed_servers)))
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.total_timeout = total_timeout
        self.max_pages = max(1, max_pages)
        self.page_size = page_size
        self.max_workers = max(1, max_workers)
        self.session = requests.Session()
        # The session is shared by calls for different users: a cookie set for one must not reach another.
        self.session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        # Room for several service calls fetching at once (gunicorn threads), each with up to max_workers.
        adapter = HTTPAdapter(pool_connections=8, pool_maxsize=self.max_workers * 4)
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
        )

    def close(self) -> None:
        self.session.close()

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
        """Run queries concurrently; those without a complete answer by the deadline fail."""
        if not queries:
            return {}
        started = time.monotonic()
        deadline = started + self.total_timeout
        pool = ThreadPoolExecutor(max_workers=min(self.max_workers, len(queries)), thread_name_prefix="fhir-fetch")
        try:
            futures = {pool.submit(self._run_one, server, query, deadline): key for key, query in queries.items()}
            done, _ = wait(futures, timeout=max(0.0, deadline - time.monotonic()))
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        late = f"the FHIR server gave no complete answer within {self.total_timeout:g} s"
        results = {
            key: future.result() if future in done else QueryResult(error=late) for future, key in futures.items()
        }
        log.info(
            "fhir fetch: %d queries, %d requests, %d failed, %.0f ms",
            len(results),
            sum(r.requests for r in results.values()),
            sum(r.error is not None for r in results.values()),
            (time.monotonic() - started) * 1000,
        )
        return results

    def _run_one(self, server: FhirServer, query: Query, deadline: float) -> QueryResult:
        result = QueryResult()
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
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchFailed(f"the FHIR server gave no complete answer within {self.total_timeout:g} s")
        headers = {"Accept": FHIR_JSON}
        if server.token:
            headers["Authorization"] = f"Bearer {server.token}"
        timeout = (min(self.connect_timeout, remaining), min(self.read_timeout, remaining))
        try:
            with self.session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False) as reply:
                if reply.status_code in (401, 403):
                    raise FetchFailed(_refusal(reply.status_code, server.token))
                if reply.status_code in (404, 410):
                    raise FetchFailed(f"{not_found} (HTTP {reply.status_code})")
                if 300 <= reply.status_code < 400:
                    raise FetchFailed(
                        f"the FHIR server redirected the request (HTTP {reply.status_code}); not followed"
                    )
                if reply.status_code != 200:
                    raise FetchFailed(f"the FHIR server answered HTTP {reply.status_code}")
                body = self._read_body(reply, deadline)
        except (requests.Timeout, urllib3.exceptions.ReadTimeoutError):
            raise FetchFailed("the FHIR server did not answer in time") from None
        except urllib3.exceptions.HTTPError:  # raised by raw reads of the body
            raise FetchFailed("the connection to the FHIR server broke while reading its answer") from None
        except requests.ConnectionError:
            raise FetchFailed("could not connect to the FHIR server") from None
        except requests.RequestException as exc:  # never str(exc): it holds the URL, and so the patient id
            raise FetchFailed(f"the request to the FHIR server failed ({type(exc).__name__})") from None
        try:
            document = json.loads(body)
        except ValueError:
            raise FetchFailed("the FHIR server answered with something that is not JSON") from None
        if not isinstance(document, dict):
            raise FetchFailed("the FHIR server answered with JSON that is not a FHIR resource")
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
                raise FetchFailed(f"the FHIR server's answer is larger than {MAX_RESPONSE_BYTES // 2**20} MB")
            if time.monotonic() > deadline:
                raise FetchFailed(f"the FHIR server gave no complete answer within {self.total_timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)
