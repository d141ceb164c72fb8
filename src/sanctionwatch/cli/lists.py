"""`sanctionwatch lists ...`: download, load, inspect and diff official list snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import typer
from rich.table import Table

from sanctionwatch.cli.context import app_context, console, err_console
from sanctionwatch.cli.progress import progress_counter
from sanctionwatch.exceptions import SanctionwatchError
from sanctionwatch.ingest.fetch import Fetcher
from sanctionwatch.lists.snapshot import (
    LoadOptions,
    LoadResult,
    SnapshotDiff,
    diff_snapshots,
    load_list,
    update_source,
)
from sanctionwatch.lists.sources import SOURCES, get_source

app = typer.Typer(
    help="Official sanctions lists: update, load, status, diff.", no_args_is_help=True
)

DEFAULT_UPDATE = ("un", "ofac-sdn", "ofac-cons", "eu", "uk")


def _print_result(result: LoadResult) -> None:
    snap = result.snapshot
    if result.status == "unchanged":
        console.print(
            f"[yellow]{result.source}[/]: unchanged "
            f"(snapshot #{snap.id}, sha256 {snap.sha256[:12]})"
        )
        return
    by_schema = ", ".join(f"{n:,} {s}" for s, n in snap.counts.get("by_schema", {}).items())
    published = snap.published_at.date().isoformat() if snap.published_at else "no date in file"
    console.print(
        f"[green]{result.source}[/]: loaded snapshot #{snap.id} "
        f"({snap.counts.get('targets', 0):,} listed parties: {by_schema}; published {published})"
    )
    orphans = snap.report.get("orphans") or {}
    for name, count in orphans.items():
        console.print(f"  [yellow]{count:,} orphan rows in {name}[/] (no matching listed party)")
    for kind, count in (snap.report.get("unmapped") or {}).items():
        console.print(f"  [yellow]{count:,} {kind} values not recognised[/] (kept out)")
    if snap.report.get("warning_count"):
        console.print(f"  {snap.report['warning_count']:,} warnings (see `lists status --json`)")


@app.command("load")
def load(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="A list file, or a directory holding a file set."),
    source: str | None = typer.Option(
        None, "--source", "-s", help="Source name; detected from the content when omitted."
    ),
    force: bool = typer.Option(
        False, "--force", help="Load even if far fewer entities than the active snapshot."
    ),
) -> None:
    """Load a list file as the new active snapshot of its source."""
    context = app_context(ctx)
    if source is not None:
        get_source(source)
    with progress_counter(f"loading {path.name}") as advance:
        result = load_list(
            context.store(), path, LoadOptions(source=source, force=force), progress=advance
        )
    _print_result(result)


@app.command("update")
def update(
    ctx: typer.Context,
    sources: list[str] = typer.Argument(
        None, help=f"Sources to download (default: {' '.join(DEFAULT_UPDATE)})."
    ),
) -> None:
    """Download sources from their official URLs and load any that changed."""
    context = app_context(ctx)
    names = list(sources) if sources else list(DEFAULT_UPDATE)
    for name in names:
        get_source(name)
    failures = 0
    with Fetcher(context.settings) as fetcher:
        for name in names:
            try:
                with progress_counter(f"updating {name}") as advance:
                    result = update_source(
                        context.store(), context.settings, name, fetcher, progress=advance
                    )
                _print_result(result)
            except SanctionwatchError as exc:
                # One failed source must not stop the others; the previous snapshot stays active.
                failures += 1
                err_console.print(f"[bold red]Error:[/] {name}: {exc}", highlight=False)
    if failures:
        raise typer.Exit(1)


@app.command("status")
def status(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show the active snapshot of every source and the last failed load."""
    store = app_context(ctx).store()
    rows: list[dict[str, Any]] = []
    for name, spec in SOURCES.items():
        snapshots = store.snapshots(name)
        active = next((s for s in snapshots if s.status == "active"), None)
        failed = next((s for s in snapshots if s.status == "failed"), None)
        rows.append(
            {
                "source": name,
                "title": spec.title,
                "active": _snapshot_json(active) if active else None,
                "last_failure": _snapshot_json(failed)
                if failed and (active is None or failed.id > active.id)
                else None,
                "snapshots": len(snapshots),
            }
        )
    if as_json:
        console.print_json(orjson.dumps(rows).decode())
        return
    table = Table(title="List snapshots")
    for column in ("source", "snapshot", "published", "loaded", "listed parties", "sha256", "note"):
        table.add_column(column)
    for row in rows:
        active = row["active"]
        note = ""
        if row["last_failure"]:
            note = f"[red]last load failed: {row['last_failure']['error']}[/]"
        if active is None:
            table.add_row(row["source"], "-", "-", "-", "-", "-", note or "not loaded")
            continue
        table.add_row(
            row["source"],
            f"#{active['id']}",
            (active["published_at"] or "-")[:10],
            active["loaded_at"][:19].replace("T", " "),
            f"{active['counts'].get('targets', 0):,}",
            active["sha256"][:12],
            note,
        )
    console.print(table)


@app.command("diff")
def diff(
    ctx: typer.Context,
    source: str = typer.Argument(..., help="Source whose two newest snapshots to compare."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Entities added, removed and changed between the two newest snapshots of a source."""
    result = diff_snapshots(app_context(ctx).store(), source)
    if as_json:
        console.print_json(orjson.dumps(_diff_json(result)).decode())
        return
    console.print(
        f"[bold]{source}[/]: snapshot #{result.old.id} → #{result.new.id}: "
        f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} changed"
    )
    for label, items, colour in (
        ("added", result.added, "green"),
        ("removed", result.removed, "red"),
        ("changed", result.changed, "yellow"),
    ):
        if not items:
            continue
        table = Table(title=label, title_style=colour)
        table.add_column("id")
        table.add_column("schema")
        table.add_column("name")
        if label == "changed":
            table.add_column("fields")
        for item in items:
            cells = [item.id, item.schema, item.caption]
            if label == "changed":
                cells.append(", ".join(item.fields))
            table.add_row(*cells)
        console.print(table)


def _snapshot_json(snapshot: Any) -> dict[str, Any]:
    return {
        "id": snapshot.id,
        "source": snapshot.source,
        "origin": snapshot.origin,
        "status": snapshot.status,
        "sha256": snapshot.sha256,
        "published_at": snapshot.published_at.isoformat() if snapshot.published_at else None,
        "fetched_at": snapshot.fetched_at.isoformat() if snapshot.fetched_at else None,
        "loaded_at": snapshot.loaded_at.isoformat(),
        "counts": snapshot.counts,
        "report": snapshot.report,
        "error": snapshot.error,
    }


def _diff_json(result: SnapshotDiff) -> dict[str, Any]:
    return {
        "source": result.source,
        "old": _snapshot_json(result.old),
        "new": _snapshot_json(result.new),
        "added": [{"id": c.id, "schema": c.schema, "caption": c.caption} for c in result.added],
        "removed": [{"id": c.id, "schema": c.schema, "caption": c.caption} for c in result.removed],
        "changed": [
            {"id": c.id, "schema": c.schema, "caption": c.caption, "fields": c.fields}
            for c in result.changed
        ],
    }
