"""`sanctionwatch demo`: the main job on the bundled sample data (what `make run` runs)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from sanctionwatch.cli.context import app_context, console
from sanctionwatch.lists.snapshot import load_list
from sanctionwatch.screening.model import Query
from sanctionwatch.screening.service import ScreeningService

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
    """Load the bundled sample lists and screen a few names against them."""
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
