"""Reading listed parties back out of the store: one entity in full, or exports of all."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import orjson

from sanctionwatch.exceptions import NotFoundError, UsageError
from sanctionwatch.store.repo import EntityRecord, SnapshotInfo, Store

EXPORT_FORMATS = ("ftm", "csv")

# CSV export: one row per listed party, multi-valued fields joined with "; ".
CSV_COLUMNS = (
    "id",
    "schema",
    "name",
    "aliases",
    "weak_aliases",
    "birth_dates",
    "countries",
    "identifiers",
    "authorities",
    "programs",
    "listing_dates",
    "source",
    "snapshot",
)
_COUNTRY_PROPS = ("nationality", "citizenship", "country", "jurisdiction", "flag", "birthCountry")
_ID_PROPS = (
    "imoNumber",
    "mmsi",
    "callSign",
    "passportNumber",
    "idNumber",
    "registrationNumber",
    "taxNumber",
    "innCode",
    "ogrnCode",
    "swiftBic",
)


@dataclass
class EntityVersion:
    """A listed party as one snapshot holds it, with its auxiliary records."""

    snapshot: SnapshotInfo
    entity: EntityRecord
    related: list[EntityRecord]


@dataclass
class EntityDetail:
    """Everything the store knows about one entity id, newest snapshot first."""

    id: str
    versions: list[EntityVersion]

    @property
    def current(self) -> EntityVersion:
        """The version in an active snapshot if there is one, else the newest."""
        for version in self.versions:
            if version.snapshot.status == "active":
                return version
        return self.versions[0]


def entity_detail(store: Store, entity_id: str) -> EntityDetail:
    """All stored versions of an entity with sanctions, identifiers and snapshots."""
    records = store.entity_versions(entity_id)
    if not records:
        raise NotFoundError(f"no entity with id {entity_id!r} in the store")
    versions = []
    for record in records:
        snapshot = store.snapshot(record.snapshot_id)
        if snapshot is None:  # deleted between the two queries
            continue
        versions.append(EntityVersion(snapshot, record, store.related(record.snapshot_id, record)))
    return EntityDetail(entity_id, versions)


def _iter_active(
    store: Store, sources: list[str] | None
) -> Iterator[tuple[SnapshotInfo, EntityRecord]]:
    for snapshot in store.active_snapshots():
        if sources and snapshot.source not in sources:
            continue
        for record in store.iter_entities([snapshot.id]):
            yield snapshot, record


def export_ftm(store: Store, out: IO[bytes], sources: list[str] | None = None) -> int:
    """Write every entity of the active snapshots as FtM JSON lines; returns the count."""
    count = 0
    for snapshot, record in _iter_active(store, sources):
        line = {
            "id": record.id,
            "schema": record.schema,
            "caption": record.caption,
            "properties": record.properties,
            "datasets": [snapshot.source],
            "target": record.target,
        }
        out.write(orjson.dumps(line) + b"\n")
        count += 1
    return count


def export_csv(store: Store, out: IO[str], sources: list[str] | None = None) -> int:
    """Write one CSV row per listed party of the active snapshots; returns the count."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for snapshot in store.active_snapshots():
        if sources and snapshot.source not in sources:
            continue
        sanctions: dict[str, list[EntityRecord]] = {}
        for record in store.iter_entities([snapshot.id]):
            if record.schema == "Sanction" and record.owner_id:
                sanctions.setdefault(record.owner_id, []).append(record)
        for record in store.iter_entities([snapshot.id], targets_only=True):
            props = record.properties
            own = sanctions.get(record.id, [])
            writer.writerow(
                [
                    record.id,
                    record.schema,
                    record.caption,
                    _join(props.get("alias", []) + props.get("previousName", [])),
                    _join(props.get("weakAlias", [])),
                    _join(props.get("birthDate", [])),
                    _join(sorted({c for p in _COUNTRY_PROPS for c in props.get(p, [])})),
                    _join([f"{p}:{v}" for p in _ID_PROPS for v in props.get(p, [])]),
                    _join(sorted({v for s in own for v in s.properties.get("authority", [])})),
                    _join(sorted({v for s in own for v in s.properties.get("program", [])})),
                    _join(sorted({v for s in own for v in s.properties.get("listingDate", [])})),
                    snapshot.source,
                    snapshot.id,
                ]
            )
            count += 1
    return count


def check_format(fmt: str) -> str:
    """Validate an export format name."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    return fmt


def _join(values: list[str]) -> str:
    return "; ".join(values)
