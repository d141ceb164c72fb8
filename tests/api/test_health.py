"""`GET /healthz`: loaded lists, index size and freshness."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["algorithm"] == "sw-v2"
    index = data["index"]
    assert index["entities"] == 34
    assert index["names"] >= index["entities"]
    assert index["current"] is True
    assert index["rebuilding"] is False
    assert index["built_at"]
    assert index["build_seconds"] >= 0
    assert index["refresh_seconds"] == 0
    sources = {s["source"]: s for s in data["sources"]}
    assert set(sources) == {"un", "ofac-sdn", "uk"}
    assert sorted(s["snapshot_id"] for s in sources.values()) == index["snapshot_ids"]
    assert sources["ofac-sdn"]["published_at"].startswith("2025-03-14")
    assert sources["un"]["title"] == "UN Security Council Consolidated List"
    assert sources["un"]["listed"] == 13
    assert all(s["indexed"] for s in sources.values())
