"""`POST /decisions` and `GET /decisions`: analysts' rulings on screening results."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sanctionwatch.api.models import (
    DecisionList,
    DecisionRequest,
    DecisionResponse,
    ErrorResponse,
    ValidationErrorResponse,
)
from sanctionwatch.api.queries import decision_query
from sanctionwatch.api.results import decision_response
from sanctionwatch.api.state import Api
from sanctionwatch.screening.normalize import check_query_text
from sanctionwatch.store.decisions import list_decisions

router = APIRouter(tags=["Decisions"])


@router.post(
    "/decisions",
    summary="Record that a screened query is (not) a listed entity",
    status_code=201,
    response_model=DecisionResponse,
    responses={
        400: {"model": ErrorResponse, "description": "Invalid query or analyst"},
        404: {"model": ErrorResponse, "description": "Entity not in the active snapshots"},
        422: {"model": ValidationErrorResponse, "description": "Malformed request body"},
    },
)
def add_decision(api: Api, body: DecisionRequest) -> DecisionResponse:
    """Store a ruling. A current `not_a_match` ruling suppresses the entity in later
    screenings of the same names and identifiers (`suppressed: true`, `match: false`) until
    the entity changes in a new snapshot; the newest ruling on a pair counts."""
    query = decision_query(body.names, body.schema_, body.identifiers, body.query)
    analyst = check_query_text(body.analyst, "analyst")
    entity_id = check_query_text(body.entity_id, "entity_id")
    # The note is free text (line breaks allowed); the model caps its length.
    decision = api.service.decide(query, entity_id, body.decision, analyst, body.note)
    return decision_response(decision)


@router.get(
    "/decisions",
    summary="The newest screening decisions",
    response_model=DecisionList,
)
def get_decisions(
    api: Api,
    limit: Annotated[int, Query(ge=1, le=1000, description="How many, newest first.")] = 50,
) -> DecisionList:
    """Rulings, newest first."""
    return DecisionList(decisions=[decision_response(d) for d in list_decisions(api.store, limit)])
