"""Batch screening of a CSV file: columns mapped by header, one output row per match."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from sanctionwatch.exceptions import InputError
from sanctionwatch.screening.model import Query, ScreenOptions
from sanctionwatch.screening.parallel import ParallelScreener
from sanctionwatch.screening.service import ScreenedMatch, ScreeningService

# Header names (case-, space- and punctuation-insensitive) that map to query fields.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "customername", "entityname", "partyname", "vesselname"),
    "schema": ("schema", "type", "entitytype", "kind"),
    "birth_date": ("birthdate", "dob", "dateofbirth", "born"),
    "countries": ("country", "countries", "nationality", "citizenship", "jurisdiction", "flag"),
    "imo": ("imo", "imonumber"),
    "mmsi": ("mmsi",),
    "passport": ("passport", "passportnumber"),
    "id": ("id", "idnumber", "nationalid", "registrationnumber", "taxnumber", "inn"),
}
_SCHEMA_WORDS = {
    "person": "Person",
    "individual": "Person",
    "company": "Company",
    "organization": "Organization",
    "organisation": "Organization",
    "entity": "LegalEntity",
    "vessel": "Vessel",
    "ship": "Vessel",
    "aircraft": "Airplane",
    "airplane": "Airplane",
}
OUTPUT_COLUMNS = (
    "match_rank",
    "match_score",
    "match_entity_id",
    "match_schema",
    "match_caption",
    "match_name",
    "match_source",
    "match_programs",
    "match_suppressed",
    "match_explanation",
    "algorithm",
)
# Rows screened together: large enough for the worker processes to pay off (ParallelScreener
# stays in-process below ~250 distinct queries per process).
_CHUNK = 2000


def _key(header: str) -> str:
    return "".join(c for c in header.lower() if c.isalnum())


def map_columns(headers: list[str]) -> dict[str, int]:
    """Query field -> column index, from the CSV header."""
    mapping: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = _key(header)
        for field_name, aliases in COLUMN_ALIASES.items():
            if key in aliases and field_name not in mapping:
                mapping[field_name] = position
    if "name" not in mapping and not {"imo", "mmsi", "passport", "id"} & mapping.keys():
        raise InputError(
            "the CSV header has no name column (nor imo/mmsi/passport/id); expected one of: "
            + ", ".join(COLUMN_ALIASES["name"])
        )
    return mapping


def row_query(row: list[str], mapping: dict[str, int]) -> Query:
    """The query one CSV row describes."""

    def cell(name: str) -> str:
        position = mapping.get(name)
        return row[position].strip() if position is not None and position < len(row) else ""

    schema_text = cell("schema")
    schema = _SCHEMA_WORDS.get(schema_text.lower(), schema_text) if schema_text else "Thing"
    identifiers = {k: [cell(k)] for k in ("imo", "mmsi", "passport", "id") if cell(k)}
    countries = [c.strip() for c in cell("countries").replace(";", ",").split(",") if c.strip()]
    return Query(
        name=cell("name") or None,
        schema=schema,
        birth_date=cell("birth_date") or None,
        countries=countries,
        identifiers=identifiers,
    )


@dataclass
class BatchSummary:
    """What a batch run did."""

    rows: int = 0
    rows_with_hits: int = 0
    matches: int = 0
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def names_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _rows(source: IO[str], path: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(source)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise InputError(f"{path}: line {reader.line_num}: malformed CSV: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc


def screen_csv(
    service: ScreeningService,
    source: IO[str],
    out: IO[str],
    options: ScreenOptions,
    *,
    path: str = "<stdin>",
    progress: Callable[[int], None] | None = None,
    processes: int = 1,
) -> BatchSummary:
    """Screen every row of a CSV; write the input columns plus one row per match."""
    started = time.perf_counter()
    summary = BatchSummary()
    rows = _rows(source, path)
    try:
        _, headers = next(rows)
    except StopIteration:
        raise InputError(f"{path}: the CSV file is empty") from None
    mapping = map_columns(headers)
    writer = csv.writer(out)
    writer.writerow([*headers, *OUTPUT_COLUMNS])
    chunk: list[tuple[int, list[str], Query]] = []
    screener = ParallelScreener(service.state().index, processes=processes)

    def flush() -> None:
        if not chunk:
            return
        results = service.screen_many([q for _, _, q in chunk], options, screener)
        for (_, row, _), matches in zip(chunk, results, strict=True):
            _write(writer, row, len(headers), matches, summary)
        if progress is not None:
            progress(len(chunk))
        chunk.clear()

    with screener:
        _screen_rows(rows, mapping, writer, chunk, flush, summary, path)
    summary.seconds = time.perf_counter() - started
    return summary


def _screen_rows(
    rows: Iterator[tuple[int, list[str]]],
    mapping: dict[str, int],
    writer: _RowWriter,
    chunk: list[tuple[int, list[str], Query]],
    flush: Callable[[], None],
    summary: BatchSummary,
    path: str,
) -> None:
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        summary.rows += 1
        try:
            query = row_query(row, mapping).validated()
        except Exception as exc:
            summary.errors.append(f"{path}: line {line}: {exc}")
            writer.writerow([*row, *([""] * len(OUTPUT_COLUMNS[:-1])), f"error: {exc}"])
            continue
        chunk.append((line, row, query))
        if len(chunk) >= _CHUNK:
            flush()
    flush()


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


def _write(
    writer: _RowWriter,
    row: list[str],
    width: int,
    matches: list[ScreenedMatch],
    summary: BatchSummary,
) -> None:
    padded = (row + [""] * width)[:width]
    if not matches:
        writer.writerow([*padded, *([""] * len(OUTPUT_COLUMNS))])
        return
    hits = [m for m in matches if not m.suppressed]
    summary.rows_with_hits += 1 if hits else 0
    summary.matches += len(hits)
    summary.suppressed += len(matches) - len(hits)
    for rank, item in enumerate(matches, start=1):
        match = item.match
        programs = sorted({s.program for s in match.sanctions if s.program})
        writer.writerow(
            [
                *padded,
                rank,
                f"{match.score:.4f}",
                match.entity_id,
                match.schema,
                match.caption,
                match.matched_name or "",
                match.source or "",
                "; ".join(programs),
                "yes" if item.suppressed else "",
                " | ".join(f.detail for f in match.features),
                match.algorithm,
            ]
        )


def open_csv(path: Path) -> IO[str]:
    """Open an input CSV (UTF-8, BOM tolerated) with a clear error."""
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
