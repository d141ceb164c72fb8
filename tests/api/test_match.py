"""`POST /match` and `/match/{dataset}`: yente's request and response shapes, options, filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sanctionwatch.api import create_app
from tests.api.conftest import Match, api_settings_for, ids, person

# The request body of yente's /match documentation, as it stands there.
YENTE_EXAMPLE: dict[str, Any] = {
    "queries": {
        "entity1": {
            "schema": "Person",
            "properties": {
                "name": ["John Doe"],
                "birthDate": ["1975-04-21"],
                "nationality": ["us"],
            },
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
    }
}
YENTE_RESULT_FIELDS = {
    "id",
    "caption",
    "schema",
    "properties",
    "datasets",
    "referents",
    "target",
    "score",
    "features",
    "match",
}
EXTRA_FIELDS = {"explanation", "sanctions", "algorithm", "suppressed", "decision", "matched_name"}


def test_yente_documentation_example(client: TestClient) -> None:
    response = client.post("/match", json=YENTE_EXAMPLE)
    assert response.status_code == 200, response.text
    assert response.headers["x-batch-size"] == "2"
    data = response.json()
    assert set(data) == {"responses", "matcher", "limit"}
    assert data["limit"] == 5
    assert set(data["responses"]) == {"entity1", "entity2"}
    for key, example in YENTE_EXAMPLE["queries"].items():
        block = data["responses"][key]
        assert block["status"] == 200
        assert block["results"] == []  # neither is on the sample lists
        assert block["total"] == {"value": 0, "relation": "eq"}
        assert block["query"]["schema"] == example["schema"]
        assert block["query"]["properties"]["name"] == example["properties"]["name"]
    company = data["responses"]["entity2"]["query"]["properties"]
    assert company["jurisdiction"] == ["hk"]
    assert company["registrationNumber"] == ["84BA99810"]
    for doc in data["matcher"].values():
        assert doc["description"]
        assert isinstance(doc["coefficient"], float)
    assert {"name", "identifier", "birth_date", "country"} <= set(data["matcher"])


def test_result_has_yente_fields_and_our_extras(match: Match) -> None:
    block = match(person("Kim Jong Un", birthDate=["1984-01-08"], nationality=["kp"]))
    best = block["results"][0]
    assert set(best) == YENTE_RESULT_FIELDS | EXTRA_FIELDS
    assert best["id"] in {"ofac-20275", "uk-DPR0301"}
    assert best["schema"] == "Person"
    assert best["target"] is True
    assert best["referents"] == []
    assert best["datasets"] in (["ofac-sdn"], ["uk"])
    assert "KIM" in best["properties"]["lastName"]
    assert best["match"] is True
    assert best["algorithm"] == "sw-v2"
    assert best["features"]["name"] == 1.0
    assert best["features"]["birth_date"] == 1.0
    assert {e["feature"] for e in best["explanation"]} == set(best["features"])
    assert all(e["detail"] for e in best["explanation"])
    assert best["sanctions"][0]["authority"]
    assert best["suppressed"] is False
    assert best["decision"] is None
    assert block["query"]["properties"]["birthDate"] == ["1984-01-08"]


@pytest.mark.parametrize(
    "name", ["김정은", "Ким Чен Ын", "Kim Jong-un", "KIM JONG UN", "Kim Chong Un"]
)
def test_match_in_every_script(match: Match, name: str) -> None:
    assert "ofac-20275" in ids(match(person(name)))


def test_plain_string_property_values_are_accepted(match: Match) -> None:
    # yente's EntityExample allows a single string instead of a list.
    block = match({"schema": "Person", "properties": {"name": "Vladimir Putin"}})
    assert "ofac-35096" in ids(block)


def test_renamed_vessel_is_found_by_imo(match: Match) -> None:
    example = {
        "schema": "Vessel",
        "properties": {"name": ["Some New Name"], "imoNumber": ["7937317"]},
    }
    block = match(example)
    assert ids(block)[0] == "ofac-17069"
    assert block["results"][0]["features"]["identifier"] == 1.0


def test_vessel_query_returns_no_people(match: Match) -> None:
    block = match({"schema": "Vessel", "properties": {"name": ["Kim Jong Un"]}})
    assert all(r["schema"] == "Vessel" for r in block["results"])


def test_threshold_cutoff_and_limit(match: Match) -> None:
    example = person("Kim Jong Un")
    assert match(example, threshold=1.0)["results"] == []
    loose = match(example, threshold=1.0, cutoff=0.5)
    assert loose["results"]
    assert all(r["match"] is False for r in loose["results"])
    full = match(example)
    assert full["total"]["value"] >= 2
    one = match(example, limit=1)
    assert len(one["results"]) == 1
    assert one["total"] == full["total"]


@pytest.mark.parametrize("algorithm", ["sw-v2", "best", "default", "logic-v2", "regression-v1"])
def test_yente_algorithm_names_run_sw_v1(match: Match, algorithm: str) -> None:
    block = match(person("Kim Jong Un"), algorithm=algorithm)
    assert {r["algorithm"] for r in block["results"]} == {"sw-v2"}


def test_unknown_algorithm(client: TestClient) -> None:
    response = client.post(
        "/match", params={"algorithm": "magic"}, json={"queries": {"q": person("Kim")}}
    )
    assert response.status_code == 400
    assert "unknown algorithm 'magic'" in response.json()["detail"]


KOMID = {"schema": "Organization", "properties": {"name": ["Korea Mining Development Trading"]}}


def test_dataset_in_path(match: Match) -> None:
    everywhere = match(KOMID)
    assert {r["datasets"][0] for r in everywhere["results"]} == {"un", "ofac-sdn", "uk"}
    assert match(KOMID, path="/match/default")["total"] == everywhere["total"]
    assert match(KOMID, path="/match/sanctions")["total"] == everywhere["total"]
    only_un = match(KOMID, path="/match/un")
    assert ids(only_un) == ["un-KPe.001"]


def test_include_and_exclude_dataset(match: Match) -> None:
    included = match(KOMID, include_dataset=["uk", "un"])
    assert {r["datasets"][0] for r in included["results"]} == {"uk", "un"}
    excluded = match(KOMID, exclude_dataset="ofac-sdn")
    assert "ofac-sdn" not in {r["datasets"][0] for r in excluded["results"]}
    assert match(KOMID, path="/match/un", include_dataset="uk")["results"] == []


def test_unknown_datasets(client: TestClient) -> None:
    body = {"queries": {"q": KOMID}}
    response = client.post("/match/nowhere", json=body)
    assert response.status_code == 404
    assert "no dataset 'nowhere'" in response.json()["detail"]
    response = client.post("/match", params={"include_dataset": "nowhere"}, json=body)
    assert response.status_code == 400
    assert "unknown include_dataset 'nowhere'" in response.json()["detail"]


def test_exclude_schema_and_entity_ids(match: Match) -> None:
    example = {"schema": "Thing", "properties": {"name": ["Kim Jong Un"]}}
    assert "Person" not in {r["schema"] for r in match(example, exclude_schema="Person")["results"]}
    kept = match(example, exclude_entity_ids=["ofac-20275"])
    assert "ofac-20275" not in ids(kept)
    assert "uk-DPR0301" in ids(kept)


def test_config_and_weights(client: TestClient, match: Match) -> None:
    example = person("Kim Jong Un")
    ok = client.post(
        "/match",
        json={
            "queries": {"q": example},
            "weights": {"name_literal_match": 0.8},
            "config": {"dob_tolerance_years": 2, "include_weak_aliases": False, "candidates": 20},
        },
    )
    assert ok.status_code == 200, ok.text
    bad = client.post("/match", json={"queries": {"q": example}, "config": {"nonsense": 1}})
    assert bad.status_code == 400
    assert "Invalid configuration parameter: nonsense" in bad.json()["detail"]
    wrong_type = client.post(
        "/match", json={"queries": {"q": example}, "config": {"candidates": "x"}}
    )
    assert wrong_type.status_code == 400
    assert "candidates" in wrong_type.json()["detail"]


def test_batch(client: TestClient) -> None:
    queries = {f"q{i}": person("Vladimir Putin") for i in range(5)}
    response = client.post("/match", json={"queries": queries})
    assert response.status_code == 200
    assert all("ofac-35096" in ids(b) for b in response.json()["responses"].values())
    queries["q5"] = person("Kim Jong Un")
    too_many = client.post("/match", json={"queries": queries})
    assert too_many.status_code == 400
    assert too_many.json() == {"detail": "Too many queries in one batch (limit: 5)"}
    empty = client.post("/match", json={"queries": {}})
    assert empty.status_code == 400
    assert empty.json() == {"detail": "No queries provided."}


def test_one_bad_query_fails_the_batch_and_is_named(client: TestClient) -> None:
    body = {"queries": {"good": person("Kim Jong Un"), "bad": person("")}}
    response = client.post("/match", json=body)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("query 'bad': ")


def test_no_lists_loaded_is_503(tmp_path: Path) -> None:
    with TestClient(create_app(api_settings_for(tmp_path / "empty"))) as empty:
        response = empty.post("/match", json={"queries": {"q": person("Kim Jong Un")}})
        assert response.status_code == 503
        assert "no lists are loaded" in response.json()["detail"]
        assert empty.get("/healthz").json()["status"] == "empty"
