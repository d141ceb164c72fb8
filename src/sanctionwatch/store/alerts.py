"""Alerts in the store: merge new evidence, triage (status, notes), and the audit trail.

Every change to an alert is written as an `alert_event` in the same transaction as the change:
created, evidence added, verdict or certainty raised, status changed, note added.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from sanctionwatch.alerts import CERTAINTY_STRENGTH, STATUSES, VERDICT_SEVERITY, Evidence
from sanctionwatch.exceptions import NotFoundError, UsageError
from sanctionwatch.store.models import Alert, AlertEvent, AlertEvidence
from sanctionwatch.store.repo import Store

_ALERT = Alert.__table__
_EVIDENCE = AlertEvidence.__table__
_EVENT = AlertEvent.__table__
SYSTEM = "sanctionwatch"


@dataclass
class AlertRecord:
    """An alert as a plain record."""

    id: int
    key: str
    title: str
    verdict: str
    certainty: str | None
    category: str | None
    supplier_country: str | None
    recipient_country: str | None
    entity_id: str | None
    period: str
    first_seen: str | None
    last_seen: str | None
    sources: int
    status: str
    created_at: datetime
    updated_at: datetime
    evidence: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "verdict": self.verdict,
            "certainty": self.certainty,
            "category": self.category,
            "supplier_country": self.supplier_country,
            "recipient_country": self.recipient_country,
            "entity_id": self.entity_id,
            "period": self.period,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "sources": self.sources,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "evidence": self.evidence,
            "events": self.events,
        }


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _record(row: Any) -> AlertRecord:
    return AlertRecord(
        id=row.id,
        key=row.key,
        title=row.title,
        verdict=row.verdict,
        certainty=row.certainty,
        category=row.category,
        supplier_country=row.supplier_country,
        recipient_country=row.recipient_country,
        entity_id=row.entity_id,
        period=row.period,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        sources=row.sources,
        status=row.status,
        created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
    )


def _evidence_key(item: Evidence) -> str:
    payload = "\x1f".join([item.source.doc_id, item.sentence, item.verdict])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _event(conn: Connection, alert_id: int, actor: str, action: str, **detail: Any) -> None:
    conn.execute(
        insert(AlertEvent).values(
            alert_id=alert_id, at=datetime.now(UTC), actor=actor, action=action, detail=detail
        )
    )


def _period(key: str) -> str:
    return key.rsplit(":", 1)[-1]


def record_evidence(
    store: Store, evidence: Iterable[Evidence], actor: str = SYSTEM
) -> list[AlertRecord]:
    """Merge evidence into alerts (creating them as needed); returns the alerts the evidence
    belongs to.

    Evidence already recorded (same article, sentence and verdict) is a no-op, so scanning an
    article twice changes nothing.
    """
    touched: dict[int, None] = {}
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        for item in evidence:
            row = conn.execute(select(_ALERT).where(Alert.key == item.key)).first()
            if row is None:
                alert_id = conn.execute(
                    insert(Alert)
                    .values(
                        key=item.key,
                        title=item.title,
                        verdict=item.verdict,
                        certainty=item.certainty,
                        category=item.category,
                        supplier_country=item.supplier_country,
                        recipient_country=item.recipient_country,
                        entity_id=item.entity_id,
                        period=_period(item.key),
                        first_seen=item.source.published,
                        last_seen=item.source.published,
                        sources=0,
                        status="new",
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(Alert.id)
                ).scalar_one()
                _event(conn, alert_id, actor, "created", title=item.title, verdict=item.verdict)
            else:
                alert_id = row.id
            touched[alert_id] = None
            key = _evidence_key(item)
            exists = conn.execute(
                select(AlertEvidence.id)
                .where(AlertEvidence.alert_id == alert_id)
                .where(AlertEvidence.evidence_key == key)
            ).first()
            if exists is not None:
                continue
            conn.execute(
                insert(AlertEvidence).values(
                    alert_id=alert_id,
                    evidence_key=key,
                    doc_id=item.source.doc_id,
                    url=item.source.url,
                    doc_title=item.source.title,
                    site=item.source.site,
                    published=item.source.published,
                    duplicate_of=item.source.duplicate_of,
                    sentence=item.sentence,
                    verdict=item.verdict,
                    certainty=item.certainty,
                    attributed_to=item.attributed_to,
                    measures=item.measures,
                    citations=item.citations,
                    rationale=item.rationale,
                    entity_id=item.entity_id,
                    created_at=now,
                )
            )
            _event(
                conn,
                alert_id,
                actor,
                "evidence_added",
                doc_id=item.source.doc_id,
                verdict=item.verdict,
                certainty=item.certainty,
            )
            _recompute(conn, alert_id, actor, now)
    return [get_alert(store, alert_id, full=False) for alert_id in touched]


def _recompute(conn: Connection, alert_id: int, actor: str, now: datetime) -> None:
    """Aggregate an alert's evidence: worst verdict, strongest certainty, dates, sources."""
    alert = conn.execute(select(_ALERT).where(Alert.id == alert_id)).one()
    rows = conn.execute(select(_EVIDENCE).where(AlertEvidence.alert_id == alert_id)).all()
    verdict = max((r.verdict for r in rows), key=lambda v: VERDICT_SEVERITY.get(v, 0))
    certainties = [r.certainty for r in rows if r.certainty]
    certainty = max(certainties, key=lambda c: CERTAINTY_STRENGTH.get(c, 0), default=None)
    dates = sorted(r.published for r in rows if r.published)
    # A copy counts once: it stands for the story it copies.
    stories = {r.duplicate_of if r.duplicate_of else r.doc_id for r in rows}
    changes: dict[str, Any] = {}
    if verdict != alert.verdict:
        changes["verdict"] = [alert.verdict, verdict]
    if certainty != alert.certainty:
        changes["certainty"] = [alert.certainty, certainty]
    conn.execute(
        update(Alert)
        .where(Alert.id == alert_id)
        .values(
            verdict=verdict,
            certainty=certainty,
            first_seen=dates[0] if dates else None,
            last_seen=dates[-1] if dates else None,
            sources=len(stories),
            updated_at=now,
        )
    )
    if changes:
        _event(conn, alert_id, actor, "updated", **changes)


def set_status(
    store: Store, alert_id: int, status: str, actor: str, note: str | None = None
) -> AlertRecord:
    """Triage: new → confirmed / dismissed (or back); recorded with who and why."""
    if status not in STATUSES:
        raise UsageError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    _require_actor(actor)
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        row = conn.execute(select(_ALERT).where(Alert.id == alert_id)).first()
        if row is None:
            raise NotFoundError(f"no alert #{alert_id}")
        if row.status != status:
            conn.execute(
                update(Alert).where(Alert.id == alert_id).values(status=status, updated_at=now)
            )
            _event(conn, alert_id, actor, "status", old=row.status, new=status, note=note)
        elif note:
            _event(conn, alert_id, actor, "note", text=note)
    return get_alert(store, alert_id)


def add_note(store: Store, alert_id: int, actor: str, text: str) -> AlertRecord:
    """An analyst's note on an alert."""
    _require_actor(actor)
    if not text.strip():
        raise UsageError("the note is empty")
    with store.engine.begin() as conn:
        if conn.execute(select(Alert.id).where(Alert.id == alert_id)).first() is None:
            raise NotFoundError(f"no alert #{alert_id}")
        _event(conn, alert_id, actor, "note", text=text.strip())
        conn.execute(update(Alert).where(Alert.id == alert_id).values(updated_at=datetime.now(UTC)))
    return get_alert(store, alert_id)


def _require_actor(actor: str) -> None:
    if not actor.strip():
        raise UsageError("a triage change needs the analyst's name")


def get_alert(store: Store, alert_id: int, *, full: bool = True) -> AlertRecord:
    """One alert, with its evidence and audit trail when `full`."""
    with store.engine.connect() as conn:
        row = conn.execute(select(_ALERT).where(Alert.id == alert_id)).first()
        if row is None:
            raise NotFoundError(f"no alert #{alert_id}")
        record = _record(row)
        if full:
            record.evidence = [
                {
                    "doc_id": e.doc_id,
                    "url": e.url,
                    "title": e.doc_title,
                    "site": e.site,
                    "published": e.published,
                    "duplicate_of": e.duplicate_of,
                    "sentence": e.sentence,
                    "verdict": e.verdict,
                    "certainty": e.certainty,
                    "attributed_to": e.attributed_to,
                    "measures": list(e.measures),
                    "citations": list(e.citations),
                    "rationale": e.rationale,
                    "entity_id": e.entity_id,
                }
                for e in conn.execute(
                    select(_EVIDENCE)
                    .where(AlertEvidence.alert_id == alert_id)
                    .order_by(AlertEvidence.published, AlertEvidence.id)
                )
            ]
            record.events = [
                {
                    "at": _aware(e.at).isoformat(),
                    "actor": e.actor,
                    "action": e.action,
                    "detail": dict(e.detail),
                }
                for e in conn.execute(
                    select(_EVENT).where(AlertEvent.alert_id == alert_id).order_by(AlertEvent.id)
                )
            ]
    return record


def list_alerts(
    store: Store,
    *,
    status: str | None = None,
    verdict: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[AlertRecord], int]:
    """Alerts, most serious and most recent first; with the total count."""
    query = select(_ALERT)
    count = select(func.count()).select_from(_ALERT)
    if status is not None:
        query = query.where(Alert.status == status)
        count = count.where(Alert.status == status)
    if verdict is not None:
        query = query.where(Alert.verdict == verdict)
        count = count.where(Alert.verdict == verdict)
    with store.engine.connect() as conn:
        rows = [_record(r) for r in conn.execute(query)]
        total = int(conn.execute(count).scalar_one())
    rows.sort(
        key=lambda a: (
            -VERDICT_SEVERITY.get(a.verdict, 0),
            -(a.sources),
            a.last_seen or "",
        ),
    )
    rows.sort(key=lambda a: -VERDICT_SEVERITY.get(a.verdict, 0))
    return rows[offset : offset + limit], total
