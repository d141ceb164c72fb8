"""Tables of the UK lists (CSV and spreadsheet): rows, the header row and the preamble above it.

The FCDO CSV opens with a `Report Date: …` line and OFSI's ConList.csv with
`Last Updated,dd/mm/yyyy` before the header, so the header is found by a marker column
("Unique ID", "Group ID") among the first rows; rows above it are the preamble.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import ParseReport

# Normalised column heading (see `column_key`) -> canonical key. Both official CSV layouts,
# the condensed FCDO spreadsheet and the "(Key):value" segments of OFSI's Other Information.
COLUMNS: dict[str, str] = {
    "unique id": "unique_id",
    "uk sanctions list ref": "uk_ref",
    "ofsi group id": "ofsi_group_id",
    "group id": "group_id",
    "un reference number": "un_ref",
    "unref": "un_ref",
    "un ref": "un_ref",
    "last updated": "last_updated",
    **{f"name {n}": f"name{n}" for n in range(1, 7)},
    "name": "name",
    "name type": "name_type",
    "alias type": "name_type",
    "alias strength": "alias_strength",
    "alias quality": "alias_strength",
    "title": "title",
    "name non latin script": "non_latin",
    "non latin script type": "non_latin_type",
    "non latin script language": "non_latin_language",
    "regime name": "regime",
    "regime": "regime",
    "designation type": "designation_type",
    "individual entity ship": "designation_type",
    "type": "designation_type",
    "group type": "designation_type",
    "designation source": "designation_source",
    "sanctions imposed": "sanctions_imposed",
    "other information": "other_information",
    "further identifying information": "other_information",
    "uk statement of reasons": "reason",
    **{f"address line {n}": f"address{n}" for n in range(1, 7)},
    **{f"address {n}": f"address{n}" for n in range(1, 7)},
    "address postal code": "postal_code",
    "post zip code": "postal_code",
    "address country": "address_country",
    "country": "address_country",
    "phone number": "phone",
    "website": "website",
    "email address": "email",
    "date designated": "date_designated",
    "uk sanctions list date designated": "date_designated",
    "listed on": "listed_on",
    "d o b": "dob",
    "dob": "dob",
    "date of birth": "dob",
    "nationality ies": "nationality",
    "nationality": "nationality",
    "national identifier number": "national_id",
    "national identification number": "national_id",
    "national identifier additional information": "national_id_info",
    "national identification details": "national_id_info",
    "passport number": "passport",
    "passport additional information": "passport_info",
    "passport details": "passport_info",
    "position": "position",
    "gender": "gender",
    "town of birth": "town_of_birth",
    "country of birth": "country_of_birth",
    "type of entity": "entity_type",
    "subsidiaries": "subsidiaries",
    "parent company": "parent_company",
    "business registration number s": "registration_number",
    "business registration number": "registration_number",
    "imo number": "imo_number",
    "current owner operator s": "current_owner",
    "previous owner operator s": "previous_owner",
    "current believed flag of ship": "flag",
    "previous flags": "previous_flags",
    "type of ship": "ship_type",
    "tonnage of ship": "tonnage",
    "length of ship": "ship_length",
    "year built": "year_built",
    "hull identification number hin": "hin",
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
Row = tuple[str, list[str]]  # (where, cells): "line 12" / "row 40", cell texts
# The header must appear within this many rows of the top.
MAX_PREAMBLE = 10
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d")


def column_key(heading: str) -> str:
    """A heading normalised for lookup: "Nationality(/ies)" -> "nationality ies"."""
    return _NON_ALNUM.sub(" ", heading.lower()).strip()


def csv_rows(path: str) -> Iterator[Row]:
    """The rows of a UTF-8 CSV file, each with its line number for error messages."""
    lines = _Lines(path)
    try:
        # strict: a file cut inside a quoted field raises instead of ending quietly.
        reader = csv.reader(lines, strict=True)
        for cells in reader:
            yield f"line {reader.line_num}", cells
    except csv.Error as exc:
        raise ParseError(path, f"malformed CSV ({exc})", where=f"line {lines.number}") from exc


class _Lines:
    """The decoded lines of a file, counted; decoding line by line puts a bad byte on its line."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        try:
            with open(self.path, "rb") as handle:
                for raw in handle:
                    self.number += 1
                    line = raw.removeprefix(b"\xef\xbb\xbf") if self.number == 1 else raw
                    try:
                        yield line.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        raise ParseError(
                            self.path, f"not UTF-8 text ({exc.reason})", where=f"line {self.number}"
                        ) from exc
        except OSError as exc:
            raise ParseError(self.path, f"cannot read: {exc.strerror}") from exc


@dataclass
class Table:
    """A table whose header has been found; `rows()` re-reads it from the top each time."""

    path: str
    make_rows: Callable[[], Iterator[Row]]
    columns: list[str | None]
    preamble: list[list[str]]
    header_index: int
    strict_width: bool

    def rows(self, only: str | None = None) -> Iterator[tuple[str, dict[str, str]]]:
        """The data rows below the header as {canonical key: non-empty cell text}.

        With `only`, each dict holds just that column (a cheap pass for counting).
        """
        width = len(self.columns)
        wanted = [(i, key) for i, key in enumerate(self.columns) if key is not None]
        if only is not None:
            wanted = [(i, key) for i, key in wanted if key == only]
        for index, (where, cells) in enumerate(self.make_rows()):
            if index <= self.header_index or not any(cells):
                continue
            count = len(cells)
            if self.strict_width and count < width:
                raise ParseError(
                    self.path, f"row has {count} of {width} columns (truncated file?)", where=where
                )
            if count > width and any(cell.strip() for cell in cells[width:]):
                raise ParseError(self.path, f"row has more than {width} columns", where=where)
            row = {}
            for i, key in wanted:
                if i < count and (text := cells[i].strip()):
                    row[key] = text
            if row or only is not None:
                yield where, row


def find_table(
    path: str,
    make_rows: Callable[[], Iterator[Row]],
    *,
    marker: str,
    report: ParseReport,
    strict_width: bool,
) -> Table:
    """Locate the header row (the first with a `marker` column) and map its columns."""
    preamble: list[list[str]] = []
    seen_any = False
    rows = make_rows()
    try:
        for index, (where, cells) in enumerate(rows):
            headings = [column_key(cell) for cell in cells]
            seen_any = seen_any or any(cell.strip() for cell in cells)
            if marker in headings:
                columns = [COLUMNS.get(heading) for heading in headings]
                unknown = [
                    c.strip()
                    for c, k in zip(cells, columns, strict=True)
                    if k is None and c.strip()
                ]
                if unknown:
                    report.warn(f"{report.source}: columns not read: {', '.join(unknown)}")
                return Table(path, make_rows, columns, preamble, index, strict_width)
            if index >= MAX_PREAMBLE:
                raise ParseError(
                    path, f"no header row with a {marker!r} column in the first rows", where=where
                )
            preamble.append([cell.strip() for cell in cells])
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    if not seen_any:
        raise ParseError(path, "the file is empty")
    raise ParseError(path, f"no header row with a {marker!r} column")


def preamble_date(preamble: list[list[str]], label: str) -> datetime | None:
    """The date after `label` ("Report Date: 13-Feb-2026", "Last Updated,27/01/2026")."""
    pattern = re.compile(rf"^\s*{re.escape(label)}\s*:?\s*(.+?)\s*$", re.IGNORECASE)
    for cells in preamble:
        match = pattern.match(" ".join(cell for cell in cells if cell))
        if match is None:
            continue
        return parse_date(match.group(1))
    return None


def parse_date(text: str) -> datetime | None:
    """A publication date in one of the UK formats, as midnight UTC."""
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None
