"""`sanctionwatch entities ...`: show one listed party in full, or export them all."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.table import Table

from sanctionwatch.cli.context import app_context, console, err_console
from sanctionwatch.lists.entities import (
    EntityDetail,
    check_format,
    entity_detail,
    export_csv,
    export_ftm,
)

app = typer.Typer(help="Listed parties in the store: show, export.", no_args_is_help=True)

# Properties shown first, in this order; the rest follow alphabetically.
_FIRST = ("name", "alias", "weakAlias", "previousName", "birthDate", "birthPlace", "nationality")


@app.command("show")
def show(
    ctx: typer.Context,
    entity_id: str = typer.Argument(..., help="Entity id, e.g. un-KPe.001 or ofac-17069."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """All names, sanctions, identifiers and snapshots of one entity."""
    detail = entity_detail(app_context(ctx).store(), entity_id)
    if as_json:
        console.print_json(orjson.dumps(_detail_json(detail)).decode())
        return
    current = detail.current
    entity = current.entity
    console.print(
        f"[bold]{entity.caption}[/] ({entity.schema}, {entity.id}) — "
        f"{current.snapshot.source} snapshot #{current.snapshot.id} ({current.snapshot.status})"
    )
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="cyan")
    table.add_column()
    ordered = [p for p in _FIRST if p in entity.properties] + sorted(
        p for p in entity.properties if p not in _FIRST
    )
    for prop in ordered:
        table.add_row(prop, "\n".join(entity.properties[prop]))
    console.print(table)
    for record in current.related:
        props = record.properties
        if record.schema == "Sanction":
            line = " · ".join(
                v
                for v in (
                    ", ".join(props.get("authority", [])),
                    ", ".join(props.get("program", [])),
                    "listed " + ", ".join(props.get("listingDate", []))
                    if props.get("listingDate")
                    else "",
                )
                if v
            )
            console.print(f"[magenta]Sanction[/]: {line}")
        else:
            summary = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(props.items()))
            console.print(f"[magenta]{record.schema}[/]: {summary}")
    console.print(
        "Snapshots: "
        + ", ".join(
            f"#{v.snapshot.id} {v.snapshot.source} ({v.snapshot.status})" for v in detail.versions
        )
    )


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: str = typer.Option("ftm", "--format", "-f", help="ftm (JSON lines) or csv."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output file (default: stdout)."),
    source: list[str] = typer.Option(None, "--source", "-s", help="Only these sources."),
) -> None:
    """Export the listed parties of the active snapshots."""
    check_format(fmt)
    store = app_context(ctx).store()
    sources = list(source) if source else None
    if fmt == "ftm":
        if out is None:
            count = export_ftm(store, sys.stdout.buffer, sources)
        else:
            with out.open("wb") as handle:
                count = export_ftm(store, handle, sources)
    elif out is None:
        count = export_csv(store, sys.stdout, sources)
    else:
        with out.open("w", newline="", encoding="utf-8") as handle:
            count = export_csv(store, handle, sources)
    err_console.print(f"exported {count:,} {'entities' if fmt == 'ftm' else 'listed parties'}")


def _detail_json(detail: EntityDetail) -> dict[str, Any]:
    return {
        "id": detail.id,
        "versions": [
            {
                "snapshot": {
                    "id": v.snapshot.id,
                    "source": v.snapshot.source,
                    "status": v.snapshot.status,
                    "published_at": v.snapshot.published_at.isoformat()
                    if v.snapshot.published_at
                    else None,
                },
                "entity": {
                    "id": v.entity.id,
                    "schema": v.entity.schema,
                    "caption": v.entity.caption,
                    "properties": v.entity.properties,
                },
                "related": [
                    {"id": r.id, "schema": r.schema, "properties": r.properties} for r in v.related
                ],
            }
            for v in detail.versions
        ],
    }
