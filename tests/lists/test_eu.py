"""The EU Financial Sanctions Files XML 1.1 parser, on the hand-written sample and broken inputs."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import eu
from sanctionwatch.lists.common import ParseReport

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "lists" / "eu" / "xmlFullSanctionsList_1_1.xml"
UN_SAMPLE = ROOT / "samples" / "lists" / "un" / "consolidated.xml"
FIXTURES = ROOT / "tests" / "fixtures" / "lists" / "eu"


def parse(path: Path) -> tuple[ParseReport, dict[str, EntityProxy]]:
    report = ParseReport(source=eu.SOURCE, path=str(path))
    entities: dict[str, EntityProxy] = {}
    for entity in eu.iter_entities(str(path), report):
        assert entity.id is not None
        assert entity.id not in entities
        entities[entity.id] = entity
    return report, entities


def write_export(tmp_path: Path, records: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<export xmlns="{eu.NAMESPACE}" generationDate="2026-03-02T17:03:11+01:00">'
        f"{records}</export>",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def sample() -> tuple[ParseReport, dict[str, EntityProxy]]:
    return parse(SAMPLE)


@pytest.fixture(scope="module")
def entities(sample: tuple[ParseReport, dict[str, EntityProxy]]) -> dict[str, EntityProxy]:
    return sample[1]


def test_sniff_recognises_only_the_eu_list(tmp_path: Path) -> None:
    assert eu.sniff(str(SAMPLE), SAMPLE.read_bytes()[:65536])
    assert not eu.sniff(str(UN_SAMPLE), UN_SAMPLE.read_bytes()[:65536])
    assert not eu.sniff(str(FIXTURES / "wrong_format.csv"), b"Entity_LogicalId;Entity\n")
    assert not eu.sniff(str(tmp_path), b"")


def test_report_has_generation_date_and_counts(
    sample: tuple[ParseReport, dict[str, EntityProxy]],
) -> None:
    report, _ = sample
    cet = timezone(timedelta(hours=1))
    assert report.published_at == datetime(2026, 3, 2, 17, 3, 11, 402000, tzinfo=cet)
    assert report.counts == Counter({"Person": 6, "Organization": 5})
    assert report.orphans == Counter()
    assert report.warnings == ["eu-EU.4090.30: IMO 7937317 in a remark is not a company number"]


def test_person_with_name_parts_and_translations(entities: dict[str, EntityProxy]) -> None:
    putin = entities["eu-EU.7062.43"]
    assert putin.schema.name == "Person"
    assert putin.get("name") == ["Vladimir Vladimirovich PUTIN"]
    assert putin.get("firstName") == ["Vladimir"]
    assert putin.get("middleName") == ["Vladimirovich"]
    assert putin.get("lastName") == ["PUTIN"]
    # Double spaces inside wholeName are normalised.
    assert putin.get("alias") == ["Владимир Владимирович Путин", "Wladimir Wladimirowitsch PUTIN"]
    assert putin.get("position") == ["President of the Russian Federation"]
    assert putin.get("gender") == ["male"]
    assert putin.get("nationality") == ["ru"]
    assert putin.get("topics") == ["sanction"]


def test_strong_and_weak_aliases(entities: dict[str, EntityProxy]) -> None:
    lukashenka = entities["eu-EU.6581.12"]
    assert lukashenka.get("weakAlias") == ["Alexander LUKASHENKO"]  # strong="false"
    assert "Аляксандр Рыгоравіч Лукашэнка" in lukashenka.get("alias")
    wagner = entities["eu-EU.6902.15"]
    assert wagner.get("alias") == ["Группа Вагнера", "PMC Wagner"]
    assert wagner.get("weakAlias") == ["The Orchestra"]  # remark "low quality alias"
    assert entities["eu-EU.3092.37"].get("weakAlias") == ["Abu Saleh"]  # "lo quality aliias"
    # Quality remarks are markers, not notes.
    assert not any("quality" in note for note in wagner.get("notes"))


def test_primary_name_is_the_original_latin_name(entities: dict[str, EntityProxy]) -> None:
    komid = entities["eu-EU.2486.36"]
    assert komid.get("name") == ["Korea Mining Development Trading Corporation (KOMID)"]
    assert komid.get("alias") == [
        "조선광업개발무역회사",
        "Changgwang Sinyong Corporation",
        "External Technology General Corporation",
    ]


def test_titles_and_functions_split_on_letters(entities: dict[str, EntityProxy]) -> None:
    akhund = entities["eu-EU.508.16"]
    assert akhund.get("name") == ["Mohammad Hassan Akhund"]
    assert akhund.get("title") == ["Mullah", "Haji"]
    assert akhund.get("position") == [
        "First Deputy, Council of Ministers under the Taliban regime",
        "Foreign Minister under the Taliban regime",
    ]
    # An enterprise's function is a description.
    assert "Private military company" in entities["eu-EU.6902.15"].get("notes")


@pytest.mark.parametrize(
    ("entity_id", "expected"),
    [
        ("eu-EU.7062.43", ["1952-10-07"]),  # birthdate
        ("eu-EU.2488.38", ["1938"]),  # year only
        ("eu-EU.508.16", ["1955", "1956", "1957", "1958"]),  # yearRangeFrom-To, circa
        ("eu-EU.3092.37", ["1982-04-19", "1982-04-18"]),  # the Hijri one converted by the EU
    ],
)
def test_dates_of_birth(
    entities: dict[str, EntityProxy], entity_id: str, expected: list[str]
) -> None:
    assert entities[entity_id].get("birthDate") == expected


def test_places_of_birth(entities: dict[str, EntityProxy]) -> None:
    lukashenka = entities["eu-EU.6581.12"]
    assert lukashenka.get("birthPlace") == ["Kopys, Vitebsk region, BELARUS"]
    assert lukashenka.get("birthCountry") == ["by"]
    assert entities["eu-EU.2488.38"].get("birthCountry") == []  # "00" means unknown


def test_addresses_and_contact_details(entities: dict[str, EntityProxy]) -> None:
    vtb = entities["eu-EU.7150.18"]
    assert vtb.get("address") == [
        "Presnenskaya naberezhnaya 12, Moscow, 123317, RUSSIAN FEDERATION"
    ]
    assert vtb.get("country") == ["ru"]
    assert vtb.get("website") == ["https://www.vtb.ru/"]
    assert vtb.get("phone") == ["+74957397799", "+78001002424"]
    omm = entities["eu-EU.3995.12"]
    assert omm.get("address") == [
        "Donghung Dong, Central District, P.O. Box 120, Pyongyang, NORTH KOREA"
    ]
    # A country-only address gives a country, no address line.
    assert entities["eu-EU.3092.37"].get("country") == ["ye"]
    assert entities["eu-EU.3092.37"].get("address") == []


def test_identifiers_by_type_code(entities: dict[str, EntityProxy]) -> None:
    vtb = entities["eu-EU.7150.18"]
    assert vtb.get("swiftBic") == ["VTBRRUMM"]
    assert vtb.get("taxNumber") == ["7702070139"]
    assert vtb.get("registrationNumber") == ["1027739609391"]
    documents = [e for e in entities.values() if e.get("holder", quiet=True) == [vtb.id]]
    # The SWIFT code is an identifier, not a document.
    assert sorted(d.get("number")[0] for d in documents) == ["1027739609391", "7702070139"]
    assert entities["eu-EU.4090.30"].get("imoNumber") == ["IMO5342883"]
    # From a remark "IMO number: 1790183"; a ship named in a remark is not the company's.
    assert entities["eu-EU.3995.12"].get("imoNumber") == ["IMO1790183"]


def test_passports_and_identity_cards(entities: dict[str, EntityProxy]) -> None:
    asiri = entities["eu-EU.3092.37"]
    assert asiri.get("idNumber") == ["1000000001"]
    assert asiri.get("passportNumber") == ["F000001"]
    card = entities["eu-EU.3092.37-id-1"]
    assert card.schema.name == "Identification"
    assert card.get("type") == ["National identification card"]
    assert card.get("country") == ["sa"]
    passport = entities["eu-EU.3092.37-id-2"]
    assert passport.schema.name == "Passport"
    assert passport.get("country") == []  # "00": unknown
    assert passport.get("startDate") == ["2005-04-30"]
    assert passport.get("endDate") == ["2010-03-07"]
    assert passport.get("summary") == ["known to be expired"]
    diplomatic = entities["eu-EU.7063.44-id-1"]
    assert diplomatic.get("authority") == ["Ministry of Foreign Affairs"]
    assert diplomatic.get("summary") == ["diplomatic"]


def test_one_sanction_per_programme(entities: dict[str, EntityProxy]) -> None:
    sanctions = [e for e in entities.values() if e.schema.name == "Sanction"]
    programs = Counter(p for s in sanctions for p in s.get("program"))
    assert programs == Counter(
        {"UKR": 4, "PRK": 4, "BLR": 1, "LBY": 1, "SYR": 1, "AFG": 1, "TAQA": 1}
    )
    wagner = {s.get("program")[0]: s for s in sanctions if s.get("entity") == ["eu-EU.6902.15"]}
    assert set(wagner) == {"LBY", "UKR", "SYR"}
    # The first programme dates from designationDate, later ones from their own regulation.
    assert wagner["LBY"].get("listingDate") == ["2021-12-13"]
    assert wagner["UKR"].get("listingDate") == ["2023-02-25"]
    assert wagner["UKR"].get("description") == ["2023/429 (OJ L59I)", "2024/745 (OJ L23022024)"]
    assert wagner["UKR"].get("modifiedAt") == ["2024-02-23"]
    assert len(wagner["UKR"].get("sourceUrl")) == 2


def test_sanction_details(entities: dict[str, EntityProxy]) -> None:
    sanction = entities["eu-EU.2486.36-sanction-prk"]
    assert sanction.get("authority") == ["European Union"]
    # designationDate, not the later amending regulation's date.
    assert sanction.get("listingDate") == ["2009-05-13"]
    assert sanction.get("unscId") == ["KPe.001"]
    assert sanction.get("authorityId") == ["EU.2486.36"]
    assert sanction.get("summary") == ["UN designation: 24/04/2009"]
    assert sanction.get("sourceUrl") == [
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L:2017:208:TOC"
    ]
    assert sanction.get("reason") == entities["eu-EU.2486.36"].get("notes")


def test_logical_id_when_reference_is_empty(tmp_path: Path) -> None:
    path = write_export(
        tmp_path,
        '<sanctionEntity euReferenceNumber="" logicalId="4242">'
        '<subjectType code="enterprise" classificationCode="E"/>'
        '<nameAlias wholeName="Example Trading LLC" strong="true" logicalId="1"/>'
        "</sanctionEntity>",
    )
    report, entities = parse(path)
    assert entities["eu-4242"].schema.name == "Organization"
    assert entities["eu-4242-sanction-eu"].get("sourceUrl") == [eu.SOURCE_URL]
    assert report.counts == Counter({"Organization": 1})


def test_unknown_subject_type_and_codes_are_reported(tmp_path: Path) -> None:
    path = write_export(
        tmp_path,
        '<sanctionEntity euReferenceNumber="EU.1.1" logicalId="1">'
        '<subjectType code="vessel" classificationCode="V"/>'
        '<nameAlias wholeName="Example Star" strong="true" logicalId="2"/>'
        '<identification identificationTypeCode="hullnumber" number="HN-1" countryIso2Code="XX"/>'
        '<citizenship countryIso2Code="XX" countryDescription="ATLANTIS"/>'
        "</sanctionEntity>",
    )
    report, entities = parse(path)
    party = entities["eu-EU.1.1"]
    assert party.schema.name == "LegalEntity"
    assert party.get("idNumber") == ["HN-1"]
    assert party.get("nationality", quiet=True) + party.get("country") == []
    # The citizenship (by its name, the code being unknown) and the document's country "XX".
    assert report.orphans == Counter()
    assert report.unmapped == Counter({"country": 2})
    assert "eu-EU.1.1: country not recognised: 'ATLANTIS'" in report.warnings
    assert len(report.warnings) == 4


def test_enterprise_citizenship_becomes_its_country(tmp_path: Path) -> None:
    path = write_export(
        tmp_path,
        '<sanctionEntity euReferenceNumber="EU.3.3" logicalId="3">'
        '<subjectType code="enterprise" classificationCode="E"/>'
        '<nameAlias wholeName="Example Shipping Co" strong="true" logicalId="4"/>'
        '<citizenship countryIso2Code="KP" countryDescription="NORTH KOREA"/>'
        '<identification identificationTypeCode="passport" number="P-1"/>'
        "</sanctionEntity>",
    )
    _, entities = parse(path)
    assert entities["eu-EU.3.3"].get("country") == ["kp"]
    assert entities["eu-EU.3.3"].get("idNumber") == ["P-1"]  # Organizations have no passports


def test_record_without_names_is_skipped(tmp_path: Path) -> None:
    path = write_export(
        tmp_path,
        '<sanctionEntity euReferenceNumber="EU.2.2" logicalId="2">'
        '<subjectType code="person" classificationCode="P"/>'
        '<nameAlias wholeName="" firstName="" lastName="" strong="true" logicalId="3"/>'
        "</sanctionEntity>",
    )
    report, entities = parse(path)
    assert entities == {}
    assert report.orphans == Counter({"no-name": 1})


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("empty.xml", "line 1, column 0", "malformed XML"),
        ("truncated.xml", "line 34, column 36", "malformed XML"),
        ("wrong_format.csv", "line 1, column 16", "malformed XML"),
        ("bomb.xml", "prolog, before the root element", "forbidden XML construct"),
        ("not_utf8.xml", "line 5, column 31", "malformed XML"),
        ("missing_reference.xml", "element <sanctionEntity> #2", "no euReferenceNumber"),
    ],
)
def test_broken_input_raises_parse_error(name: str, where: str, message: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ParseError) as caught:
        parse(path)
    assert caught.value.path == str(path)
    assert caught.value.where == where
    assert str(caught.value).startswith(f"{path}: {where}: ")
    assert message in str(caught.value)


def test_other_list_format_is_rejected_by_its_root() -> None:
    with pytest.raises(ParseError, match=r"root element is <CONSOLIDATED_LIST>, expected <export>"):
        parse(UN_SAMPLE)
