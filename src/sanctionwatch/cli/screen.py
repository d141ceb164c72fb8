"""`sanctionwatch screen` (one query, or a CSV batch) and `sanctionwatch decisions ...`."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer
from rich.table import Table

from sanctionwatch.cli.context import app_context, console, err_console
from sanctionwatch.cli.progress import progress_counter
from sanctionwatch.exceptions import UsageError
from sanctionwatch.screening.batch import open_csv, screen_csv
from sanctionwatch.screening.model import Query, ScreenOptions
from sanctionwatch.screening.service import ScreenedMatch, ScreeningService
from sanctionwatch.store.decisions import list_decisions

decisions_app = typer.Typer(help="Analysts' screening decisions.", no_args_is_help=True)


def _query(
    *,
    name: str | None,
    schema: str,
    birth_date: str | None,
    country: list[str] | None,
    imo: list[str] | None,
    mmsi: list[str] | None,
    passport: list[str] | None,
    id_number: list[str] | None,
) -> Query:
    identifiers = {
        kind: list(values)
        for kind, values in (
            ("imo", imo),
            ("mmsi", mmsi),
            ("passport", passport),
            ("id", id_number),
        )
        if values
    }
    return Query(
        name=name,
        schema=schema,
        birth_date=birth_date,
        countries=list(country or []),
        identifiers=identifiers,
    ).validated()


def screen(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="The name to screen (any script)."),
    schema: str = typer.Option("Thing", "--schema", help="Person, Company, Organization, Vessel…"),
    birth_date: str | None = typer.Option(
        None, "--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD."
    ),
    country: list[str] = typer.Option(None, "--country", help="Nationality/country (ISO code)."),
    imo: list[str] = typer.Option(None, "--imo", help="IMO number (vessels, ship owners)."),
    mmsi: list[str] = typer.Option(None, "--mmsi", help="MMSI number."),
    passport: list[str] = typer.Option(None, "--passport", help="Passport number."),
    id_number: list[str] = typer.Option(None, "--id", help="National id / registration number."),
    threshold: float = typer.Option(ScreenOptions().threshold, help="Lowest score reported."),
    limit: int = typer.Option(10, help="Most matches per query."),
    as_json: bool = typer.Option(False, "--json", help="Print the matches as JSON."),
    csv_in: Path | None = typer.Option(None, "--csv", help="Screen every row of this CSV."),
    csv_out: Path | None = typer.Option(None, "--out", help="Batch results CSV (default stdout)."),
    processes: int = typer.Option(
        1, "--processes", "-p", min=1, help="Worker processes for --csv (forked after the index)."
    ),
) -> None:
    """Screen a name (or a CSV of names) against the active list snapshots."""
    options = ScreenOptions(threshold=threshold, limit=limit)
    options.validate()
    service = ScreeningService(app_context(ctx).store())
    if csv_in is not None:
        if name is not None:
            raise UsageError("give either a NAME or --csv, not both")
        _batch(service, csv_in, csv_out, options, processes)
        return
    query = _query(
        name=name,
        schema=schema,
        birth_date=birth_date,
        country=country,
        imo=imo,
        mmsi=mmsi,
        passport=passport,
        id_number=id_number,
    )
    if not service.state().index:
        raise UsageError("no lists are loaded: run `sanctionwatch lists update` or `lists load`")
    results = service.screen(query, options)
    if as_json:
        sys.stdout.write(orjson.dumps([r.as_dict() for r in results]).decode() + "\n")
        return
    _print_matches(query, results)


def _batch(
    service: ScreeningService,
    path: Path,
    out: Path | None,
    options: ScreenOptions,
    processes: int,
) -> None:
    service.state()  # build the index before the progress bar starts
    with open_csv(path) as source, progress_counter(f"screening {path.name}") as advance:
        if out is None:
            summary = screen_csv(
                service,
                source,
                sys.stdout,
                options,
                path=str(path),
                progress=advance,
                processes=processes,
            )
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                summary = screen_csv(
                    service,
                    source,
                    handle,
                    options,
                    path=str(path),
                    progress=advance,
                    processes=processes,
                )
    for error in summary.errors[:20]:
        err_console.print(f"[yellow]skipped[/] {error}", highlight=False)
    err_console.print(
        f"screened {summary.rows:,} rows in {summary.seconds:.1f}s "
        f"({summary.names_per_second:,.0f}/s): {summary.rows_with_hits:,} with matches, "
        f"{summary.matches:,} matches, {summary.suppressed:,} suppressed by decisions, "
        f"{len(summary.errors):,} rows skipped"
    )


def _print_matches(query: Query, results: list[ScreenedMatch]) -> None:
    title = " / ".join(query.names()) or "identifiers"
    if not results:
        console.print(f"No matches for [bold]{title}[/].")
        return
    table = Table(title=f"Matches for {title}")
    for column in ("score", "entity", "schema", "name", "matched on", "lists", "why"):
        table.add_column(column)
    for item in results:
        match = item.match
        lists = "\n".join(
            sorted({f"{s.authority or '?'}: {s.program or '?'}" for s in match.sanctions})
        )
        why = "\n".join(f.detail for f in match.features)
        if item.decision is not None:
            state = "stale, entity changed" if item.stale_decision else "current"
            why += (
                f"\n[magenta]decision: {item.decision.decision} by {item.decision.analyst}"
                f" ({state})[/]"
            )
        style = "dim" if item.suppressed else None
        table.add_row(
            f"{match.score:.2f}",
            match.entity_id,
            match.schema,
            match.caption,
            match.matched_name or "",
            lists,
            why,
            style=style,
        )
    console.print(table)
    console.print(f"algorithm {results[0].match.algorithm}")


@decisions_app.command("add")
def add_decision(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The screened name, as queried."),
    entity_id: str = typer.Argument(..., help="The listed entity ruled on."),
    not_a_match: bool = typer.Option(
        True, "--not-a-match/--match", help="The ruling (default: not a match)."
    ),
    analyst: str = typer.Option(..., "--analyst", help="Who decides."),
    note: str | None = typer.Option(None, "--note", help="Why."),
    schema: str = typer.Option("Thing", "--schema", help="Schema of the screened query."),
) -> None:
    """Record that a screened name is (not) a listed entity; honoured until the entity changes."""
    service = ScreeningService(app_context(ctx).store())
    query = Query(name=name, schema=schema).validated()
    decision = service.decide(
        query, entity_id, "not_a_match" if not_a_match else "match", analyst, note
    )
    console.print(
        f"decision #{decision.id}: {decision.query_text!r} is "
        f"{'not ' if decision.decision == 'not_a_match' else ''}{entity_id} ({decision.analyst})"
    )


@decisions_app.command("list")
def list_cmd(
    ctx: typer.Context,
    limit: int = typer.Option(50, help="How many, newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The newest screening decisions."""
    rows = list_decisions(app_context(ctx).store(), limit)
    if as_json:
        data = [
            {
                "id": d.id,
                "query": d.query_text,
                "entity_id": d.entity_id,
                "decision": d.decision,
                "analyst": d.analyst,
                "note": d.note,
                "created_at": d.created_at.isoformat(),
            }
            for d in rows
        ]
        sys.stdout.write(orjson.dumps(data).decode() + "\n")
        return
    table = Table(title="Screening decisions")
    for column in ("#", "query", "entity", "decision", "analyst", "when", "note"):
        table.add_column(column)
    for d in rows:
        table.add_row(
            str(d.id),
            d.query_text,
            d.entity_id,
            d.decision,
            d.analyst,
            d.created_at.strftime("%Y-%m-%d %H:%M"),
            d.note or "",
        )
    console.print(table)
