"""The API's routers, one module per resource."""

from __future__ import annotations

from fastapi import APIRouter

from sanctionwatch.api.routes import decisions, entities, health, match, search

ROUTERS: tuple[APIRouter, ...] = (
    match.router,
    search.router,
    entities.router,
    decisions.router,
    health.router,
)
