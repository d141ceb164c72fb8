"""The OpenAPI document: every route summarised, tagged, its errors and examples described."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

ROUTES = {
    ("post", "/match"),
    ("post", "/match/{dataset}"),
    ("get", "/search"),
    ("get", "/entities/{entity_id}"),
    ("get", "/healthz"),
    ("post", "/decisions"),
    ("get", "/decisions"),
}


def _openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_every_route_is_documented(client: TestClient) -> None:
    document = _openapi(client)
    operations = {
        (method, path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }
    assert set(operations) == ROUTES
    for key, operation in operations.items():
        assert operation.get("summary"), key
        assert operation.get("tags"), key
        assert operation.get("description"), key


def test_match_is_documented_with_examples_and_errors(client: TestClient) -> None:
    operation = _openapi(client)["paths"]["/match"]["post"]
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    yente = examples["person_and_company"]["value"]["queries"]
    assert yente["entity2"]["properties"]["registrationNumber"] == ["84BA99810"]
    assert {"400", "404", "413", "422", "503"} <= set(operation["responses"])
    params = {p["name"] for p in operation["parameters"]}
    assert {
        "threshold",
        "limit",
        "algorithm",
        "include_dataset",
        "exclude_dataset",
        "exclude_schema",
        "exclude_entity_ids",
        "cutoff",
    } <= params
    assert "yente" in operation["description"]


def test_docs_pages_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert client.get("/redoc").status_code == 200
