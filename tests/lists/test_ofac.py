"""The OFAC `sdnList` XML parser on the hand-written sample and on broken or hostile files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import ofac, ofac_labels
from sanctionwatch.lists.common import ParseReport

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "lists" / "ofac" / "sdn.xml"
FIXTURES = ROOT / "tests" / "fixtures" / "lists" / "ofac"
NAMESPACE = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"


def parse(path: Path, source: str = "ofac-sdn") -> tuple[dict[str, EntityProxy], ParseReport]:
    report = ParseReport(source, str(path))
    entities = {str(e.id): e for e in ofac.iter_entities(str(path), report)}
    return entities, report


def write_list(tmp_path: Path, entries: str, record_count: int | None = None) -> Path:
    count = "" if record_count is None else f"<Record_Count>{record_count}</Record_Count>"
    path = tmp_path / "sdn.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<sdnList xmlns="{NAMESPACE}">\n'
        f"<publshInformation><Publish_Date>01/08/2026</Publish_Date>{count}</publshInformation>\n"
        f"{entries}\n</sdnList>\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, EntityProxy], ParseReport]:
    return parse(SAMPLE)


def test_sniff_recognises_the_sdnlist_root() -> None:
    assert ofac.sniff(str(SAMPLE), SAMPLE.read_bytes()[:65536])
    assert ofac.sniff("x.xml", b'<?xml version="1.0"?>\n<ofac:sdnList xmlns:ofac="urn:x">')
    assert not ofac.sniff("consolidated.xml", b'<?xml version="1.0"?><CONSOLIDATED_LIST>')
    assert not ofac.sniff("sdn.csv", b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA"')


def test_sample_counts_and_publication_date(
    sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    _, report = sample
    assert report.published_at == datetime(2025, 3, 14, tzinfo=UTC)
    assert dict(report.counts) == {
        "Person": 4,
        "Company": 2,
        "Organization": 2,
        "Vessel": 2,
        "Airplane": 1,
    }
    assert report.warnings == []


def test_entity_with_programmes_aliases_and_provisions(
    sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    entities, _ = sample
    komid = entities["ofac-9345"]
    assert komid.schema.name == "Company"  # "CORPORATION" is a legal form
    assert komid.get("topics") == ["sanction"]
    # The empty strong a.k.a. placeholder is skipped; the weak one is a weakAlias.
    assert komid.get("alias") == [
        "NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION",
        "CHANGGWANG SINYONG CORPORATION",
    ]
    assert komid.get("weakAlias") == ["KOMID"]
    assert komid.get("address") == ["Central District, Pyongyang, Korea, North", "Tehran, Iran"]
    assert komid.get("country") == ["kp", "ir"]
    programs = {
        e.first("program"): e
        for e in entities.values()
        if e.first("entity", quiet=True) == "ofac-9345"
    }
    assert set(programs) == {"NPWMD", "DPRK2"}
    sanction = programs["DPRK2"]
    assert sanction.id == "ofac-9345-sanction-dprk2"
    assert sanction.get("authority") == ["Office of Foreign Assets Control"]
    assert sanction.get("sourceUrl") == [ofac.SDN_URL]
    assert (
        "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210"
        in sanction.get("provisions")
    )


def test_vessel(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    vessel = sample[0]["ofac-17069"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("name") == ["CHONG CHON GANG"]
    assert vessel.get("imoNumber") == ["IMO7937317"]
    assert vessel.get("mmsi") == ["445114000"]
    assert vessel.get("callSign") == ["HMZF"]
    assert vessel.get("flag") == ["kp"]
    assert vessel.get("type") == ["General Cargo"]
    assert vessel.get("tonnage") == ["9044"]
    assert vessel.get("grossRegisteredTonnage") == ["6700"]
    assert vessel.get("notes") == ["Vessel owner: CHONGCHONGANG SHIPPING COMPANY"]
    # IMO in remarks, former flag from the idList.
    baltic = sample[0]["ofac-34940"]
    assert baltic.get("imoNumber") == ["IMO9220639"]
    assert baltic.get("pastFlags") == ["mt"]


def test_persons(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    kim = entities["ofac-20275"]
    assert kim.get("name") == ["Jong Un KIM"]
    assert kim.get("firstName") == ["Jong Un"]
    assert kim.get("lastName") == ["KIM"]
    assert kim.get("alias") == ["Jong-un KIM"]
    assert kim.get("birthDate") == ["1984-01-08", "1983"]
    assert kim.get("nationality") == ["kp"]
    assert kim.get("gender") == ["male"]
    assert kim.get("position") == ["Chairman of the State Affairs Commission"]
    putin = entities["ofac-35096"]
    assert putin.get("birthPlace") == ["Leningrad, Russia"]
    assert putin.get("birthCountry") == ["ru"]
    assert putin.get("citizenship") == ["ru"]
    # circa -> the year; a range -> every year; month and year -> YYYY-MM.
    assert entities["ofac-50001"].get("birthDate") == ["1975"]
    assert entities["ofac-50002"].get("birthDate") == [
        *[str(year) for year in range(1955, 1961)],
        "1961-03",
    ]
    # n.k.a. ("now known as") is a strong alias.
    assert entities["ofac-50002"].get("alias") == ["Chol-min RI"]


def test_passport_and_contact(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    person = entities["ofac-50001"]
    assert person.get("passportNumber") == ["754123987"]
    assert person.get("email") == ["s.morozov@example.ru"]
    passport = entities["ofac-50001-id-1"]
    assert passport.schema.name == "Passport"
    assert passport.get("holder") == ["ofac-50001"]
    assert passport.get("number") == ["754123987"]
    assert passport.get("country") == ["ru"]
    assert passport.get("startDate") == ["2015-03-12"]
    assert passport.get("endDate") == ["2025-03-12"]


def test_russian_company_identifiers(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    vtb = entities["ofac-17013"]
    assert vtb.schema.name == "Company"
    assert vtb.get("previousName") == ["VNESHTORGBANK"]
    assert vtb.get("ogrnCode") == ["1027739609391"]
    assert vtb.get("innCode") == ["7702070139"]
    assert vtb.get("taxNumber") == ["7702070139"]
    assert vtb.get("okpoCode") == ["00032520"]
    assert vtb.get("swiftBic") == ["VTBRRUMM"]
    assert vtb.get("website") == ["http://www.vtb.ru/"]
    assert vtb.get("classification") == ["Financial Institution"]
    assert vtb.get("incorporationDate") == ["1990-10-17"]
    assert vtb.get("address") == ["43, Vorontsovskaya str., Moscow, 109147, Russia"]
    documents = [e for e in entities.values() if e.first("holder", quiet=True) == "ofac-17013"]
    assert sorted(d.first("type") or "" for d in documents) == [
        "Government Gazette Number",
        "Registration ID",
        "SWIFT/BIC",
        "Tax ID No.",
    ]
    assert all(d.schema.name == "Identification" for d in documents)


def test_aircraft_wallets_and_unknown_id_types(
    sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    entities, _ = sample
    plane = entities["ofac-15431"]
    assert plane.schema.name == "Airplane"
    assert plane.get("model") == ["A310-304"]
    assert plane.get("serialNumber") == ["436"]
    assert plane.get("buildDate") == ["1987-09"]
    transponder = entities["ofac-15431-id-1"]
    assert transponder.get("type") == ["Aircraft Mode S Transponder Code"]
    assert transponder.get("number") == ["7300AB"]
    lazarus = [e for e in entities.values() if e.first("holder", quiet=True) == "ofac-23254"]
    wallet = next(e for e in lazarus if e.schema.name == "CryptoWallet")
    assert wallet.get("publicKey") == ["0x5f3A1b8C2d4E6f7A9b0C1d2E3f4A5b6C7d8E9f0A"]
    assert wallet.get("currencySymbol") == ["ETH"]
    # A type the table does not know becomes an Identification, not a lost value.
    other = next(e for e in lazarus if e.schema.name == "Identification")
    assert other.get("type") == ["Chinese Commercial Code"]
    assert entities["ofac-23254"].get("weakAlias") == ["HIDDEN COBRA", "GUARDIANS OF PEACE"]


def test_region_as_country(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    relief = sample[0]["ofac-50003"]
    assert relief.schema.name == "Organization"
    assert relief.get("address") == ["Omar al-Mukhtar Street, Gaza"]
    assert relief.get("country") == ["ps"]


def test_consolidated_list_keeps_ids_and_names_its_url() -> None:
    entities, report = parse(SAMPLE, source="ofac-cons")
    assert "ofac-9345" in entities
    assert entities["ofac-9345-sanction-npwmd"].get("sourceUrl") == [ofac.CONSOLIDATED_URL]
    assert report.source == "ofac-cons"


def test_unknown_type_and_count_mismatch_are_warnings(tmp_path: Path) -> None:
    path = write_list(
        tmp_path,
        "<sdnEntry><uid>7</uid><lastName>MYSTERY</lastName><sdnType>Spaceship</sdnType>"
        "<programList><program>SDGT</program></programList></sdnEntry>",
        record_count=2,
    )
    entities, report = parse(path)
    assert entities["ofac-7"].schema.name == "LegalEntity"
    assert any("unknown sdnType 'Spaceship'" in w for w in report.warnings)
    assert any("Record_Count says 2 entries, the file holds 1" in w for w in report.warnings)


def test_unrecognised_country_is_reported_once(tmp_path: Path) -> None:
    address = "<address><uid>1</uid><country>Atlantis</country></address>"
    entry = (
        "<sdnEntry><uid>{uid}</uid><lastName>X{uid}</lastName><sdnType>Entity</sdnType>"
        f"<programList><program>SDGT</program></programList><addressList>{address}</addressList>"
        "</sdnEntry>"
    )
    path = write_list(tmp_path, entry.format(uid=1) + entry.format(uid=2))
    entities, report = parse(path)
    # Warned once, counted each time.
    assert report.warnings == ["ofac-1: country not recognised: 'Atlantis'"]
    assert report.unmapped == {"country": 2}
    assert report.orphans == {}
    assert entities["ofac-1"].get("address") == ["Atlantis"]
    assert entities["ofac-1"].get("country") == []


@pytest.mark.parametrize(
    ("name", "message", "where"),
    [
        ("empty.xml", "malformed XML", "line 1"),
        ("truncated.xml", "malformed XML", "line "),
        ("bomb.xml", "forbidden XML construct", None),
        ("external-entity.xml", "forbidden XML construct", None),
        ("latin1.xml", "malformed XML", "line 5"),
        ("no-uid.xml", "sdnEntry has no <uid>", "element <sdnEntry> #2"),
    ],
)
def test_broken_files_raise_parse_error(name: str, message: str, where: str | None) -> None:
    path = FIXTURES / name
    with pytest.raises(ParseError) as caught:
        list(ofac.iter_entities(str(path), ParseReport("ofac-sdn", str(path))))
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    if where is not None:
        assert caught.value.where is not None
        assert caught.value.where.startswith(where)


def test_wrong_format_raises_parse_error() -> None:
    csv_path = ROOT / "samples" / "lists" / "ofac-csv" / "sdn.csv"
    with pytest.raises(ParseError, match=r"sdn\.csv"):
        list(ofac.iter_entities(str(csv_path), ParseReport("ofac-sdn", str(csv_path))))


def test_other_xml_root_raises_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text('<?xml version="1.0"?><CONSOLIDATED_LIST></CONSOLIDATED_LIST>')
    with pytest.raises(
        ParseError, match=r"root element is <CONSOLIDATED_LIST>, expected <sdnList>"
    ):
        list(ofac.iter_entities(str(path), ParseReport("ofac-sdn", str(path))))


def test_entry_without_name_raises_parse_error(tmp_path: Path) -> None:
    path = write_list(tmp_path, "<sdnEntry><uid>8</uid><sdnType>Entity</sdnType></sdnEntry>")
    with pytest.raises(ParseError, match="sdnEntry 8 has no name") as caught:
        list(ofac.iter_entities(str(path), ParseReport("ofac-sdn", str(path))))
    assert caught.value.where == "element <sdnEntry> #1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 Dec 1948", ["1948-12-10"]),
        ("Dec 1948", ["1948-12"]),
        ("1948", ["1948"]),
        ("circa 1951", ["1951"]),
        ("circa 01 Jan 1965", ["1965"]),
        ("1955 to 1957", ["1955", "1956", "1957"]),
        ("01 Jan 1960 to 31 Dec 1961", ["1960", "1961"]),
        ("circa 1970-1971", ["1970", "1971"]),
        ("sometime in the sixties", []),
    ],
)
def test_parse_birth_date(text: str, expected: list[str]) -> None:
    assert ofac.parse_birth_date(text) == expected


@pytest.mark.parametrize(
    ("sdn_type", "name", "schema"),
    [
        ("Individual", "KIM, Jong Un", "Person"),
        ("individual", "KIM, Jong Un", "Person"),
        ("Vessel", "CHONG CHON GANG", "Vessel"),
        ("aircraft", "EP-MNX", "Airplane"),
        ("Entity", "OFFICE 39", "Organization"),
        ("-0-", "HIZBALLAH", "Organization"),
        (None, "UZAY GROUP DIS TICARET LIMITED SIRKETI", "Company"),
        ("Entity", "OOO TRANSNEFT", "Company"),
        ("Entity", "AKTSIONERNOE OBSHCHESTVO TESTPRIBOR", "Company"),
        ("Entity", "GEX EXPLORE S. DE R.L. DE C.V.", "Company"),
        ("Entity", "CHONGCHONGANG SHIPPING CO., LTD.", "Company"),
        ("Satellite", "X", None),
    ],
)
def test_schema_for(sdn_type: str | None, name: str, schema: str | None) -> None:
    assert ofac_labels.schema_for("" if sdn_type == "-0-" else sdn_type, name) == schema


@pytest.mark.parametrize(
    ("place", "country"),
    [
        ("Leningrad, Russia", "ru"),
        ("Pyongyang, Korea, North", "kp"),
        ("Russia", "ru"),
        ("Kinshasa, Congo, Democratic Republic of the", "cd"),
        ("Shati", None),
    ],
)
def test_birth_country_from_place(place: str, country: str | None) -> None:
    record = ofac.Record(
        ofac.ParseContext(ParseReport("ofac-sdn", "x"), ofac.SDN_URL), "Person", "1"
    )
    record.add_birth_place(place)
    assert record.entity.get("birthPlace") == [place]
    assert record.entity.get("birthCountry") == ([country] if country else [])
