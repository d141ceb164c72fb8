"""The UK Sanctions List as an OpenDocument spreadsheet: the condensed export and the full table."""

from __future__ import annotations

import csv
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import uk, uk_ods
from sanctionwatch.lists.common import ParseReport

ROOT = Path(__file__).resolve().parents[2]
UK_ODS = ROOT / "samples" / "lists" / "uk" / "UK-Sanctions-List.ods"
UK_CSV = ROOT / "samples" / "lists" / "uk" / "UK-Sanctions-List.csv"

_NS = (
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
# The tail of the FCDO export: one empty row repeated to the end of the sheet.
_PADDING = (
    '<table:table-row table:number-rows-repeated="1043268">'
    '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
)


def cell(value: str) -> str:
    text = f"<text:p>{escape(value)}</text:p>"
    return f'<table:table-cell office:value-type="string">{text}</table:table-cell>'


def row(values: list[str], *, pad: bool = True) -> str:
    filler = f'<table:table-cell table:number-columns-repeated="{16384 - len(values)}"/>'
    return f"<table:table-row>{''.join(map(cell, values))}{filler if pad else ''}</table:table-row>"


def content(*tables: str, prolog: str = "") -> str:
    sheets = "".join(
        f'<table:table table:name="Sheet{i}">{t}</table:table>' for i, t in enumerate(tables)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {_NS}>'
        f"<office:body><office:spreadsheet>{sheets}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )


def write_ods(path: Path, xml: str, *, mimetype: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr(
                "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
            )
        archive.writestr("content.xml", xml)
    return path


def parse(path: Path) -> tuple[dict[str, EntityProxy], ParseReport]:
    report = ParseReport(uk.SOURCE, str(path))
    entities = {str(e.id): e for e in uk.iter_entities(str(path), report)}
    return entities, report


def test_condensed_sample() -> None:
    entities, report = parse(UK_ODS)
    assert report.counts == {"Person": 5, "Organization": 3, "Vessel": 2}
    # The condensed export states no report date.
    assert report.published_at is None
    assert report.warnings == ["uk: the file states no report date"]
    assert entities["uk-DPR0301"].get("name") == ["KIM Jong Un"]
    assert entities["uk-DPR0304"].schema.name == "Vessel"
    sanction = entities["uk-DPR0304-sanction"]
    assert sanction.get("program") == ["Democratic People's Republic of Korea"]
    assert sanction.get("listingDate") == ["2014-07-28"]
    assert sanction.get("provisions") == [
        "Prohibition of port entry",
        "Specification for deflagging",
    ]
    # A ship's OFSI Group ID cell holds only pretty-print whitespace.
    assert sanction.get("recordId") == []
    assert entities["uk-DRC0310-sanction"].get("description") == ["Designation source: UK|UN"]
    assert entities["uk-RUS1504-sanction"].get("recordId") == ["91504"]


def test_full_table_as_spreadsheet_matches_the_csv(tmp_path: Path) -> None:
    with UK_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    path = write_ods(tmp_path / "full.ods", content("".join(row(r) for r in rows) + _PADDING))
    from_ods, ods_report = parse(path)
    report = ParseReport(uk.SOURCE, str(UK_CSV))
    from_csv = {str(e.id): e for e in uk.iter_entities(str(UK_CSV), report)}
    assert ods_report.published_at == report.published_at
    assert set(from_ods) == set(from_csv)
    for entity_id, entity in from_csv.items():
        assert from_ods[entity_id].to_dict() == entity.to_dict()


def test_repeats_are_not_expanded(tmp_path: Path) -> None:
    header = row(["Unique ID", "Name", "Type"])
    repeated = (
        '<table:table-row table:number-rows-repeated="3">'
        + cell("RUS9001")
        + cell("REPEATED LTD")
        + cell("Entity")
        + "</table:table-row>"
    )
    gap = (
        '<table:table-row table:number-rows-repeated="500000"><table:table-cell/></table:table-row>'
    )
    last = row(["RUS9002", "LAST LTD", "Entity"])
    path = write_ods(tmp_path / "repeats.ods", content(header + repeated + gap + last + _PADDING))
    start = time.perf_counter()
    rows = list(uk_ods.iter_rows(str(path)))
    assert time.perf_counter() - start < 1.0
    assert rows == [
        ("row 1", ["Unique ID", "Name", "Type"]),
        ("row 2", ["RUS9001", "REPEATED LTD", "Entity"]),
        ("row 500005", ["RUS9002", "LAST LTD", "Entity"]),
    ]


def test_cell_text_forms(tmp_path: Path) -> None:
    cells = (
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>A<text:s text:c="3"/>B'
        "<text:span>C</text:span><text:line-break/>D</text:p><text:p>E</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell office:value-type="float" office:value="12703"><text:p>12,703</text:p>'
        "</table:table-cell>"
        '<table:table-cell office:value-type="date" office:date-value="2022-03-15T00:00:00">'
        "<text:p>15/03/2022</text:p></table:table-cell>"
        "</table:table-row>"
    )
    second = row(["second sheet"])
    path = write_ods(tmp_path / "cells.ods", content(cells, second))
    # Only the first sheet with data is read.
    assert list(uk_ods.iter_rows(str(path))) == [
        ("row 1", ["A   BC\nD\nE", "", "", "12703", "2022-03-15"])
    ]


def test_row_without_unique_id(tmp_path: Path) -> None:
    rows = row(["Unique ID", "Name", "Type"]) + row(["RUS9001", "A LTD", "Entity"])
    rows += row(["", "NO ID LTD", "Entity"])
    path = write_ods(tmp_path / "no-id.ods", content(rows))
    with pytest.raises(ParseError, match="row without a Unique ID") as caught:
        parse(path)
    assert caught.value.where == "row 3"


def test_zip_bomb_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_ods(tmp_path / "bomb.ods", content(row(["Unique ID", "Name"]) + _PADDING))
    monkeypatch.setattr(uk_ods, "MAX_CONTENT_BYTES", 200)
    with pytest.raises(ParseError, match="inflates beyond 200 bytes"):
        list(uk_ods.iter_rows(str(path)))


def test_entity_bomb_inside_content_xml(tmp_path: Path) -> None:
    prolog = '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    path = write_ods(tmp_path / "dtd.ods", content(row(["Unique ID", "&b;"]), prolog=prolog))
    with pytest.raises(ParseError, match="forbidden XML construct") as caught:
        parse(path)
    assert caught.value.path == str(path)


def test_malformed_content_xml_names_the_ods_file(tmp_path: Path) -> None:
    xml = content(row(["Unique ID", "Name"]))
    path = write_ods(tmp_path / "broken.ods", xml[: len(xml) // 2])
    with pytest.raises(ParseError) as caught:
        parse(path)
    # The position is in content.xml, the member the sheets live in.
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: line 1, column")
    assert "malformed XML" in str(caught.value)


def test_truncated_zip(tmp_path: Path) -> None:
    data = UK_ODS.read_bytes()
    path = tmp_path / "cut.ods"
    path.write_bytes(data[: len(data) // 2])
    assert not uk.sniff(str(path), path.read_bytes())
    with pytest.raises(ParseError, match="not a UK Sanctions List file"):
        parse(path)
    with pytest.raises(ParseError, match=r"not a readable \.ods \(zip\) file"):
        list(uk_ods.iter_rows(str(path)))


def test_zip_without_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a spreadsheet")
    assert not uk_ods.looks_like_ods(str(path), path.read_bytes())
    with pytest.raises(ParseError, match=r"no content\.xml"):
        list(uk_ods.iter_rows(str(path)))


def test_spreadsheet_without_the_list_is_not_sniffed(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "budget.ods", content(row(["Item", "Cost"]) + row(["Tea", "3"])))
    assert uk_ods.looks_like_ods(str(path), path.read_bytes())
    assert not uk.sniff(str(path), path.read_bytes())
    with pytest.raises(ParseError, match="no header row with a 'unique id' column"):
        parse(path)
