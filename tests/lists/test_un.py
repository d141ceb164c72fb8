"""The UN Security Council list parser, on the hand-written sample and broken inputs."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import un
from sanctionwatch.lists.common import ParseReport

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "lists" / "un" / "consolidated.xml"
PREVIOUS = ROOT / "samples" / "lists" / "un" / "prev" / "consolidated.xml"
EU_SAMPLE = ROOT / "samples" / "lists" / "eu" / "xmlFullSanctionsList_1_1.xml"
FIXTURES = ROOT / "tests" / "fixtures" / "lists" / "un"

HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def parse(path: Path) -> tuple[ParseReport, dict[str, EntityProxy]]:
    report = ParseReport(source=un.SOURCE, path=str(path))
    entities: dict[str, EntityProxy] = {}
    for entity in un.iter_entities(str(path), report):
        assert entity.id is not None
        assert entity.id not in entities
        entities[entity.id] = entity
    return report, entities


def write_list(tmp_path: Path, individuals: str = "", entities: str = "") -> Path:
    path = tmp_path / "consolidated.xml"
    path.write_text(
        f'{HEADER}<CONSOLIDATED_LIST dateGenerated="2026-03-02T00:00:07.112Z">'
        f"<INDIVIDUALS>{individuals}</INDIVIDUALS><ENTITIES>{entities}</ENTITIES>"
        "</CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def sample() -> tuple[ParseReport, dict[str, EntityProxy]]:
    return parse(SAMPLE)


@pytest.fixture(scope="module")
def entities(sample: tuple[ParseReport, dict[str, EntityProxy]]) -> dict[str, EntityProxy]:
    return sample[1]


def test_sniff_recognises_only_the_un_list(tmp_path: Path) -> None:
    assert un.sniff(str(SAMPLE), SAMPLE.read_bytes()[:65536])
    assert not un.sniff(str(EU_SAMPLE), EU_SAMPLE.read_bytes()[:65536])
    assert not un.sniff(str(FIXTURES / "wrong_format.csv"), b"Name,Regime\n")
    assert not un.sniff(str(tmp_path), b"")


def test_report_has_publication_date_and_counts(
    sample: tuple[ParseReport, dict[str, EntityProxy]],
) -> None:
    report, _ = sample
    assert report.published_at == datetime(2026, 3, 2, 0, 0, 7, 112000, tzinfo=UTC)
    assert report.counts == Counter({"Person": 7, "Organization": 6})
    assert report.orphans == Counter()
    # The only remark: a ship's IMO number inside a company's comments.
    assert report.warnings == ["un-KPe.022: IMO 7937317 in comments is not a company number"]


def test_every_party_has_one_sanction(entities: dict[str, EntityProxy]) -> None:
    parties = [e for e in entities.values() if e.schema.name in {"Person", "Organization"}]
    sanctions = [e for e in entities.values() if e.schema.name == "Sanction"]
    assert len(sanctions) == len(parties) == 13
    for party in parties:
        assert party.id is not None
        assert party.get("topics") == ["sanction"]
        sanction = entities[f"{party.id}-sanction"]
        assert sanction.get("entity") == [party.id]
        assert sanction.get("authority") == ["United Nations Security Council"]
        assert sanction.get("sourceUrl") == [un.SOURCE_URL]
        assert sanction.get("unscId") == [party.id.removeprefix("un-")]
        assert len(sanction.get("listingDate")) == 1
    programs = Counter(p for s in sanctions for p in s.get("program"))
    assert programs == Counter({"DPRK": 8, "Al-Qaida": 3, "Taliban": 1, "Iraq": 1})


def test_organization_names_aliases_and_address(entities: dict[str, EntityProxy]) -> None:
    komid = entities["un-KPe.001"]
    assert komid.schema.name == "Organization"
    assert komid.get("name") == ["KOREA MINING DEVELOPMENT TRADING CORPORATION"]
    assert komid.get("alias") == [
        "CHANGGWANG SINYONG CORPORATION",
        "EXTERNAL TECHNOLOGY GENERAL CORPORATION",
        "DPRKN MINING DEVELOPMENT TRADING COOPERATION",
        "KOMID",  # written with quotes in the file
    ]
    assert komid.get("address") == [
        "Central District, Pyongyang, Democratic People's Republic of Korea"
    ]
    assert komid.get("country") == ["kp"]
    assert entities["un-KPe.001-sanction"].get("listingDate") == ["2009-04-24"]
    assert entities["un-KPe.003"].get("previousName") == [
        "CHANGGWANG CREDIT BANK",
        "KOREA CHANGGWANG CREDIT BANK",
    ]


def test_company_imo_numbers_come_from_comments(entities: dict[str, EntityProxy]) -> None:
    shipping = entities["un-KPe.022"]
    # A leading space in FIRST_NAME is dropped; the vessel's own IMO number is not the company's.
    assert shipping.get("name") == ["CHONGCHONGANG SHIPPING COMPANY"]
    assert shipping.get("imoNumber") == ["IMO5342883"]
    assert "IMO 7937317" in shipping.get("notes")[0]
    # "International Maritime Organization (IMO) Number: 1790183"
    assert entities["un-KPe.020"].get("imoNumber") == ["IMO1790183"]
    assert entities["un-KPe.001"].get("imoNumber") == []


def test_identifiers_in_comments_and_padded_reference(entities: dict[str, EntityProxy]) -> None:
    bank = entities["un-KPe.023"]  # REFERENCE_NUMBER "KPe.023 " has a trailing space
    assert bank.get("swiftBic") == ["DCBKKPPY"]
    assert bank.get("email") == ["info@daedong.example.kp"]
    assert entities["un-KPe.023-sanction"].get("unscId") == ["KPe.023"]


def test_alias_qualities_and_packed_aliases(entities: dict[str, EntityProxy]) -> None:
    zawahiri = entities["un-QDi.006"]
    assert zawahiri.get("name") == ["AYMAN MUHAMMED RABI AL-ZAWAHIRI"]
    assert zawahiri.get("alias") == [
        "أيمن محمد ربيع الظواهري",
        "Ayman al-Zawahiri",
        "Aiman al-Zawahari",
    ]
    assert zawahiri.get("weakAlias") == ["أبو محمد", "Abu Mohammed", "Abu Fatma"]
    assert zawahiri.get("previousName") == ["Ayman Al-Zawahari"]
    assert "Alias Ayman Al-Zawahari: previously listed as" in zawahiri.get("notes")
    assert entities["un-QDi.290"].get("weakAlias") == ["Abu Usman"]


def test_empty_alias_placeholders_are_skipped(entities: dict[str, EntityProxy]) -> None:
    assert entities["un-TAi.002"].get("alias") == ["محمد حسن آخوند"]
    assert entities["un-TAi.002"].get("weakAlias") == []
    assert entities["un-QDe.131"].get("alias") == [
        "Эмират Кавказ",
        "Caucasus Emirate",
        "Imarat Kavkaz",
    ]


def test_names_in_original_script_are_aliases(entities: dict[str, EntityProxy]) -> None:
    assert "Умаров Доку Хаматович" in entities["un-QDi.290"].get("alias")
    assert "박철호" in entities["un-KPi.099"].get("alias")
    assert "صدام حسين التكريتي" in entities["un-IQi.001"].get("alias")


def test_person_name_parts_stay_together(entities: dict[str, EntityProxy]) -> None:
    # The UN does not mark the family name (YUN is the surname here), so no parts are guessed.
    person = entities["un-KPi.001"]
    assert person.get("name") == ["YUN HO-JIN"]
    assert person.get("firstName") == person.get("lastName") == []


@pytest.mark.parametrize(
    ("entity_id", "expected"),
    [
        ("un-KPi.001", ["1944-10-13"]),  # EXACT DATE
        ("un-KPi.002", ["1938"]),  # EXACT YEAR
        ("un-KPi.099", ["1976-05-02", "1975"]),  # alias DOB, then APPROXIMATELY YEAR
        ("un-QDi.290", ["1964-04-13", "1965"]),  # APPROXIMATELY DATE keeps the year only
        ("un-TAi.002", ["1955", "1956", "1957", "1958"]),  # BETWEEN
        ("un-QDi.006", ["1951-06-19", "1951-06"]),  # month and year in NOTE
    ],
)
def test_dates_of_birth(
    entities: dict[str, EntityProxy], entity_id: str, expected: list[str]
) -> None:
    assert entities[entity_id].get("birthDate") == expected


def test_unrepresentable_date_of_birth_goes_to_notes(entities: dict[str, EntityProxy]) -> None:
    assert "Date of birth: 70-75 years old" in entities["un-QDi.006"].get("notes")


def test_places_of_birth(entities: dict[str, EntityProxy]) -> None:
    person = entities["un-TAi.002"]
    assert person.get("birthPlace") == ["Pashmul village, Kandahar Province, Afghanistan"]
    assert person.get("birthCountry") == ["af"]
    assert entities["un-QDi.290"].get("birthCountry") == ["ru"]
    assert entities["un-KPi.001"].get("birthPlace") == []


def test_person_details(entities: dict[str, EntityProxy]) -> None:
    akhund = entities["un-TAi.002"]
    assert akhund.get("title") == ["Mullah", "Haji"]
    assert akhund.get("position") == [
        "First Deputy, Council of Ministers under the Taliban regime",
        "Foreign Minister under the Taliban regime",
    ]
    assert akhund.get("nationality") == ["af"]
    assert akhund.get("modifiedAt") == ["2007-07-09", "2011-11-29"]
    assert entities["un-KPi.099"].get("gender") == ["male"]
    assert entities["un-QDi.290"].get("nationality") == ["ru"]


def test_documents_become_passports_and_identifications(
    entities: dict[str, EntityProxy],
) -> None:
    person = entities["un-KPi.099"]
    assert person.get("passportNumber") == ["990000123"]
    passport = entities["un-KPi.099-id-1"]
    assert passport.schema.name == "Passport"
    assert passport.get("holder") == ["un-KPi.099"]
    assert passport.get("type") == ["Diplomatic passport"]
    assert passport.get("number") == ["990000123"]
    assert passport.get("country") == ["kp"]
    assert passport.get("startDate") == ["2019-03-04"]
    assert passport.get("summary") == ["expires on 3 March 2024"]

    # French label "Numéro de passeport", COUNTRY_OF_ISSUE instead of ISSUING_COUNTRY.
    assert entities["un-QDi.006-id-1"].schema.name == "Passport"
    assert entities["un-QDi.006-id-1"].get("country") == ["eg"]
    card = entities["un-QDi.006-id-2"]
    assert card.schema.name == "Identification"
    assert card.get("type") == ["Egyptian national identity card"]
    assert card.get("authority") == ["Cairo"]
    assert entities["un-QDi.006"].get("idNumber") == ["15001-00000"]


def test_document_without_number_is_a_note(entities: dict[str, EntityProxy]) -> None:
    umarov = entities["un-QDi.290"]
    assert "un-QDi.290-id-2" not in entities
    assert (
        "National Identification Number: Russian internal passport, number not known"
        in umarov.get("notes")
    )


def test_addresses(entities: dict[str, EntityProxy]) -> None:
    # Only a NOTE: the note is the address. Only a country: no address line.
    assert entities["un-KPi.002"].get("address") == ["Believed to be in Pyongyang as of 2014"]
    assert entities["un-QDi.290"].get("address") == []
    assert entities["un-QDi.290"].get("country") == ["ru"]
    assert entities["un-KPi.099"].get("address") == [
        "Room 1204, Tower B, Shenyang, Liaoning, China"
    ]
    assert entities["un-KPi.099"].get("country") == ["cn"]


def test_listing_date_with_time_zone_suffix(entities: dict[str, EntityProxy]) -> None:
    assert entities["un-QDe.131-sanction"].get("listingDate") == ["2011-07-29"]


def test_previous_edition_differs_by_two_records_and_one_change() -> None:
    previous_report, previous = parse(PREVIOUS)
    _, current = parse(SAMPLE)
    assert previous_report.published_at == datetime(2026, 1, 30, 0, 0, 5, 870000, tzinfo=UTC)
    assert previous_report.counts == Counter({"Person": 6, "Organization": 5})
    parties = {"Person", "Organization"}
    current_ids = {i for i, e in current.items() if e.schema.name in parties}
    previous_ids = {i for i, e in previous.items() if e.schema.name in parties}
    assert current_ids - previous_ids == {"un-KPi.099", "un-QDe.131"}
    assert previous_ids <= current_ids
    assert previous["un-KPe.022"].get("alias") == ["Chongchongang Shipping Co LTD"]
    assert previous["un-KPe.001"].to_dict() == current["un-KPe.001"].to_dict()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"KOMID"', ["KOMID"]),
        ("Azim Adhajani; Azim Agha-Jani", ["Azim Adhajani", "Azim Agha-Jani"]),
        ("Ali Sabet; Ali Sabbet b) Ali Sabeti", ["Ali Sabet", "Ali Sabbet", "Ali Sabeti"]),
        ("حسن غول (Hassan Ghul; Hassan Gul)", ["حسن غول", "Hassan Ghul", "Hassan Gul"]),
        ("Jin Tiesan (金铁三)", ["Jin Tiesan", "金铁三"]),
        ("Amir Khazmat (original script: Амир Хазмат)", ["Amir Khazmat", "Амир Хазмат"]),
        ("Lord’s Resistance Movement (LRM)", ["Lord’s Resistance Movement (LRM)"]),
        ("“General” Sidiki", ["“General” Sidiki"]),
        ("   ", []),
        (None, []),
    ],
)
def test_split_alias(text: str | None, expected: list[str]) -> None:
    assert un.split_alias(text) == expected


def test_record_without_name_is_skipped_and_reported(tmp_path: Path) -> None:
    path = write_list(
        tmp_path,
        individuals="<INDIVIDUAL><FIRST_NAME> </FIRST_NAME>"
        "<REFERENCE_NUMBER>QDi.998</REFERENCE_NUMBER></INDIVIDUAL>",
    )
    report, entities = parse(path)
    assert entities == {}
    assert report.orphans == Counter({"no-name": 1})
    assert "QDi.998" in report.warnings[0]


def test_unknown_country_and_alias_quality_are_reported(tmp_path: Path) -> None:
    path = write_list(
        tmp_path,
        entities="<ENTITY><FIRST_NAME>ATLANTIS TRADING</FIRST_NAME>"
        "<REFERENCE_NUMBER>QDe.998</REFERENCE_NUMBER>"
        "<ENTITY_ALIAS><QUALITY>n.k.a.</QUALITY><ALIAS_NAME>ATL</ALIAS_NAME></ENTITY_ALIAS>"
        "<ENTITY_ADDRESS><COUNTRY>Atlantis</COUNTRY></ENTITY_ADDRESS></ENTITY>",
    )
    report, entities = parse(path)
    assert entities["un-QDe.998"].get("alias") == ["ATL"]
    assert entities["un-QDe.998"].get("country") == []
    assert report.orphans == Counter()
    assert report.unmapped == Counter({"country": 1})
    assert len(report.warnings) == 2


def test_entity_nationality_becomes_its_country(tmp_path: Path) -> None:
    path = write_list(
        tmp_path,
        entities="<ENTITY><FIRST_NAME>EXAMPLE TRADING</FIRST_NAME>"
        "<REFERENCE_NUMBER>KPe.998</REFERENCE_NUMBER>"
        "<NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY></ENTITY>",
    )
    _, entities = parse(path)
    assert entities["un-KPe.998"].get("country") == ["kp"]


def test_list_without_records_is_empty_not_an_error(tmp_path: Path) -> None:
    report, entities = parse(write_list(tmp_path))
    assert entities == {}
    assert report.warnings == ["the list holds no INDIVIDUAL or ENTITY records"]


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("empty.xml", "line 1, column 0", "malformed XML"),
        ("truncated.xml", "line 79, column 19", "malformed XML"),
        ("wrong_format.csv", "line 1, column 0", "malformed XML"),
        ("bomb.xml", "prolog, before the root element", "forbidden XML construct"),
        ("external_entity.xml", "prolog, before the root element", "forbidden XML construct"),
        ("not_utf8.xml", "line 6, column 19", "malformed XML"),
        ("missing_reference.xml", "element <INDIVIDUAL> #2", "no REFERENCE_NUMBER"),
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
    with pytest.raises(ParseError, match=r"root element is <export>, expected <CONSOLIDATED_LIST>"):
        parse(EU_SAMPLE)
