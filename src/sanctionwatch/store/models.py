"""Tables of the store. Changing them needs an Alembic migration in `migrations/versions/`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of all tables."""


class SnapshotStatus:
    """Life cycle of a snapshot row."""

    ACTIVE = "active"  # the one snapshot per source that screening uses
    SUPERSEDED = "superseded"  # an older load, kept for diffs and history
    FAILED = "failed"  # a load that was rejected; has no entities, records the error


class Snapshot(Base):
    """One load of one official list file (or file set)."""

    __tablename__ = "snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    origin: Mapped[str] = mapped_column(Text)  # URL or local path the file came from
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    etag: Mapped[str | None] = mapped_column(String(255))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)

    entities: Mapped[list[Entity]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        # At most one active snapshot per source, enforced by the database itself.
        Index(
            "uq_snapshot_active_source",
            "source",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )


class Entity(Base):
    """One FollowTheMoney entity of one snapshot (listed parties and their records)."""

    __tablename__ = "entity"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("snapshot.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    schema: Mapped[str] = mapped_column(String(64))
    caption: Mapped[str] = mapped_column(Text)
    target: Mapped[bool] = mapped_column(Boolean)  # a listed party, not an auxiliary record
    owner_id: Mapped[str | None] = mapped_column(String(255))  # the listed party it belongs to
    checksum: Mapped[str] = mapped_column(String(40))  # of schema + properties, for diffs
    properties: Mapped[dict[str, list[str]]] = mapped_column(JSON)

    snapshot: Mapped[Snapshot] = relationship(back_populates="entities")

    __table_args__ = (
        Index("ix_entity_id", "id"),
        Index("ix_entity_owner", "snapshot_id", "owner_id"),
    )


class ScreeningDecision(Base):
    """An analyst's ruling that a screening query is (not) a given listed party.

    Honoured in later screenings while the entity's content (`entity_checksum`) is unchanged;
    a new snapshot that changes the entity makes the decision stale.
    """

    __tablename__ = "screening_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    query_key: Mapped[str] = mapped_column(String(64))  # digest of the normalised query
    query_text: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[str] = mapped_column(String(255))
    entity_checksum: Mapped[str] = mapped_column(String(40))
    decision: Mapped[str] = mapped_column(String(16))  # "not_a_match" or "match"
    analyst: Mapped[str] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_decision_query_entity", "query_key", "entity_id"),)


class Document(Base):
    """One read article (see `sanctionwatch.ingest.document.Document`), analysed or not.

    `fingerprint` is the 64-bit simhash stored as a signed BIGINT; `band0`..`band3` are its four
    16-bit bands, indexed for near-duplicate lookup (NULL where the text is too short to link).
    """

    __tablename__ = "document"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    quotes: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[int] = mapped_column(BigInteger)
    band0: Mapped[int | None] = mapped_column(Integer)
    band1: Mapped[int | None] = mapped_column(Integer)
    band2: Mapped[int | None] = mapped_column(Integer)
    band3: Mapped[int | None] = mapped_column(Integer)
    duplicate_of: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_document_content_hash", "content_hash"),
        Index("ix_document_duplicate_of", "duplicate_of"),
        Index("ix_document_status", "status"),
        Index("ix_document_ingested_at", "ingested_at"),
        Index("ix_document_band0", "band0"),
        Index("ix_document_band1", "band1"),
        Index("ix_document_band2", "band2"),
        Index("ix_document_band3", "band3"),
    )


class Alert(Base):
    """Findings from many articles about the same parties, category and period."""

    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(16))  # the most serious among the evidence
    certainty: Mapped[str | None] = mapped_column(String(16))  # the strongest
    category: Mapped[str | None] = mapped_column(String(64))
    supplier_country: Mapped[str | None] = mapped_column(String(2))
    recipient_country: Mapped[str | None] = mapped_column(String(2))
    entity_id: Mapped[str | None] = mapped_column(String(255))
    period: Mapped[str] = mapped_column(String(16))
    first_seen: Mapped[str | None] = mapped_column(String(10))  # article dates
    last_seen: Mapped[str | None] = mapped_column(String(10))
    sources: Mapped[int] = mapped_column(Integer)  # distinct stories (copies count once)
    status: Mapped[str] = mapped_column(String(16), index=True)  # new / confirmed / dismissed
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AlertEvidence(Base):
    """One article's evidence for an alert: the sentence, its verdict and citations."""

    __tablename__ = "alert_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id", ondelete="CASCADE"))
    evidence_key: Mapped[str] = mapped_column(String(64))  # digest of doc + sentence + verdict
    doc_id: Mapped[str] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    doc_title: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(10))
    duplicate_of: Mapped[str | None] = mapped_column(String(64))
    sentence: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(16))
    certainty: Mapped[str | None] = mapped_column(String(16))
    attributed_to: Mapped[str | None] = mapped_column(Text)
    measures: Mapped[list[str]] = mapped_column(JSON, default=list)
    citations: Mapped[list[str]] = mapped_column(JSON, default=list)
    rationale: Mapped[str] = mapped_column(Text)
    entity_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_alert_evidence", "alert_id", "evidence_key", unique=True),
        Index("ix_alert_evidence_doc", "doc_id"),
    )


class AlertEvent(Base):
    """The audit trail of an alert: every change, who made it and when."""

    __tablename__ = "alert_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alert.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
