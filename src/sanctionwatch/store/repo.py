"""Queries and writes on the store. Callers get plain records, never live ORM objects."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from followthemoney import model
from followthemoney.proxy import EntityProxy
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from sanctionwatch.exceptions import StoreError
from sanctionwatch.lists.common import TARGET_SCHEMATA, is_target
from sanctionwatch.settings import Settings
from sanctionwatch.store.db import has_schema, make_engine, migrate
from sanctionwatch.store.models import Entity, Snapshot, SnapshotStatus

log = logging.getLogger(__name__)

_BATCH = 2000
# Core table objects: reads return plain rows (cheaper than ORM objects for large snapshots).
_SNAPSHOT = Snapshot.__table__
_ENTITY = Entity.__table__
_PENDING = "pending"  # only ever seen inside the loading transaction


@dataclass
class SnapshotInfo:
    """A snapshot row as a plain record."""

    id: int
    source: str
    origin: str
    sha256: str
    status: str
    published_at: datetime | None
    fetched_at: datetime | None
    loaded_at: datetime
    etag: str | None
    last_modified: str | None
    counts: dict[str, Any]
    report: dict[str, Any]
    error: str | None

    @classmethod
    def from_row(cls, row: Any) -> SnapshotInfo:
        """From a row of the snapshot table."""
        return cls(
            id=row.id,
            source=row.source,
            origin=row.origin,
            sha256=row.sha256,
            status=row.status,
            published_at=_aware(row.published_at),
            fetched_at=_aware(row.fetched_at),
            loaded_at=_aware(row.loaded_at) or row.loaded_at,
            etag=row.etag,
            last_modified=row.last_modified,
            counts=dict(row.counts or {}),
            report=dict(row.report or {}),
            error=row.error,
        )


@dataclass
class EntityRecord:
    """A stored entity of one snapshot."""

    id: str
    schema: str
    caption: str
    target: bool
    owner_id: str | None
    checksum: str
    properties: dict[str, list[str]]
    snapshot_id: int

    def to_proxy(self) -> EntityProxy:
        """The FollowTheMoney entity (values were cleaned when stored)."""
        return model.get_proxy(
            {"id": self.id, "schema": self.schema, "properties": self.properties}, cleaned=True
        )


@dataclass
class NewSnapshot:
    """What the loader knows about a snapshot before its entities are written."""

    source: str
    origin: str
    sha256: str
    fetched_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    published_at: datetime | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)


def entity_checksum(schema: str, properties: dict[str, list[str]]) -> str:
    """A stable digest of an entity's content (order of values does not matter)."""
    canonical = {key: sorted(values) for key, values in sorted(properties.items()) if values}
    payload = orjson.dumps([schema, canonical], option=orjson.OPT_SORT_KEYS)
    return hashlib.sha1(payload, usedforsecurity=False).hexdigest()


def owner_of(entity: EntityProxy) -> str | None:
    """For an auxiliary record (Sanction, Identification, ...), the listed party it refers to."""
    if entity.schema.name in TARGET_SCHEMATA:
        return None
    for prop in entity.schema.properties.values():
        if prop.type.name == "entity" and not prop.stub:
            for value in entity.get(prop):
                if value != entity.id:
                    return value
    return None


def _aware(value: datetime | None) -> datetime | None:
    # SQLite returns naive datetimes; everything stored is UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _row(snapshot_id: int, entity: EntityProxy) -> dict[str, Any]:
    properties = entity.to_dict()["properties"]
    return {
        "snapshot_id": snapshot_id,
        "id": entity.id,
        "schema": entity.schema.name,
        "caption": entity.caption,
        "target": is_target(entity),
        "owner_id": owner_of(entity),
        "checksum": entity_checksum(entity.schema.name, properties),
        "properties": properties,
    }


class Store:
    """The store of snapshots and entities behind one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, settings: Settings, *, create: bool = True) -> Store:
        """Connect to the configured store; migrate the schema when `create`."""
        engine = make_engine(settings.resolved_database_url())
        store = cls(engine)
        if create:
            migrate(engine)
        else:
            try:
                ready = has_schema(engine)
            except OperationalError as exc:
                raise StoreError(f"cannot reach the store: {exc.orig}") from exc
            if not ready:
                migrate(engine)
        return store

    def close(self) -> None:
        """Dispose of pooled connections."""
        self.engine.dispose()

    # -- snapshots ---------------------------------------------------------------------------

    def snapshots(self, source: str | None = None) -> list[SnapshotInfo]:
        """All snapshots (newest first), optionally of one source."""
        query = select(_SNAPSHOT).order_by(Snapshot.id.desc())
        if source is not None:
            query = query.where(Snapshot.source == source)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [SnapshotInfo.from_row(row) for row in rows]

    def active_snapshots(self) -> list[SnapshotInfo]:
        """The active snapshot of every source."""
        query = (
            select(_SNAPSHOT)
            .where(Snapshot.status == SnapshotStatus.ACTIVE)
            .order_by(Snapshot.source)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [SnapshotInfo.from_row(row) for row in rows]

    def active_snapshot(self, source: str) -> SnapshotInfo | None:
        """The active snapshot of `source`, if any."""
        for info in self.active_snapshots():
            if info.source == source:
                return info
        return None

    def loaded_snapshots(self, source: str) -> list[SnapshotInfo]:
        """Snapshots of `source` that hold entities (active or superseded), newest first."""
        return [
            s
            for s in self.snapshots(source)
            if s.status in (SnapshotStatus.ACTIVE, SnapshotStatus.SUPERSEDED)
        ]

    def write_snapshot(
        self, new: NewSnapshot, entities: Iterable[EntityProxy], finish: Any = None
    ) -> SnapshotInfo:
        """Write a snapshot and its entities in one transaction, then make it the active one.

        `entities` is consumed inside the transaction: if it raises (a malformed file found
        half-way), nothing is written and the previous snapshot stays active. `finish` is
        called after the last entity and returns the final `NewSnapshot` fields (counts,
        report, publication date) that are only known once the file is read.
        """
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                snapshot_id = conn.execute(
                    insert(Snapshot)
                    .values(
                        source=new.source,
                        origin=new.origin,
                        sha256=new.sha256,
                        status=_PENDING,
                        published_at=new.published_at,
                        fetched_at=new.fetched_at,
                        loaded_at=now,
                        etag=new.etag,
                        last_modified=new.last_modified,
                        counts={},
                        report={},
                    )
                    .returning(Snapshot.id)
                ).scalar_one()
                batch: list[dict[str, Any]] = []
                for entity in entities:
                    batch.append(_row(snapshot_id, entity))
                    if len(batch) >= _BATCH:
                        conn.execute(insert(Entity), batch)
                        batch = []
                if batch:
                    conn.execute(insert(Entity), batch)
                final = finish() if finish is not None else new
                conn.execute(
                    update(Snapshot)
                    .where(Snapshot.source == new.source)
                    .where(Snapshot.status == SnapshotStatus.ACTIVE)
                    .values(status=SnapshotStatus.SUPERSEDED)
                )
                conn.execute(
                    update(Snapshot)
                    .where(Snapshot.id == snapshot_id)
                    .values(
                        status=SnapshotStatus.ACTIVE,
                        published_at=final.published_at,
                        counts=final.counts,
                        report=final.report,
                    )
                )
        except SQLAlchemyError as exc:
            raise StoreError(f"writing the {new.source} snapshot failed: {exc}") from exc
        return self._require(snapshot_id)

    def record_failure(self, new: NewSnapshot, error: str) -> SnapshotInfo:
        """Keep a trace of a rejected load (no entities; the active snapshot is untouched)."""
        with self.engine.begin() as conn:
            snapshot_id = conn.execute(
                insert(Snapshot)
                .values(
                    source=new.source,
                    origin=new.origin,
                    sha256=new.sha256,
                    status=SnapshotStatus.FAILED,
                    fetched_at=new.fetched_at,
                    loaded_at=datetime.now(UTC),
                    counts={},
                    report=new.report,
                    error=error,
                )
                .returning(Snapshot.id)
            ).scalar_one()
        return self._require(snapshot_id)

    def _require(self, snapshot_id: int) -> SnapshotInfo:
        info = self.snapshot(snapshot_id)
        if info is None:
            raise StoreError(f"snapshot #{snapshot_id} vanished right after it was written")
        return info

    def snapshot(self, snapshot_id: int) -> SnapshotInfo | None:
        """One snapshot by id."""
        with self.engine.connect() as conn:
            row = conn.execute(select(_SNAPSHOT).where(Snapshot.id == snapshot_id)).first()
        return SnapshotInfo.from_row(row) if row is not None else None

    # -- entities ----------------------------------------------------------------------------

    def entity_versions(self, entity_id: str) -> list[EntityRecord]:
        """Every stored version of an entity id, newest snapshot first."""
        query = select(_ENTITY).where(Entity.id == entity_id).order_by(Entity.snapshot_id.desc())
        with self.engine.connect() as conn:
            return [_record(row) for row in conn.execute(query).all()]

    def related(self, snapshot_id: int, entity: EntityRecord) -> list[EntityRecord]:
        """Records belonging to a listed party in one snapshot (sanctions, identifications, ...)
        and the entities it refers to (addresses)."""
        referenced = [
            value
            for name, values in entity.properties.items()
            if (prop := model.get_qname(f"{entity.schema}:{name}")) is not None
            and prop.type.name == "entity"
            for value in values
        ]
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(_ENTITY)
                .where(Entity.snapshot_id == snapshot_id)
                .where((Entity.owner_id == entity.id) | Entity.id.in_(referenced))
                .order_by(Entity.schema, Entity.id)
            ).all()
        return [_record(row) for row in rows]

    def iter_entities(
        self, snapshot_ids: Iterable[int], *, targets_only: bool = False
    ) -> Iterator[EntityRecord]:
        """Stream the entities of some snapshots (in id order per snapshot)."""
        for snapshot_id in snapshot_ids:
            query = select(_ENTITY).where(Entity.snapshot_id == snapshot_id).order_by(Entity.id)
            if targets_only:
                query = query.where(Entity.target.is_(True))
            with self.engine.connect() as conn:
                result = conn.execution_options(yield_per=_BATCH).execute(query)
                for row in result:
                    yield _record(row)

    def checksums(self, snapshot_id: int) -> dict[str, tuple[str, str, bool, str | None]]:
        """id -> (checksum, schema, target, owner) of every entity of a snapshot."""
        query = select(
            Entity.id, Entity.checksum, Entity.schema, Entity.target, Entity.owner_id
        ).where(Entity.snapshot_id == snapshot_id)
        with self.engine.connect() as conn:
            return {
                row.id: (row.checksum, row.schema, row.target, row.owner_id)
                for row in conn.execute(query)
            }

    def entities_by_id(self, snapshot_id: int, ids: Iterable[str]) -> dict[str, EntityRecord]:
        """Some entities of one snapshot, by id."""
        wanted = list(ids)
        found: dict[str, EntityRecord] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = (
                select(_ENTITY).where(Entity.snapshot_id == snapshot_id).where(Entity.id.in_(chunk))
            )
            with self.engine.connect() as conn:
                for row in conn.execute(query):
                    record = _record(row)
                    found[record.id] = record
        return found

    def count_entities(self, snapshot_id: int) -> int:
        """How many entities a snapshot holds."""
        query = select(func.count()).select_from(Entity).where(Entity.snapshot_id == snapshot_id)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())


def _record(row: Any) -> EntityRecord:
    return EntityRecord(
        id=row.id,
        schema=row.schema,
        caption=row.caption,
        target=row.target,
        owner_id=row.owner_id,
        checksum=row.checksum,
        properties=dict(row.properties),
        snapshot_id=row.snapshot_id,
    )
