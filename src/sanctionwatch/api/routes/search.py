"""`GET /search?q=`: name search, i.e. screening one name with a low threshold."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sanctionwatch.api.models import MAX_LIMIT, ErrorResponse, SearchResponse, TotalSpec
from sanctionwatch.api.results import listed_properties, scored_entity
from sanctionwatch.api.routes.match import not_empty
from sanctionwatch.api.state import Api
from sanctionwatch.screening.model import DEFAULT_THRESHOLD, ScreenOptions
from sanctionwatch.screening.model import Query as ScreeningQuery

router = APIRouter(tags=["Search"])

# Low enough to list look-alikes for a person browsing, high enough to keep noise out.
SEARCH_THRESHOLD = 0.25


@router.get(
    "/search",
    summary="Search listed entities by name",
    response_model=SearchResponse,
    responses={
        400: {"model": ErrorResponse, "description": "Empty, over-long or malformed name"},
        503: {"model": ErrorResponse, "description": "No lists are loaded"},
    },
)
def search(
    api: Api,
    q: Annotated[str, Query(description="A name in any script.", examples=["Kim Jong Un"])],
    schema: Annotated[
        str, Query(description="FtM schema of the party: Thing (any), Person, Vessel...")
    ] = "Thing",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Most results.")] = 10,
    threshold: Annotated[
        float, Query(ge=0.0, le=1.0, description="Lowest score listed.")
    ] = SEARCH_THRESHOLD,
) -> SearchResponse:
    """Listed entities whose names resemble `q`, best first, with scores and explanations.

    `match` on each result is judged at the default matching threshold (0.70).
    """
    query = ScreeningQuery(name=q, schema=schema).validated()
    not_empty(api)
    options = ScreenOptions(threshold=threshold, limit=limit + 1)
    state = api.service.state()
    found = api.service.screen(query, options)
    page = found[:limit]
    records = listed_properties(api.store, state, [s.match.entity_id for s in page])
    return SearchResponse(
        results=[
            scored_entity(s, DEFAULT_THRESHOLD, records.get(s.match.entity_id), state) for s in page
        ],
        total=TotalSpec(value=len(page), relation="gte" if len(found) > limit else "eq"),
        limit=limit,
    )
