"""The FCDO UK Sanctions List, in its XML, CSV and OpenDocument spreadsheet (.ods) forms.

- XML (`UK-Sanctions-List.xml`): root `Designations`, a `DateGenerated` (dd/mm/yyyy) and one
  `Designation` per party with `UniqueID`, `Names/Name` (`Name1`…`Name6`, `NameType`,
  `AliasStrength`), `NonLatinNames`, `Addresses/Address`, `IndividualDetails`,
  `EntityDetails`, `ShipDetails` and the designation fields.
- CSV (`UK-Sanctions-List.csv`): a `Report Date: 13-Feb-2026` line, then a header and one row
  per name; the rows of a party share its `Unique ID`.
- ODS: the same table as a spreadsheet, or the condensed 8-column export (Unique ID, OFSI Group
  ID, Name, Regime Name, Type, Designation source, Date Designated, Sanctions Imposed), which
  carries no report date, so `published_at` stays None for it.

Every party becomes one entity `uk-<Unique ID>` (see `uk_record`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists import uk_ods
from sanctionwatch.lists.common import ParseReport
from sanctionwatch.lists.uk_record import Listing, Record, build, iter_records
from sanctionwatch.lists.uk_table import (
    column_key,
    csv_rows,
    find_table,
    parse_date,
    preamble_date,
)
from sanctionwatch.lists.xmlstream import iter_elements, text_of

SOURCE = "uk"
AUTHORITY = "Foreign, Commonwealth & Development Office"
SOURCE_URL = "https://www.gov.uk/government/publications/the-uk-sanctions-list"

_ROOT = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")
_XML_TAGS = frozenset({"Designation", "DateGenerated"})
# XML leaf element -> canonical key of `uk_record.COLUMNS`.
_XML_FIELDS = {
    "LastUpdated": "last_updated",
    "DateDesignated": "date_designated",
    "UniqueID": "unique_id",
    "OFSIGroupID": "ofsi_group_id",
    "UNReferenceNumber": "un_ref",
    "RegimeName": "regime",
    "IndividualEntityShip": "designation_type",
    "DesignationSource": "designation_source",
    "SanctionsImposed": "sanctions_imposed",
    "OtherInformation": "other_information",
    "UKStatementofReasons": "reason",
    "UKStatementOfReasons": "reason",
    "Title": "title",
    "PhoneNumber": "phone",
    "EmailAddress": "email",
    "Website": "website",
    "DOB": "dob",
    "Nationality": "nationality",
    "Position": "position",
    "Gender": "gender",
    "TownOfBirth": "town_of_birth",
    "CountryOfBirth": "country_of_birth",
    "TypeOfEntity": "entity_type",
    "BusinessRegistrationNumber": "registration_number",
    "ParentCompany": "parent_company",
    "Subsidiary": "subsidiaries",
    "IMONumber": "imo_number",
    "CurrentOwnerOperator": "current_owner",
    "PreviousOwnerOperator": "previous_owner",
    "CurrentBelievedFlagOfShip": "flag",
    "PreviousFlag": "previous_flags",
    "TypeOfShip": "ship_type",
    "TonnageOfShip": "tonnage",
    "LengthOfShip": "ship_length",
    "YearBuilt": "year_built",
    "HullIdentificationNumber": "hin",
}
_ADDRESS_KEYS = (*(f"address{n}" for n in range(1, 7)), "postal_code", "address_country")
_ADDRESS_TAGS = (
    *(f"AddressLine{n}" for n in range(1, 7)),
    "AddressPostalCode",
    "AddressCountry",
)


def sniff(path: str, head: bytes) -> bool:
    """An XML document rooted at `Designations`, or a CSV/ODS table with a "Unique ID" column."""
    try:
        kind = _kind(path, head)
        if kind == "csv":
            return _csv_has_unique_id(head)
        if kind == "ods":
            return any(
                "unique id" in map(column_key, cells)
                for _, cells in uk_ods.iter_rows(path, max_rows=5)
            )
        return kind == "xml"
    except (ParseError, ValueError, csv.Error):
        return False


def iter_entities(path: str, report: ParseReport) -> Iterator[EntityProxy]:
    """The designated parties of the list, each followed by its sanctions and documents."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise ParseError(path, f"cannot read: {exc.strerror}") from exc
    if not head.strip():
        raise ParseError(path, "the file is empty")
    listing = Listing(SOURCE, AUTHORITY, SOURCE_URL, report)
    kind = _kind(path, head)
    if kind == "xml":
        yield from _iter_xml(path, listing)
    elif kind == "ods":
        yield from _iter_table(path, listing, spreadsheet=True)
    elif kind == "csv":
        yield from _iter_table(path, listing, spreadsheet=False)
    else:
        raise ParseError(path, "not a UK Sanctions List file (expected XML, CSV or ODS)")


def _kind(path: str, head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04"):
        return "ods" if uk_ods.looks_like_ods(path, head) else None
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        # The first element that is not a declaration, comment or DOCTYPE is the root.
        match = _ROOT.search(re.sub(rb"<!--.*?-->", b"", text, flags=re.DOTALL))
        return "xml" if match is not None and match.group(1) == b"Designations" else None
    if b"\x00" in head:
        return None
    return "csv"


def _csv_has_unique_id(head: bytes) -> bool:
    # The header is the first or second line; the head may end inside a multi-byte character.
    lines = head.decode("utf-8-sig", errors="ignore").splitlines()[:5]
    return any("unique id" in map(column_key, cells) for cells in csv.reader(lines))


def _iter_table(path: str, listing: Listing, *, spreadsheet: bool) -> Iterator[EntityProxy]:
    def make_rows() -> Iterator[tuple[str, list[str]]]:
        return uk_ods.iter_rows(path) if spreadsheet else csv_rows(path)

    table = find_table(
        path, make_rows, marker="unique id", report=listing.report, strict_width=not spreadsheet
    )
    if "name6" not in table.columns and "name" not in table.columns:
        raise ParseError(path, "no name columns (Name 6 or Name) in the header")
    listing.report.published_at = preamble_date(table.preamble, "Report Date")
    if listing.report.published_at is None:
        listing.report.warn(f"{SOURCE}: the file states no report date")

    for record in iter_records(path, table.rows, "unique_id", "Unique ID"):
        yield from build(record, f"uk-{record.key}", listing)


def _iter_xml(path: str, listing: Listing) -> Iterator[EntityProxy]:
    count = 0
    for element in iter_elements(path, _XML_TAGS, root=frozenset({"Designations"})):
        if element.tag == "DateGenerated":
            listing.report.published_at = parse_date(element.text or "")
            continue
        count += 1
        record = _xml_record(path, element, count)
        yield from build(record, f"uk-{record.key}", listing)


def _xml_record(path: str, element: Element, index: int) -> Record:
    unique_id = text_of(element, "UniqueID")
    if unique_id is None:
        raise ParseError(
            path, "designation without a UniqueID", where=f"element <Designation> #{index}"
        )
    record = Record(unique_id)
    for name in element.iter("Name"):
        parts: dict[str, str | None] = {f"name{n}": text_of(name, f"Name{n}") for n in range(1, 7)}
        record.add_name(parts, text_of(name, "NameType"), text_of(name, "AliasStrength"))
    for node in element.iter("NameNonLatinScript"):
        record.add_row({"non_latin": node.text or ""})
    for address in element.iter("Address"):
        record.add_row(
            {
                key: value
                for key, tag in zip(_ADDRESS_KEYS, _ADDRESS_TAGS, strict=True)
                if (value := text_of(address, tag)) is not None
            }
        )
    for passport in element.iter("Passport"):
        record.add_row(
            _present(
                passport=text_of(passport, "PassportNumber"),
                passport_info=text_of(passport, "PassportAdditionalInformation"),
            )
        )
    for national in element.iter("NationalIdentifier"):
        record.add_row(
            _present(
                national_id=text_of(national, "NationalIdentifierNumber"),
                national_id_info=text_of(national, "NationalIdentifierAdditionalInformation"),
            )
        )
    for node in element.iter():
        key = _XML_FIELDS.get(node.tag)
        if key is not None and node.text is not None:
            record.add(key, node.text)
    return record


def _present(**values: str | None) -> dict[str, str]:
    return {key: value for key, value in values.items() if value is not None}
