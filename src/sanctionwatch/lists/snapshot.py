"""Loading list files into the store as snapshots, downloading them, and diffing snapshots.

A load is all-or-nothing: the file is parsed while its entities are written inside one
transaction, so a malformed, truncated or hostile file (or a killed process) leaves the previous
snapshot active. Loading a file identical to the active snapshot is a no-op.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import FetchError, InputError, ParseError, SanctionwatchError
from sanctionwatch.ingest.fetch import Fetcher
from sanctionwatch.lists.common import ParseReport, is_target
from sanctionwatch.lists.sources import detect_source, get_parser, get_source
from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import EntityRecord, NewSnapshot, SnapshotInfo, Store

log = logging.getLogger(__name__)

Progress = Callable[[int], None]


@dataclass
class LoadOptions:
    """Options of one load."""

    source: str | None = None  # detected from the content when None
    origin: str | None = None  # URL the file came from; default: its path
    fetched_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    # Refuse a new snapshot with fewer than this share of the active one's listed parties:
    # a truncated-but-well-formed file must not silently empty a list. `force` overrides.
    min_ratio: float = 0.5
    force: bool = False


@dataclass
class LoadResult:
    """The outcome of a load: `loaded`, or `unchanged` when the file is already active."""

    status: str
    source: str
    snapshot: SnapshotInfo
    report: ParseReport | None = None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, or of a directory's files (names and contents, sorted by name)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(file.name.encode() + b"\0")
        with file.open("rb") as handle:
            for chunk in iter(lambda h=handle: h.read(1024 * 1024), b""):  # type: ignore[misc]
                digest.update(chunk)
    return digest.hexdigest()


def _report_dict(report: ParseReport) -> dict[str, object]:
    return {
        "orphans": dict(report.orphans),
        "unmapped": dict(report.unmapped),
        "warnings": report.warnings[:200],
        "warning_count": len(report.warnings),
    }


def _counts(report: ParseReport, total: int) -> dict[str, object]:
    targets = sum(report.counts.values())
    return {"targets": targets, "entities": total, "by_schema": dict(sorted(report.counts.items()))}


def load_list(
    store: Store, path: Path, options: LoadOptions | None = None, progress: Progress | None = None
) -> LoadResult:
    """Parse `path` and store it as the new active snapshot of its source."""
    options = options or LoadOptions()
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    source = options.source or detect_source(path)
    get_source(source)  # validates the name
    sha256 = file_sha256(path)
    active = store.active_snapshot(source)
    if active is not None and active.sha256 == sha256:
        log.info("%s: identical to the active %s snapshot #%d", path, source, active.id)
        return LoadResult("unchanged", source, active)

    parser = get_parser(source, path)
    report = ParseReport(source=source, path=str(path))
    new = NewSnapshot(
        source=source,
        origin=options.origin or str(path.resolve()),
        sha256=sha256,
        fetched_at=options.fetched_at,
        etag=options.etag,
        last_modified=options.last_modified,
    )
    total = 0

    def entities() -> Iterator[EntityProxy]:
        nonlocal total
        seen: set[str] = set()
        for entity in parser.iter_entities(str(path), report):
            if entity.id is None:
                raise ParseError(str(path), f"a {entity.schema.name} record has no id")
            if entity.id in seen:
                # Keep the first record; a repeated id is the publisher's error, not ours to merge.
                report.warn(f"duplicate id {entity.id} skipped")
                report.orphans["duplicate ids"] += 1
                if is_target(entity) and report.counts[entity.schema.name] > 0:
                    report.counts[entity.schema.name] -= 1  # counted by the parser, not stored
                continue
            seen.add(entity.id)
            total += 1
            if progress is not None and is_target(entity):
                progress(1)
            yield entity
        targets = sum(report.counts.values())
        if targets == 0:
            raise ParseError(str(path), "no listed parties found in the file")
        if active is not None and not options.force:
            before = int(active.counts.get("targets", 0))
            if before and targets < before * options.min_ratio:
                raise InputError(
                    f"{path}: only {targets:,} listed parties against {before:,} in the active "
                    f"{source} snapshot #{active.id}; refusing to replace it (truncated file?). "
                    "Use --force to load it anyway."
                )

    def finish() -> NewSnapshot:
        new.published_at = report.published_at
        new.counts = _counts(report, total)
        new.report = _report_dict(report)
        return new

    try:
        info = store.write_snapshot(new, entities(), finish)
    except SanctionwatchError as exc:
        new.report = _report_dict(report)
        store.record_failure(new, str(exc))
        raise
    for warning in report.warnings[:20]:
        log.info("%s: %s", source, warning)
    return LoadResult("loaded", source, info, report)


def update_source(
    store: Store,
    settings: Settings,
    source: str,
    fetcher: Fetcher,
    progress: Progress | None = None,
) -> LoadResult:
    """Download a source from its official URL (conditionally) and load it."""
    spec = get_source(source)
    url = settings.source_urls.get(source, spec.url)
    active = store.active_snapshot(source)
    fetched_at = datetime.now(UTC)
    dest = (
        settings.data_dir / "downloads" / source / (f"{fetched_at:%Y%m%dT%H%M%SZ}-{spec.filename}")
    )
    result = fetcher.fetch_to_file(
        url,
        dest,
        etag=active.etag if active else None,
        last_modified=active.last_modified if active else None,
    )
    if result.not_modified and active is not None:
        log.info("%s: not modified since snapshot #%d", source, active.id)
        return LoadResult("unchanged", source, active)
    if result.path is None:
        raise FetchError(f"{url}: the download produced no file")
    options = LoadOptions(
        source=source,
        origin=result.url,
        fetched_at=fetched_at,
        etag=result.etag,
        last_modified=result.last_modified,
    )
    return load_list(store, result.path, options, progress)


@dataclass
class EntityChange:
    """How one listed party differs between two snapshots."""

    id: str
    caption: str
    schema: str
    fields: list[str] = field(default_factory=list)


@dataclass
class SnapshotDiff:
    """Listed parties added, removed and changed between two snapshots of a source."""

    source: str
    old: SnapshotInfo
    new: SnapshotInfo
    added: list[EntityChange]
    removed: list[EntityChange]
    changed: list[EntityChange]


def diff_snapshots(store: Store, source: str) -> SnapshotDiff:
    """Compare the two newest loaded snapshots of `source`."""
    get_source(source)
    loaded = store.loaded_snapshots(source)
    if len(loaded) < 2:
        raise InputError(
            f"{source}: a diff needs two loaded snapshots, the store has {len(loaded)}"
        )
    new, old = loaded[0], loaded[1]
    before = store.checksums(old.id)
    after = store.checksums(new.id)

    def owned(table: dict[str, tuple[str, str, bool, str | None]]) -> dict[str, Counter[str]]:
        # owner id -> multiset of (schema:checksum) of its auxiliary records
        groups: dict[str, Counter[str]] = {}
        for checksum, schema, target, owner in table.values():
            if not target and owner is not None:
                groups.setdefault(owner, Counter())[f"{schema}:{checksum}"] += 1
        return groups

    aux_before, aux_after = owned(before), owned(after)
    targets_before = {k for k, v in before.items() if v[2]}
    targets_after = {k for k, v in after.items() if v[2]}
    added_ids = sorted(targets_after - targets_before)
    removed_ids = sorted(targets_before - targets_after)
    candidates = sorted(
        i
        for i in targets_before & targets_after
        if before[i][0] != after[i][0] or aux_before.get(i) != aux_after.get(i)
    )
    new_records = store.entities_by_id(new.id, [*added_ids, *candidates])
    old_records = store.entities_by_id(old.id, [*removed_ids, *candidates])
    changed: list[EntityChange] = []
    for entity_id in candidates:
        a, b = old_records[entity_id], new_records[entity_id]
        fields = sorted(
            name
            for name in set(a.properties) | set(b.properties)
            if sorted(a.properties.get(name, [])) != sorted(b.properties.get(name, []))
        )
        if a.schema != b.schema:
            fields.insert(0, "schema")
        old_aux, new_aux = aux_before.get(entity_id, Counter()), aux_after.get(entity_id, Counter())
        if old_aux != new_aux:
            schemata = {key.split(":", 1)[0] for key in (old_aux - new_aux) + (new_aux - old_aux)}
            fields.extend(f"{schema} records" for schema in sorted(schemata))
        changed.append(EntityChange(entity_id, b.caption, b.schema, fields))
    return SnapshotDiff(
        source=source,
        old=old,
        new=new,
        added=[_change(new_records[i]) for i in added_ids],
        removed=[_change(old_records[i]) for i in removed_ids],
        changed=changed,
    )


def _change(record: EntityRecord) -> EntityChange:
    return EntityChange(record.id, record.caption, record.schema)
