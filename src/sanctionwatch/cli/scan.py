"""`sanctionwatch scan`: read articles and report the listed parties they name, the transfers
they report, the measures that apply (with citations) and the alerts they feed."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import orjson
import typer
from rich.table import Table

from sanctionwatch.alerts import VERDICT_SEVERITY
from sanctionwatch.cli.alerts import print_alerts
from sanctionwatch.cli.context import app_context, console, err_console
from sanctionwatch.ingest.reader import report_errors
from sanctionwatch.report import render_report
from sanctionwatch.scan import ArticleReport, ScanOptions, scan
from sanctionwatch.screening.service import ScreeningService
from sanctionwatch.store.alerts import get_alert
from sanctionwatch.store.repo import Store


def scan_command(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(
        ..., help="URLs, files (HTML, text, RSS/Atom, WARC, JSON lines), directories, or '-'."
    ),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per article (lines)."),
    html: Path | None = typer.Option(
        None, "--html", help="Also write a self-contained HTML report to this file."
    ),
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
    collected: list[ArticleReport] = []
    if as_json:
        for report in reports:
            collected.append(report)
            sys.stdout.write(orjson.dumps(report.as_dict()).decode() + "\n")
    else:
        collected = _print_reports(reports)
        _print_alerts(context.store(), collected)
    if html is not None:
        alert_ids = sorted({a for r in collected for a in r.alerts})
        alerts = [get_alert(store, a, full=False) for a in alert_ids]
        html.write_text(render_report(collected, alerts), encoding="utf-8")
        err_console.print(f"wrote the HTML report to {html}")


def _print_alerts(store: Store, reports: list[ArticleReport]) -> None:
    alert_ids = sorted({a for r in reports for a in r.alerts})
    if alert_ids:
        alerts = [get_alert(store, a, full=False) for a in alert_ids]
        alerts.sort(key=lambda a: -VERDICT_SEVERITY.get(a.verdict, 0))
        print_alerts(alerts, "Alerts fed by these articles")


def _print_reports(reports: Iterable[ArticleReport]) -> list[ArticleReport]:
    done: list[ArticleReport] = []
    for report in reports:
        done.append(report)
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
        _print_transfers(report)
    if not done:
        console.print("No articles found in the inputs.")
    return done


_STYLE = {
    "prohibited": "bold red",
    "needs_review": "yellow",
    "not_prohibited": "green",
    "listed_party": "magenta",
}


def _print_transfers(report: ArticleReport) -> None:
    if not report.transfers:
        console.print("No reported transfer.")
    for number, transfer in enumerate(report.transfers):
        supplier = transfer.supplier or "?"
        recipient = transfer.recipient or "?"
        route = (
            f"{supplier} ({(transfer.supplier_country or '?').upper()}) → "
            f"{recipient} ({(transfer.recipient_country or '?').upper()})"
        )
        console.print(
            f"\n[bold]Transfer {number + 1}[/]: {transfer.goods} [dim]({transfer.category})[/] "
            f"{route}\n  certainty: {transfer.certainty}; according to "
            f"{transfer.attributed_to or 'the outlet'}"
            + (f"; vessels: {', '.join(transfer.vessels)}" if transfer.vessels else ""),
            highlight=False,
        )
        console.print(f"  “{transfer.sentence}”", style="italic", highlight=False)
        for finding in report.findings:
            if finding.transfer != number:
                continue
            style = _STYLE.get(finding.verdict, "")
            cite = f" {finding.citation}" if finding.citation else ""
            console.print(
                f"  [{style}]{finding.verdict}[/]{cite}: {finding.rationale}", highlight=False
            )
    for finding in report.findings:
        if finding.transfer is None:
            console.print(f"[magenta]listed party[/] {finding.rationale}", highlight=False)
