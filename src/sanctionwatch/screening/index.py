"""The screening index: listed entities, their analysed names, and `screen`.

Built once from FtM entities (targets and their `Sanction` entities, in any order), then queried
many times; it holds no database handle and never changes after `build`, so one index can serve
concurrent readers and be swapped whole when a snapshot changes.
"""

from __future__ import annotations

import gc
import logging
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from followthemoney import model as ftm_model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from sanctionwatch.exceptions import NotFoundError
from sanctionwatch.screening.candidates import TokenIndex, best_candidates
from sanctionwatch.screening.model import (
    ALGORITHM,
    EntitySummary,
    Feature,
    Match,
    Query,
    SanctionRef,
    ScreenOptions,
    entity_identifiers,
    normalize_identifier,
    query_identifiers,
)
from sanctionwatch.screening.names import (
    Category,
    Kind,
    Name,
    acronyms,
    analyze,
    is_org_like,
    with_listed_surname,
)
from sanctionwatch.screening.normalize import scrub
from sanctionwatch.screening.score import (
    COUNTRY_INFO,
    DOB_INFO,
    NAME_KIND_FACTOR,
    NAME_SCALE,
    Alignment,
    QueryName,
    WeightedName,
    align,
    birth_date_agreement,
    birth_date_feature,
    country_feature,
    identifier_feature,
    name_feature,
    name_kind_feature,
    surname_feature,
)

log = logging.getLogger(__name__)

# Listed parties: every other schema (Sanction, Identification, Address...) describes one.
TARGET_SCHEMATA: tuple[str, ...] = (
    "Person",
    "Organization",
    "Company",
    "LegalEntity",
    "PublicBody",
    "Vessel",
    "Airplane",
)
_CATEGORIES = {
    "Person": Category.PERSON,
    "Organization": Category.ORG,
    "Company": Category.ORG,
    "PublicBody": Category.ORG,
    "Vessel": Category.OBJECT,
    "Airplane": Category.OBJECT,
}
# Name properties and the kind of listed name each gives.
_NAME_KINDS = (("name", "name"), ("alias", "alias"), ("previousName", "previous"))
_WEAK = ("weakAlias", "weak")
# Most that evidence beyond the name (birth date, country) adds to a score.
_BONUS_HEADROOM = 0.05
# Analysed query names kept for reuse before the cache is emptied.
_QUERY_NAME_CACHE = 1 << 15


def category_of(schema: str) -> Category:
    """The name category of an FtM schema (LegalEntity and Thing may be either kind)."""
    return _CATEGORIES.get(schema, Category.ANY)


@dataclass(slots=True)
class _Entity:
    """One listed party as the index keeps it."""

    id: str
    schema: str
    caption: str
    category: Category
    source: str | None
    birth_dates: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()
    identifiers: dict[str, frozenset[str]] = field(default_factory=dict)
    sanctions: list[SanctionRef] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)  # (text, kind)
    optional: frozenset[str] = frozenset()  # readings of patronymics and middle names
    surnames: frozenset[str] = frozenset()  # readings of the family name (lastName)


class _ListedName:
    __slots__ = ("entity", "kind", "weighted")

    def __init__(self, entity: int, kind: str, weighted: WeightedName) -> None:
        self.entity = entity
        self.kind = kind
        self.weighted = weighted


class _Found:
    """The best evidence found so far for one entity during a screening."""

    __slots__ = ("alignment", "listed", "query_name", "value")

    def __init__(
        self,
        value: float,
        query_name: WeightedName | None,
        listed: _ListedName,
        alignment: Alignment | None,
    ) -> None:
        self.value = value
        self.query_name = query_name
        self.listed = listed
        self.alignment = alignment


def _sanction_ref(proxy: EntityProxy, snapshot: str | None) -> SanctionRef:
    def one(prop: str) -> str | None:
        values = proxy.get(prop, quiet=True)
        return values[0] if values else None

    return SanctionRef(
        authority=one("authority"),
        program=one("program"),
        listing_date=one("listingDate") or one("startDate"),
        source_url=one("sourceUrl"),
        snapshot=snapshot,
    )


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a batch, then restore it as it was.

    Screening creates no reference cycles (`tests/screening/test_parallel.py` checks it), so
    reference counting frees everything a query allocates; the collector would only walk the
    caches and the young objects of every query again and again (about a tenth of a batch's
    time on the full lists).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ScreeningIndex:
    """Listed entities and the structures that screen queries against them."""

    def __init__(self) -> None:
        self._entities: list[_Entity] = []
        self._by_id: dict[str, int] = {}
        self._names: list[_ListedName] = []
        self._names_by_entity: list[list[int]] = []
        # Coverage weight of each listed name: an array, read once per candidate, because a
        # list's float objects lie all over the heap (a cache miss each).
        self._totals = array("d")
        self._tokens = TokenIndex()
        self._identifiers: dict[tuple[str, str], list[int]] = {}
        # Per listed name: its entity's schema (position in TARGET_SCHEMATA) * 2 + 1 if weak,
        # so that the names a query schema may match are one `bytes.translate` away.
        self._name_codes = bytearray()
        self._allowed: dict[tuple[str, bool], bytes] = {}
        self._query_names: dict[tuple[str, Category], QueryName] = {}

    def __len__(self) -> int:
        return len(self._entities)

    @property
    def name_count(self) -> int:
        """How many listed names (with aliases and derived acronyms) are indexed."""
        return len(self._names)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        entities: Iterable[EntityProxy],
        *,
        source_of: Callable[[EntityProxy], str] | None = None,
        snapshot_of: Callable[[EntityProxy], str | None] | None = None,
    ) -> ScreeningIndex:
        """Index listed parties; `Sanction` and `Identification` entities may come in any order.

        `source_of` names the list an entity comes from (shown on matches); `snapshot_of` names
        the snapshot a `Sanction` entity was read from (shown on its list entry).
        """
        # The build makes millions of objects that live as long as the index and form no
        # cycles: the cyclic collector, run again and again as they pile up, would walk them all
        # each time (about a third of the build). It is paused until `_finish` has collected
        # once and frozen the index.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return cls._build(entities, source_of, snapshot_of)
        finally:
            if collecting:
                gc.enable()

    @classmethod
    def _build(
        cls,
        entities: Iterable[EntityProxy],
        source_of: Callable[[EntityProxy], str] | None,
        snapshot_of: Callable[[EntityProxy], str | None] | None,
    ) -> ScreeningIndex:
        index = cls()
        sanctions: dict[str, list[SanctionRef]] = {}
        documents: dict[str, dict[str, set[str]]] = {}
        targets: dict[str, _Entity] = {}
        for proxy in entities:
            schema = proxy.schema
            if proxy.id is None:
                continue
            if schema.name == "Sanction":
                snapshot = snapshot_of(proxy) if snapshot_of is not None else None
                ref = _sanction_ref(proxy, snapshot)
                for entity_id in proxy.get("entity", quiet=True):
                    sanctions.setdefault(entity_id, []).append(ref)
            elif schema.is_a("Identification"):
                for holder in proxy.get("holder", quiet=True):
                    for number in proxy.get("number", quiet=True):
                        cleaned = normalize_identifier("doc", number)
                        if cleaned is not None:
                            documents.setdefault(holder, {}).setdefault("doc", set()).add(cleaned)
            elif schema.name in TARGET_SCHEMATA:
                index._add_target(proxy, targets, source_of)
        for entity_id, entity in targets.items():
            entity.sanctions = sanctions.get(entity_id, [])
            for kind, values in documents.get(entity_id, {}).items():
                merged = set(entity.identifiers.get(kind, frozenset())) | values
                entity.identifiers[kind] = frozenset(merged)
        index._finish(list(targets.values()))
        return index

    def _add_target(
        self,
        proxy: EntityProxy,
        targets: dict[str, _Entity],
        source_of: Callable[[EntityProxy], str] | None,
    ) -> None:
        assert proxy.id is not None  # checked by the caller  # noqa: S101
        entity = targets.get(proxy.id)
        if entity is None:
            entity = _Entity(
                id=proxy.id,
                schema=proxy.schema.name,
                caption=proxy.caption,
                category=category_of(proxy.schema.name),
                source=source_of(proxy) if source_of is not None else None,
            )
            targets[proxy.id] = entity
        names = [
            (scrub(v), kind) for prop, kind in _NAME_KINDS for v in proxy.get(prop, quiet=True)
        ]
        names += [(scrub(v), _WEAK[1]) for v in proxy.get(_WEAK[0], quiet=True)]
        if proxy.schema.is_a("Person") and not proxy.get("name", quiet=True):
            parts = [*proxy.get("firstName", quiet=True), *proxy.get("lastName", quiet=True)]
            if parts:
                names.append((scrub(" ".join(parts)), "name"))
        entity.names.extend(names)
        last_names = proxy.get("lastName", quiet=True)
        if last_names:
            forms = {
                f
                for n in last_names
                for s in analyze(scrub(n), Category.PERSON).slots
                if s.kind == Kind.NORMAL
                for f in s.forms
            }
            entity.surnames = entity.surnames | forms
        optional = [*proxy.get("fatherName", quiet=True), *proxy.get("middleName", quiet=True)]
        if optional:
            forms = {
                f for n in optional for s in analyze(n, Category.PERSON).slots for f in s.forms
            }
            entity.optional = entity.optional | forms
        entity.birth_dates = tuple(
            sorted({*entity.birth_dates, *proxy.get("birthDate", quiet=True)})
        )
        entity.countries = entity.countries | set(proxy.get_type_values(registry.country))
        for kind, values in entity_identifiers(proxy).items():
            entity.identifiers[kind] = frozenset(entity.identifiers.get(kind, frozenset()) | values)

    def _finish(self, entities: list[_Entity]) -> None:
        tokens = self._tokens
        analysed: list[list[tuple[Name, str]]] = []
        for entity in entities:
            seen: set[str] = set()
            names: list[tuple[Name, str]] = []
            for text, kind in entity.names:
                key = text.strip().lower()
                if not key or key in seen:
                    continue
                seen.add(key)
                name = analyze(text, entity.category)
                if not entity.surnames:  # the list gives no lastName: its convention tells
                    name = with_listed_surname(name)
                if not name.slots:
                    continue
                names.append((name, kind))
                if entity.category == Category.ORG and kind in ("name", "alias"):
                    names.extend(
                        (analyze(a, Category.ORG), "acronym")
                        for a in acronyms(name)
                        if a not in seen
                    )
            analysed.append(names)
            tokens.count_entity(f for name, _k in names for s in name.slots for f in s.forms)
        for position, (entity, names) in enumerate(zip(entities, analysed, strict=True)):
            self._by_id[entity.id] = position
            self._entities.append(entity)
            schema_code = TARGET_SCHEMATA.index(entity.schema)
            own: list[int] = []
            for name, kind in names:
                weighted = self._weigh(name, entity.optional, acronym=kind == "acronym")
                name_id = len(self._names)
                self._names.append(_ListedName(position, kind, weighted))
                self._totals.append(weighted.total)
                self._name_codes.append(schema_code * 2 + (kind == _WEAK[1]))
                tokens.add_name(name_id, name.slots)
                own.append(name_id)
            self._names_by_entity.append(own)
            for kind, values in entity.identifiers.items():
                for value in values:
                    self._identifiers.setdefault((kind, value), []).append(position)
        tokens.finish()
        # The index is millions of long-lived objects that never form cycles: move them out of
        # the cyclic collector's reach, or every full collection pauses queries for a second.
        gc.collect()
        gc.freeze()
        log.info("screening index: %d entities, %d names", len(self._entities), len(self._names))

    def _weigh(
        self, name: Name, optional: frozenset[str] = frozenset(), *, acronym: bool = False
    ) -> WeightedName:
        weights: list[float] = []
        infos: list[float] = []
        relaxed = is_org_like(name)
        for slot in name.slots:
            weight, info = self._tokens.slot_weight(slot, relaxed=relaxed, acronym=acronym)
            if optional and slot.primary in optional and len(name.slots) > 2:
                weight *= 0.3  # a listed patronymic or middle name is optional for a match
            weights.append(weight)
            infos.append(info)
        return WeightedName(name, tuple(weights), tuple(infos))

    def _query_name(self, text: str, category: Category) -> QueryName:
        """A query name analysed and weighed (cached: batches repeat names and words)."""
        key = (text, category)
        found = self._query_names.get(key)
        if found is None:
            name = analyze(text, category)
            weighted = self._weigh(name)
            found = QueryName(name, weighted.weights, weighted.infos)
            if len(self._query_names) >= _QUERY_NAME_CACHE:
                self._query_names.clear()
            self._query_names[key] = found
        return found

    # -- reading ----------------------------------------------------------------------------

    def get(self, entity_id: str) -> EntitySummary:
        """What the index holds about one entity; `NotFoundError` if it is not listed."""
        position = self._by_id.get(entity_id)
        if position is None:
            raise NotFoundError(f"entity {entity_id!r} is not in the screening index")
        entity = self._entities[position]
        return EntitySummary(
            entity_id=entity.id,
            schema=entity.schema,
            caption=entity.caption,
            names=list(dict.fromkeys(text for text, _kind in entity.names)),
            birth_dates=list(entity.birth_dates),
            countries=sorted(entity.countries),
            identifiers={k: sorted(v) for k, v in entity.identifiers.items()},
            sanctions=list(entity.sanctions),
            source=entity.source,
        )

    def _allowed_names(self, schema: str, include_weak: bool) -> bytes:
        """Per listed name: may it answer a query of `schema`? (cached per schema)"""
        key = (schema, include_weak)
        allowed = self._allowed.get(key)
        if allowed is None:
            query_schema = ftm_model.get(schema)
            assert query_schema is not None  # validated by Query  # noqa: S101
            table = bytearray(256)
            for code, name in enumerate(TARGET_SCHEMATA):
                listed = ftm_model.get(name)
                assert listed is not None  # noqa: S101
                ok = listed.is_a(query_schema) or query_schema.is_a(listed)
                table[code * 2] = ok
                table[code * 2 + 1] = ok and include_weak
            allowed = bytes(self._name_codes.translate(table))
            self._allowed[key] = allowed
        return allowed

    # -- screening --------------------------------------------------------------------------

    def screen(self, query: Query, options: ScreenOptions | None = None) -> list[Match]:
        """Listed entities that may be the queried party, best first, at or above threshold."""
        options = options if options is not None else ScreenOptions()
        options.validate()
        query = query.validated()
        category = category_of(query.schema)
        q_names = [self._query_name(text, category) for text in query.names()]
        q_names = [n for n in q_names if n.name.slots]
        allowed = self._allowed_names(query.schema, options.include_weak_aliases)
        best: dict[int, _Found] = {}
        # Name coverage a candidate needs to reach the threshold with every bonus beyond the name.
        bound = max(0.0, (options.threshold - _BONUS_HEADROOM) / NAME_SCALE)
        for q_name in q_names:
            scores = self._tokens.accumulate(q_name.name.slots, q_name.weights, bound)
            wanted = best_candidates(
                scores, allowed, self._totals, q_name.total, bound, options.candidates
            )
            for name_id in wanted:
                self._consider(best, q_name, name_id)
        query_ids = query_identifiers(query)
        id_hits: set[int] = set()
        for kind, values in query_ids.items():
            for value in values:
                id_hits.update(self._identifiers.get((kind, value), ()))
        for position in id_hits - best.keys():
            own = [n for n in self._names_by_entity[position] if allowed[n]]
            if not own:
                continue
            for q_name in q_names:
                for name_id in own:
                    self._consider(best, q_name, name_id)
            if position not in best:
                best[position] = _Found(0.0, None, self._names[own[0]], None)
        headroom = options.threshold - _BONUS_HEADROOM
        matches = [
            self._match(position, found, query, query_ids, options)
            for position, found in best.items()
            if position in id_hits
            or (found.alignment is not None and found.alignment.similarity * NAME_SCALE >= headroom)
        ]
        kept = [m for m in matches if m.score >= options.threshold]
        kept.sort(key=lambda m: (-m.score, m.entity_id))
        return kept[: options.limit]

    def screen_many(
        self, queries: Sequence[Query], options: ScreenOptions | None = None
    ) -> list[list[Match]]:
        """`screen` for each query, in order.

        Repeated queries (customer files repeat names) are screened once; a bad query raises
        `UsageError` like `screen` (batch runners catch it per row).
        """
        options = options if options is not None else ScreenOptions()
        done: dict[tuple[object, ...], list[Match]] = {}
        results: list[list[Match]] = []
        with cycle_collection_paused():
            for query in queries:
                key = query.key()
                found = done.get(key)
                if found is None:
                    found = self.screen(query, options)
                    done[key] = found
                results.append(list(found))
        return results

    def _consider(self, best: dict[int, _Found], q_name: QueryName, name_id: int) -> None:
        listed = self._names[name_id]
        alignment = align(q_name, listed.weighted)
        value = alignment.value * NAME_KIND_FACTOR.get(listed.kind, 1.0)
        current = best.get(listed.entity)
        if current is None or value > current.value:
            best[listed.entity] = _Found(value, q_name, listed, alignment)

    def _match(
        self,
        position: int,
        found: _Found,
        query: Query,
        query_ids: dict[str, frozenset[str]],
        options: ScreenOptions,
    ) -> Match:
        entity = self._entities[position]
        q_name, listed, alignment = found.query_name, found.listed, found.alignment
        features: list[Feature] = []
        score = 0.0
        name_value = 0.0
        dob = birth_date_agreement(
            query.birth_date, entity.birth_dates, options.dob_tolerance_years
        )
        countries = frozenset(query.countries)
        extra_information = DOB_INFO.get(dob[0], 0.0) if dob is not None else 0.0
        if countries & entity.countries:
            extra_information += COUNTRY_INFO
        if alignment is not None and q_name is not None:
            score, feature = name_feature(
                q_name.name, listed.weighted.name, alignment, extra_information
            )
            name_value = feature.value
            features.append(feature)
            score, found_kind = name_kind_feature(score, listed.kind)
            score, found_surname = surname_feature(
                score, q_name.name, listed.weighted.name, alignment, entity.surnames
            )
            features.extend(f for f in (found_kind, found_surname) if f is not None)
        score, found_id = identifier_feature(score, name_value, query_ids, entity.identifiers)
        score, found_dob = birth_date_feature(score, query.birth_date, entity.birth_dates, dob)
        score, found_country = country_feature(score, countries, entity.countries)
        features.extend(f for f in (found_id, found_dob, found_country) if f is not None)
        score = round(min(1.0, max(0.0, score)), 4)
        return Match(
            entity_id=entity.id,
            schema=entity.schema,
            caption=entity.caption,
            score=score,
            features=features,
            matched_name=listed.weighted.name.text if alignment is not None else None,
            algorithm=ALGORITHM,
            sanctions=list(entity.sanctions),
            source=entity.source,
            query_name=q_name.name.text if q_name is not None else None,
        )
