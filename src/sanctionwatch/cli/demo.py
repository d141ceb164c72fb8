"""`sanctionwatch demo`: the main job on the bundled sample data (what `make run` runs)."""

from __future__ import annotations

from pathlib import Path

import typer

from sanctionwatch.cli.context import app_context, console
from sanctionwatch.lists.snapshot import load_list

SAMPLES = Path(__file__).resolve().parents[3] / "samples"


def demo(ctx: typer.Context) -> None:
    """Load the bundled sample lists and show what the store holds."""
    store = app_context(ctx).store()
    lists_dir = SAMPLES / "lists"
    for path in sorted(lists_dir.iterdir()):
        if path.name == "prev":
            continue
        target = (
            path
            if any(p.suffix == ".csv" for p in path.iterdir())
            else next(p for p in sorted(path.iterdir()) if p.is_file())
        )
        result = load_list(store, target)
        console.print(f"{result.source}: {result.status} snapshot #{result.snapshot.id}")
