"""The OpenSanctions FollowTheMoney JSON-lines loader."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import ftm, ofsi, uk
from sanctionwatch.lists.common import ParseReport
from sanctionwatch.lists.snapshot import LoadOptions, load_list
from sanctionwatch.store.repo import Store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "lists" / "opensanctions" / "entities.ftm.json"
FIXTURES = ROOT / "tests" / "fixtures" / "lists" / "ftm"


def parse(path: Path) -> tuple[dict[str, EntityProxy], ParseReport]:
    report = ParseReport(ftm.SOURCE, str(path))
    entities = {str(e.id): e for e in ftm.iter_entities(str(path), report)}
    return entities, report


def test_sample_keeps_ids_schemata_and_context() -> None:
    entities, report = parse(SAMPLE)
    assert len(entities) == 11
    assert report.counts == {"Person": 2, "Organization": 1, "Company": 1, "Vessel": 1}
    assert report.warnings == []
    assert report.published_at is None
    putin = entities["Q7747"]
    assert putin.schema.name == "Person"
    assert putin.get("birthDate") == ["1952-10-07"]
    assert putin.get("fatherName") == ["Vladimirovich"]
    assert putin.context["datasets"] == ["gb_fcdo_sanctions", "us_ofac_sdn", "eu_fsf"]
    assert putin.context["target"] is True
    assert putin.to_dict()["first_seen"] == "2022-02-25T18:05:11"
    assert entities["NK-chongChonGang3Yb8WpL1"].get("imoNumber") == ["IMO7937317"]
    assert entities["NK-ccgShipping7Vq3RmXe2"].get("imoNumber") == ["IMO5342883"]
    sanction = entities["unsc-sanction-kpe-001"]
    assert sanction.schema.name == "Sanction"
    assert sanction.get("entity") == ["NK-komidExample4Hq2TnKd8"]
    assert entities["addr-pyongyang-central-district"].get("country") == ["kp"]
    assert entities["ownership-ccg-vessel"].get("asset") == ["NK-chongChonGang3Yb8WpL1"]


def test_values_are_revalidated_and_unknown_names_skipped() -> None:
    entities, report = parse(FIXTURES / "unknown-names.ftm.json")
    assert set(entities) == {"Q7747", "NK-ccg"}
    assert "favouriteColour" not in entities["Q7747"].to_dict()["properties"]
    vessel = entities["NK-ccg"]
    # A bad check digit, a country name and a non-date are cleaned as FtM cleans them.
    assert vessel.get("imoNumber") == ["IMO7937317"]
    assert vessel.get("flag") == ["kp"]
    assert vessel.get("buildDate") == []
    assert report.orphans == {
        "opensanctions: unknown property": 1,
        "opensanctions: reverse property": 1,
        "opensanctions: unknown schema": 2,
    }
    assert report.warnings == [
        "opensanctions: unknown property 'Person:favouriteColour' skipped",
        "opensanctions: reverse property 'Person:sanctions' skipped",
        "opensanctions: unknown schema 'SpaceStation' skipped",
    ]
    assert report.counts == {"Person": 1, "Vessel": 1}


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("bad-json.ftm.json", "line 3", "invalid JSON"),
        ("missing-id.ftm.json", "line 2", "entity without an id"),
        ("truncated.ftm.json", "line 4", "invalid JSON"),
        ("not-utf8.ftm.json", "line 2", "invalid JSON"),
    ],
)
def test_a_bad_line_fails_the_load(name: str, where: str, message: str) -> None:
    path = FIXTURES / name
    report = ParseReport(ftm.SOURCE, str(path))
    seen: list[str] = []

    def consume() -> None:
        seen.extend(str(entity.id) for entity in ftm.iter_entities(str(path), report))

    with pytest.raises(ParseError) as caught:
        consume()
    assert caught.value.where == where
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    # Lines before the bad one were yielded; the store's transaction discards them.
    assert len(seen) == int(where.split()[1]) - 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"[1, 2, 3]", "not a JSON object"),
        (b'{"id": "", "schema": "Person", "properties": {}}', "entity without an id"),
        (b'{"id": "x", "properties": {}}', "entity 'x' without a schema"),
        (b'{"id": "x", "schema": ["Person"], "properties": {}}', "entity 'x' without a schema"),
        (b'{"id": "x", "schema": "Person", "properties": []}', "properties of 'x' not an object"),
    ],
)
def test_malformed_records(tmp_path: Path, line: bytes, message: str) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b"\n" + line + b"\n")
    with pytest.raises(ParseError, match=message) as caught:
        parse(path)
    assert caught.value.where == "line 2"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b"\n\n")
    with pytest.raises(ParseError, match="the file is empty"):
        parse(path)


def test_overlong_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ftm, "MAX_LINE_BYTES", 64)
    path = tmp_path / "entities.ftm.json"
    record = {"id": "x", "schema": "Person", "properties": {"name": ["A" * 100]}}
    path.write_bytes(orjson.dumps(record) + b"\n")
    with pytest.raises(ParseError, match="line longer than 64 bytes") as caught:
        parse(path)
    assert caught.value.where == "line 1"


def test_nested_values_are_flattened(tmp_path: Path) -> None:
    # OpenSanctions' "nested" export embeds referenced entities; their ids are kept.
    record = {
        "id": "s1",
        "schema": "Sanction",
        "properties": {"entity": [{"id": "Q7747", "schema": "Person"}], "program": ["Russia"]},
    }
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(orjson.dumps(record) + b"\n")
    entities, report = parse(path)
    assert entities["s1"].get("entity") == ["Q7747"]
    assert report.counts == {}


def test_sniff(tmp_path: Path) -> None:
    head = SAMPLE.read_bytes()[:65536]
    assert ftm.sniff(str(SAMPLE), head)
    assert not uk.sniff(str(SAMPLE), head)
    assert not ofsi.sniff(str(SAMPLE), head)
    assert not ftm.sniff("x.json", b'{"name": "not an entity"}\n')
    assert not ftm.sniff("x.json", b"{broken\n")
    assert not ftm.sniff("x.xml", b"<xml/>")
    # A first entity longer than the head is judged by its keys.
    assert ftm.sniff("x.json", b'{"id": "x", "schema": "Person", "properties": {"name": ["A')


def test_the_target_flag_decides_what_is_a_listed_party(tmp_path: Path, store: Store) -> None:
    # A sanctioned person, the relative the export carries along (a Person, but not a target),
    # their family tie, and a company that omits the flag (the schema decides then).
    lines = [
        {"id": "p-1", "schema": "Person", "properties": {"name": ["Ivan Petrov"]}, "target": True},
        {"id": "p-2", "schema": "Person", "properties": {"name": ["Anna Petrov"]}, "target": False},
        {
            "id": "f-1",
            "schema": "Family",
            "properties": {"person": ["p-1"], "relative": ["p-2"], "relationship": ["wife"]},
            "target": False,
        },
        {"id": "c-1", "schema": "Company", "properties": {"name": ["Petrov Trading LLC"]}},
    ]
    path = tmp_path / "entities.ftm.json"
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))

    entities, report = parse(path)
    assert entities["p-2"].context["target"] is False
    assert report.counts == {"Person": 1, "Company": 1}

    result = load_list(store, path, LoadOptions(source=ftm.SOURCE))
    assert result.snapshot.counts["targets"] == 2
    stored = {e: store.entity_versions(e)[0].target for e in ("p-1", "p-2", "f-1", "c-1")}
    assert stored == {"p-1": True, "p-2": False, "f-1": False, "c-1": True}
