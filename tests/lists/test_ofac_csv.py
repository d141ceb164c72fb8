"""The OFAC legacy CSV parser (sdn.csv + add.csv + alt.csv + sdn_comments.csv)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import ofac, ofac_csv
from sanctionwatch.lists.common import ParseReport

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "lists" / "ofac-csv"
FIXTURES = ROOT / "tests" / "fixtures" / "lists" / "ofac"
NULL = "-0- "


def parse(path: Path) -> tuple[dict[str, EntityProxy], ParseReport]:
    report = ParseReport("ofac-sdn", str(path))
    entities = {str(e.id): e for e in ofac_csv.iter_entities(str(path), report)}
    return entities, report


def sdn_row(ent_num: str, name: str, sdn_type: str, program: str, remarks: str) -> str:
    """One sdn.csv row as OFAC writes it: quoted text, `-0- ` nulls."""
    kind = NULL if sdn_type == "-0-" else f'"{sdn_type}"'
    rest = ",".join([NULL] * 7)
    note = NULL if remarks == "-0-" else f'"{remarks}"'
    return f'{ent_num},"{name}",{kind},"{program}",{rest},{note}'


def write_set(directory: Path, **files: list[str]) -> Path:
    """Write OFAC CSV files (name without ".csv" -> rows) with CRLF and the 0x1A terminator."""
    directory.mkdir(exist_ok=True)
    for name, rows in files.items():
        data = "".join(f"{row}\r\n" for row in rows).encode("ascii") + b"\x1a"
        (directory / f"{name}.csv").write_bytes(data)
    return directory


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, EntityProxy], ParseReport]:
    return parse(SAMPLE)


def test_sniff() -> None:
    sdn = SAMPLE / "sdn.csv"
    assert ofac_csv.sniff(str(SAMPLE), b"")
    assert ofac_csv.sniff(str(sdn), sdn.read_bytes()[:65536])
    assert not ofac_csv.sniff(str(SAMPLE / "add.csv"), (SAMPLE / "add.csv").read_bytes())
    assert not ofac_csv.sniff(str(ROOT / "tests"), b"")
    assert not ofac_csv.sniff("x.xml", b'<?xml version="1.0"?>\n<sdnList>')
    header = b"ent_num,SDN_Name,SDN_Type,Program,Title,Call_Sign,a,b,c,d,e,Remarks\r\n"
    assert not ofac_csv.sniff("with-header.csv", header)


def test_directory_or_sdn_csv_path_give_the_same_entities(
    sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    from_file, _ = parse(SAMPLE / "sdn.csv")
    assert sorted(from_file) == sorted(sample[0])


def test_counts_and_orphans(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    _, report = sample
    assert report.published_at is None  # the CSV carries no date
    assert dict(report.counts) == {
        "Person": 4,
        "Company": 4,
        "Organization": 2,
        "Vessel": 2,
        "Airplane": 1,
    }
    # Rows whose ent_num is not in sdn.csv are counted (as rows), reported, never invented.
    assert dict(report.orphans) == {"add.csv": 2, "alt.csv": 1, "sdn_comments.csv": 1}
    assert (
        "add.csv: 2 rows for 1 ent_nums that are not in sdn.csv (files of different dates?); "
        "skipped" in report.warnings
    )
    assert not any(e.startswith("ofac-6000") for e in sample[0])


def test_entity_with_side_files(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    komid = entities["ofac-9345"]
    assert komid.schema.name == "Company"
    # Strong aliases from alt.csv (the empty placeholder is skipped), weak ones from Remarks.
    assert komid.get("alias") == [
        "NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION",
        "CHANGGWANG SINYONG CORPORATION",
    ]
    assert komid.get("weakAlias") == ["KOMID"]
    assert komid.get("address") == ["Central District, Pyongyang, Korea, North", "Tehran, Iran"]
    assert komid.get("country") == ["kp", "ir"]
    sanctions = [e for e in entities.values() if e.first("entity", quiet=True) == "ofac-9345"]
    assert sorted(s.first("program") or "" for s in sanctions) == ["DPRK2", "NPWMD"]
    reason = sanctions[0].first("reason") or ""
    assert reason.endswith("a.k.a. 'KOMID'.")
    assert komid.get("notes") == [reason]
    assert sanctions[0].get("provisions") == [
        "Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210",
        "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: "
        "North Korea Sanctions Regulations section 510.214",
    ]


def test_vessel_columns_and_remarks(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    vessel = entities["ofac-17069"]
    assert vessel.schema.name == "Vessel"
    assert vessel.get("imoNumber") == ["IMO7937317"]
    assert vessel.get("mmsi") == ["445114000"]
    assert vessel.get("callSign") == ["HMZF"]
    assert vessel.get("type") == ["General Cargo"]
    assert vessel.get("tonnage") == ["9044"]
    assert vessel.get("grossRegisteredTonnage") == ["6700"]
    assert vessel.get("flag") == ["kp"]
    assert "Vessel owner: CHONGCHONGANG SHIPPING COMPANY" in vessel.get("notes")
    baltic = entities["ofac-34940"]
    assert baltic.get("imoNumber") == ["IMO9220639"]
    assert baltic.get("pastFlags") == ["mt"]
    assert baltic.get("buildDate") == ["2000"]
    # An IMO company number on a company goes to imoNumber (Organization/Company allow it).
    assert entities["ofac-50003"].get("imoNumber") == ["IMO5342883"]


def test_persons(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    kim = entities["ofac-20275"]
    assert kim.get("name") == ["Jong Un KIM"]
    assert kim.get("firstName") == ["Jong Un"]
    assert kim.get("lastName") == ["KIM"]
    assert kim.get("alias") == ["Jong-un KIM"]  # alt.csv names are "LAST, First" too
    assert kim.get("birthDate") == ["1984-01-08", "1983"]
    assert kim.get("birthPlace") == ["Pyongyang, Korea, North"]
    assert kim.get("birthCountry") == ["kp"]
    assert kim.get("nationality") == ["kp"]
    assert kim.get("gender") == ["male"]
    assert kim.get("position") == ["Chairman of the State Affairs Commission"]
    putin = entities["ofac-35096"]
    assert putin.get("citizenship") == ["ru"]
    ri = entities["ofac-50002"]
    assert ri.get("birthDate") == [*[str(y) for y in range(1955, 1961)], "1961-03"]
    assert ri.get("alias") == ["Chol-min RI"]
    # "(Korea, North)": a country name with a comma inside a document clause.
    national_id = entities["ofac-50002-id-1"]
    assert national_id.get("number") == ["745312"]
    assert national_id.get("country") == ["kp"]


def test_documents_and_contacts(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    entities, _ = sample
    morozov = entities["ofac-50001"]
    assert morozov.get("birthDate") == ["1975"]
    assert morozov.get("passportNumber") == ["754123987"]
    assert morozov.get("taxNumber") == ["770412345664"]
    assert morozov.get("innCode") == ["770412345664"]
    assert morozov.get("email") == ["s.morozov@example.ru"]
    assert morozov.get("phone") == ["+74951234567"]
    assert morozov.get("weakAlias") == ["MOROZ"]
    passport = entities["ofac-50001-id-1"]
    assert passport.schema.name == "Passport"
    assert passport.get("country") == ["ru"]
    assert passport.get("startDate") == ["2015-03-12"]
    assert passport.get("endDate") == ["2025-03-12"]
    vtb = entities["ofac-17013"]
    assert vtb.get("ogrnCode") == ["1027739609391"]
    assert vtb.get("okpoCode") == ["00032520"]
    assert vtb.get("leiCode") == ["253400V1H6ART1UQ0N98"]
    assert vtb.get("swiftBic") == ["VTBRRUMM"]
    assert vtb.get("incorporationDate") == ["1990-10-17"]
    assert vtb.get("classification") == ["Financial Institution"]
    assert vtb.get("previousName") == ["VNESHTORGBANK"]
    uzay = entities["ofac-48907"]
    assert uzay.get("registrationNumber") == ["9855920"]
    assert uzay.get("alias") == ["UZAY GROUP HAVACILIK VE DIS TICARET LIMITED SIRKETI"]


def test_aircraft(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    plane = sample[0]["ofac-15431"]
    assert plane.schema.name == "Airplane"
    assert plane.get("model") == ["A310-304"]
    assert plane.get("serialNumber") == ["436"]
    assert plane.get("buildDate") == ["1987-09"]
    sanctions = [e for e in sample[0].values() if e.first("entity", quiet=True) == "ofac-15431"]
    assert sorted(s.first("program") or "" for s in sanctions) == ["IRGC", "SDGT"]


def test_truncated_remarks_are_continued_from_comments(
    sample: tuple[dict[str, EntityProxy], ParseReport],
) -> None:
    entities, _ = sample
    lazarus = entities["ofac-23254"]
    notes = lazarus.first("notes") or ""
    assert len(notes) > 1000
    assert notes.endswith("Linked To: RECONNAISSANCE GENERAL BUREAU.")
    weak = lazarus.get("weakAlias")
    # The sdn.csv row stops in the middle of this alias; the rest is in sdn_comments.csv.
    assert "ANDARIEL SUBGROUP" in weak
    assert weak[-1] == "STARDUST CHOLLIMA"
    wallets = [e for e in entities.values() if e.schema.name == "CryptoWallet"]
    assert len(wallets) == 6
    assert {w.first("currencySymbol") for w in wallets} == {"ETH", "XBT"}
    assert all(w.get("holder") == ["ofac-23254"] for w in wallets)


def test_cut_remarks_without_continuation_drop_the_partial_clause(tmp_path: Path) -> None:
    remarks = "Gender Male; " + "a.k.a. 'SOME ALIAS'; " * 60
    remarks = remarks[:1000]
    assert not remarks.endswith(".")
    directory = write_set(
        tmp_path / "set", sdn=[sdn_row("7", "DOE, John", "individual", "SDGT", remarks)]
    )
    entities, report = parse(directory)
    assert entities["ofac-7"].get("weakAlias") == ["SOME ALIAS"]
    assert "'SOME AL" not in "".join(entities["ofac-7"].get("weakAlias"))
    assert "ent_num 7: remarks cut at 1000 characters, no continuation" in report.warnings


def test_stale_comment_is_counted_not_joined(tmp_path: Path) -> None:
    directory = write_set(
        tmp_path / "set",
        sdn=[sdn_row("7", "DOE, John", "individual", "SDGT", "Gender Male.")],
        sdn_comments=['7,"ontinued text from another edition."'],
    )
    entities, report = parse(directory)
    assert entities["ofac-7"].get("notes") == ["Gender Male."]
    assert report.orphans["sdn_comments.csv (remarks not truncated)"] == 1
    assert report.orphans["sdn_comments.csv"] == 0


def test_missing_side_files_and_missing_eof_marker(tmp_path: Path) -> None:
    directory = tmp_path / "set"
    directory.mkdir()
    row = sdn_row("7", "ACME TRADING LLC", "-0-", "IRAN", "Website www.example.com.")
    (directory / "sdn.csv").write_text(row + "\r\n", encoding="ascii")
    entities, report = parse(directory)
    assert entities["ofac-7"].schema.name == "Company"
    assert entities["ofac-7"].get("website") == ["http://www.example.com/"]
    assert "add.csv not found beside sdn.csv; its data is missing" in report.warnings


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    directory = tmp_path / "set"
    directory.mkdir()
    row = sdn_row("7", "ACME TRADING LLC", "-0-", "IRAN", "-0-")
    data = b"\xef\xbb\xbf" + row.encode("ascii") + b"\r\n\x1a"
    (directory / "sdn.csv").write_bytes(data)
    assert ofac_csv.sniff(str(directory / "sdn.csv"), data)
    entities, _ = parse(directory)
    assert entities["ofac-7"].get("name") == ["ACME TRADING LLC"]


def test_unknown_document_type_with_country_becomes_identification(tmp_path: Path) -> None:
    remarks = (
        "Refugee ID Card AB-123456 (Kenya); Registration Number HRA 738077 (Stuttgart) (Germany); "
        "Folio Mercantil No. 4711 (Jalisco)."
    )
    directory = write_set(
        tmp_path / "set", sdn=[sdn_row("7", "DOE, John", "individual", "SDGT", remarks)]
    )
    entities, _ = parse(directory)
    documents = {e.first("type"): e for e in entities.values() if e.schema.name == "Identification"}
    assert documents["Refugee ID Card"].get("number") == ["AB-123456"]
    assert documents["Refugee ID Card"].get("country") == ["ke"]
    assert documents["Registration Number"].get("number") == ["HRA 738077 (Stuttgart)"]
    assert documents["Registration Number"].get("country") == ["de"]
    # A region in parentheses is not a country.
    assert documents["Folio Mercantil No."].get("number") == ["4711"]
    assert documents["Folio Mercantil No."].get("country") == []


@pytest.mark.parametrize(
    ("name", "message", "where"),
    [
        ("empty-sdn.csv", "empty file", None),
        ("truncated-sdn.csv", "malformed CSV (unexpected end of data)", "row 2"),
        ("latin1-sdn.csv", "not UTF-8 text", "row "),
        ("no-id-sdn.csv", "ent_num '' is not a number", "row 2"),
    ],
)
def test_broken_files_raise_parse_error(
    tmp_path: Path, name: str, message: str, where: str | None
) -> None:
    # Copied alone into a directory, as sdn.csv, so no side files from elsewhere are read.
    path = tmp_path / "sdn.csv"
    shutil.copy(FIXTURES / name, path)
    with pytest.raises(ParseError) as caught:
        list(ofac_csv.iter_entities(str(path), ParseReport("ofac-sdn", str(path))))
    assert str(path) in str(caught.value)
    assert message in str(caught.value)
    if where is not None:
        assert caught.value.where is not None
        assert caught.value.where.startswith(where)


def test_xml_given_to_the_csv_parser_raises_parse_error() -> None:
    xml = ROOT / "samples" / "lists" / "ofac" / "sdn.xml"
    with pytest.raises(ParseError, match=r"expected 12 columns, found 1") as caught:
        list(ofac_csv.iter_entities(str(xml), ParseReport("ofac-sdn", str(xml))))
    assert caught.value.where == "row 1"


def test_directory_without_sdn_csv_raises_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="no such file"):
        list(ofac_csv.iter_entities(str(tmp_path), ParseReport("ofac-sdn", str(tmp_path))))


def test_broken_side_file_names_that_file(tmp_path: Path) -> None:
    directory = write_set(
        tmp_path / "set",
        sdn=[sdn_row("7", "DOE, John", "individual", "SDGT", "-0-")],
        alt=['7,1,"aka"'],
    )
    with pytest.raises(ParseError, match=r"alt\.csv: row 1: expected 5 columns, found 3"):
        list(ofac_csv.iter_entities(str(directory), ParseReport("ofac-sdn", str(directory))))


def test_row_without_name_raises_parse_error(tmp_path: Path) -> None:
    directory = write_set(tmp_path / "set", sdn=[sdn_row("7", "", "individual", "SDGT", "-0-")])
    with pytest.raises(ParseError, match="ent_num 7 has no name") as caught:
        list(ofac_csv.iter_entities(str(directory), ParseReport("ofac-sdn", str(directory))))
    assert caught.value.where == "row 1"


def test_same_entity_from_xml_and_csv(sample: tuple[dict[str, EntityProxy], ParseReport]) -> None:
    # The two formats of one list must model a party identically (the index reads both).
    xml_report = ParseReport("ofac-sdn", "sdn.xml")
    from_xml = {
        e.id: e for e in ofac.iter_entities(str(ROOT / "samples/lists/ofac/sdn.xml"), xml_report)
    }
    for entity_id in ("ofac-17069", "ofac-35096", "ofac-15431"):
        csv_entity, xml_entity = sample[0][entity_id], from_xml[entity_id]
        assert csv_entity.schema == xml_entity.schema
        for prop in ("name", "imoNumber", "flag", "birthDate", "birthCountry", "model"):
            if prop in csv_entity.schema.properties:
                assert csv_entity.get(prop) == xml_entity.get(prop)
