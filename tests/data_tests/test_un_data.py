"""The UN parser on the real consolidated lists in `../shared/data/lists/un` (see MANIFEST.md)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.lists import un
from sanctionwatch.lists.common import ParseReport

Parsed = tuple[ParseReport, dict[str, EntityProxy]]
PARTIES = frozenset({"Person", "Organization"})


def parse(path: Path) -> Parsed:
    report = ParseReport(source=un.SOURCE, path=str(path))
    entities: dict[str, EntityProxy] = {}
    for entity in un.iter_entities(str(path), report):
        assert entity.id is not None
        assert entity.id not in entities
        entities[entity.id] = entity
    return report, entities


@pytest.fixture(scope="module")
def current(shared_data: Path) -> Parsed:
    return parse(shared_data / "lists" / "un" / "consolidated.xml")


@pytest.fixture(scope="module")
def previous(shared_data: Path) -> Parsed:
    return parse(shared_data / "lists" / "un" / "prev" / "consolidated.xml")


def party_ids(parsed: Parsed) -> set[str]:
    return {i for i, e in parsed[1].items() if e.schema.name in PARTIES}


def test_sniff(shared_data: Path) -> None:
    path = shared_data / "lists" / "un" / "consolidated.xml"
    assert un.sniff(str(path), path.read_bytes()[:65536])


def test_counts_and_publication_date(current: Parsed) -> None:
    report, entities = current
    assert report.counts == Counter({"Person": 730, "Organization": 273})
    assert report.published_at == datetime(2026, 2, 27, 0, 0, 9, 554000, tzinfo=UTC)
    # Every country name in the file maps to a code; no record is skipped.
    assert report.orphans == Counter()
    assert report.unmapped == Counter()
    assert report.warnings == []
    assert sum(1 for e in entities.values() if e.schema.name == "Sanction") == 1003


def test_counts_per_regime(current: Parsed) -> None:
    programs = Counter(
        p for e in current[1].values() if e.schema.name == "Sanction" for p in e.get("program")
    )
    assert programs == Counter(
        {
            "Al-Qaida": 341,
            "DPRK": 155,
            "Taliban": 140,
            "Iran": 121,
            "Iraq": 75,
            "DRC": 53,
            "Libya": 30,
            "Somalia": 24,
            "CAR": 15,
            "Haiti": 11,
            "Yemen": 11,
            "GB": 10,
            "Sudan": 9,
            "SouthSudan": 8,
        }
    )
    prefixes = Counter(i.removeprefix("un-")[:3] for i in party_ids(current))
    assert (prefixes["KPi"], prefixes["KPe"], prefixes["QDi"], prefixes["QDe"]) == (80, 75, 252, 89)
    assert (prefixes["TAi"], prefixes["IRe"]) == (135, 78)


def test_komid(current: Parsed) -> None:
    komid = current[1]["un-KPe.001"]
    assert komid.schema.name == "Organization"
    assert komid.get("name") == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]
    assert komid.get("alias") == [
        "CHANGGWANG SINYONG CORPORATION",
        "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
        "DPRKN MINING DEVELOPMENT TRADING COOPERATION",
        "KOMID",
    ]
    assert komid.get("country") == ["kp"]
    sanction = current[1]["un-KPe.001-sanction"]
    assert sanction.get("program") == ["DPRK"]
    assert sanction.get("listingDate") == ["2009-04-24"]


def test_dprk_examples(current: Parsed) -> None:
    entities = current[1]
    assert entities["un-KPi.001"].get("name") == ["YUN HO-JIN"]
    assert entities["un-KPi.002"].get("name") == ["RI JE-SON"]
    assert entities["un-KPe.003"].get("name") == ["TANCHON COMMERCIAL BANK"]
    assert entities["un-KPe.022"].get("name") == ["CHONGCHONGANG SHIPPING COMPANY"]
    # FtM keeps the company number: it passes the IMO company check digit.
    assert entities["un-KPe.022"].get("imoNumber") == ["IMO5342883"]
    assert entities["un-KPe.020"].get("imoNumber") == ["IMO1790183"]
    # The manifest counts 16 DPRK companies with an IMO company number in COMMENTS1.
    with_imo = [e for e in entities.values() if e.get("imoNumber", quiet=True)]
    assert len(with_imo) == 16


def test_russia_related_entries(current: Parsed) -> None:
    russian = sorted(
        entity_id
        for entity_id, e in current[1].items()
        if e.schema.name in PARTIES
        and "ru" in e.get("nationality", quiet=True) + e.get("country", quiet=True)
    )
    assert len(russian) == 12
    assert {"un-QDi.290", "un-QDi.364", "un-QDi.365"} <= set(russian)
    umarov = current[1]["un-QDi.290"]
    assert umarov.get("name") == ["DOKU KHAMATOVICH UMAROV"]
    assert "Умаров Доку Хаматович" in umarov.get("alias")


def test_previous_edition(previous: Parsed) -> None:
    report, _ = previous
    assert report.counts == Counter({"Person": 726, "Organization": 273})
    assert report.published_at == datetime(2026, 1, 28, 0, 0, 11, 197000, tzinfo=UTC)


def test_difference_between_editions(current: Parsed, previous: Parsed) -> None:
    added = party_ids(current) - party_ids(previous)
    removed = party_ids(previous) - party_ids(current)
    assert added == {"un-SDi.007", "un-SDi.008", "un-SDi.009", "un-SDi.010"}
    assert removed == set()
