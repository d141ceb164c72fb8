"""Parser for OFAC's legacy CSV set: `sdn.csv` with `add.csv`, `alt.csv` and `sdn_comments.csv`.

The files have no header, CRLF line ends, a trailing Ctrl-Z (0x1A) and `-0- ` for null. `sdn.csv`
holds one row per listed party; its Remarks column packs dates of birth, documents, weak
aliases and sanctions notes as `;`-separated clauses, cut at 1,000 characters with the rest in
`sdn_comments.csv`. Addresses and strong aliases live in `add.csv` and `alt.csv`, joined by
`ent_num`. OFAC publishes the four together, but copies found in the wild mix dates: rows whose
`ent_num` is not in `sdn.csv` are counted as orphans and reported, never turned into entities.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import ParseError
from sanctionwatch.lists.common import ParseReport, clean, extract_imo_numbers
from sanctionwatch.lists.ofac import ParseContext, Record, guess_country, source_url, tonnage
from sanctionwatch.lists.ofac_labels import feature_kind, known_labels, schema_for

SOURCE = "ofac-sdn"

_SDN = "sdn.csv"
_SIDE_FILES = {"add.csv": 6, "alt.csv": 5, "sdn_comments.csv": 2}
_SDN_COLUMNS = 12
_SDN_TYPES = frozenset({"individual", "vessel", "aircraft", "-0-"})
_EOF = "\x1a"  # DOS end-of-file marker OFAC still appends
_REMARKS_LIMIT = 1000  # OFAC cuts Remarks here and continues them in sdn_comments.csv

_ALT = re.compile(r"^alt\.\s+", re.IGNORECASE)
_AKA = re.compile(r"^([afn])\.k\.a\.,?\s*(.*)$", re.IGNORECASE | re.DOTALL)
_LABEL = re.compile(
    r"^(?P<label>" + "|".join(re.escape(label) for label in known_labels()) + r")(?=$|[\s:#,])"
    r"[\s:]*(?P<value>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# "<number> (<country>) issued <date> expires <date>", every part after the number optional.
_DOCUMENT = re.compile(
    r"^(?P<number>.*?)(?:\s*\((?P<country>[^()]*)\))?(?:\s+issued\s+(?P<issued>.+?))?"
    r"(?:\s+expires\s+(?P<expires>.+?))?$",
    re.IGNORECASE | re.DOTALL,
)
# An identifier of a type the table does not know: "Chamber Code 12-34 (Cyprus)".
_OTHER_DOCUMENT = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z .'/&#()-]*?)\s+(?P<number>[A-Z0-9][\w./-]*\d[\w./ -]*?)"
    r"\s*\((?P<country>[^()]+)\)(?:\s+issued\s+(?P<issued>.+?))?(?:\s+expires\s+(?P<expires>.+?))?$"
)


def sniff(path: str, head: bytes) -> bool:
    """A directory holding `sdn.csv`, or a headerless 12-column sdn.csv row with an SDN type."""
    if os.path.isdir(path):
        return os.path.isfile(os.path.join(path, _SDN))
    line = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    try:
        row = next(csv.reader([line]), [])
    except csv.Error:
        return False
    return (
        len(row) == _SDN_COLUMNS
        and row[0].strip().isdigit()
        and row[2].strip().lower() in _SDN_TYPES
    )


def iter_entities(path: str, report: ParseReport) -> Iterator[EntityProxy]:
    """Stream `sdn.csv` (given itself or its directory), joining the side files by ent_num."""
    sdn_path = Path(path) / _SDN if os.path.isdir(path) else Path(path)
    if not sdn_path.is_file():
        raise ParseError(str(sdn_path), "no such file (expected OFAC's sdn.csv)")
    # The side files are much smaller than sdn.csv and must be indexed anyway to join them;
    # sdn.csv itself streams, and what is left in the indexes at the end are the orphans.
    side = {
        name: _index(sdn_path.parent / name, columns, report)
        for name, columns in _SIDE_FILES.items()
    }
    context = ParseContext(report, source_url(report))
    stale_comments = 0
    for where, row in _rows(sdn_path, _SDN_COLUMNS):
        ent_num = row[0]
        comments = [r[1] for r in side["sdn_comments.csv"].pop(ent_num, [])]
        remarks, stale = _join_remarks(row[11], comments, ent_num, report)
        stale_comments += stale
        try:
            entities = _build(
                context,
                row,
                path=str(sdn_path),
                where=where,
                remarks=remarks,
                addresses=side["add.csv"].pop(ent_num, []),
                aliases=side["alt.csv"].pop(ent_num, []),
            )
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            # A safety net: an unexpected shape must name the row, not crash with a bare error.
            raise ParseError(str(sdn_path), f"unreadable row ({exc})", where=where) from exc
        yield from entities
    for name, index in side.items():
        rows = sum(len(found) for found in index.values())
        if rows:
            report.orphans[name] += rows
            report.warn(
                f"{name}: {rows} rows for {len(index)} ent_nums that are not in sdn.csv "
                "(files of different dates?); skipped"
            )
    if stale_comments:
        key = "sdn_comments.csv (remarks not truncated)"
        report.orphans[key] += stale_comments
        report.warn(
            f"sdn_comments.csv: {stale_comments} rows continue remarks that sdn.csv does not "
            "truncate (files of different dates?); skipped"
        )


def _rows(path: Path, columns: int) -> Iterator[tuple[str, list[str]]]:
    """The rows of one OFAC CSV file with the row number, checked for shape; 0x1A is dropped."""
    name = str(path)
    number = 0
    try:
        # utf-8-sig: a copy re-saved by a spreadsheet may start with a byte-order mark.
        with path.open(encoding="utf-8-sig", errors="strict", newline="") as handle:
            for number, row in enumerate(csv.reader(handle, strict=True), start=1):
                if row and row[-1].endswith(_EOF):
                    row[-1] = row[-1].rstrip(_EOF)
                if len(row) <= 1 and not "".join(row).strip():
                    continue
                where = f"row {number}"
                if len(row) != columns:
                    raise ParseError(
                        name, f"expected {columns} columns, found {len(row)}", where=where
                    )
                ent_num = row[0].strip()
                if not ent_num.isdigit():
                    raise ParseError(name, f"ent_num {row[0]!r} is not a number", where=where)
                row[0] = ent_num
                yield where, row
    except UnicodeDecodeError as exc:
        raise ParseError(name, f"not UTF-8 text ({exc.reason})", where=f"row {number + 1}") from exc
    except csv.Error as exc:
        raise ParseError(name, f"malformed CSV ({exc})", where=f"row {number + 1}") from exc
    except OSError as exc:
        raise ParseError(name, f"cannot read: {exc.strerror}") from exc
    if number == 0:
        raise ParseError(name, "empty file")


def _index(path: Path, columns: int, report: ParseReport) -> dict[str, list[list[str]]]:
    """A side file's rows by ent_num (an absent file is reported, not fatal)."""
    if not path.is_file():
        report.warn(f"{path.name} not found beside sdn.csv; its data is missing")
        return {}
    index: dict[str, list[list[str]]] = {}
    if path.stat().st_size == 0:
        report.warn(f"{path.name} is empty")
        return index
    for _where, row in _rows(path, columns):
        index.setdefault(row[0], []).append(row)
    return index


def _join_remarks(
    remarks: str, comments: list[str], ent_num: str, report: ParseReport
) -> tuple[str | None, int]:
    """The full Remarks, with the continuation appended when sdn.csv cut them; stale comments."""
    if clean(remarks) is None:
        remarks = ""
    truncated = len(remarks) >= _REMARKS_LIMIT or not remarks.rstrip().endswith(".")
    if comments and remarks and truncated:
        # The continuation starts mid-word: join without a separator.
        return remarks + "".join(comments), 0
    if len(remarks) >= _REMARKS_LIMIT and not remarks.rstrip().endswith("."):
        report.warn(
            f"ent_num {ent_num}: remarks cut at {_REMARKS_LIMIT} characters, no continuation"
        )
    return (remarks or None), len(comments)


def _person_name(name: str) -> tuple[str, str | None, str | None]:
    """`LAST, First` -> ("First LAST", "First", "LAST"); names without a comma stay whole."""
    last, sep, first = name.partition(",")
    last, first = last.strip(), first.strip()
    if not sep or not last or not first:
        return name, None, None
    return f"{first} {last}", first, last


def _build(
    context: ParseContext,
    row: list[str],
    *,
    path: str,
    where: str,
    remarks: str | None,
    addresses: list[list[str]],
    aliases: list[list[str]],
) -> list[EntityProxy]:
    ent_num, raw_name, sdn_type = row[0], clean(row[1]), clean(row[2]) or ""
    if raw_name is None:
        raise ParseError(path, f"ent_num {ent_num} has no name", where=where)
    schema = schema_for(sdn_type, raw_name)
    if schema is None:
        context.report.warn(
            f"ent_num {ent_num}: unknown SDN_Type {sdn_type!r}, read as LegalEntity"
        )
        schema = "LegalEntity"
    record = Record(context, schema, ent_num)
    entity = record.entity
    is_person = schema == "Person"
    if is_person:
        name, first, last = _person_name(raw_name)
        entity.add("name", name)
        entity.add("firstName", first)
        entity.add("lastName", last)
    else:
        entity.add("name", raw_name)
    title = clean(row[4])
    if title is not None:
        record.add_feature("position", title)
    if schema == "Vessel":
        record.put("callSign", clean(row[5]))
        record.put("type", clean(row[6]))
        record.put("tonnage", tonnage(row[7]))
        record.put("grossRegisteredTonnage", tonnage(row[8]))
        record.add_country("flag", row[9])
        owner = clean(row[10])
        if owner is not None:
            # `owner` is an entity reference in FtM; the list gives only a name.
            record.put("notes", f"Vessel owner: {owner}")

    for alias in aliases:
        alias_name = clean(alias[3])
        if alias_name is not None and is_person:
            alias_name = _person_name(alias_name)[0]
        record.add_name(alias_name, kind=clean(alias[2]) or "aka")
    for address in addresses:
        record.add_address([address[2], address[3]], address[4])
        record.put("notes", clean(address[5]))

    text = clean(remarks)
    if text is not None:
        entity.add("notes", text)
        for number in extract_imo_numbers(text):
            record.add_imo(number)
        _apply_remarks(record, remarks or "")
    programs = [p.strip("[] ") for p in (clean(row[3]) or "").split("] [")]
    return record.finish([p for p in programs if p], text)


def _apply_remarks(record: Record, remarks: str) -> None:
    """Read the `;`-separated Remarks clauses into properties, aliases and documents."""
    text = " ".join(remarks.split())
    if len(remarks) >= _REMARKS_LIMIT and not text.endswith("."):
        # Cut and not continued: the last clause is partial (a wrong alias is worse than none).
        text = text.rpartition(";")[0]
    # Values may hold commas ("Moscow, Russia") but never semicolons, so ";" splits clauses.
    for clause in text.removesuffix(".").split(";"):
        _apply_clause(record, clause.strip())


def _apply_clause(record: Record, clause: str) -> None:
    if not clause:
        return
    aka = _AKA.match(clause)
    if aka is not None:
        # Remarks hold OFAC's weak aliases (the strong ones are in alt.csv), each in quotes.
        name = aka.group(2).strip()
        name = name.removeprefix("'").removesuffix("'")
        record.add_name(name, kind=f"{aka.group(1)}.k.a.", weak=True)
        return
    clause = _ALT.sub("", clause)
    match = _LABEL.match(clause)
    if match is not None:
        label, value = match.group("label"), match.group("value").strip()
        kind = feature_kind(label)
        if kind in ("doc", "prop"):
            number, country, issued, expires = _split_document(value)
            record.add_feature(label, number, country=country, issued=issued, expires=expires)
        elif kind == "provision":
            record.add_provision(clause)
        else:
            record.add_feature(label, value)
        return
    other = _OTHER_DOCUMENT.match(clause)
    if other is not None and guess_country(other.group("country")):
        record.add_feature(
            other.group("label"),
            other.group("number"),
            country=other.group("country"),
            issued=other.group("issued"),
            expires=other.group("expires"),
        )


def _split_document(value: str) -> tuple[str, str | None, str | None, str | None]:
    """`<number> (<country>) issued <date> expires <date>` -> its parts."""
    match = _DOCUMENT.match(value)
    if match is None:  # pragma: no cover - the pattern matches any text
        return value, None, None, None
    number, country = match.group("number").strip(), match.group("country")
    if country is not None and guess_country(country) is None:
        # A register's city or state ("(Stuttgart)", "(Jalisco)"), not the issuing country.
        country = None
    return number, country, match.group("issued"), match.group("expires")
