"""Per-invocation state of the CLI: the settings built at the entry point and a lazy store.

It travels in Typer's context object (`ctx.obj`), not in a module global.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import typer
from rich.console import Console

from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import Store

console = Console()
err_console = Console(stderr=True)


@dataclass
class AppContext:
    """Settings and the store for one command invocation."""

    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        """The store, opened (and migrated) on first use."""
        if self._store is None:
            self._store = Store.open(self.settings)
        return self._store

    def close(self) -> None:
        """Release the store's connections."""
        if self._store is not None:
            self._store.close()
            self._store = None


def app_context(ctx: typer.Context) -> AppContext:
    """The AppContext the root callback put in `ctx.obj`."""
    root = ctx.find_root()
    obj = root.obj
    if not isinstance(obj, AppContext):
        obj = AppContext(Settings())
        root.obj = obj
        root.call_on_close(obj.close)
    return obj
