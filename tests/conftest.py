"""Shared fixtures: settings on a temporary directory, and stores on SQLite and PostgreSQL.

PostgreSQL tests use `SANCTIONWATCH_TEST_POSTGRES_URL` if set, else start a private server from
Debian's binaries. Without either they skip on a user's machine and fail in CI
(`SANCTIONWATCH_REQUIRE_POSTGRES=1`).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import Store
from tests.httpserver import LocalServer
from tests.pg import PostgresServer, find_bindir

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
_db_counter = itertools.count()


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """URL of a PostgreSQL server's admin database, for creating per-test databases."""
    url = os.environ.get("SANCTIONWATCH_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    bindir = find_bindir()
    if bindir is None:
        reason = "PostgreSQL binaries not found (apt-get install postgresql)"
        if os.environ.get("SANCTIONWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    server = PostgresServer(bindir)
    server.start()
    try:
        yield server.url()
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    name = f"sw_test_{os.getpid()}_{next(_db_counter)}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = postgres_admin_url.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with the data directory (and the SQLite store) under a temporary directory."""
    return Settings(data_dir=tmp_path / "data", database_url=None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a store on SQLite and, as a second run, on PostgreSQL."""
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path / "data", database_url=None)
    url = request.getfixturevalue("postgres_url")
    return Settings(data_dir=tmp_path / "data", database_url=url)


@pytest.fixture
def store(store_settings: Settings) -> Iterator[Store]:
    """An empty, migrated store (SQLite and PostgreSQL)."""
    opened = Store.open(store_settings)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    """A local HTTP server on 127.0.0.1 whose routes a test sets."""
    server = LocalServer().start()
    try:
        yield server
    finally:
        server.stop()
