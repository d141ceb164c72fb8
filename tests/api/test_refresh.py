"""The index follows the store's snapshots while the API runs, without interrupting it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api import create_app
from sanctionwatch.screening import service as service_module
from sanctionwatch.screening.service import IndexState
from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import Store
from tests.api.conftest import OFAC, UK, UN, api_of, api_settings_for, ids, load, person

KIM = {"queries": {"q": person("Kim Jong Un")}}


def _kim_ids(client: TestClient) -> list[str]:
    response = client.post("/match", json=KIM)
    assert response.status_code == 200, response.text
    return ids(response.json()["responses"]["q"])


def _sources(client: TestClient) -> set[str]:
    return {s["source"] for s in client.get("/healthz").json()["sources"]}


def _wait_for(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture
def un_only(tmp_path: Path) -> Settings:
    """A store with the UN list only (Kim Jong Un is not on the UN sample)."""
    settings = api_settings_for(tmp_path / "data")
    load(settings, UN)
    return settings


def test_new_snapshot_is_served_after_a_refresh(un_only: Settings) -> None:
    with TestClient(create_app(un_only)) as client:
        assert "ofac-20275" not in _kim_ids(client)
        load(un_only, OFAC)  # another process loads a list while the API runs
        health = client.get("/healthz").json()
        assert health["status"] == "stale"
        assert health["index"]["current"] is False
        ofac = next(s for s in health["sources"] if s["source"] == "ofac-sdn")
        assert ofac["indexed"] is False
        assert "ofac-20275" not in _kim_ids(client)  # still the previous index

        assert api_of(client).refresher.check() is True
        health = client.get("/healthz").json()
        assert health["status"] == "ok"
        assert health["index"]["current"] is True
        assert len(health["index"]["snapshot_ids"]) == 2
        assert health["index"]["last_check_at"] is not None
        assert _sources(client) == {"un", "ofac-sdn"}
        assert "ofac-20275" in _kim_ids(client)
        assert api_of(client).refresher.check() is False  # nothing changed since


def test_background_thread_refreshes(un_only: Settings) -> None:
    settings = un_only.model_copy(update={"index_refresh_seconds": 0.05})
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json()["index"]["refresh_seconds"] == 0.05
        load(settings, OFAC)
        _wait_for(
            lambda: (
                client.get("/healthz").json()["status"] == "ok" and "ofac-sdn" in _sources(client)
            )
        )
        _wait_for(lambda: "ofac-20275" in _kim_ids(client))


def test_requests_during_a_rebuild_use_the_previous_index(
    un_only: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(un_only, OFAC)
    started, release = threading.Event(), threading.Event()
    real_build = service_module.build_index

    def slow_build(store: Store) -> IndexState:
        started.set()
        assert release.wait(30), "the test never released the build"
        return real_build(store)

    with TestClient(create_app(un_only)) as client:
        before = _kim_ids(client)
        assert "ofac-20275" in before
        assert "uk-DPR0301" not in before
        monkeypatch.setattr(service_module, "build_index", slow_build)
        load(un_only, UK)
        refresher = api_of(client).refresher
        rebuild = threading.Thread(target=refresher.check)
        rebuild.start()
        try:
            assert started.wait(10)
            # The rebuild is blocked: every endpoint still answers, from the previous index.
            for _ in range(3):
                assert _kim_ids(client) == before
            health = client.get("/healthz").json()
            assert health["status"] == "stale"
            assert health["index"]["rebuilding"] is True
            assert client.get("/search", params={"q": "Kim Jong Un"}).status_code == 200
            assert client.get("/entities/uk-DPR0301").status_code == 200  # the store has it
        finally:
            release.set()
            rebuild.join(30)
        assert not rebuild.is_alive()
        after = _kim_ids(client)
        assert "uk-DPR0301" in after
        health = client.get("/healthz").json()
        assert health["status"] == "ok"
        assert health["index"]["rebuilding"] is False


def test_failed_rebuild_keeps_the_previous_index(
    un_only: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_store: Store) -> IndexState:
        raise RuntimeError("disk on fire")

    with TestClient(create_app(un_only)) as client:
        monkeypatch.setattr(service_module, "build_index", broken)
        load(un_only, OFAC)
        assert api_of(client).refresher.check() is False
        health = client.get("/healthz").json()
        assert health["status"] == "stale"
        assert "disk on fire" in health["index"]["last_error"]
        assert client.post("/match", json=KIM).status_code == 200
        monkeypatch.undo()
        assert api_of(client).refresher.check() is True
        health = client.get("/healthz").json()
        assert health["index"]["last_error"] is None
        assert health["status"] == "ok"
