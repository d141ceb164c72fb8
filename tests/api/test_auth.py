"""Optional API keys (`SANCTIONWATCH_API_KEYS`): refused without one, served with one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from sanctionwatch.api import create_app
from sanctionwatch.api.auth import ApiKeyAuth, presented_key
from sanctionwatch.cli.serve import _loopback
from sanctionwatch.settings import Settings
from tests.api.conftest import api_settings_for, person

KEYS = ["first-key-0123", "rotated-key-4567"]
MATCH = {"queries": {"q": person("Kim Jong Un")}}


@pytest.fixture
def keyed(loaded_settings: Settings) -> Iterator[TestClient]:
    settings = loaded_settings.model_copy(update={"api_keys": Settings(api_keys=KEYS).api_keys})
    with TestClient(create_app(settings)) as client:
        yield client


def test_requests_without_a_key_are_refused_before_the_body_is_read(keyed: TestClient) -> None:
    response = keyed.post("/match", json=MATCH)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "ApiKey"
    assert response.json()["detail"].startswith("missing API key")
    # Refused unread: a body over the size limit still gets 401, not 413.
    assert keyed.post("/match", content=b"x" * (128 * 1024)).status_code == 401
    assert keyed.get("/search", params={"q": "Kim"}).status_code == 401
    assert keyed.get("/entities/un-KPi.033").status_code == 401


def test_a_wrong_key_is_refused(keyed: TestClient) -> None:
    for headers in (
        {"Authorization": "ApiKey wrong"},
        {"X-API-Key": "first-key-012"},  # a prefix of a real key
        {"Authorization": "Bearer first-key-0123"},  # another scheme
    ):
        response = keyed.post("/match", json=MATCH, headers=headers)
        assert response.status_code == 401, headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "ApiKey first-key-0123"},
        {"Authorization": "apikey  rotated-key-4567 "},
        {"X-API-Key": "first-key-0123"},
    ],
)
def test_any_configured_key_is_served(keyed: TestClient, headers: dict[str, str]) -> None:
    response = keyed.post("/match", json=MATCH, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["responses"]["q"]["results"]


def test_health_and_docs_stay_open(keyed: TestClient) -> None:
    assert keyed.get("/healthz").status_code == 200
    assert keyed.get("/openapi.json").status_code == 200
    assert keyed.get("/docs").status_code == 200


def test_no_keys_means_an_open_api(client: TestClient) -> None:
    assert client.post("/match", json=MATCH).status_code == 200


def test_keys_come_from_the_environment_and_are_never_blank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANCTIONWATCH_API_KEYS", '["k1-abcdef", "k2-ghijkl"]')
    settings = api_settings_for(tmp_path)
    assert [k.get_secret_value() for k in settings.api_keys] == ["k1-abcdef", "k2-ghijkl"]
    assert "k1-abcdef" not in repr(settings)
    with pytest.raises(ValidationError, match="API key is empty"):
        Settings(api_keys=["ok-key", " "])
    with pytest.raises(ValueError, match="non-empty"):
        ApiKeyAuth(create_app(settings), [])


def test_presented_key() -> None:
    assert presented_key([(b"authorization", b"ApiKey abc")]) == "abc"
    assert presented_key([(b"x-api-key", b" abc ")]) == "abc"
    assert presented_key([(b"authorization", b"Basic abc")]) is None
    assert presented_key([(b"authorization", b"ApiKey ")]) is None
    assert presented_key([]) is None


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),  # noqa: S104 -- the address tested, nothing binds it
        ("10.0.0.5", False),
    ],
)
def test_serve_warns_beyond_loopback_only(host: str, loopback: bool) -> None:
    assert _loopback(host) is loopback
