"""Feedback insights for the CDS committee (issue 12.3), through HTTP on SQLite and PostgreSQL.

A scripted set of real hook calls (FHIR JSON raising several cards) and feedback posts (CDS Hooks 2.0.1
"Feedback": accepted with suggestions, overridden with and without reasons, resends, second thoughts,
feedback for cards never shown) is counted by /insights/data exactly once per card shown. The figures
carry no patient data, and no one reads them without the insights credential.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from insights_script import (
    COMMENT,
    CONFIRMED_NO_AGENT,
    ON_ZOLEDRONIC_ACID,
    OTHER_REASON,
    PASSWORD,
    PASSWORD_HASH,
    PATIENT_VIEW,
    SEVERE_CALCIUM,
    USER,
    accepted,
    at,
    basic,
    by_topic,
    call,
    overridden,
    send,
)
from jwt_helpers import bearer, claims, ec_p384_key, jwks

from cds_service import create_app, insights_plot
from tests import fhir_builders as fb


@pytest.fixture
def app_config(app_config):
    credential = {"INSIGHTS_USER": USER, "INSIGHTS_PASSWORD_HASH": PASSWORD_HASH}
    return {**app_config, **credential, "PATIENT_PSEUDONYM_KEY": "k" * 40}


def data(client, query: str = "", **headers) -> dict:
    response = client.get("/insights/data" + query, headers=headers or basic())
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def row(report: dict, topic: str, service: str = "bm-patient-view") -> dict:
    return next(r for r in report["by_topic"] if r["topic"] == topic and r["service"] == service)


# -- counting ------------------------------------------------------------------------------------


@pytest.fixture
def on_both_databases(app_config, database_url):
    app_config["DATABASE_URL"] = database_url


@pytest.fixture
def app(app):
    yield app
    app.extensions["cds"].feedback.engine.dispose()  # before a PostgreSQL schema is dropped


def test_a_scripted_set_of_cards_and_feedback_is_counted_once_per_card_shown(on_both_databases, client, prefetch_keys):
    # Four patients' chart openings: every card the service answers with is one card shown.
    shown = [
        call(client, prefetch_keys, ON_ZOLEDRONIC_ACID, "patient-a"),
        call(client, prefetch_keys, ON_ZOLEDRONIC_ACID, "patient-b"),
        call(client, prefetch_keys, CONFIRMED_NO_AGENT, "patient-c"),
        call(client, prefetch_keys, SEVERE_CALCIUM, "patient-d"),
    ]
    a, b, c, d = (by_topic(cards) for cards in shown)
    assert {"renal-check", "dental-review"} <= set(a) and "bisphosphonate-start" in c and "hypercalcemia" in d

    # Accepted, and the same feedback sent again (the spec allows resends): one card accepted.
    assert send(client, accepted(a["renal-check"]))["stored"] == 1
    assert send(client, accepted(a["renal-check"]))["stored"] == 0
    # Overridden, then overridden again later with another reason: one override, the later reason.
    send(client, overridden(a["dental-review"], "already-addressed", minute=1, comment=COMMENT))
    send(client, overridden(a["dental-review"], "clinical-judgement", minute=5))
    # Accepted at 10:00, an override timestamped earlier arrives afterwards: the latest action (accepted) stands.
    send(client, accepted(c["bisphosphonate-start"], minute=10))
    send(client, overridden(c["bisphosphonate-start"], "patient-declined", minute=2))
    # Overridden with no reason, and with another system's reason.
    send(client, overridden(d["hypercalcemia"]))
    others = [card for topic, card in d.items() if topic != "hypercalcemia"]
    send(client, *[overridden(card, OTHER_REASON) for card in others])
    # patient-b's cards: no feedback (ignored). Feedback for a card never shown, and for one shown by another service.
    send(client, {"card": str(uuid.uuid4()), "outcome": "overridden", "outcomeTimestamp": at(0)})
    send(client, overridden(b["renal-check"]), service="/cds-services/bm-order-sign")

    report = data(client)

    shown_per_topic = Counter(card["source"]["topic"]["code"] for cards in shown for card in cards)
    assert {r["topic"]: r["shown"] for r in report["by_topic"]} == shown_per_topic
    assert {r["service"] for r in report["by_topic"]} == {"bm-patient-view"}
    assert report["totals"]["shown"] == sum(shown_per_topic.values())

    renal = row(report, "renal-check")
    assert (renal["shown"], renal["accepted"], renal["overridden"], renal["ignored"]) == (2, 1, 0, 1)
    assert (renal["accepted_rate"], renal["ignored_rate"]) == (0.5, 0.5)
    dental = row(report, "dental-review")
    assert (dental["accepted"], dental["overridden"], dental["ignored"]) == (0, 1, 1)
    assert dental["override_reasons"] == [{"reason": "clinical-judgement", "cards": 1}]
    start = row(report, "bisphosphonate-start")
    assert (start["accepted"], start["overridden"], start["override_reasons"]) == (1, 0, [])
    calcium = row(report, "hypercalcemia")
    assert (calcium["overridden"], calcium["override_reasons"]) == (1, [{"reason": "none", "cards": 1}])
    for topic in {card["source"]["topic"]["code"] for card in others}:
        other = row(report, topic)
        assert other["override_reasons"] == [{"reason": f"{OTHER_REASON['system']}|alert-fatigue", "cards": 1}]

    indicators = {r["indicator"]: r for r in report["by_indicator"]}
    shown_per_indicator = Counter(card["indicator"] for cards in shown for card in cards)
    assert {name: r["shown"] for name, r in indicators.items()} == shown_per_indicator
    assert indicators["critical"]["overridden"] == 1  # the hypercalcaemia card, overridden without a reason

    totals = report["totals"]
    assert totals["accepted"] == 2 and totals["overridden"] == 2 + len(others)
    assert totals["accepted"] + totals["overridden"] + totals["ignored"] == totals["shown"]
    assert sum(point["shown"] for point in report["trend"]["points"]) == totals["shown"]
    today = report["trend"]["points"][-1]
    assert (today["accepted"], today["overridden"], today["ignored"]) == (
        totals["accepted"],
        totals["overridden"],
        totals["ignored"],
    )

    # Feedback that names no card shown by its service is counted apart, never in the rates.
    unmatched = {r["service"]: r for r in report["unmatched_feedback"]["by_service"]}
    assert report["unmatched_feedback"]["records"] == 2
    assert (unmatched["bm-patient-view"]["records"], unmatched["bm-patient-view"]["shown_by_other_service"]) == (1, 0)
    assert (unmatched["bm-order-sign"]["records"], unmatched["bm-order-sign"]["shown_by_other_service"]) == (1, 1)

    # No patient data: neither the patient ids, their pseudonyms, nor the clinician's comment.
    text = client.get("/insights/data", headers=basic()).get_data(as_text=True)
    text += client.get("/insights?lang=zh", headers=basic()).get_data(as_text=True)
    assert "patient-a" not in text and "Zhang Wei" not in text and "ehr.example.org/fhir" not in text


def test_filters_by_service_and_topic(on_both_databases, client, prefetch_keys):
    cards = by_topic(call(client, prefetch_keys, ON_ZOLEDRONIC_ACID, "patient-a"))
    send(client, overridden(cards["dental-review"], "patient-declined"))

    only_dental = data(client, "?topic=dental-review")
    assert [r["topic"] for r in only_dental["by_topic"]] == ["dental-review"]
    assert only_dental["totals"]["overridden"] == only_dental["totals"]["shown"] == 1
    assert only_dental["unmatched_feedback"] is None  # feedback for unknown cards has no topic
    assert data(client, "?service=bm-order-sign")["totals"]["shown"] == 0


def test_the_date_filter_counts_cards_on_the_day_they_were_shown(on_both_databases, app, client, prefetch_keys):
    memory = app.extensions["cds"].card_memory
    memory.clock = lambda: datetime.now(UTC) - timedelta(days=10)
    old = by_topic(call(client, prefetch_keys, ON_ZOLEDRONIC_ACID, "patient-a"))
    memory.clock = lambda: datetime.now(UTC)
    new = call(client, prefetch_keys, CONFIRMED_NO_AGENT, "patient-b")
    send(client, overridden(old["dental-review"], "goals-of-care"))  # feedback today, for a card shown 10 days ago

    today = datetime.now(UTC).date()
    recent = data(client, f"?from={today - timedelta(days=2)}&to={today}")
    assert recent["totals"]["shown"] == len(new) and recent["totals"]["overridden"] == 0
    earlier = data(client, f"?from={today - timedelta(days=11)}&to={today - timedelta(days=9)}")
    assert earlier["totals"]["shown"] == len(old) and earlier["totals"]["overridden"] == 1
    assert [p["shown"] for p in earlier["trend"]["points"]] == [0, len(old), 0]
    assert recent["unmatched_feedback"]["records"] == 0  # the card was shown, only earlier


def test_days_are_those_of_the_configured_time_zone(app_config, prefetch_keys):
    app_config["INSIGHTS_TIMEZONE"] = "Asia/Shanghai"
    app = create_app(app_config)
    client = app.test_client()
    # 17:30 UTC on 31 May is 01:30 on 1 June in Shanghai.
    app.extensions["cds"].card_memory.clock = lambda: datetime(2026, 5, 31, 17, 30, tzinfo=UTC)
    cards = call(client, prefetch_keys, ON_ZOLEDRONIC_ACID, "patient-a")

    june = data(client, "?from=2026-06-01&to=2026-06-01")
    may = data(client, "?from=2026-05-31&to=2026-05-31")

    assert (june["totals"]["shown"], may["totals"]["shown"]) == (len(cards), 0)
    assert june["period"]["start"] == "2026-05-31T16:00:00+00:00"


def test_a_long_period_is_plotted_by_week(client):
    report = data(client, "?from=2026-01-01&to=2026-06-30")
    assert report["trend"]["bucket"] == "week"
    starts = [p["start"] for p in report["trend"]["points"]]
    assert starts[0] == "2026-01-01" and starts[1] == "2026-01-05"  # then each Monday
    assert len(starts) == 27


def test_csv_export_has_one_row_per_service_and_topic(client, prefetch_keys):
    cards = by_topic(call(client, prefetch_keys, ON_ZOLEDRONIC_ACID, "patient-a"))
    send(client, overridden(cards["dental-review"], "already-addressed"))

    response = client.get("/insights/data?format=csv&topic=dental-review", headers=basic())

    assert response.status_code == 200 and response.mimetype == "text/csv"
    header, line = response.get_data(as_text=True).splitlines()
    values = dict(zip(header.split(","), line.split(","), strict=True))
    assert (values["topic"], values["shown"], values["overridden"], values["overridden_already-addressed"]) == (
        "dental-review",
        "1",
        "1",
        "1",
    )


# -- filters that cannot be answered ----------------------------------------------------------------


@pytest.mark.parametrize(
    "query, says",
    [
        ("?from=2026-03-01&to=2026-02-01", "after"),
        ("?from=2020-01-01&to=2026-01-01", "at most 366"),
        ("?from=yesterday", "must be a date"),
        ("?service=bm-unknown", "unknown service"),
        ("?topic=not-a-topic", "unknown card topic"),
        ("?format=xlsx", "json or csv"),
    ],
)
def test_a_filter_that_cannot_be_answered_gets_a_400_saying_why(client, query, says):
    response = client.get("/insights/data" + query, headers=basic())
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid-request" and says in response.get_json()["detail"]
    if "format" not in query:  # the page has no export format
        page = client.get("/insights" + query, headers=basic())
        assert page.status_code == 400 and says in page.get_data(as_text=True)


# -- access -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/insights", "/insights/data"])
def test_without_the_credential_the_figures_are_refused(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic ")
    assert "shown" not in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("user, password", [(USER, "wrong"), ("someone-else", PASSWORD), ("", "")])
def test_a_wrong_user_or_password_is_refused(client, user, password):
    assert client.get("/insights/data", headers=basic(user, password)).status_code == 401
    assert client.get("/insights", headers=basic(user, password)).status_code == 401


def test_the_ehrs_valid_jwt_does_not_open_the_figures(app_config, prefetch_keys):
    key = ec_p384_key()
    app_config.update(JWT_REQUIRED=True, TRUSTED_ISSUERS={"https://ehr.example.org": {"jwks": jwks(key)}})
    client = create_app(app_config).test_client()
    service_call = fb.patient_view(prefetch_keys, *ON_ZOLEDRONIC_ACID)
    token = key.sign(claims("http://localhost" + PATIENT_VIEW))
    assert client.post(PATIENT_VIEW, json=service_call, headers=bearer(token)).status_code == 200

    for path in ("/insights", "/insights/data"):
        token = key.sign(claims("http://localhost" + path))
        assert client.get(path, headers=bearer(token)).status_code == 401


def test_insights_are_off_until_their_credential_is_set(app_config):
    app_config.update(INSIGHTS_USER=None, INSIGHTS_PASSWORD_HASH=None)
    client = create_app(app_config).test_client()

    data_response = client.get("/insights/data", headers=basic())
    page = client.get("/insights?lang=zh", headers=basic())

    assert data_response.status_code == 404 and data_response.get_json()["error"] == "insights-disabled"
    assert "INSIGHTS_PASSWORD_HASH" in data_response.get_json()["detail"]
    assert page.status_code == 404 and "反馈统计未启用" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "settings, says",
    [
        ({"INSIGHTS_USER": "committee"}, "both"),
        ({"INSIGHTS_USER": "committee", "INSIGHTS_PASSWORD_HASH": "hunter2"}, "password hash"),
        ({"INSIGHTS_TIMEZONE": "Mars/Olympus"}, "IANA"),
        ({"INSIGHTS_MAX_DAYS": 0}, "INSIGHTS_MAX_DAYS"),
    ],
)
def test_insights_settings_that_cannot_work_stop_the_service_at_start(tmp_path, settings, says):
    with pytest.raises(ValueError, match=says):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", **settings})


@pytest.mark.parametrize("suppression_days", [0, 14])
def test_every_card_shown_is_counted_whatever_the_suppression_settings(app_config, prefetch_keys, suppression_days):
    app_config["CARD_SUPPRESSION_DAYS"] = suppression_days
    client = create_app(app_config).test_client()
    first = by_topic(call(client, prefetch_keys, ON_ZOLEDRONIC_ACID, "patient-a"))
    item = overridden(first["dental-review"], "already-addressed")
    send(client, {**item, "outcomeTimestamp": datetime.now(UTC).isoformat()})  # recent: it suppresses
    second = call(client, prefetch_keys, ON_ZOLEDRONIC_ACID, "patient-a")  # suppression may leave the card out

    report = data(client)

    assert report["totals"]["shown"] == len(first) + len(second)
    dental = row(report, "dental-review")
    assert dental["shown"] == (2 if suppression_days == 0 else 1)  # a card left out was not shown
    assert (dental["overridden"], dental["ignored"]) == (1, dental["shown"] - 1)


def test_a_database_that_is_down_gets_a_503_not_a_500(app_config):
    app_config["DATABASE_URL"] = "postgresql+psycopg://postgres@127.0.0.1:1/test"  # nothing listens on port 1
    client = create_app(app_config).test_client()

    response = client.get("/insights/data", headers=basic())
    page = client.get("/insights", headers=basic())

    assert response.status_code == 503 and response.get_json()["error"] == "storage-unavailable"
    assert response.headers["Retry-After"] == "5"
    assert page.status_code == 503 and "did not answer" in page.get_data(as_text=True)


@pytest.mark.parametrize("peak, step", [(0, 1), (4, 1), (5, 2), (8, 2), (9, 5), (20, 5), (21, 10), (4001, 2000)])
def test_the_plot_axis_has_four_round_steps_reaching_the_peak(peak, step):
    assert insights_plot.tick_step(peak) == step
    points = [{"start": "2026-01-01", "shown": peak, "accepted": peak, "overridden": 0, "ignored": 0}]
    bar = insights_plot.layout(points).bars[0]
    assert all(segment.height <= insights_plot.HEIGHT for segment in bar.segments)
