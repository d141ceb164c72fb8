"""OFSI's Consolidated List of Financial Sanctions Targets (`ConList.csv`, 2022 format).

The file opens with `Last Updated,dd/mm/yyyy`, then a 36-column header (Name 6, Name 1 … Name 5,
Title, Name Non-Latin Script, …, Group Type, Alias Type, Alias Quality, Regime, Listed On,
UK Sanctions List Date Designated, Last Updated, Group ID) and one row per name; the rows of a
party share its Group ID. Fields without a column of their own are packed into Other
Information as `(UK Sanctions List Ref):RUS0001 (UK Statement of Reasons):… (Phone number):…`;
those segments are unpacked into the same fields as the FCDO list's columns.

A party's id is `uk-<UK Sanctions List Ref>` when the ref is given (the FCDO list's id for the
same designation), otherwise `uk-ofsi-<Group ID>`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator

from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import ParseReport
from sanctionwatch.lists.uk_record import Listing, Record, build, iter_records
from sanctionwatch.lists.uk_table import COLUMNS, column_key, csv_rows, find_table, preamble_date

SOURCE = "uk-ofsi"
AUTHORITY = "HM Treasury (OFSI)"
SOURCE_URL = "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv"

# "(Key):" inside Other Information; keys may end in "(s)" or "(HIN)".
_SEGMENT_KEY = re.compile(r"\(([A-Za-z][A-Za-z/'&. -]*?(?:\s*\((?:s|HIN)\))?)\):")
_UK_REF = re.compile(r"\b[A-Z]{3}\d{4}\b")
_REF_JOINER = re.compile(r"^(?:[\s,;&]|\band\b)+")


def sniff(path: str, head: bytes) -> bool:
    """A CSV whose header (within the first lines) has Group ID, Group Type and Name 6."""
    if head.startswith((b"PK\x03\x04", b"<")) or b"\x00" in head:
        return False
    lines = head.decode("utf-8-sig", errors="ignore").splitlines()[:5]
    try:
        for cells in csv.reader(lines):
            headings = set(map(column_key, cells))
            if {"group id", "group type", "name 6"} <= headings:
                return "unique id" not in headings
    except csv.Error:
        return False
    return False


def iter_entities(path: str, report: ParseReport) -> Iterator[EntityProxy]:
    """The parties of the Consolidated List, each followed by its sanctions and documents."""
    listing = Listing(SOURCE, AUTHORITY, SOURCE_URL, report)
    table = find_table(
        path, lambda: csv_rows(path), marker="group id", report=report, strict_width=True
    )
    for required in ("name6", "designation_type"):
        if required not in table.columns:
            raise ParseError(path, f"the header lacks the {required!r} column")
    report.published_at = preamble_date(table.preamble, "Last Updated")

    used: set[str] = set()
    for record in iter_records(path, table.rows, "group_id", "Group ID"):
        _unpack_other_information(record)
        yield from build(record, _entity_id(record, used, listing), listing)


def _entity_id(record: Record, used: set[str], listing: Listing) -> str:
    refs = _UK_REF.findall(" ".join(record.fields.get("uk_ref", [])))
    record.fields["uk_ref"] = refs
    entity_id = f"uk-{refs[0]}" if refs else f"uk-ofsi-{record.key}"
    if entity_id in used:
        # Two groups citing one UK ref would collide; the group id keeps ids unique.
        listing.warn_once("UK Sanctions List Ref shared by several groups", refs[0])
        entity_id = f"uk-ofsi-{record.key}"
    used.add(entity_id)
    return entity_id


def _unpack_other_information(record: Record) -> None:
    """Move "(Key):value" segments of Other Information into their fields; keep the rest."""
    remaining: list[str] = []
    for text in record.fields.pop("other_information", []):
        matches = list(_SEGMENT_KEY.finditer(text))
        if not matches:
            remaining.append(text)
            continue
        lead = text[: matches[0].start()].strip()
        if lead:
            remaining.append(lead)
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            value = text[match.end() : end].strip()
            key = COLUMNS.get(column_key(match.group(1)))
            if not value:
                continue
            if key is None:
                remaining.append(f"{match.group(1)}: {value}")
            elif key == "other_information":
                remaining.append(value)
            elif key == "uk_ref":
                # "GHR0050 and BEL0045 Listed under …": the refs, then a remark worth keeping.
                record.add(key, " ".join(_UK_REF.findall(value)))
                rest = _REF_JOINER.sub("", _UK_REF.sub("", value)).strip()
                if rest:
                    remaining.append(rest)
            else:
                record.add(key, value)
    for text in remaining:
        record.add("other_information", text)
