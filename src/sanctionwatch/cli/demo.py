"""`sanctionwatch demo`: the main job on the bundled sample data (what `make run` runs)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from rich.table import Table

from sanctionwatch.cli.alerts import print_alerts
from sanctionwatch.cli.context import app_context, console
from sanctionwatch.ingest.reader import report_errors
from sanctionwatch.lists.snapshot import load_list
from sanctionwatch.scan import ScanOptions, scan
from sanctionwatch.screening.model import Query
from sanctionwatch.screening.service import ScreeningService
from sanctionwatch.store.alerts import list_alerts

SAMPLES = Path(__file__).resolve().parents[3] / "samples"

# One sample file per source; the OFAC SDN source is shown from its XML form.
SAMPLE_LISTS = (
    "un/consolidated.xml",
    "ofac/sdn.xml",
    "eu/xmlFullSanctionsList_1_1.xml",
    "uk/UK-Sanctions-List.xml",
    "ofsi/ConList.csv",
    "opensanctions/entities.ftm.json",
)

DEMO_QUERIES = (
    ("김정은 (Hangul)", Query(name="김정은", schema="Person")),
    ("Ким Чен Ын (Cyrillic)", Query(name="Ким Чен Ын", schema="Person")),
    ("Kim Chong Un, born 1984", Query(name="Kim Chong Un", schema="Person", birth_date="1984")),
    ("PUTIN, Vladimir Vladimirovich", Query(name="Vladimir Putin", schema="Person")),
    ("KOMID (acronym)", Query(name="KOMID", schema="Organization")),
    (
        "renamed ship, IMO 7937317",
        Query(name="Ocean Star", schema="Vessel", identifiers={"imo": ["7937317"]}),
    ),
    ("Ali Hassan (common name)", Query(name="Ali Hassan", schema="Person")),
)


def demo(ctx: typer.Context) -> None:
    """Load the bundled sample lists, screen a few names, scan the bundled example articles and
    print the alerts they raise."""
    store = app_context(ctx).store()
    for relative in SAMPLE_LISTS:
        result = load_list(store, SAMPLES / "lists" / relative)
        targets = result.snapshot.counts.get("targets", 0)
        console.print(
            f"[green]{result.source:>13}[/]: {result.status} snapshot #{result.snapshot.id} "
            f"({targets} listed parties, sample file {relative})"
        )
    service = ScreeningService(store)
    table = Table(title="Screening the sample lists")
    for column in ("query", "best matches (score, entity)", "why (best match)"):
        table.add_column(column)
    for label, query in DEMO_QUERIES:
        results = service.screen(query.validated())
        if not results:
            table.add_row(label, "[dim]no match above the threshold[/]", "")
            continue
        best = "\n".join(
            f"{r.match.score:.2f} {r.match.entity_id} {r.match.caption}" for r in results[:3]
        )
        table.add_row(label, best, "\n".join(f.detail for f in results[0].match.features))
    console.print(table)

    articles = SAMPLES / "articles"
    console.rule(f"Scanning the example articles in {articles}")
    reports = list(
        scan(
            [articles],
            app_context(ctx).settings,
            service.state().index,
            store=store,
            options=ScanOptions(),
            on_error=report_errors,
        )
    )
    for report in reports:
        doc = report.document
        verdicts = Counter(f.verdict for f in report.findings)
        summary = ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in sorted(verdicts.items()))
        copy = f" [dim](copy of {doc.duplicate_of})[/]" if doc.duplicate_of else ""
        console.print(
            f"[bold]{doc.title or doc.origin}[/]{copy}: {len(report.transfers)} transfer(s)"
            + (f"; findings: {summary}" if summary else "; no finding")
        )
    alerts, total = list_alerts(store, limit=25)
    print_alerts(alerts, f"Alerts ({total}); `sanctionwatch alerts show N` for the evidence")
    console.print(
        "To triage them in a browser: `sanctionwatch serve`, then open "
        "http://127.0.0.1:8000/ui/alerts",
        highlight=False,
    )
