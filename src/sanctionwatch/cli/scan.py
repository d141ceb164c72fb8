"""`sanctionwatch scan`: read articles and report the listed parties, vessels and countries
they mention (transfers and findings are added by the extraction stage)."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import orjson
import typer
from rich.table import Table

from sanctionwatch.cli.context import app_context, console, err_console
from sanctionwatch.ingest.reader import report_errors
from sanctionwatch.scan import ArticleReport, ScanOptions, scan
from sanctionwatch.screening.service import ScreeningService


def scan_command(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(
        ..., help="URLs, files (HTML, text, RSS/Atom, WARC, JSON lines), directories, or '-'."
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per article (lines)."),
    processes: int = typer.Option(1, "--processes", "-p", min=1, help="spaCy worker processes."),
    save: bool = typer.Option(True, "--save/--no-save", help="Store the documents."),
) -> None:
    """Scan articles for listed parties, vessels and countries."""
    context = app_context(ctx)
    store = context.store()
    service = ScreeningService(store)
    index = service.state().index
    if not len(index):
        err_console.print(
            "[yellow]No lists are loaded: nothing can be linked to listed parties "
            "(run `sanctionwatch lists update`).[/]"
        )
    reports = scan(
        inputs,
        context.settings,
        index if len(index) else None,
        store=store,
        options=ScanOptions(processes=processes, save=save),
        on_error=report_errors,
        stdin=sys.stdin.buffer if "-" in inputs else None,
    )
    if as_json:
        for report in reports:
            sys.stdout.write(orjson.dumps(report.as_dict()).decode() + "\n")
        return
    _print_reports(reports)


def _print_reports(reports: Iterable[ArticleReport]) -> None:
    count = 0
    for report in reports:
        count += 1
        doc = report.document
        title = doc.title or doc.url or doc.origin or doc.id
        console.rule(f"[bold]{title}")
        meta = " · ".join(
            v for v in (doc.site, doc.published, doc.language, doc.url or doc.origin) if v
        )
        console.print(f"[dim]{doc.id} · {meta}[/]")
        analysis = report.analysis
        if analysis is None or analysis.skipped is not None:
            reason = doc.reason or (analysis.skipped if analysis else None) or "not analysed"
            console.print(f"[yellow]not analysed:[/] {reason}")
            continue
        if doc.duplicate_of:
            console.print(f"[yellow]near-duplicate of {doc.duplicate_of}[/] (counted once)")
        linked = [m for m in analysis.mentions if m.entity_id is not None]
        if linked:
            table = Table(title="Listed parties and vessels mentioned")
            for column in ("mention", "kind", "entity", "score", "sentence"):
                table.add_column(column)
            for mention in linked:
                sentence = analysis.sentences[mention.sentence].text
                table.add_row(
                    mention.text,
                    mention.kind,
                    f"{mention.entity_id}\n{mention.caption or ''}",
                    f"{mention.score:.2f}",
                    sentence if len(sentence) < 240 else sentence[:237] + "…",
                )
            console.print(table)
        else:
            console.print("No listed party or vessel mentioned.")
        if analysis.countries:
            console.print(
                "Countries: "
                + ", ".join(f"{c.upper()} ×{n}" for c, n in analysis.countries.items())
            )
    if count == 0:
        console.print("No articles found in the inputs.")
