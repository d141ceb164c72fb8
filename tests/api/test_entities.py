"""`GET /entities/{id}`: an entity in full, with its sanctions and snapshots."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.conftest import OFAC, api_of, load


def test_entity_in_full(client: TestClient) -> None:
    response = client.get("/entities/ofac-20275")
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["id"] == "ofac-20275"
    assert data["schema"] == "Person"
    assert data["caption"]
    assert data["datasets"] == ["ofac-sdn"]
    assert data["properties"]["birthDate"]
    nested = data["properties"]["sanctions"]
    assert {n["schema"] for n in nested} == {"Sanction"}
    assert all(n["properties"]["entity"] == ["ofac-20275"] for n in nested)
    assert {s["program"] for s in data["sanctions"]} == {"DPRK2", "DPRK3"}
    assert data["snapshot"]["source"] == "ofac-sdn"
    assert data["snapshot"]["status"] == "active"
    assert data["snapshot"]["published_at"].startswith("2025-03-14")
    assert [v["id"] for v in data["versions"]] == [data["snapshot"]["id"]]


def test_vessel_and_un_entity(client: TestClient) -> None:
    vessel = client.get("/entities/ofac-17069").json()
    assert vessel["properties"]["imoNumber"] == ["IMO7937317"]
    komid = client.get("/entities/un-KPe.001").json()
    assert komid["schema"] in {"Organization", "LegalEntity", "Company"}
    assert komid["sanctions"][0]["authority"]


def test_versions_across_snapshots(client: TestClient, tmp_path: object) -> None:
    settings = api_of(client).settings
    edited = settings.data_dir / "sdn.xml"
    text = OFAC.read_text(encoding="utf-8")
    edited.write_text(
        text.replace(
            "<lastName>KIM</lastName>", "<lastName>KIM</lastName><title>Chairman</title>", 1
        ),
        encoding="utf-8",
    )
    load(settings, edited)
    data = client.get("/entities/ofac-20275").json()
    assert [v["status"] for v in data["versions"]] == ["active", "superseded"]
    assert data["snapshot"]["id"] == data["versions"][0]["id"]


def test_unknown_entity_is_404(client: TestClient) -> None:
    response = client.get("/entities/ofac-0")
    assert response.status_code == 404
    assert response.json() == {"detail": "no entity with id 'ofac-0' in the store"}
