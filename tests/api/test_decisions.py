"""`POST /decisions` and `GET /decisions`: rulings that suppress reviewed hits in /match."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Match, person

RULING = {
    "entity_id": "ofac-20275",
    "decision": "not_a_match",
    "analyst": "A. Analyst",
    "note": "customer born 1962 in Busan\nchecked passport",
}


def _by_id(block: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in block["results"]}


def test_not_a_match_suppresses_the_hit(client: TestClient, match: Match) -> None:
    example = person("Kim Jong Un")
    assert _by_id(match(example))["ofac-20275"]["match"] is True
    response = client.post("/decisions", json={"names": ["Kim Jong Un"], **RULING})
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["query"] == "Kim Jong Un"
    assert stored["entity_id"] == "ofac-20275"
    assert stored["note"] == RULING["note"]
    results = match(example)["results"]
    hit = _by_id({"results": results})["ofac-20275"]
    assert hit["suppressed"] is True
    assert hit["match"] is False
    assert hit["decision"]["analyst"] == "A. Analyst"
    assert hit["decision"]["stale"] is False
    assert results[-1]["id"] == "ofac-20275"  # suppressed hits go last
    # The other list's entry for the same man is a different entity: not covered.
    assert _by_id(match(example))["uk-DPR0301"]["match"] is True
    listing = client.get("/decisions").json()["decisions"]
    assert listing[0]["id"] == stored["id"]


def test_decision_on_the_echoed_yente_query(client: TestClient) -> None:
    example = {
        "schema": "Vessel",
        "properties": {"name": ["Some New Name"], "imoNumber": ["7937317"]},
    }
    first = client.post("/match", json={"queries": {"v": example}}).json()["responses"]["v"]
    ruling = {"query": first["query"], **RULING, "entity_id": "ofac-17069", "decision": "match"}
    assert client.post("/decisions", json=ruling).status_code == 201
    again = client.post("/match", json={"queries": {"v": example}}).json()["responses"]["v"]
    hit = _by_id(again)["ofac-17069"]
    assert hit["decision"]["decision"] == "match"
    assert hit["suppressed"] is False
    assert hit["match"] is True


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"names": ["Kim"], **RULING, "entity_id": "ofac-0"}, 404, "ofac-0"),
        ({"names": [""], **RULING}, 400, "no name and no identifier"),
        ({"names": ["Kim\x07"], **RULING}, 400, "control character"),
        ({"names": ["Kim"], **RULING, "analyst": "  "}, 400, "analyst"),
        ({"names": ["Kim"], **RULING, "analyst": ""}, 422, "analyst"),
        ({"names": ["Kim"], **RULING, "decision": "maybe"}, 422, "decision"),
        ({"names": ["Kim"], **RULING, "schema": "Spaceship"}, 400, "unknown schema"),
        ({"names": ["Kim"], "query": person("Kim"), **RULING}, 400, "either"),
        ({"names": ["Kim"]}, 422, "entity_id"),
    ],
)
def test_bad_decisions(client: TestClient, body: dict[str, Any], status: int, message: str) -> None:
    response = client.post("/decisions", json=body)
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


def test_decision_list_limit(client: TestClient) -> None:
    for analyst in ("A", "B", "C"):
        ruling = {"names": ["Kim Jong Un"], **RULING, "analyst": analyst}
        assert client.post("/decisions", json=ruling).status_code == 201
    listing = client.get("/decisions", params={"limit": 2}).json()["decisions"]
    assert [d["analyst"] for d in listing] == ["C", "B"]
    assert client.get("/decisions", params={"limit": 0}).status_code == 422
