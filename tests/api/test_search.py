"""`GET /search`: name search with a low threshold, yente's search shape."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import ids


def test_search_by_name(client: TestClient) -> None:
    response = client.get("/search", params={"q": "Kim Jong Un"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert set(data) == {"results", "total", "limit", "offset"}
    assert data["limit"] == 10
    assert data["offset"] == 0
    assert data["total"] == {"value": len(data["results"]), "relation": "eq"}
    assert {"ofac-20275", "uk-DPR0301"} <= set(ids(data))
    best = data["results"][0]
    assert best["match"] is True
    assert best["explanation"]
    assert best["properties"]["name"]


def test_search_lists_look_alikes_that_are_not_matches(client: TestClient) -> None:
    # Kim Jong Il is not listed; his son is, and a browsing user should see him.
    data = client.get("/search", params={"q": "Kim Jong Il"}).json()
    assert "ofac-20275" in ids(data)
    assert all(0.25 <= r["score"] < 0.7 for r in data["results"])
    assert all(r["match"] is False for r in data["results"])
    assert (
        client.post(
            "/match",
            json={"queries": {"q": {"schema": "Person", "properties": {"name": ["Kim Jong Il"]}}}},
        ).json()["responses"]["q"]["results"]
        == []
    )


def test_search_in_another_script_and_schema(client: TestClient) -> None:
    assert "ofac-20275" in ids(client.get("/search", params={"q": "김정은"}).json())
    vessels = client.get("/search", params={"q": "Chong Chon Gang", "schema": "Vessel"}).json()
    assert ids(vessels)[0] == "ofac-17069"
    assert {r["schema"] for r in vessels["results"]} == {"Vessel"}


def test_search_limit_and_threshold(client: TestClient) -> None:
    one = client.get("/search", params={"q": "Kim Jong Un", "limit": 1}).json()
    assert len(one["results"]) == 1
    assert one["total"]["relation"] == "gte"
    strict = client.get("/search", params={"q": "Kim Jong Un", "threshold": 0.95}).json()
    assert all(r["score"] >= 0.95 for r in strict["results"])
