"""The FastAPI application: `create_app(settings)` builds it; `sanctionwatch serve` runs it.

At startup (lifespan) the store is opened and the screening index built from the active
snapshots before the first request is answered; a background thread then keeps the index
current (see `refresher.py`). Everything the app holds lives on `app.state`, none in module
globals, so tests build as many apps as they like.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from sanctionwatch import __version__
from sanctionwatch.api.auth import ApiKeyAuth
from sanctionwatch.api.errors import BodySizeLimit, install_error_handlers
from sanctionwatch.api.refresher import IndexRefresher
from sanctionwatch.api.routes import ROUTERS
from sanctionwatch.api.state import ApiState
from sanctionwatch.screening.service import ScreeningService
from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import Store
from sanctionwatch.web import triage

log = logging.getLogger(__name__)

DESCRIPTION = """\
Screening against official sanctions lists (UN, OFAC, EU, UK, OpenSanctions), with
transliteration-aware, explainable matching (algorithm `sw-v2`).

`POST /match` speaks OpenSanctions yente's `/match` protocol, so a yente client works with a
changed base URL. Every error is `{"detail": "..."}`.
"""
TAGS = [
    {"name": "Matching", "description": "yente-compatible query-by-example screening."},
    {"name": "Search", "description": "Name search for people browsing the lists."},
    {"name": "Entities", "description": "Listed entities in full."},
    {"name": "Decisions", "description": "Analysts' rulings that suppress reviewed hits."},
    {"name": "Service", "description": "Health and freshness of the lists and the index."},
]


def _open(settings: Settings) -> ApiState:
    store = Store.open(settings)
    service = ScreeningService(store)
    try:
        state = service.state()  # build before serving: the first request must not wait
    except BaseException:
        store.close()
        raise
    log.info("screening index ready: %d entities", len(state.index))
    refresher = IndexRefresher(service, settings.index_refresh_seconds)
    return ApiState(settings, store, service, refresher)


def create_app(settings: Settings) -> FastAPI:
    """The API for `settings` (store, limits, refresh interval)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        api = await anyio.to_thread.run_sync(_open, settings)
        app.state.api = api
        api.refresher.start()
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(api.close)

    app = FastAPI(
        title="sanctionwatch",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.api_max_body_bytes)
    if settings.api_keys:
        # Added last, so it runs first: a request without a key is refused unread.
        app.add_middleware(ApiKeyAuth, keys=[k.get_secret_value() for k in settings.api_keys])
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(triage.router)
    return app


def create_app_from_env() -> FastAPI:
    """The API configured from `SANCTIONWATCH_*` variables, for ASGI servers run directly:
    `uvicorn --factory sanctionwatch.api.app:create_app_from_env`."""
    return create_app(Settings())
