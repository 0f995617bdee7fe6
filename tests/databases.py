"""Database fixtures: a fresh SQLite file, or a fresh PostgreSQL schema, per test (safe under pytest -n).

PostgreSQL is the real server on 127.0.0.1:5432 (``TEST_POSTGRES_URL``); tests that need it skip
when it is not running. Each test gets its own schema (``search_path``), dropped afterwards, so
parallel workers never see each other's tables and every test starts on an empty database.
"""

from __future__ import annotations

import os
import uuid
from functools import cache

import psycopg
import pytest
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def libpq_url(url: str) -> str:
    """The URL as psycopg itself takes it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@cache
def postgres_unreachable() -> str | None:
    try:
        psycopg.connect(libpq_url(POSTGRES_URL), connect_timeout=2).close()
    except psycopg.Error as exc:
        return f"PostgreSQL not reachable at {make_url(POSTGRES_URL).render_as_string()}: {type(exc).__name__}"
    return None


@pytest.fixture
def postgres_url():
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    if reason := postgres_unreachable():
        pytest.skip(reason)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = libpq_url(POSTGRES_URL)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Each test that uses it runs twice: on a fresh SQLite file and on a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cds.sqlite3'}"
    return request.getfixturevalue("postgres_url")
