"""`POST /match` and `POST /match/{dataset}`: yente's query-by-example matcher."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Path, Query, Response

from sanctionwatch.api.models import (
    MAX_EXCLUDED_IDS,
    MAX_LIMIT,
    PERSON_EXAMPLE,
    VESSEL_EXAMPLE,
    EntityExample,
    EntityMatches,
    ErrorResponse,
    MatchRequest,
    MatchResponse,
    TotalSpec,
    ValidationErrorResponse,
)
from sanctionwatch.api.queries import MatchPlan, example_query, match_plan, result_filter
from sanctionwatch.api.results import MATCHER_DOCS, listed_properties, scored_entity
from sanctionwatch.api.state import Api, ApiState
from sanctionwatch.exceptions import UsageError
from sanctionwatch.screening.model import ALGORITHM, DEFAULT_THRESHOLD
from sanctionwatch.screening.model import Query as ScreeningQuery

router = APIRouter(tags=["Matching"])

DEFAULT_LIMIT = 5  # yente's MATCH_PAGE
_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorResponse, "description": "Invalid query, option or batch size"},
    404: {"model": ErrorResponse, "description": "Unknown dataset"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
    422: {"model": ValidationErrorResponse, "description": "Malformed request body"},
    503: {"model": ErrorResponse, "description": "No lists are loaded"},
}
_BODY_EXAMPLES = {
    "person_and_company": {
        "summary": "yente's documentation example",
        "value": {
            "queries": {
                "entity1": {
                    "schema": "Person",
                    "properties": {
                        "name": ["John Doe"],
                        "birthDate": ["1975-04-21"],
                        "nationality": ["us"],
                    },
                },
                "entity2": {
                    "schema": "Company",
                    "properties": {
                        "name": ["Brilliant Amazing Limited"],
                        "jurisdiction": ["hk"],
                        "registrationNumber": ["84BA99810"],
                    },
                },
            }
        },
    },
    "listed_person_and_vessel": {
        "summary": "A listed person and a renamed vessel found by IMO number",
        "value": {"queries": {"q1": PERSON_EXAMPLE, "q2": VESSEL_EXAMPLE}},
    },
}
_DESCRIPTION = """\
Match example entities (FtM schema + properties) against the loaded lists, as OpenSanctions'
yente does: the request and response shapes are yente's, so a yente client works with a
changed base URL. Each result adds sanctionwatch's `explanation` (feature, value, signed
weight, why), the `sanctions` list entries, the `algorithm`, and any analyst `decision`
(`suppressed` hits are returned last with `match: false`).

Useful properties: **Person** `name`, `birthDate`, `nationality`, `idNumber`,
`passportNumber`; **Company/Organization** `name`, `jurisdiction`/`country`,
`registrationNumber`; **Vessel** `name`, `imoNumber`, `mmsi`, `flag`.

`algorithm` accepts `sw-v2` and yente's names (`best`, `default`, `logic-v1`, `logic-v2`,
`name-based`, `name-qualified`, `regression-v1`, `regression-v2`); all run `sw-v2`.
`weights` is accepted and ignored (an algorithm's weights are part of its name).
"""


def not_empty(api: ApiState) -> None:
    """503 while no list is loaded: an empty result would read as "not listed"."""
    if not api.service.state().index:
        raise HTTPException(
            503, "no lists are loaded: run `sanctionwatch lists update` or `lists load`"
        )


def run_match(api: ApiState, body: MatchRequest, plan: MatchPlan) -> MatchResponse:
    """Screen every query of a batch and shape the responses (a bad query fails the batch)."""
    max_batch = api.settings.api_max_batch
    if len(body.queries) > max_batch:
        raise UsageError(f"Too many queries in one batch (limit: {max_batch})")
    if not body.queries:
        raise UsageError("No queries provided.")
    keys = list(body.queries)
    parsed = [example_query(body.queries[k], f"query {k!r}") for k in keys]
    not_empty(api)
    queries: list[ScreeningQuery] = [query for query, _proxy in parsed]
    state = api.service.state()
    screened = api.service.screen_many(queries, plan.options)
    kept = [
        [s for s in items if plan.filter.keeps(s.match.entity_id, s.match.schema, s.match.source)]
        for items in screened
    ]
    records = listed_properties(
        api.store, state, {s.match.entity_id for items in kept for s in items[: plan.limit]}
    )
    responses: dict[str, EntityMatches] = {}
    for key, (_query, proxy), found, items in zip(keys, parsed, screened, kept, strict=True):
        page = items[: plan.limit]
        # The engine stops at options.limit: reaching it means there may be more.
        relation = "gte" if len(found) >= plan.options.limit else "eq"
        results = [
            scored_entity(s, plan.threshold, records.get(s.match.entity_id), state) for s in page
        ]
        echo = EntityExample.model_validate(
            {"id": proxy.id, "schema": proxy.schema.name, "properties": proxy.properties}
        )
        responses[key] = EntityMatches(
            status=200,
            results=results,
            total=TotalSpec(value=len(items), relation=relation),
            query=echo,
        )
    return MatchResponse(responses=responses, matcher=MATCHER_DOCS, limit=plan.limit)


def _match(
    api: ApiState,
    response: Response,
    body: MatchRequest,
    dataset: str,
    limit: int,
    threshold: float,
    cutoff: float | None,
    algorithm: str,
    include_dataset: list[str],
    exclude_dataset: list[str],
    exclude_schema: list[str],
    exclude_entity_ids: list[str],
) -> MatchResponse:
    filters = result_filter(
        dataset, include_dataset, exclude_dataset, exclude_schema, exclude_entity_ids
    )
    plan = match_plan(
        threshold=threshold,
        cutoff=cutoff,
        limit=limit,
        algorithm=algorithm,
        config=body.config,
        result_filter=filters,
    )
    result = run_match(api, body, plan)
    response.headers["x-batch-size"] = str(len(result.responses))
    return result


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results per query.")]
Threshold = Annotated[
    float, Query(ge=0.0, le=1.0, description="Score at which a result is a `match`.")
]
Cutoff = Annotated[
    float | None,
    Query(
        ge=0.0,
        le=1.0,
        deprecated=True,
        description="Lowest score returned (yente's deprecated `cutoff`); default: threshold.",
    ),
]
Algorithm = Annotated[str, Query(description="`sw-v2`, or a yente name (mapped to sw-v2).")]
IncludeDataset = Annotated[
    list[str], Query(description="Only results from these lists (un, ofac-sdn, eu, ...).")
]
ExcludeDataset = Annotated[list[str], Query(description="No results from these lists.")]
ExcludeSchema = Annotated[list[str], Query(description="No results of these FtM schemata.")]
ExcludeIds = Annotated[
    list[str],
    Query(max_length=MAX_EXCLUDED_IDS, description="Entity ids left out of the results."),
]
Dataset = Annotated[
    str,
    Path(description="`default` or `sanctions` (every list), or one list name such as `un`."),
]
MatchBody = Annotated[MatchRequest, Body(openapi_examples=_BODY_EXAMPLES)]


@router.post(
    "/match",
    summary="Query-by-example matcher over every list (yente-compatible)",
    description=_DESCRIPTION,
    response_model=MatchResponse,
    responses=_ERRORS,
)
def match_all(
    api: Api,
    response: Response,
    body: MatchBody,
    limit: Limit = DEFAULT_LIMIT,
    threshold: Threshold = DEFAULT_THRESHOLD,
    cutoff: Cutoff = None,
    algorithm: Algorithm = ALGORITHM,
    include_dataset: IncludeDataset = [],  # noqa: B006  # FastAPI copies query defaults
    exclude_dataset: ExcludeDataset = [],  # noqa: B006
    exclude_schema: ExcludeSchema = [],  # noqa: B006
    exclude_entity_ids: ExcludeIds = [],  # noqa: B006
) -> MatchResponse:
    """Match example entities against every loaded list."""
    return _match(
        api,
        response,
        body,
        "default",
        limit,
        threshold,
        cutoff,
        algorithm,
        include_dataset,
        exclude_dataset,
        exclude_schema,
        exclude_entity_ids,
    )


@router.post(
    "/match/{dataset}",
    summary="Query-by-example matcher scoped to a dataset (yente-compatible)",
    description=_DESCRIPTION,
    response_model=MatchResponse,
    responses=_ERRORS,
)
def match_dataset(
    api: Api,
    response: Response,
    body: MatchBody,
    dataset: Dataset,
    limit: Limit = DEFAULT_LIMIT,
    threshold: Threshold = DEFAULT_THRESHOLD,
    cutoff: Cutoff = None,
    algorithm: Algorithm = ALGORITHM,
    include_dataset: IncludeDataset = [],  # noqa: B006  # FastAPI copies query defaults
    exclude_dataset: ExcludeDataset = [],  # noqa: B006
    exclude_schema: ExcludeSchema = [],  # noqa: B006
    exclude_entity_ids: ExcludeIds = [],  # noqa: B006
) -> MatchResponse:
    """Match example entities against one list, or every list for `default`/`sanctions`."""
    return _match(
        api,
        response,
        body,
        dataset,
        limit,
        threshold,
        cutoff,
        algorithm,
        include_dataset,
        exclude_dataset,
        exclude_schema,
        exclude_entity_ids,
    )
