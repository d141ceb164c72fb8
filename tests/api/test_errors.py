"""Bad input never ends in a 500 or a traceback: every error is a 4xx `{"detail": ...}`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api import create_app
from sanctionwatch.screening.service import ScreeningService
from sanctionwatch.settings import Settings
from tests.api.conftest import person


def _detail(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text
    body = response.json()
    assert isinstance(body["detail"], str)
    detail: str = body["detail"]
    return detail


@pytest.mark.parametrize(
    ("example", "message"),
    [
        (person(""), "no name and no identifier"),
        (person("   "), "no name and no identifier"),
        ({"schema": "Person", "properties": {}}, "no name and no identifier"),
        (person("x" * 10_000), "name is too long (10000 characters"),
        (person("Kim\x07Jong Un"), "name contains a control character (U+0007)"),
        (person("Kim\x00Jong Un"), "control character (U+0000)"),
        (person("Kim Jong Un", birthDate=["1984\x1b"]), "birthDate contains a control character"),
        (
            {"schema": "Vessel", "properties": {"imoNumber": ["79373\x0b17"]}},
            "imoNumber contains a control character",
        ),
        ({"schema": "Spaceship", "properties": {"name": ["Kim"]}}, "unknown schema 'Spaceship'"),
        ({"schema": "Sanction", "properties": {"name": ["Kim"]}}, "cannot be matched"),
        (person("Kim", notes=["n" * 3000]), "notes is too long"),
    ],
)
def test_bad_queries_are_400(client: TestClient, example: dict[str, Any], message: str) -> None:
    response = client.post("/match", json={"queries": {"q": example}})
    detail = _detail(response, 400)
    assert message in detail
    assert detail.startswith("query 'q': ")


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"[]",
        b'{"queries": []}',
        b'{"queries": {"q": {"properties": {"name": ["Kim"]}}}}',
        b'{"queries": {"q": {"schema": "Person", "properties": 5}}}',
        b'{"queries": {"q": {"schema": 7, "properties": {}}}}',
        b'{"queries": {"q": {"schema": "Person", "properties": {}}}, "weights": {"a": "x"}}',
        '{"queries": {"q": "\udcff"}}'.encode("utf-8", "surrogatepass"),
    ],
)
def test_malformed_bodies_are_422(client: TestClient, body: bytes) -> None:
    response = client.post("/match", content=body, headers={"content-type": "application/json"})
    detail = _detail(response, 422)
    assert detail.startswith("invalid request: ")
    errors = response.json()["errors"]
    assert errors
    assert all(set(e) == {"loc", "msg", "type"} for e in errors)


def test_validation_error_does_not_echo_the_input(client: TestClient) -> None:
    secret = "s3cr3t-" + "y" * 5000
    response = client.post("/match", json={"queries": {"q": {"schema": secret}}})
    assert response.status_code == 422
    assert "s3cr3t" not in response.text


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"limit": 0}, 422, "limit"),
        ({"limit": 100_000}, 422, "limit"),
        ({"threshold": 2}, 422, "threshold"),
        ({"threshold": "high"}, 422, "threshold"),
        ({"exclude_schema": "Spaceship"}, 400, "unknown schema 'Spaceship'"),
        ({"exclude_entity_ids": [f"id-{i}" for i in range(51)]}, 422, "exclude_entity_ids"),
    ],
)
def test_bad_query_parameters(
    client: TestClient, params: dict[str, Any], status: int, message: str
) -> None:
    response = client.post("/match", params=params, json={"queries": {"q": person("Kim")}})
    assert message in _detail(response, status)


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    big = {"queries": {"q": person("Kim Jong Un", notes=["n" * 70_000])}}
    detail = _detail(client.post("/match", json=big), 413)
    assert "at most 65536 bytes" in detail


def test_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"queries": {"q": {"schema": "Person", "properties": {"notes": ["'
        for _ in range(100):
            yield b"n" * 1024
        yield b'"]}}}}'

    response = client.post("/match", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in {k.lower() for k in response.request.headers}
    _detail(response, 413)


def test_body_under_the_limit_passes_through_unchanged(client: TestClient) -> None:
    body = {"queries": {"q": person("Kim Jong Un", notes=["n" * 1500])}}
    assert client.post("/match", json=body).status_code == 200


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"q": ""}, 400, "no name and no identifier"),
        ({"q": "x" * 10_000}, 400, "too long"),
        ({"q": "Kim\x07Jong"}, 400, "control character"),
        ({"q": "Kim", "schema": "Spaceship"}, 400, "unknown schema"),
        ({}, 422, "q"),
    ],
)
def test_bad_search(client: TestClient, params: dict[str, Any], status: int, message: str) -> None:
    assert message in _detail(client.get("/search", params=params), status)


def test_unknown_route_and_method(client: TestClient) -> None:
    assert _detail(client.get("/nowhere"), 404) == "Not Found"
    assert _detail(client.get("/match"), 405) == "Method Not Allowed"


def test_unexpected_error_is_a_plain_500(
    loaded_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("engine exploded: internal detail")

    monkeypatch.setattr(ScreeningService, "screen_many", broken)
    with TestClient(create_app(loaded_settings), raise_server_exceptions=False) as client:
        response = client.post("/match", json={"queries": {"q": person("Kim Jong Un")}})
    assert _detail(response, 500) == "internal server error (logged)"
    assert "exploded" not in response.text
