"""Screening against the store: the index of the active snapshots, kept current, and analysts'
decisions applied to the matches.

The index is rebuilt when the set of active snapshots changes. A rebuild happens beside the
index in use, which is swapped in only when complete, so screening never waits for it (the API
keeps answering from the previous index during a rebuild).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from followthemoney.proxy import EntityProxy

from sanctionwatch.exceptions import NotFoundError
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import Match, Query, ScreenOptions
from sanctionwatch.screening.normalize import check_query_text
from sanctionwatch.screening.parallel import ParallelScreener
from sanctionwatch.store.decisions import (
    Decision,
    latest_decisions,
    latest_decisions_many,
    record_decision,
)
from sanctionwatch.store.repo import Store

log = logging.getLogger(__name__)

# Records the index needs besides the listed parties themselves.
_AUXILIARY = frozenset({"Sanction", "Identification", "Passport"})


@dataclass
class IndexedEntity:
    """Where an indexed entity comes from, to check decisions against its current content."""

    source: str
    snapshot_id: int
    checksum: str


@dataclass
class IndexState:
    """An index together with the snapshots it was built from."""

    index: ScreeningIndex
    snapshot_ids: tuple[int, ...]
    entities: dict[str, IndexedEntity]
    built_at: float
    build_seconds: float


@dataclass
class ScreenedMatch:
    """A match plus the analyst decision on it, if any."""

    match: Match
    decision: Decision | None = None
    suppressed: bool = False  # a current "not a match" decision hides it from the hits
    stale_decision: bool = False  # a decision exists but the entity changed since

    def as_dict(self) -> dict[str, Any]:
        """The CLI's and API's JSON shape: the match, its sanctions and any decision."""
        data = self.match.as_dict()
        data["suppressed"] = self.suppressed
        data["decision"] = (
            {
                "decision": self.decision.decision,
                "analyst": self.decision.analyst,
                "note": self.decision.note,
                "created_at": self.decision.created_at.isoformat(),
                "stale": self.stale_decision,
            }
            if self.decision is not None
            else None
        )
        return data


def query_key(query: Query) -> str:
    """A digest identifying a query for decisions: its normalised names and identifiers.

    The schema is left out: "this customer is not that listed party" holds however the
    customer was typed when screened.
    """
    names = sorted({" ".join(n.casefold().split()) for n in query.names()})
    identifiers = sorted(f"{k}:{v}" for k, vs in query.identifiers.items() for v in vs)
    payload = "\x1f".join([*names, "|", *identifiers])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class _IndexInput:
    """Streams the entities of the active snapshots into the index builder, remembering which
    snapshot the entity being built comes from (the builder consumes the stream in lockstep)."""

    def __init__(self, store: Store, snapshots: dict[int, str]) -> None:
        self.store = store
        self.snapshots = snapshots  # id -> source
        self.current: int | None = None
        self.entities: dict[str, IndexedEntity] = {}

    def __iter__(self) -> Iterator[EntityProxy]:
        for snapshot_id, source in self.snapshots.items():
            self.current = snapshot_id
            for record in self.store.iter_entities([snapshot_id]):
                if record.target:
                    self.entities[record.id] = IndexedEntity(source, snapshot_id, record.checksum)
                elif record.schema not in _AUXILIARY:
                    continue
                yield record.to_proxy()

    def source_of(self, _proxy: EntityProxy) -> str:
        return self.snapshots.get(self.current or -1, "")

    def snapshot_of(self, _proxy: EntityProxy) -> str | None:
        if self.current is None:
            return None
        return f"{self.snapshots[self.current]}#{self.current}"


def build_index(store: Store) -> IndexState:
    """Index the listed parties of all active snapshots."""
    started = time.perf_counter()
    active = store.active_snapshots()
    stream = _IndexInput(store, {s.id: s.source for s in active})
    index = ScreeningIndex.build(stream, source_of=stream.source_of, snapshot_of=stream.snapshot_of)
    seconds = time.perf_counter() - started
    log.info("screening index: %d entities, %d snapshots, %.1fs", len(index), len(active), seconds)
    ids = tuple(sorted(s.id for s in active))
    return IndexState(index, ids, stream.entities, time.time(), seconds)


@dataclass
class ScreeningService:
    """Screening with the store behind it: current index, decisions, suppression."""

    store: Store
    _state: IndexState | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _rebuilding: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def state(self) -> IndexState:
        """The index in use (built on first call)."""
        with self._lock:
            state = self._state
        if state is None:
            return self.refresh(force=True)
        return state

    def active_snapshot_ids(self) -> tuple[int, ...]:
        """The ids of the active snapshots now in the store."""
        return tuple(sorted(s.id for s in self.store.active_snapshots()))

    def is_current(self) -> bool:
        """Whether the index in use was built from the snapshots active now."""
        with self._lock:
            state = self._state
        return state is not None and state.snapshot_ids == self.active_snapshot_ids()

    def refresh(self, *, force: bool = False) -> IndexState:
        """Rebuild the index if the active snapshots changed; the old one serves meanwhile."""
        with self._rebuilding:  # one rebuild at a time; others wait and reuse its result
            with self._lock:
                state = self._state
            if state is not None and not force and state.snapshot_ids == self.active_snapshot_ids():
                return state
            fresh = build_index(self.store)
            with self._lock:
                self._state = fresh
            return fresh

    def screen(self, query: Query, options: ScreenOptions | None = None) -> list[ScreenedMatch]:
        """Screen one query; matches carry decisions, current "not a match" ones suppressed."""
        options = options or ScreenOptions()
        state = self.state()
        matches = state.index.screen(query, options)
        return self._apply_decisions(state, query, matches)

    def screen_many(
        self,
        queries: list[Query],
        options: ScreenOptions | None = None,
        screener: ParallelScreener | None = None,
    ) -> list[list[ScreenedMatch]]:
        """Screen a batch, on the worker processes of `screener` when given; decisions are
        looked up for the whole batch at once."""
        options = options or ScreenOptions()
        state = self.state()
        if screener is not None:
            results = screener.screen_many(queries, options)
        else:
            results = state.index.screen_many(queries, options)
        keys = [query_key(q) for q in queries]
        wanted: dict[str, set[str]] = {}
        for key, matches in zip(keys, results, strict=True):
            if matches:
                wanted.setdefault(key, set()).update(m.entity_id for m in matches)
        decisions = latest_decisions_many(self.store, wanted) if wanted else {}
        return [
            self._with_decisions(state, matches, decisions.get(key, {}))
            for key, matches in zip(keys, results, strict=True)
        ]

    def _apply_decisions(
        self, state: IndexState, query: Query, matches: list[Match]
    ) -> list[ScreenedMatch]:
        if not matches:
            return []
        decisions = latest_decisions(self.store, query_key(query), [m.entity_id for m in matches])
        return self._with_decisions(state, matches, decisions)

    @staticmethod
    def _with_decisions(
        state: IndexState, matches: list[Match], decisions: dict[str, Decision]
    ) -> list[ScreenedMatch]:
        screened: list[ScreenedMatch] = []
        for match in matches:
            decision = decisions.get(match.entity_id)
            item = ScreenedMatch(match, decision)
            if decision is not None:
                info = state.entities.get(match.entity_id)
                current = info is not None and info.checksum == decision.entity_checksum
                item.stale_decision = not current
                item.suppressed = current and decision.decision == "not_a_match"
            screened.append(item)
        # Suppressed hits go last; the order among the others is the engine's ranking.
        screened.sort(key=lambda s: s.suppressed)
        return screened

    def decide(
        self,
        query: Query,
        entity_id: str,
        decision: str,
        analyst: str,
        note: str | None = None,
    ) -> Decision:
        """Record that `query` is (not) `entity_id`, tied to the entity's current content."""
        state = self.state()
        info = state.entities.get(entity_id)
        if info is None:
            raise NotFoundError(f"no listed entity {entity_id!r} in the active snapshots")
        text = " / ".join(query.names()) or ", ".join(
            f"{k}:{v}" for k, vs in query.identifiers.items() for v in vs
        )
        return record_decision(
            self.store,
            query_key=query_key(query),
            query_text=check_query_text(text, "query"),
            entity_id=entity_id,
            entity_checksum=info.checksum,
            decision=decision,
            analyst=analyst,
            note=note,
        )
