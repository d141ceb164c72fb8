"""The OFAC parsers on the real files in `../shared/data/lists/ofac` (counts from MANIFEST.md)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.lists import ofac, ofac_csv
from sanctionwatch.lists.common import ParseReport

pytestmark = pytest.mark.slow

Parsed = tuple[dict[str, EntityProxy], ParseReport]


@pytest.fixture(scope="module")
def sdn_csv(shared_data: Path) -> Parsed:
    path = shared_data / "lists" / "ofac"
    report = ParseReport("ofac-sdn", str(path))
    return {str(e.id): e for e in ofac_csv.iter_entities(str(path), report)}, report


@pytest.fixture(scope="module")
def consolidated(shared_data: Path) -> Parsed:
    path = shared_data / "lists" / "ofac" / "consolidated.xml"
    report = ParseReport("ofac-cons", str(path))
    return {str(e.id): e for e in ofac.iter_entities(str(path), report)}, report


def test_sdn_csv_counts(sdn_csv: Parsed) -> None:
    _, report = sdn_csv
    counts = report.counts
    assert sum(counts.values()) == 14_965
    assert counts["Person"] == 6_854
    assert counts["Vessel"] == 851
    assert counts["Airplane"] == 376
    # SDN_Type "-0-": Company when the name carries a legal form, else Organization.
    assert counts["Organization"] + counts["Company"] == 6_884
    assert counts["Company"] == 5_029  # pinned: the legal-form heuristic of ofac_labels.schema_for


def test_sdn_csv_orphans_match_the_files(sdn_csv: Parsed) -> None:
    # add.csv, alt.csv and sdn_comments.csv are newer than sdn.csv. Orphans are counted in
    # rows; the warning also gives the distinct ent_nums, which MANIFEST.md states.
    _, report = sdn_csv
    assert report.orphans["add.csv"] == 5_598
    assert report.orphans["alt.csv"] == 2_727
    assert report.orphans["sdn_comments.csv"] == 6
    # Continuations of remarks that this sdn.csv does not cut (written for a later edition).
    assert report.orphans["sdn_comments.csv (remarks not truncated)"] == 5
    ent_nums = {}
    for warning in report.warnings:
        match = re.match(r"(\S+): (\d+) rows for (\d+) ent_nums that are not in sdn\.csv", warning)
        if match:
            ent_nums[match.group(1)] = int(match.group(3))
    assert ent_nums == {"add.csv": 4_894, "alt.csv": 1_724, "sdn_comments.csv": 6}


def test_sdn_csv_countries(sdn_csv: Parsed) -> None:
    entities, report = sdn_csv
    # "Region: Northern Mali" is Mali; "Region: Kafia Kingi" (disputed by Sudan and South
    # Sudan) and "Commonwealth of Independent States" (not one country) stay unmapped.
    assert entities["ofac-15852"].get("country") == ["ml"]
    assert report.unmapped == {"country": 7}
    unmapped = sorted(w.split(": ", 1)[1] for w in report.warnings if "country not" in w)
    assert unmapped == [
        "country not recognised: 'Commonwealth of Independent States'",
        "country not recognised: 'Kafia Kingi'",
    ]
    assert entities["ofac-17069"].get("flag") == ["kp"]


def test_sdn_csv_named_examples(sdn_csv: Parsed) -> None:
    entities, _ = sdn_csv
    vessel = entities["ofac-17069"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("name") == ["CHONG CHON GANG"]
    assert vessel.get("imoNumber") == ["IMO7937317"]
    assert entities["ofac-34940"].get("imoNumber") == ["IMO9220639"]

    komid = entities["ofac-9345"]
    assert komid.get("name") == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]
    assert "NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION" in komid.get("alias")
    assert komid.get("weakAlias") == ["KOMID"]
    programs = {
        e.first("program")
        for e in entities.values()
        if e.schema.name == "Sanction" and e.first("entity") == "ofac-9345"
    }
    assert programs == {"NPWMD", "DPRK2"}

    assert entities["ofac-12209"].get("name") == ["OFFICE 39"]
    prokopenko = entities["ofac-15892"]
    assert prokopenko.get("lastName") == ["PROKOPENKO"]
    assert prokopenko.get("birthDate") == ["1973-09-28"]
    assert "UZAY GROUP HAVACILIK VE DIS TICARET LIMITED SIRKETI" in entities["ofac-48907"].get(
        "alias"
    )


def test_sdn_csv_imo_numbers(sdn_csv: Parsed) -> None:
    entities, _ = sdn_csv
    vessels = [e for e in entities.values() if e.schema.name == "Vessel"]
    # MANIFEST: about 980 IMO numbers in Remarks. All 982 mentions survive FtM's check-digit
    # cleaning: 846 of the 851 vessels end with an imoNumber (two of them from a bare 7-digit
    # "Vessel Registration Identification"); the other five have no IMO number in the file.
    assert sum(1 for v in vessels if v.has("imoNumber")) == 846
    # IMO company numbers ("Company Number IMO 5055293") on shipping companies.
    companies = [e for e in entities.values() if e.schema.name in ("Company", "Organization")]
    assert sum(1 for c in companies if c.has("imoNumber")) == 135
    assert sum(len(e.get("imoNumber", quiet=True)) for e in entities.values()) == 984


def test_sdn_csv_long_remarks_are_joined(sdn_csv: Parsed) -> None:
    entities, _ = sdn_csv
    # Cut mid-word in sdn.csv ("WHOIS HACKIN") and continued in sdn_comments.csv.
    lazarus = entities["ofac-27307"]
    assert "WHOIS HACKING TEAM" in lazarus.get("weakAlias")
    assert "APPLEWORM" in lazarus.get("weakAlias")


def test_consolidated_xml(consolidated: Parsed) -> None:
    entities, report = consolidated
    assert report.published_at == datetime(2026, 1, 8, tzinfo=UTC)
    assert report.counts["Person"] == 79
    assert report.counts["Organization"] + report.counts["Company"] == 363
    assert sum(report.counts.values()) == 442
    assert report.warnings == []
    assert report.unmapped == {}
    vtb = entities["ofac-17013"]
    assert vtb.get("name") == ["VTB BANK PUBLIC JOINT STOCK COMPANY"]
    assert vtb.schema.name == "Company"
    assert vtb.get("innCode") == ["7702070139"]
    assert vtb.get("ogrnCode") == ["1027739609391"]
    sanction = entities["ofac-17013-sanction-russia-eo14024"]
    assert sanction.get("sourceUrl") == [ofac.CONSOLIDATED_URL]
    assert entities["ofac-17014"].get("name") == ["JOINT STOCK COMPANY RUSSIAN AGRICULTURAL BANK"]
