"""Feedback insights for the CDS committee: ``GET /insights`` (page) and ``GET /insights/data`` (JSON or CSV).

Protected by their own credential (HTTP Basic: INSIGHTS_USER and a Werkzeug hash of the password,
INSIGHTS_PASSWORD_HASH), never the EHR's JWT: a clinician's EHR session must not open the committee's
figures, and a browser can send Basic credentials with no script. The user name is compared in constant time
and the password hash is checked even when the name is wrong, so timing tells neither apart. Unset, both
routes answer 404 saying the feature is off. What is counted, and how: insights_counts; the SQL:
insights_queries; docs/insights.md.
"""

from __future__ import annotations

import csv
import hmac
import io
import logging
from datetime import UTC, datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.security import check_password_hash

from cds_service import insights_counts, insights_plot
from cds_service.database import engine_for
from cds_service.insights_counts import OUTCOMES, BadFilter, Filters
from cds_service.insights_queries import InsightsQueries
from cds_service.insights_text import TEXT, reason_name, topic_name
from cds_service.services import SERVICES
from cds_service.web_pages import page_language, render_page
from guideline.catalogue import TOPICS

log = logging.getLogger("cds_service.insights")
blueprint = Blueprint("insights", __name__)

_REALM = 'Basic realm="CDS feedback insights", charset="UTF-8"'
# The figures are the hospital's own: not cached by browsers or proxies, not framed, no script at all.
_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
}


@blueprint.get("/insights")
def insights_page() -> Response:
    text = TEXT[page_language()]
    refused = _refusal(html=True)
    if refused is not None:
        return refused
    try:
        filters = _filters()
    except BadFilter as exc:
        return _page(text["error"], status=400, error=str(exc), form=_form_values(None))
    try:
        report = _report(filters)
    except SQLAlchemyError as exc:
        _log_unavailable(exc)
        return _page(text["unavailable_title"], status=503, message=text["unavailable"], form=_form_values(filters))
    return _page(text["title"], report=report, plot=insights_plot.layout(report["trend"]["points"]),
                 form=_form_values(filters))


@blueprint.get("/insights/data")
def insights_data() -> Response:
    refused = _refusal(html=False)
    if refused is not None:
        return refused
    export = request.args.get("format") or "json"
    try:
        filters = _filters()
        if export not in ("json", "csv"):
            raise BadFilter(f"'format' must be json or csv, not {export[:20]!r}")
    except BadFilter as exc:
        return _json({"error": "invalid-request", "detail": str(exc)}, 400)
    try:
        report = _report(filters)
    except SQLAlchemyError as exc:
        _log_unavailable(exc)
        return _json(
            {"error": "storage-unavailable", "detail": "the database did not answer in time; try a shorter period"},
            503,
            {"Retry-After": "5"},
        )
    if export == "csv":
        response = Response(_csv(report), mimetype="text/csv")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="cds-insights-{report["period"]["from"]}-{report["period"]["to"]}.csv"'
        )
        response.headers.update(_HEADERS)
        return response
    return _json(report, 200)


# -- access -----------------------------------------------------------------------------------------


def _refusal(*, html: bool) -> Response | None:
    """None when the request carries the insights credential; else the 404 (disabled) or 401 to answer."""
    user, password_hash = current_app.config["INSIGHTS_USER"], current_app.config["INSIGHTS_PASSWORD_HASH"]
    if not user or not password_hash:
        if html:
            text = TEXT[page_language()]
            return _page(text["disabled_title"], status=404, message=text["disabled"])
        return _json({"error": "insights-disabled", "detail": TEXT["en"]["disabled"]}, 404)
    if _credential_matches(user, password_hash):
        return None
    log.info("insights: refused %s %s (no or wrong insights credential)", request.method, request.path)
    if html:
        text = TEXT[page_language()]
        response = _page(text["refused_title"], status=401, message=text["refused"])
    else:
        response = _json({"error": "unauthorized", "detail": TEXT["en"]["refused"]}, 401)
    response.headers["WWW-Authenticate"] = _REALM
    return response


def _credential_matches(user: str, password_hash: str) -> bool:
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return False  # a Bearer token (the EHR's JWT) is never accepted here
    user_ok = hmac.compare_digest((auth.username or "").encode(), user.encode())
    password_ok = check_password_hash(password_hash, auth.password or "")  # always run: same time either way
    return user_ok and password_ok


# -- the report -------------------------------------------------------------------------------------


def _filters() -> Filters:
    zone = ZoneInfo(current_app.config["INSIGHTS_TIMEZONE"])
    return insights_counts.parse_filters(
        request.args,
        today=datetime.now(zone).date(),
        zone=zone,
        max_days=current_app.config["INSIGHTS_MAX_DAYS"],
        services=SERVICES,
        topics=TOPICS,
    )


def _queries() -> InsightsQueries:
    queries = current_app.extensions.get("insights")
    if queries is None:
        queries = current_app.extensions["insights"] = InsightsQueries(engine_for(current_app.config["DATABASE_URL"]))
    return queries


def _report(filters: Filters) -> dict:
    outcomes, trend, unmatched = _queries().fetch(filters)
    return insights_counts.summarise(
        filters,
        outcomes,
        trend,
        unmatched,
        retention_days=current_app.config["SHOWN_CARD_RETENTION_DAYS"],
        now=datetime.now(UTC),
    )


def _log_unavailable(exc: SQLAlchemyError) -> None:
    # The driver's error class, not its message (it may quote SQL).
    log.warning("insights: the database failed or timed out (%s)", type(getattr(exc, "orig", None) or exc).__name__)


def _json(body: dict, status: int, headers: dict[str, str] | None = None) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers.update({**_HEADERS, **(headers or {})})
    return response


_CSV_REASONS = ("already-addressed", "data-outdated", "clinical-judgement", "patient-declined", "goals-of-care")


def _csv(report: dict) -> str:
    """One row per service and topic: counts, rates and override reasons (other systems' summed)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    rates = [f"{name}_rate" for name in OUTCOMES]
    reasons = [*_CSV_REASONS, "none"]
    writer.writerow(["from", "to", "service", "topic", "shown", *OUTCOMES, *rates,
                     *[f"overridden_{r}" for r in reasons], "overridden_other_system"])
    for row in report["by_topic"]:
        by_reason = {r["reason"]: r["cards"] for r in row["override_reasons"]}
        other = sum(n for key, n in by_reason.items() if key not in reasons)
        writer.writerow([report["period"]["from"], report["period"]["to"], row["service"], row["topic"],
                         row["shown"], *[row[name] for name in OUTCOMES],
                         *["" if row[r] is None else row[r] for r in rates],
                         *[by_reason.get(r, 0) for r in reasons], other])
    return out.getvalue()


# -- the page ---------------------------------------------------------------------------------------


def _form_values(filters: Filters | None) -> dict:
    args = request.args
    return {
        "from": filters.period.first_day.isoformat() if filters else args.get("from", ""),
        "to": filters.period.last_day.isoformat() if filters else args.get("to", ""),
        "service": (filters.service if filters else args.get("service")) or "",
        "topic": (filters.topic if filters else args.get("topic")) or "",
    }


def _page(title: str, *, status: int = 200, **values) -> Response:
    lang = page_language()
    form = values.pop("form", None)
    query = {k: v for k, v in (form or {}).items() if v}
    html = render_page(
        "insights.html",
        title=title,
        t=TEXT[lang],
        form=form,
        export_query=urlencode(query),
        services=list(SERVICES),
        topics=[(code, topic_name(code, lang)) for code in TOPICS],
        topic_name=lambda code: topic_name(code, lang),
        reason_name=lambda key: reason_name(key, lang),
        outcomes=OUTCOMES,
        retention_days=current_app.config["SHOWN_CARD_RETENTION_DAYS"],
        **values,
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers.update(_HEADERS)
    return response
