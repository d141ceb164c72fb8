"""`GET /entities/{id}`: one listed entity in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from sanctionwatch.api.models import EntityDetailResponse, ErrorResponse
from sanctionwatch.api.results import entity_detail_response
from sanctionwatch.api.state import Api
from sanctionwatch.lists.entities import entity_detail

router = APIRouter(tags=["Entities"])


@router.get(
    "/entities/{entity_id}",
    summary="A listed entity with its sanctions, identifications and snapshots",
    response_model=EntityDetailResponse,
    responses={404: {"model": ErrorResponse, "description": "No entity with this id"}},
)
def get_entity(
    api: Api,
    entity_id: Annotated[
        str, Path(description="An entity id such as `ofac-20275` or `un-KPe.001`.")
    ],
) -> EntityDetailResponse:
    """The entity as its active snapshot lists it (else its newest version, e.g. when the
    party was delisted), with nested `sanctions`/`identification` records, the list entries,
    and every snapshot that holds a version of it."""
    return entity_detail_response(entity_detail(api.store, entity_id))
