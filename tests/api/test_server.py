"""`sanctionwatch serve` for real: uvicorn in a subprocess on 127.0.0.1, talked to with httpx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sanctionwatch.settings import Settings
from tests.api.conftest import OFAC, UK, UN, api_settings_for, load, person
from tests.cli.conftest import Cli
from tests.serve import running_server

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`python -m sanctionwatch serve` on a free port over a SQLite store with the samples."""
    data_dir = tmp_path / "data"
    load(api_settings_for(data_dir), UN, OFAC, UK)
    with running_server(
        data_dir, tmp_path / "server.log", index_refresh_seconds="0.2", api_max_batch="3"
    ) as base:
        yield base


def test_real_server(server: str, tmp_path: Path) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        health = http.get("/healthz").json()
        assert health["status"] == "ok"
        assert health["index"]["refresh_seconds"] == 0.2
        body = {
            "queries": {
                "kim": person("김정은"),
                "ship": {"schema": "Vessel", "properties": {"imoNumber": ["IMO 7937317"]}},
            }
        }
        response = http.post("/match", json=body, params={"algorithm": "best"})
        assert response.status_code == 200, response.text
        assert response.headers["x-batch-size"] == "2"
        responses = response.json()["responses"]
        assert "ofac-20275" in [r["id"] for r in responses["kim"]["results"]]
        assert responses["ship"]["results"][0]["id"] == "ofac-17069"
        too_many = http.post("/match", json={"queries": {str(i): person("A B") for i in range(4)}})
        assert too_many.status_code == 400
        assert too_many.json() == {"detail": "Too many queries in one batch (limit: 3)"}
        bad = http.post("/match", content=b"{nope", headers={"content-type": "application/json"})
        assert bad.status_code == 422
        assert http.get("/entities/un-KPe.001").json()["id"] == "un-KPe.001"
        openapi = http.get("/openapi.json").json()
        assert "/match/{dataset}" in openapi["paths"]


def test_serve_command_builds_the_app_from_settings(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def fake_run(app: object, **kwargs: object) -> None:
        seen["app"] = app
        seen.update(kwargs)

    def fake_create_app(settings: Settings) -> object:
        seen["settings"] = settings
        return "the app"

    monkeypatch.setattr("sanctionwatch.cli.serve.uvicorn.run", fake_run)
    monkeypatch.setattr("sanctionwatch.cli.serve.create_app", fake_create_app)
    monkeypatch.setenv("SANCTIONWATCH_DATA_DIR", str(tmp_path / "data"))
    result = Cli(capsys, monkeypatch)("serve", "--port", "8123", "--refresh-seconds", "7")
    assert result.code == 0, result.err
    assert seen["app"] == "the app"
    assert seen["host"] == "127.0.0.1"
    assert seen["port"] == 8123
    settings = seen["settings"]
    assert isinstance(settings, Settings)
    assert settings.index_refresh_seconds == 7
    assert settings.data_dir == tmp_path / "data"
    assert "http://127.0.0.1:8123" in result.err


def test_serve_with_an_unreachable_store_is_a_cli_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the server must not start")

    monkeypatch.setattr("sanctionwatch.cli.serve.uvicorn.run", never)
    monkeypatch.setenv("SANCTIONWATCH_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    result = Cli(capsys, monkeypatch)("serve")
    assert result.code == 7
    assert "cannot reach the store" in result.err
    assert "Traceback" not in result.err
