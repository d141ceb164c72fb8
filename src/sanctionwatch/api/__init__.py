"""The HTTP API (FastAPI): yente-compatible `/match`, search, entities, decisions, health."""

from __future__ import annotations

from sanctionwatch.api.app import create_app

__all__ = ["create_app"]
