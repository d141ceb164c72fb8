"""OFSI's Consolidated List (ConList.csv, 2022 format) on hand-written files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import ftm, ofsi, uk
from sanctionwatch.lists.common import ParseReport

ROOT = Path(__file__).resolve().parents[2]
CONLIST = ROOT / "samples" / "lists" / "ofsi" / "ConList.csv"
UK_CSV = ROOT / "samples" / "lists" / "uk" / "UK-Sanctions-List.csv"
FIXTURES = ROOT / "tests" / "fixtures" / "lists" / "ofsi"


def parse(path: Path) -> tuple[dict[str, EntityProxy], ParseReport]:
    report = ParseReport(ofsi.SOURCE, str(path))
    entities: dict[str, EntityProxy] = {}
    for entity in ofsi.iter_entities(str(path), report):
        assert entity.id is not None
        assert entity.id not in entities
        entities[entity.id] = entity
    return entities, report


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, EntityProxy], ParseReport]:
    return parse(CONLIST)


def test_counts_and_date(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    _, report = sample
    assert report.counts == {"Person": 4, "Organization": 2, "Company": 2, "Vessel": 1}
    assert report.published_at == datetime(2026, 10, 14, tzinfo=UTC)
    assert report.warnings == []


def test_ids_follow_the_uk_sanctions_list_ref(
    sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    entities, _ = sample
    parties = {e for e, v in entities.items() if v.schema.name not in {"Sanction", "Passport"}}
    parties -= {e for e in parties if "-id-" in e}
    assert parties == {
        "uk-RUS1501",
        "uk-DPR0301",
        "uk-RUS1502",
        "uk-DPR0302",
        "uk-DPR0303",
        "uk-DPR0304",
        "uk-RUS1504",
        "uk-GHR0050",
        # No UK Sanctions List entry: the OFSI Group ID stands in.
        "uk-ofsi-13801",
    }


def test_names_and_person_details(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    sidorov = entities["uk-RUS1502"]
    assert sidorov.get("name") == ["Ivan Petrovich SIDOROV"]
    assert sidorov.get("alias") == ["Ivan SIDOROFF", "Иван Петрович СИДОРОВ"]
    assert sidorov.get("weakAlias") == ["Vanya the Banker"]
    assert sidorov.get("birthDate") == ["1961", "1962"]
    assert sidorov.get("passportNumber") == ["750123456", "751234567"]
    assert sidorov.get("phone") == ["+74955005550", "+74955005551"]
    assert sidorov.get("email") == ["ivan.sidorov@example.ru"]
    assert sidorov.get("address") == ["19 Vavilova Street, Moscow, 117312, Russia"]
    assert entities["uk-RUS1502-id-1"].get("country") == ["ru"]
    assert entities["uk-RUS1502-id-2"].get("description") == ["Russia, expired 2020"]
    assert entities["uk-RUS1502-id-3"].schema.name == "Identification"
    assert entities["uk-RUS1501"].get("gender") == ["male"]
    assert entities["uk-RUS1504"].get("previousName") == ["SAVINGS BANK OF THE RUSSIAN FEDERATION"]


def test_other_information_is_unpacked(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    bank = entities["uk-RUS1504"]
    assert bank.schema.name == "Company"
    assert bank.get("registrationNumber") == ["1027700132195"]
    assert bank.get("website") == ["http://www.sberbank.ru/"]
    assert bank.get("notes") == []
    reason = entities["uk-RUS1504-sanction"].get("reason")
    assert reason == [
        "A Russian state-owned bank carrying on business in a sector of strategic significance"
        " to the Government of Russia."
    ]
    ship = entities["uk-DPR0304"]
    assert ship.get("imoNumber") == ["IMO7937317"]
    assert ship.get("flag") == ["kp"]
    assert ship.get("tonnage") == ["6558"]
    shipping = entities["uk-DPR0303"]
    assert shipping.get("imoNumber") == ["IMO5342883"]
    assert shipping.get("notes") == ["IMO Number: 5342883. Operator of the vessel CHONG CHON GANG."]
    assert entities["uk-DPR0302-sanction"].get("unscId") == ["KPe.001"]
    # An AKA row with no name is a placeholder, not an alias.
    assert entities["uk-DPR0302"].get("weakAlias") == ["KOMID"]


def test_one_sanction_per_regime(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    belarus = entities["uk-GHR0050-sanction-belarus"]
    human_rights = entities["uk-GHR0050-sanction-global-human-rights"]
    assert belarus.get("program") == ["Belarus"]
    assert human_rights.get("program") == ["Global Human Rights"]
    assert belarus.get("authorityId") == ["GHR0050", "BEL0045"]
    assert belarus.get("authority") == ["HM Treasury (OFSI)"]
    assert belarus.get("listingDate") == ["2020-09-29"]
    assert belarus.get("startDate") == ["2020-12-31"]
    assert belarus.get("recordId") == ["13918"]
    assert entities["uk-GHR0050"].get("notes") == [
        "Listed under the Global Human Rights and Belarus sanctions regimes."
    ]


def test_sniff() -> None:
    head = CONLIST.read_bytes()[:65536]
    assert ofsi.sniff(str(CONLIST), head)
    assert not uk.sniff(str(CONLIST), head)
    assert not ftm.sniff(str(CONLIST), head)
    assert not ofsi.sniff(str(UK_CSV), UK_CSV.read_bytes()[:65536])


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("missing-group-id.csv", "line 5", "row without a Group ID"),
        ("truncated.csv", "line 6", "row has 16 of 36 columns (truncated file?)"),
        ("latin1.csv", "line 3", "not UTF-8 text"),
    ],
)
def test_broken_files(name: str, where: str, message: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ParseError) as caught:
        parse(path)
    assert caught.value.where == where
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_empty_and_wrong_format(tmp_path: Path) -> None:
    empty = tmp_path / "ConList.csv"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match="the file is empty"):
        parse(empty)
    with pytest.raises(ParseError, match="no header row with a 'group id' column"):
        parse(UK_CSV)
    xml = tmp_path / "list.xml"
    xml.write_text('<?xml version="1.0"?><Designations/>', encoding="utf-8")
    with pytest.raises(ParseError, match="no header row"):
        parse(xml)


def test_header_must_have_the_name_and_type_columns(tmp_path: Path) -> None:
    path = tmp_path / "ConList.csv"
    path.write_text("Last Updated,14/10/2026\r\nGroup ID,Regime\r\n1,Russia\r\n", encoding="utf-8")
    with pytest.raises(ParseError, match="lacks the 'name6' column"):
        parse(path)
