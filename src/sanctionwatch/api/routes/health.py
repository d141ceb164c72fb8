"""`GET /healthz`: liveness, loaded lists, and the state of the screening index."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter

from sanctionwatch.api.models import HealthResponse, IndexHealth, SourceHealth
from sanctionwatch.api.state import Api
from sanctionwatch.lists.sources import SOURCES

router = APIRouter(tags=["Service"])


@router.get(
    "/healthz",
    summary="Service health, loaded lists and index freshness",
    response_model=HealthResponse,
)
def healthz(api: Api) -> HealthResponse:
    """Always 200 while the process serves; `status` says whether the answers are current:
    `ok`, `stale` (the store has newer snapshots than the index in use, e.g. during a rebuild)
    or `empty` (no lists loaded)."""
    state = api.service.state()
    active = api.store.active_snapshots()
    active_ids = sorted(s.id for s in active)
    current = list(state.snapshot_ids) == active_ids
    refresh = api.refresher.status()
    status: Literal["ok", "stale", "empty"]
    if not active:
        status = "empty"
    elif current:
        status = "ok"
    else:
        status = "stale"
    indexed = set(state.snapshot_ids)
    return HealthResponse(
        status=status,
        index=IndexHealth(
            entities=len(state.index),
            names=state.index.name_count,
            snapshot_ids=list(state.snapshot_ids),
            built_at=datetime.fromtimestamp(state.built_at, UTC),
            build_seconds=round(state.build_seconds, 4),
            current=current,
            rebuilding=refresh.rebuilding,
            refresh_seconds=refresh.interval,
            last_check_at=refresh.last_check_at,
            last_error=refresh.last_error,
        ),
        sources=[
            SourceHealth(
                source=s.source,
                title=SOURCES[s.source].title if s.source in SOURCES else s.source,
                snapshot_id=s.id,
                published_at=s.published_at,
                loaded_at=s.loaded_at,
                listed=int(s.counts.get("targets", 0)),
                indexed=s.id in indexed,
            )
            for s in active
        ],
    )
