"""Read articles in the store: save idempotently, link near-duplicates, get and list.

Saving the same document again (same id, same content hash) is a no-op; a changed text under
the same id (a revised article) replaces the stored one, except that a failed re-read never
replaces a readable document. A new text that copies a stored one — the same content hash, or
a simhash within `NEAR_DUPLICATE_BITS` — is stored with `duplicate_of` set to the earliest
stored copy (the root of its group), so that one wire story on many sites counts once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from sanctionwatch.ingest.dedup import (
    NEAR_DUPLICATE_BITS,
    band_probes,
    bands,
    hamming,
    to_signed,
    to_unsigned,
)
from sanctionwatch.ingest.document import Document, DocumentStatus
from sanctionwatch.store.models import Document as DocumentRow
from sanctionwatch.store.repo import Store

log = logging.getLogger(__name__)

_TABLE = DocumentRow.__table__
# Texts shorter than this get no bands: their fingerprints are too noisy to link (and the
# reader uses the same default, `ReadOptions.near_duplicate_min_words`).
MIN_WORDS = 50


class SaveOutcome:
    """What `save_document` did."""

    INSERTED = "inserted"
    UPDATED = "updated"  # same id, new text (a revised article, or a failed read now readable)
    UNCHANGED = "unchanged"  # same id and text already stored, or a failed re-read


@dataclass(frozen=True, slots=True)
class SavedDocument:
    """The stored document and what saving did."""

    document: Document
    outcome: str
    distance: int | None = None  # simhash bits to the copy it was linked to, if any


def save_document(
    store: Store,
    document: Document,
    *,
    max_bits: int = NEAR_DUPLICATE_BITS,
    min_words: int = MIN_WORDS,
) -> SavedDocument:
    """Store a document (see the module docstring); the link to a copy is the store's call."""
    for attempt in range(2):
        try:
            with store.engine.begin() as conn:
                return _save(conn, document, max_bits, min_words)
        except IntegrityError:
            # Another writer inserted the same id between our read and our insert: read again.
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _save(conn: Connection, document: Document, max_bits: int, min_words: int) -> SavedDocument:
    existing = conn.execute(select(_TABLE).where(_TABLE.c.id == document.id)).one_or_none()
    if existing is not None:
        stored = _document(existing)
        if existing.content_hash == document.content_hash:
            return SavedDocument(stored, SaveOutcome.UNCHANGED)
        if (
            document.status == DocumentStatus.UNREADABLE
            and existing.status != DocumentStatus.UNREADABLE
        ):
            log.info("%s: kept the stored text; this read failed: %s", document.id, document.reason)
            return SavedDocument(stored, SaveOutcome.UNCHANGED)
    readable = document.status != DocumentStatus.UNREADABLE
    linkable = readable and len(document.text.split()) >= min_words
    duplicate_of, distance = None, None
    if readable:
        found = _find_copy(conn, document, max_bits if linkable else -1)
        if found is not None:
            duplicate_of, distance = found
    values = _values(document, duplicate_of, linkable)
    if existing is None:
        values["ingested_at"] = datetime.now(UTC)
        conn.execute(insert(DocumentRow).values(values))
        outcome = SaveOutcome.INSERTED
    else:
        conn.execute(update(DocumentRow).where(DocumentRow.id == document.id).values(values))
        outcome = SaveOutcome.UPDATED
    row = conn.execute(select(_TABLE).where(_TABLE.c.id == document.id)).one()
    return SavedDocument(_document(row), outcome, distance)


def _find_copy(conn: Connection, document: Document, max_bits: int) -> tuple[str, int] | None:
    """The root of a stored copy: same text first, then the nearest fingerprint."""
    same = conn.execute(
        select(_TABLE.c.id, _TABLE.c.duplicate_of)
        .where(_TABLE.c.content_hash == document.content_hash)
        .where(_TABLE.c.id != document.id)
        .where(_TABLE.c.status != DocumentStatus.UNREADABLE)
        .order_by(_TABLE.c.ingested_at, _TABLE.c.id)
        .limit(1)
    ).one_or_none()
    if same is not None:
        return same.duplicate_of or same.id, 0
    if max_bits < 0:
        return None
    return _nearest(conn, document.fingerprint, max_bits, exclude_id=document.id)


def _nearest(
    conn: Connection, fingerprint: int, max_bits: int, *, exclude_id: str | None
) -> tuple[str, int] | None:
    probes = band_probes(to_unsigned(fingerprint), max_bits)
    columns = (_TABLE.c.band0, _TABLE.c.band1, _TABLE.c.band2, _TABLE.c.band3)
    query = (
        select(_TABLE.c.id, _TABLE.c.fingerprint, _TABLE.c.duplicate_of, _TABLE.c.ingested_at)
        .where(or_(*(column.in_(values) for column, values in zip(columns, probes, strict=True))))
        .where(_TABLE.c.status != DocumentStatus.UNREADABLE)
    )
    if exclude_id is not None:
        query = query.where(_TABLE.c.id != exclude_id)
    best: tuple[int, datetime, str, str] | None = None
    for row in conn.execute(query):
        distance = hamming(fingerprint, row.fingerprint)
        if distance > max_bits:
            continue
        candidate = (distance, _aware(row.ingested_at), row.id, row.duplicate_of or row.id)
        if best is None or candidate < best:
            best = candidate
    return None if best is None else (best[3], best[0])


def find_near_duplicate(
    store: Store,
    fingerprint: int,
    *,
    max_bits: int = NEAR_DUPLICATE_BITS,
    exclude_id: str | None = None,
) -> tuple[str, int] | None:
    """The stored document a text with `fingerprint` copies (the root of its group), and the
    distance in bits to the nearest member; None if no stored text is within `max_bits`."""
    with store.engine.connect() as conn:
        return _nearest(conn, fingerprint, max_bits, exclude_id=exclude_id)


def get_document(store: Store, document_id: str) -> Document | None:
    """The stored document with this id, if any."""
    with store.engine.connect() as conn:
        row = conn.execute(select(_TABLE).where(_TABLE.c.id == document_id)).one_or_none()
    return None if row is None else _document(row)


def list_documents(
    store: Store,
    *,
    status: str | None = None,
    language: str | None = None,
    include_duplicates: bool = True,
    limit: int = 100,
    offset: int = 0,
) -> list[Document]:
    """Stored documents, newest first, optionally filtered."""
    query = select(_TABLE).order_by(_TABLE.c.ingested_at.desc(), _TABLE.c.id)
    if status is not None:
        query = query.where(_TABLE.c.status == status)
    if language is not None:
        query = query.where(_TABLE.c.language == language)
    if not include_duplicates:
        query = query.where(_TABLE.c.duplicate_of.is_(None))
    with store.engine.connect() as conn:
        rows = conn.execute(query.limit(limit).offset(offset)).all()
    return [_document(row) for row in rows]


def _values(document: Document, duplicate_of: str | None, linkable: bool) -> dict[str, Any]:
    fingerprint = to_unsigned(document.fingerprint)
    band_values = bands(fingerprint) if linkable else (None, None, None, None)
    return {
        "id": document.id,
        "url": document.url,
        "canonical_url": document.canonical_url,
        "title": document.title,
        "author": document.author,
        "site": document.site,
        "published": document.published,
        "language": document.language,
        "text": document.text,
        "quotes": [[start, end] for start, end in document.quotes],
        "content_hash": document.content_hash,
        "fingerprint": to_signed(fingerprint),
        "band0": band_values[0],
        "band1": band_values[1],
        "band2": band_values[2],
        "band3": band_values[3],
        "duplicate_of": duplicate_of,
        "status": document.status,
        "reason": document.reason,
        "origin": document.origin,
    }


def _document(row: Any) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        url=row.url,
        canonical_url=row.canonical_url,
        title=row.title,
        author=row.author,
        site=row.site,
        published=row.published,
        language=row.language,
        quotes=[(int(start), int(end)) for start, end in row.quotes or []],
        content_hash=row.content_hash,
        fingerprint=to_unsigned(row.fingerprint),
        duplicate_of=row.duplicate_of,
        status=row.status,
        reason=row.reason,
        origin=row.origin,
    )


def _aware(value: datetime) -> datetime:
    # SQLite drops the zone; stored values are UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
