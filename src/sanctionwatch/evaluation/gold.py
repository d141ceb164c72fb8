"""Reading gold files in the format of `../shared/data/dev/news.jsonl` (see docs/evaluation.md)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from sanctionwatch.exceptions import InputError
from sanctionwatch.ingest.document import Document
from sanctionwatch.ingest.reader import DocumentReader
from sanctionwatch.ingest.sources import RawInput


@dataclass
class GoldRecord:
    """One labelled article."""

    id: str
    title: str | None
    date: str | None
    site: str | None
    html: str | None
    text: str
    gold: dict[str, Any] = field(default_factory=dict)

    @property
    def named_parties(self) -> list[str]:
        return [str(p) for p in self.gold.get("named_parties") or []]

    @property
    def transfers(self) -> list[dict[str, Any]]:
        return list(self.gold.get("transfers") or [])

    @property
    def expected_verdicts(self) -> list[dict[str, Any]]:
        return list(self.gold.get("expected_verdicts") or [])


def read_gold(path: Path) -> list[GoldRecord]:
    """All records of a gold JSON-lines file; a malformed line is an error naming the line."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    records: list[GoldRecord] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise InputError(f"{path}: line {number}: not valid JSON ({exc})") from exc
            if not isinstance(data, dict) or "id" not in data or "text" not in data:
                raise InputError(f"{path}: line {number}: a record needs 'id' and 'text'")
            gold = data.get("gold") or {}
            if not isinstance(gold, dict):
                raise InputError(f"{path}: line {number}: 'gold' must be an object")
            records.append(
                GoldRecord(
                    id=str(data["id"]),
                    title=data.get("title"),
                    date=data.get("date"),
                    site=data.get("site"),
                    html=data.get("html"),
                    text=str(data["text"]),
                    gold=gold,
                )
            )
    if not records:
        raise InputError(f"{path}: no records")
    return records


def gold_documents(records: list[GoldRecord], *, from_html: bool = True) -> Iterator[Document]:
    """The records as documents, read by the ingest stage (HTML through extraction when given,
    else the text through the boilerplate filter), with the record's id and date."""
    reader = DocumentReader()
    for record in records:
        html = from_html and bool(record.html)
        raw = RawInput(
            origin=f"gold:{record.id}",
            kind="html" if html else "text",
            content=record.html if html else record.text,
            title=record.title,
            site=record.site,
            published=record.date,
        )
        document = reader.document(raw)
        document.id = record.id
        if document.published is None:
            document.published = record.date
        yield document
