"""What the running API holds (settings, store, screening service, refresher) and how routes
get it: the lifespan puts one `ApiState` on `app.state`; routes depend on `get_api`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from sanctionwatch.api.refresher import IndexRefresher
from sanctionwatch.screening.service import ScreeningService
from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import Store


@dataclass
class ApiState:
    """The per-process state of the API, built by the lifespan and closed at shutdown."""

    settings: Settings
    store: Store
    service: ScreeningService
    refresher: IndexRefresher

    def close(self) -> None:
        """Stop the refresher, then release the store."""
        self.refresher.stop()
        self.store.close()


def get_api(request: Request) -> ApiState:
    """The `ApiState` of the app serving `request`."""
    state: ApiState = request.app.state.api
    return state


Api = Annotated[ApiState, Depends(get_api)]
