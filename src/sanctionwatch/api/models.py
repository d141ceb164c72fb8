"""Pydantic models of the HTTP API: request bodies and responses.

The `/match` shapes follow OpenSanctions' yente field for field (`EntityExample`,
`EntityMatchQuery`, `EntityMatches`, `EntityMatchResponse`), so a yente client works against
sanctionwatch with a changed base URL; sanctionwatch's extras (`explanation`, `sanctions`,
`algorithm`, `suppressed`, `decision`) are added beside yente's fields, never instead of them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sanctionwatch.screening.model import ALGORITHM

# Most results per query a client may ask for (yente's MAX_MATCHES).
MAX_LIMIT = 500
# Most entity ids `exclude_entity_ids` may list (yente's limit).
MAX_EXCLUDED_IDS = 50

PERSON_EXAMPLE: dict[str, Any] = {
    "schema": "Person",
    "properties": {
        "name": ["Kim Jong Un"],
        "birthDate": ["1984-01-08"],
        "nationality": ["kp"],
    },
}
VESSEL_EXAMPLE: dict[str, Any] = {
    "schema": "Vessel",
    "properties": {"name": ["Some New Name"], "imoNumber": ["7937317"]},
}


class ErrorResponse(BaseModel):
    """Every error: a message that names the problem."""

    detail: str = Field(..., examples=["name is too long (10000 characters; at most 500)"])


class ValidationErrorItem(BaseModel):
    """One problem found while validating a request (the offending value is not echoed)."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorResponse(ErrorResponse):
    """A malformed request: `detail` summarises, `errors` lists every problem."""

    errors: list[ValidationErrorItem] = Field(default_factory=list)


class EntityExample(BaseModel):
    """An example entity to match: an FtM schema and properties (yente's `EntityExample`)."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["customer-0042"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(
        ..., examples=[{"name": ["Kim Jong Un"], "birthDate": ["1984"]}]
    )


class MatchRequest(BaseModel):
    """The `/match` body (yente's `EntityMatchQuery`): named example entities to screen."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"queries": {"q1": PERSON_EXAMPLE, "q2": VESSEL_EXAMPLE}}],
        }
    )

    queries: dict[str, EntityExample]
    weights: dict[str, float] = Field(
        default_factory=dict,
        description=(
            "Accepted for yente compatibility and not applied: the weights of an algorithm "
            "are part of its name (a changed weight is a new algorithm)."
        ),
    )
    config: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Algorithm options: `dob_tolerance_years` (int), `include_weak_aliases` (bool), "
            "`candidates` (int, 1-100). Unknown keys are refused."
        ),
    )


class TotalSpec(BaseModel):
    """How many results there are (yente's `TotalSpec`)."""

    value: int = Field(..., examples=[2])
    relation: str = Field("eq", examples=["eq"])


class ExplanationItem(BaseModel):
    """One feature of a score: measured value, signed contribution, human-readable why."""

    feature: str = Field(..., examples=["name"])
    value: float = Field(..., examples=[1.0])
    weight: float = Field(..., examples=[0.95])
    detail: str = Field(..., examples=["name 'Kim Jong Un' ~ 'Jong Un KIM': 1.00"])


class SanctionItem(BaseModel):
    """A list entry behind a listed entity."""

    authority: str | None = Field(None, examples=["Office of Foreign Assets Control"])
    program: str | None = Field(None, examples=["DPRK2"])
    listing_date: str | None = Field(None, examples=["2016-07-06"])
    source_url: str | None = Field(None, examples=["https://sanctionslist.ofac.treas.gov/"])
    snapshot: str | None = Field(None, examples=["ofac-sdn#2"])


class DecisionInfo(BaseModel):
    """An analyst's ruling on a (query, entity) pair, as shown on a result."""

    decision: Literal["not_a_match", "match"]
    analyst: str
    note: str | None = None
    created_at: datetime
    stale: bool = Field(
        ..., description="The entity changed in a newer snapshot since: shown, not applied."
    )


class EntityResponse(BaseModel):
    """A listed entity in yente's shape."""

    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(..., examples=["ofac-20275"])
    caption: str = Field(..., examples=["Jong Un KIM"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, list[Any]] = Field(..., examples=[{"name": ["Jong Un KIM"]}])
    datasets: list[str] = Field(default_factory=list, examples=[["ofac-sdn"]])
    referents: list[str] = Field(default_factory=list)
    target: bool = True


class ScoredEntityResponse(EntityResponse):
    """A result of `/match` or `/search`: yente's scored entity plus sanctionwatch's extras."""

    score: float = Field(..., examples=[0.99])
    features: dict[str, float] = Field(..., examples=[{"name": 1.0, "birth_date": 1.0}])
    match: bool = Field(
        ..., description="score >= threshold, and not suppressed by an analyst's decision."
    )
    explanation: list[ExplanationItem]
    sanctions: list[SanctionItem]
    algorithm: str = Field(ALGORITHM, examples=[ALGORITHM])
    matched_name: str | None = Field(None, examples=["Jong Un KIM"])
    suppressed: bool = False
    decision: DecisionInfo | None = None


class EntityMatches(BaseModel):
    """The results of one query of a `/match` batch (yente's `EntityMatches`)."""

    status: int = Field(200, examples=[200])
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    """What a feature of the algorithm measures and its nominal weight."""

    description: str
    coefficient: float


class MatchResponse(BaseModel):
    """The `/match` response (yente's `EntityMatchResponse`)."""

    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int = Field(..., examples=[5])


class SearchResponse(BaseModel):
    """The `/search` response (yente's shape, without facets)."""

    results: list[ScoredEntityResponse]
    total: TotalSpec
    limit: int = Field(..., examples=[10])
    offset: int = 0


class SnapshotRef(BaseModel):
    """A list snapshot an entity was read from."""

    id: int = Field(..., examples=[2])
    source: str = Field(..., examples=["ofac-sdn"])
    status: str = Field(..., examples=["active"])
    published_at: datetime | None = None
    loaded_at: datetime


class EntityDetailResponse(EntityResponse):
    """One entity in full: properties with nested sanctions and identifications (yente-style),
    the list entries, and every snapshot that holds a version of it."""

    sanctions: list[SanctionItem]
    snapshot: SnapshotRef = Field(..., description="The snapshot of the version shown.")
    versions: list[SnapshotRef] = Field(..., description="Every stored version, newest first.")


class SourceHealth(BaseModel):
    """One loaded list: its active snapshot and whether the index includes it."""

    source: str = Field(..., examples=["un"])
    title: str = Field(..., examples=["UN Security Council Consolidated List"])
    snapshot_id: int = Field(..., examples=[1])
    published_at: datetime | None = None
    loaded_at: datetime
    listed: int = Field(..., description="Listed parties in the snapshot.", examples=[13])
    indexed: bool = Field(..., description="The index in use was built from this snapshot.")


class IndexHealth(BaseModel):
    """The screening index in use and its refresh loop."""

    entities: int = Field(..., examples=[34])
    names: int = Field(..., examples=[120])
    snapshot_ids: list[int] = Field(..., examples=[[1, 2, 3]])
    built_at: datetime
    build_seconds: float
    current: bool = Field(..., description="Built from the snapshots active now.")
    rebuilding: bool
    refresh_seconds: float = Field(..., description="Check interval; 0 = no automatic refresh.")
    last_check_at: datetime | None = None
    last_error: str | None = None


class HealthResponse(BaseModel):
    """Liveness and freshness: `ok`, `stale` (index behind the store) or `empty` (no lists)."""

    status: Literal["ok", "stale", "empty"]
    algorithm: str = ALGORITHM
    index: IndexHealth
    sources: list[SourceHealth]


class DecisionRequest(BaseModel):
    """An analyst's ruling: the screened query, the listed entity, the decision.

    Give the query either as `names` (+ `identifiers`), or as `query`, the yente-shaped example
    a `/match` response echoes back; either way the ruling applies to later screenings of the
    same names and identifiers.
    """

    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "names": ["Kim Jong Un"],
                    "entity_id": "ofac-20275",
                    "decision": "not_a_match",
                    "analyst": "A. Analyst",
                    "note": "customer born 1962 in Busan",
                }
            ]
        },
    )

    names: list[str] = Field(default_factory=list, max_length=20)
    schema_: str = Field("Thing", alias="schema")
    identifiers: dict[str, list[str]] = Field(
        default_factory=dict, description="By kind: imo, mmsi, passport, id, ..."
    )
    query: EntityExample | None = None
    entity_id: str = Field(..., min_length=1, max_length=200)
    decision: Literal["not_a_match", "match"]
    analyst: str = Field(..., min_length=1, max_length=200)
    note: str | None = Field(None, max_length=4000)


class DecisionResponse(BaseModel):
    """A stored ruling."""

    id: int = Field(..., examples=[1])
    query: str = Field(..., examples=["Kim Jong Un"])
    entity_id: str = Field(..., examples=["ofac-20275"])
    decision: Literal["not_a_match", "match"]
    analyst: str
    note: str | None = None
    created_at: datetime


class DecisionList(BaseModel):
    """The newest rulings, newest first."""

    decisions: list[DecisionResponse]
