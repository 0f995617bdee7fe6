"""/metrics on the real server (``python -m cds_service``: gunicorn, 2 worker processes): one answer for all.

Each worker keeps its own counts; a scrape reaches one worker, whichever accepts the connection.
These tests show the scrape adds up every worker's counts (prometheus_client multiprocess mode, set
up by the service itself), that a directory the operator names is emptied of a previous run's files,
and that a directory the service made is removed when it stops.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from live_server import live_server
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

HEALTHZ = {"endpoint": "healthz", "service": "", "status": "200"}


def scraped_healthz(base_url: str) -> float:
    """The healthz count one scrape reports (a new connection: any worker may answer)."""
    text = requests.get(base_url + "/metrics", timeout=5).text
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "cds_http_requests_in_progress" or sample.labels == HEALTHZ:
                found[sample.name] = sample.value
    # The scrape itself is in progress: present only if the gauge is in multiprocess mode, which needs
    # PROMETHEUS_MULTIPROC_DIR set before prometheus_client was first imported (cds_service.multiproc).
    assert found.get("cds_http_requests_in_progress", 0) >= 1, found
    return found.get("cds_http_requests_total", 0.0)


def healthz_by_worker(metrics_dir: Path) -> dict[str, float]:
    """Each worker's own healthz count, read from its own file alone."""
    counts = {}
    for path in metrics_dir.glob("counter_*.db"):
        for family in MultiProcessCollector.merge([str(path)], accumulate=True):
            for sample in family.samples:
                if sample.name == "cds_http_requests_total" and sample.labels == HEALTHZ:
                    counts[path.stem.removeprefix("counter_")] = sample.value
    return counts


def send_healthz(base_url: str, count: int) -> None:
    def one(_: int) -> None:
        assert requests.get(base_url + "/healthz", timeout=5).status_code == 200  # a new connection each

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def test_a_scrape_adds_up_the_requests_of_both_workers_and_the_metrics_directory_goes_at_exit(tmp_path):
    scratch = tmp_path / "tmp"  # where the service makes its metrics directory (TMPDIR)
    scratch.mkdir()
    settings = {"WORKERS": "2", "TMPDIR": str(scratch), "LOG_FORMAT": "json", "PROMETHEUS_MULTIPROC_DIR": ""}

    with live_server(tmp_path, **settings) as server:
        [metrics_dir] = scratch.glob("bone-mets-cds-metrics-*")
        sent = 0
        while sent < 400 and len(healthz_by_worker(metrics_dir)) < 2:  # until both workers have answered some
            send_healthz(server.base_url, 40)
            sent += 40
        per_worker = healthz_by_worker(metrics_dir)
        scrapes = [scraped_healthz(server.base_url) for _ in range(6)]

    assert len(per_worker) == 2 and all(count > 0 for count in per_worker.values()), per_worker
    assert sum(per_worker.values()) == sent
    assert scrapes == [sent] * 6  # whichever worker answered the scrape
    assert not metrics_dir.exists()
    # LOG_FORMAT=json reaches gunicorn's own logs too: every line of the server's output is one JSON object.
    [log_file] = tmp_path.glob("server-*.log")
    records = [json.loads(line) for line in log_file.read_text().splitlines()]
    access = [r for r in records if "/healthz" in r["message"]]
    assert len(access) == sent and all(r.get("request_id") for r in access)
