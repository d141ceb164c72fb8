"""From screening results and stored entities to API responses (yente's shapes plus extras)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from followthemoney import model as ftm_model

from sanctionwatch.api.models import (
    DecisionInfo,
    DecisionResponse,
    EntityDetailResponse,
    ExplanationItem,
    FeatureDoc,
    SanctionItem,
    ScoredEntityResponse,
    SnapshotRef,
)
from sanctionwatch.exceptions import NotFoundError
from sanctionwatch.lists.entities import EntityDetail
from sanctionwatch.screening.model import Match, SanctionRef
from sanctionwatch.screening.score import (
    COUNTRY_BONUS,
    DOB_EXACT_BONUS,
    ID_BONUS,
    NAME_SCALE,
    SURNAME_MISSED,
)
from sanctionwatch.screening.service import IndexState, ScreenedMatch
from sanctionwatch.store.decisions import Decision
from sanctionwatch.store.repo import EntityRecord, SnapshotInfo, Store

# The `matcher` block of `/match` (yente's feature docs). A coefficient is the feature's
# nominal weight: the most it adds, or the factor it multiplies the score by; the
# `explanation` of each result gives the exact signed contribution.
MATCHER_DOCS: dict[str, FeatureDoc] = {
    "name": FeatureDoc(
        description=(
            "Weighted token alignment of the query name with the best listed name, across "
            "scripts and romanisations, discounted for names that carry little information "
            "(short or common names). Value 0-1; the score is coefficient x value."
        ),
        coefficient=NAME_SCALE,
    ),
    "name_kind": FeatureDoc(
        description=(
            "The match is on a weak alias, a former name or a derived acronym. Value: the "
            "factor the score is multiplied by."
        ),
        coefficient=1.0,
    ),
    "surname": FeatureDoc(
        description=(
            "The family name is left unmatched (value -1): the score is multiplied by the "
            "coefficient."
        ),
        coefficient=SURNAME_MISSED,
    ),
    "identifier": FeatureDoc(
        description=(
            "An equal IMO, MMSI or document number (value 1) lifts the score to a floor of "
            "0.80-0.90 plus the coefficient; a different IMO or MMSI number (value -1) lowers it."
        ),
        coefficient=ID_BONUS,
    ),
    "birth_date": FeatureDoc(
        description=(
            "Birth date agreement: 1 exact, 0.9 month, 0.8 year, 0.5 within tolerance; -1 "
            "contradicts (score x0.8). Coefficient: the bonus of an exact date."
        ),
        coefficient=DOB_EXACT_BONUS,
    ),
    "country": FeatureDoc(
        description=(
            "Nationality, country or flag agree (1, adds the coefficient) or differ (-1, score "
            "x0.95). Missing on either side is neutral."
        ),
        coefficient=COUNTRY_BONUS,
    ),
}


def sanction_item(ref: SanctionRef) -> SanctionItem:
    """A list entry of a match."""
    return SanctionItem(
        authority=ref.authority,
        program=ref.program,
        listing_date=ref.listing_date,
        source_url=ref.source_url,
        snapshot=ref.snapshot,
    )


def decision_info(item: ScreenedMatch) -> DecisionInfo | None:
    """The decision shown on a result, if any."""
    decision = item.decision
    if decision is None:
        return None
    return DecisionInfo(
        decision=decision.decision,  # type: ignore[arg-type]  # stored values are checked
        analyst=decision.analyst,
        note=decision.note,
        created_at=decision.created_at,
        stale=item.stale_decision,
    )


def decision_response(decision: Decision) -> DecisionResponse:
    """A stored ruling."""
    return DecisionResponse(
        id=decision.id,
        query=decision.query_text,
        entity_id=decision.entity_id,
        decision=decision.decision,  # type: ignore[arg-type]  # stored values are checked
        analyst=decision.analyst,
        note=decision.note,
        created_at=decision.created_at,
    )


def listed_properties(
    store: Store, state: IndexState, entity_ids: Iterable[str]
) -> dict[str, EntityRecord]:
    """The stored records of matched entities, read from the snapshots the index was built
    from (one query per snapshot, however many results)."""
    by_snapshot: dict[int, set[str]] = {}
    for entity_id in entity_ids:
        info = state.entities.get(entity_id)
        if info is not None:
            by_snapshot.setdefault(info.snapshot_id, set()).add(entity_id)
    records: dict[str, EntityRecord] = {}
    for snapshot_id, ids in by_snapshot.items():
        records.update(store.entities_by_id(snapshot_id, sorted(ids)))
    return records


def _fallback_properties(state: IndexState, match: Match) -> dict[str, list[Any]]:
    # The index was swapped between screening and reading: what the index knew is still right.
    try:
        summary = state.index.get(match.entity_id)
    except NotFoundError:
        return {"name": [match.caption]}
    return {"name": summary.names[:1], "alias": summary.names[1:]}


def scored_entity(
    item: ScreenedMatch,
    threshold: float,
    record: EntityRecord | None,
    state: IndexState,
) -> ScoredEntityResponse:
    """One result: yente's scored entity with sanctionwatch's explanation and decision."""
    match = item.match
    properties: dict[str, list[Any]]
    if record is not None:
        properties = {k: list(v) for k, v in record.properties.items()}
    else:
        properties = _fallback_properties(state, match)
    return ScoredEntityResponse(
        id=match.entity_id,
        caption=match.caption,
        schema=match.schema,
        properties=properties,
        datasets=[match.source] if match.source else [],
        referents=[],
        target=True,
        score=match.score,
        features={f.name: f.value for f in match.features},
        match=match.score >= threshold and not item.suppressed,
        explanation=[
            ExplanationItem(feature=f.name, value=f.value, weight=f.weight, detail=f.detail)
            for f in match.features
        ],
        sanctions=[sanction_item(s) for s in match.sanctions],
        algorithm=match.algorithm,
        matched_name=match.matched_name,
        suppressed=item.suppressed,
        decision=decision_info(item),
    )


def snapshot_ref(info: SnapshotInfo) -> SnapshotRef:
    """A snapshot as entity details show it."""
    return SnapshotRef(
        id=info.id,
        source=info.source,
        status=info.status,
        published_at=info.published_at,
        loaded_at=info.loaded_at,
    )


def _nested(record: EntityRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "schema": record.schema,
        "caption": record.caption,
        "properties": record.properties,
    }


def _nest(entity: EntityRecord, related: list[EntityRecord]) -> dict[str, list[Any]]:
    """yente-style properties: referenced entities inline, referring ones under the reverse
    property (`sanctions`, `identification`, ...)."""
    properties: dict[str, list[Any]] = {k: list(v) for k, v in entity.properties.items()}
    by_id = {r.id: r for r in related}
    schema = ftm_model.get(entity.schema)
    inlined: set[str] = set()
    if schema is not None:
        for name, values in properties.items():
            prop = schema.get(name)
            if prop is None or prop.type.name != "entity":
                continue
            for position, value in enumerate(values):
                if isinstance(value, str) and value in by_id:
                    values[position] = _nested(by_id[value])
                    inlined.add(value)
    for record in related:
        if record.id in inlined:
            continue
        other = ftm_model.get(record.schema)
        if other is None:
            continue
        for name, values in record.properties.items():
            prop = other.get(name)
            if prop is None or prop.reverse is None or entity.id not in values:
                continue
            properties.setdefault(prop.reverse.name, []).append(_nested(record))
            break
    return properties


def _sanctions_of(related: list[EntityRecord], snapshot: SnapshotInfo) -> list[SanctionItem]:
    items: list[SanctionItem] = []
    for record in related:
        if record.schema != "Sanction":
            continue
        props = record.properties

        def one(name: str, props: dict[str, list[str]] = props) -> str | None:
            values = props.get(name) or []
            return values[0] if values else None

        items.append(
            SanctionItem(
                authority=one("authority"),
                program=one("program"),
                listing_date=one("listingDate") or one("startDate"),
                source_url=one("sourceUrl"),
                snapshot=f"{snapshot.source}#{snapshot.id}",
            )
        )
    return items


def entity_detail_response(detail: EntityDetail) -> EntityDetailResponse:
    """An entity in full: its current version (the active snapshot's, else the newest)."""
    version = detail.current
    record = version.entity
    return EntityDetailResponse(
        id=record.id,
        caption=record.caption,
        schema=record.schema,
        properties=_nest(record, version.related),
        datasets=[version.snapshot.source],
        referents=[],
        target=record.target,
        sanctions=_sanctions_of(version.related, version.snapshot),
        snapshot=snapshot_ref(version.snapshot),
        versions=[snapshot_ref(v.snapshot) for v in detail.versions],
    )
