"""API fixtures: settings on a temporary store, the sample lists loaded, a TestClient.

The sample lists are loaded once per session into a template SQLite file that each test copies:
a test gets its own store without paying for three loads.
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sanctionwatch.api import create_app
from sanctionwatch.api.state import ApiState
from sanctionwatch.lists.snapshot import LoadResult, load_list
from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import Store
from tests.conftest import SAMPLES

with warnings.catch_warnings():
    # Starlette 1.x wants `httpx2` for its TestClient and warns when it falls back on httpx;
    # the fallback works, and under filterwarnings=error the warning would fail every test.
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`", UserWarning)
    from fastapi.testclient import TestClient

LISTS = SAMPLES / "lists"
UN = LISTS / "un" / "consolidated.xml"
OFAC = LISTS / "ofac" / "sdn.xml"
UK = LISTS / "uk" / "UK-Sanctions-List.xml"
DB_NAME = "sanctionwatch.db"


def api_settings_for(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test app: no background refresh (tests refresh explicitly), small limits."""
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": None,
        "index_refresh_seconds": 0,
        "api_max_batch": 5,
        "api_max_body_bytes": 64 * 1024,
    }
    values.update(overrides)
    return Settings(**values)


def load(settings: Settings, *paths: Path) -> list[LoadResult]:
    """Load list files into the store of `settings` (as `sanctionwatch lists load` does)."""
    store = Store.open(settings)
    try:
        return [load_list(store, path) for path in paths]
    finally:
        store.close()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store with the UN, OFAC SDN and UK samples loaded (copied, never used)."""
    data_dir = tmp_path_factory.mktemp("api-template")
    load(api_settings_for(data_dir), UN, OFAC, UK)
    return data_dir / DB_NAME


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    """Settings on an empty data directory."""
    return api_settings_for(tmp_path / "data")


@pytest.fixture
def loaded_settings(api_settings: Settings, sample_db: Path) -> Settings:
    """Settings whose store holds the UN, OFAC SDN and UK samples."""
    api_settings.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(sample_db, api_settings.data_dir / DB_NAME)
    return api_settings


@pytest.fixture
def client(loaded_settings: Settings) -> Iterator[TestClient]:
    """A client of a running app (lifespan started) over the sample lists."""
    with TestClient(create_app(loaded_settings)) as test_client:
        yield test_client


def api_of(client: TestClient) -> ApiState:
    """The running app's state (store, service, refresher)."""
    state: ApiState = client.app.state.api  # type: ignore[attr-defined]
    return state


Match = Callable[..., dict[str, Any]]


def person(name: str, **props: list[str]) -> dict[str, Any]:
    """A yente example of a Person."""
    return {"schema": "Person", "properties": {"name": [name], **props}}


@pytest.fixture
def match(client: TestClient) -> Match:
    """POST one example to /match and return its response block (asserting a 200)."""

    def run(example: dict[str, Any], path: str = "/match", **params: Any) -> dict[str, Any]:
        response = client.post(path, json={"queries": {"q": example}}, params=params)
        assert response.status_code == 200, response.text
        block: dict[str, Any] = response.json()["responses"]["q"]
        return block

    return run


def ids(block: dict[str, Any]) -> list[str]:
    """The entity ids of a /match response block or a /search response, in order."""
    return [r["id"] for r in block["results"]]
