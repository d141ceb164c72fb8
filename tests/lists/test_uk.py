"""The FCDO UK Sanctions List parser on hand-written XML and CSV files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import ftm, ofsi, uk
from sanctionwatch.lists.common import ParseReport
from sanctionwatch.lists.uk_record import parse_dob, split_numbered

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "lists"
UK_XML = SAMPLES / "uk" / "UK-Sanctions-List.xml"
UK_CSV = SAMPLES / "uk" / "UK-Sanctions-List.csv"
UK_ODS = SAMPLES / "uk" / "UK-Sanctions-List.ods"
CONLIST = SAMPLES / "ofsi" / "ConList.csv"
FTM = SAMPLES / "opensanctions" / "entities.ftm.json"
FIXTURES = ROOT / "tests" / "fixtures" / "lists" / "uk"


def parse(path: Path) -> tuple[dict[str, EntityProxy], ParseReport]:
    report = ParseReport(uk.SOURCE, str(path))
    entities: dict[str, EntityProxy] = {}
    for entity in uk.iter_entities(str(path), report):
        assert entity.id is not None
        assert entity.id not in entities, f"duplicate id {entity.id}"
        entities[entity.id] = entity
    return entities, report


def head(path: Path) -> bytes:
    return path.read_bytes()[: 64 * 1024]


@pytest.fixture(scope="module")
def xml_sample() -> tuple[dict[str, EntityProxy], ParseReport]:
    return parse(UK_XML)


def test_xml_counts_and_report_date(xml_sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, report = xml_sample
    assert report.counts == {"Person": 5, "Organization": 1, "Company": 2, "Vessel": 2}
    assert report.published_at == datetime(2026, 10, 14, tzinfo=UTC)
    assert report.warnings == []
    sanctions = [e for e in entities.values() if e.schema.name == "Sanction"]
    assert len(sanctions) == 10
    parties = [e for e in entities.values() if e.schema.name != "Sanction" and "-id-" not in e.id]
    assert len(parties) == 10
    assert all(e.get("topics") == ["sanction"] for e in parties)


def test_xml_person_names_dates_and_countries(
    xml_sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    entities, _ = xml_sample
    kim = entities["uk-DPR0301"]
    assert kim.schema.name == "Person"
    assert kim.get("name") == ["Jong Un KIM"]
    assert kim.get("firstName") == ["Jong"]
    assert kim.get("lastName") == ["KIM"]
    assert kim.get("alias") == ["Jong-un KIM", "김정은"]
    assert kim.get("birthDate") == ["1984-01-08"]
    assert kim.get("nationality") == ["kp"]
    assert kim.get("birthCountry") == ["kp"]
    assert kim.get("address") == ["Pyongyang, North Korea"]
    assert kim.get("country") == ["kp"]
    putin = entities["uk-RUS1501"]
    assert putin.get("alias") == ["Wladimir PUTIN", "Владимир Владимирович ПУТИН"]
    assert putin.get("title") == ["President"]
    assert putin.get("gender") == ["male"]
    assert putin.get("birthPlace") == ["Leningrad (now St Petersburg)"]


def test_xml_alias_strength_and_year_only_dates(
    xml_sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    entities, _ = xml_sample
    sidorov = entities["uk-RUS1502"]
    assert sidorov.get("alias") == ["Ivan SIDOROFF", "Иван Петрович СИДОРОВ"]
    assert sidorov.get("weakAlias") == ["Vanya the Banker"]
    assert sidorov.get("birthDate") == ["1961", "1962"]
    assert sidorov.get("middleName") == ["Petrovich"]
    assert sidorov.get("address") == [
        "19 Vavilova Street, Moscow, 117312, Russia",
        "Emirates Towers, Dubai, United Arab Emirates",
    ]
    assert sidorov.get("country") == ["ru", "ae"]
    komid = entities["uk-DPR0302"]
    assert komid.schema.name == "Organization"
    assert komid.get("weakAlias") == ["KOMID"]
    assert "조선광업개발무역회사" in komid.get("alias")


def test_xml_approximate_and_range_birth_dates(
    xml_sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    entities, _ = xml_sample
    person = entities["uk-DRC0310"]
    assert sorted(person.get("birthDate")) == ["1968", "1969", "1970", "1971"]
    # "Congo (Democratic Republic)" is not an FtM country name; the parser maps it.
    assert person.get("nationality") == ["cd"]
    assert person.get("country") == ["cd"]


def test_xml_documents(xml_sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = xml_sample
    passport = entities["uk-RUS1502-id-1"]
    assert passport.schema.name == "Passport"
    assert passport.get("holder") == ["uk-RUS1502"]
    assert passport.get("number") == ["750123456"]
    assert passport.get("country") == ["ru"]
    national = entities["uk-RUS1502-id-2"]
    assert national.schema.name == "Identification"
    assert national.get("number") == ["770123456789"]
    assert national.get("description") == ["Russian taxpayer number (INN)"]
    assert entities["uk-RUS1502"].get("passportNumber") == ["750123456"]
    assert entities["uk-RUS1502"].get("idNumber") == ["770123456789"]
    assert entities["uk-AQD0306"].get("passportNumber") == ["1084010", "19820215"]
    assert "uk-AQD0306-id-2" in entities


def test_xml_vessels_and_imo_numbers(
    xml_sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    entities, _ = xml_sample
    ship = entities["uk-DPR0304"]
    assert ship.schema.name == "Vessel"
    assert ship.get("imoNumber") == ["IMO7937317"]
    assert ship.get("flag") == ["kp"]
    assert ship.get("type") == ["General cargo"]
    assert ship.get("tonnage") == ["6558"]
    assert ship.get("buildDate") == ["1977"]
    leader = entities["uk-RUS1503"]
    assert leader.get("imoNumber") == ["IMO9220639"]
    assert leader.get("pastFlags") == ["mt", "cy"]
    # The shipping company's IMO company number is only in its Other Information.
    company = entities["uk-DPR0303"]
    assert company.schema.name == "Company"
    assert company.get("imoNumber") == ["IMO5342883"]
    assert company.get("legalForm") == ["Shipping company"]


def test_xml_company_contacts(xml_sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = xml_sample
    bank = entities["uk-RUS1504"]
    assert bank.schema.name == "Company"
    assert bank.get("registrationNumber") == ["1027700132195"]
    assert bank.get("website") == ["http://www.sberbank.ru/"]
    assert bank.get("email") == ["sberbank@sberbank.ru"]
    assert bank.get("phone") == ["+74955005550"]


def test_xml_sanction(xml_sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = xml_sample
    sanction = entities["uk-DPR0302-sanction"]
    assert sanction.get("entity") == ["uk-DPR0302"]
    assert sanction.get("authority") == ["Foreign, Commonwealth & Development Office"]
    assert sanction.get("program") == [
        "The Democratic People's Republic of Korea (Sanctions) (EU Exit) Regulations 2019"
    ]
    assert sanction.get("listingDate") == ["2009-04-24"]
    assert sanction.get("unscId") == ["KPe.001"]
    assert sanction.get("authorityId") == ["DPR0302"]
    assert sanction.get("recordId") == ["90302"]
    assert sanction.get("provisions") == ["Asset freeze"]
    # A whitespace-only statement of reasons is no reason.
    assert sanction.get("reason") == []
    putin = entities["uk-RUS1501-sanction"]
    assert putin.get("provisions") == ["Asset freeze", "Trust Services Sanctions"]
    assert putin.get("reason")[0].startswith("President of the Russian Federation")
    assert entities["uk-DPR0302"].get("notes")[0].startswith("Primary arms dealer")


def test_csv_gives_the_same_entities_as_xml(
    xml_sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    from_xml, _ = xml_sample
    from_csv, report = parse(UK_CSV)
    assert report.published_at == datetime(2026, 10, 14, tzinfo=UTC)
    assert report.warnings == []
    assert set(from_csv) == set(from_xml)
    for entity_id, entity in from_xml.items():
        other = from_csv[entity_id]
        assert other.schema == entity.schema
        for prop in entity.schema.properties:
            assert sorted(other.get(prop)) == sorted(entity.get(prop)), (entity_id, prop)


def test_csv_rows_of_a_party_need_not_be_adjacent(tmp_path: Path) -> None:
    lines = UK_CSV.read_bytes().decode("utf-8").splitlines()
    # Move KIM's second row (line 4) to the end of the file.
    shuffled = [*lines[:3], *lines[4:], lines[3]]
    path = tmp_path / "shuffled.csv"
    path.write_bytes(("\r\n".join(shuffled) + "\r\n").encode())
    entities, _ = parse(path)
    assert entities["uk-DPR0301"].get("alias") == ["Jong-un KIM", "김정은"]
    assert len([e for e in entities if not e.endswith(("-sanction",)) and "-id-" not in e]) == 10


def test_csv_header_variants_and_unknown_columns(tmp_path: Path) -> None:
    path = tmp_path / "variant.csv"
    path.write_text(
        'Unique ID,Name 6,Name 1,Name type,"Individual, Entity, Ship",Regime Name,Favourite\r\n'
        "RUS9001,PETROV,Ivan,Primary name,Individual,Russia,blue\r\n",
        encoding="utf-8",
    )
    entities, report = parse(path)
    assert entities["uk-RUS9001"].schema.name == "Person"
    assert entities["uk-RUS9001"].get("name") == ["Ivan PETROV"]
    assert report.published_at is None
    assert "uk: columns not read: Favourite" in report.warnings
    assert "uk: the file states no report date" in report.warnings


def test_unknown_values_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        "Report Date: 01/10/2026\r\n"
        "Unique ID,Name 6,Name type,Designation Type,Address Country,IMO number\r\n"
        "XYZ0001,ODD THING,Nickname,Spaceship,Atlantis,IMO7937318\r\n",
        encoding="utf-8",
    )
    entities, report = parse(path)
    thing = entities["uk-XYZ0001"]
    assert thing.schema.name == "LegalEntity"
    assert thing.get("name") == ["ODD THING"]
    assert thing.get("country") == []
    assert thing.get("registrationNumber") == []
    assert report.orphans == {
        "uk: unknown designation type": 1,
        "uk: invalid IMO number": 1,
    }
    assert report.unmapped == {"country": 1}
    assert report.published_at == datetime(2026, 10, 1, tzinfo=UTC)


def test_sniff_accepts_each_uk_form_and_nothing_else() -> None:
    for path in (UK_XML, UK_CSV, UK_ODS):
        assert uk.sniff(str(path), head(path))
    for path in (CONLIST, FTM):
        assert not uk.sniff(str(path), head(path))
    assert not ofsi.sniff(str(UK_CSV), head(UK_CSV))
    assert not ftm.sniff(str(UK_XML), head(UK_XML))
    un_xml = b'<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-02-27"/>'
    assert not uk.sniff("consolidated.xml", un_xml)


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("empty.xml", None, "the file is empty"),
        ("truncated.xml", "line 19", "malformed XML"),
        ("bomb.xml", None, "forbidden XML construct"),
        ("external-entity.xml", None, "forbidden XML construct"),
        ("missing-id.xml", "element <Designation> #2", "designation without a UniqueID"),
        ("missing-id.csv", "line 5", "row without a Unique ID"),
        ("truncated.csv", "line", "malformed CSV (unexpected end of data)"),
        ("latin1.csv", "line 4", "not UTF-8 text"),
    ],
)
def test_broken_files_raise_parse_errors(name: str, where: str | None, message: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ParseError) as caught:
        parse(path)
    error = caught.value
    assert error.path == str(path)
    assert message in str(error)
    assert str(path) in str(error)
    if where is not None:
        assert error.where is not None
        assert error.where.startswith(where)


def test_wrong_format_is_rejected() -> None:
    with pytest.raises(ParseError, match="no header row with a 'unique id' column"):
        parse(CONLIST)
    with pytest.raises(ParseError, match="no header row"):
        parse(FTM)


def test_truncated_csv_row_is_detected(tmp_path: Path) -> None:
    text = UK_CSV.read_bytes().decode("utf-8")
    path = tmp_path / "cut.csv"
    # Cut after the 10th cell of the last row: a complete line with too few columns.
    last = text.rstrip("\r\n").rsplit("\r\n", 1)[1]
    path.write_bytes((text[: text.rindex(last)] + ",".join(last.split(",")[:10])).encode())
    with pytest.raises(ParseError, match=r"row has 10 of 58 columns") as caught:
        parse(path)
    assert caught.value.where == "line 28"


def test_binary_garbage_is_not_a_uk_list(tmp_path: Path) -> None:
    path = tmp_path / "garbage.bin"
    path.write_bytes(b"\x00\x01\x02garbage")
    assert not uk.sniff(str(path), path.read_bytes())
    with pytest.raises(ParseError, match="not a UK Sanctions List file"):
        parse(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08/01/1984", "1984-01-08"),
        ("08-01-1984", "1984-01-08"),
        ("1984-01-08", "1984-01-08"),
        ("00/00/1961", "1961"),
        ("dd/mm/1945", "1945"),
        ("00/05/1961", "1961-05"),
        ("dd/05/1961", "1961-05"),
        ("1961", "1961"),
        ("circa 1970", "1970"),
        ("approximately 1970", "1970"),
        ("31/02/1980", None),
        ("unknown", None),
    ],
)
def test_dates_of_birth(text: str, expected: str | None) -> None:
    assert parse_dob(text) == expected


def test_numbered_cells() -> None:
    assert split_numbered("(1) Moscow (2) Minsk") == ["Moscow", "Minsk"]
    assert split_numbered("Moscow") == ["Moscow"]
