"""Screening decisions in the store: record an analyst's ruling, look rulings up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select

from sanctionwatch.exceptions import UsageError
from sanctionwatch.store.models import ScreeningDecision
from sanctionwatch.store.repo import Store

DECISIONS = ("not_a_match", "match")
_TABLE = ScreeningDecision.__table__


@dataclass(frozen=True)
class Decision:
    """One stored ruling."""

    id: int
    query_key: str
    query_text: str
    entity_id: str
    entity_checksum: str
    decision: str
    analyst: str
    note: str | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> Decision:
        created = row.created_at
        if created.tzinfo is None:  # SQLite drops the zone; stored values are UTC
            created = created.replace(tzinfo=UTC)
        return cls(
            id=row.id,
            query_key=row.query_key,
            query_text=row.query_text,
            entity_id=row.entity_id,
            entity_checksum=row.entity_checksum,
            decision=row.decision,
            analyst=row.analyst,
            note=row.note,
            created_at=created,
        )


def record_decision(
    store: Store,
    *,
    query_key: str,
    query_text: str,
    entity_id: str,
    entity_checksum: str,
    decision: str,
    analyst: str,
    note: str | None = None,
) -> Decision:
    """Store a ruling; the newest ruling on a (query, entity) pair is the one that counts."""
    if decision not in DECISIONS:
        raise UsageError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if not analyst.strip():
        raise UsageError("a decision needs the analyst's name")
    with store.engine.begin() as conn:
        decision_id = conn.execute(
            insert(ScreeningDecision)
            .values(
                query_key=query_key,
                query_text=query_text,
                entity_id=entity_id,
                entity_checksum=entity_checksum,
                decision=decision,
                analyst=analyst.strip(),
                note=note,
                created_at=datetime.now(UTC),
            )
            .returning(ScreeningDecision.id)
        ).scalar_one()
        row = conn.execute(select(_TABLE).where(ScreeningDecision.id == decision_id)).one()
    return Decision.from_row(row)


def latest_decisions(
    store: Store, query_key: str, entity_ids: Iterable[str]
) -> dict[str, Decision]:
    """The newest ruling per entity for one query."""
    ids = list(entity_ids)
    if not ids:
        return {}
    query = (
        select(_TABLE)
        .where(ScreeningDecision.query_key == query_key)
        .where(ScreeningDecision.entity_id.in_(ids))
        .order_by(ScreeningDecision.id)
    )
    with store.engine.connect() as conn:
        return {row.entity_id: Decision.from_row(row) for row in conn.execute(query)}


def latest_decisions_many(
    store: Store, wanted: Mapping[str, Iterable[str]]
) -> dict[str, dict[str, Decision]]:
    """`latest_decisions` for many queries in one round trip: query key -> entity -> ruling."""
    keys = [key for key, ids in wanted.items() if ids]
    found: dict[str, dict[str, Decision]] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = (
            select(_TABLE)
            .where(ScreeningDecision.query_key.in_(chunk))
            .order_by(ScreeningDecision.id)
        )
        with store.engine.connect() as conn:
            for row in conn.execute(query):
                if row.entity_id in wanted[row.query_key]:
                    found.setdefault(row.query_key, {})[row.entity_id] = Decision.from_row(row)
    return found


def list_decisions(store: Store, limit: int = 100) -> list[Decision]:
    """The newest rulings, newest first."""
    query = select(_TABLE).order_by(ScreeningDecision.id.desc()).limit(limit)
    with store.engine.connect() as conn:
        return [Decision.from_row(row) for row in conn.execute(query)]
