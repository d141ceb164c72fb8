"""`sanctionwatch eval ...`: screening quality on labelled pairs (`screening`, `build-pairs`),
mention linking (`mentions`) and transfer extraction (`extraction`) on gold articles, main-text
extraction (`maintext`)."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
import typer
from followthemoney.proxy import EntityProxy
from rich.table import Table

from sanctionwatch.cli.context import app_context, console, err_console
from sanctionwatch.evaluation.corpus import (
    discover,
    iter_list_entities,
    load_corpus,
    store_entities,
)
from sanctionwatch.evaluation.extraction import score_extraction
from sanctionwatch.evaluation.gold import gold_documents, read_gold
from sanctionwatch.evaluation.maintext import evaluate_maintext
from sanctionwatch.evaluation.mentions import score_mentions
from sanctionwatch.evaluation.pairs import (
    DEFAULT_SEED,
    BuildReport,
    build_pairs,
    read_pairs,
    write_pairs,
)
from sanctionwatch.evaluation.screening import Evaluation, evaluate_pairs
from sanctionwatch.exceptions import UsageError
from sanctionwatch.extract.transfers import extract_transfers
from sanctionwatch.nlp.analyze import analyze_many
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import DEFAULT_THRESHOLD
from sanctionwatch.screening.service import ScreeningService

app = typer.Typer(
    help="Measure quality on labelled sets: screening pairs, mentions, main text.",
    no_args_is_help=True,
)


@app.command("screening")
def screening(
    ctx: typer.Context,
    pairs: Path = typer.Option(
        ..., "--pairs", help="CSV of query,candidate,label[,schema][,category] (label 0/1)."
    ),
    lists: Path | None = typer.Option(
        None,
        "--lists",
        help="Index the list files in this directory (laid out like ../shared/data/lists) "
        "instead of the active snapshots.",
    ),
    threshold: float = typer.Option(
        DEFAULT_THRESHOLD, "--threshold", help="Score at which a pair counts as a match."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Precision, recall and F1 of the screening engine on labelled pairs, and the curve."""
    if not 0.0 <= threshold <= 1.0:
        raise UsageError(f"threshold must be between 0 and 1, not {threshold}")
    labelled = read_pairs(pairs)
    background: list[EntityProxy]
    if lists is not None:
        background = [entity for _source, entity in iter_list_entities(discover(lists))]
    else:
        background = list(store_entities(app_context(ctx).store()))
        if not background:
            err_console.print(
                "[yellow]warning:[/] no lists are loaded; word rarity comes from the pairs "
                "alone (load lists or pass --lists for realistic figures)"
            )
    result = evaluate_pairs(labelled, background, threshold)
    if as_json:
        sys.stdout.write(orjson.dumps(result.as_dict()).decode() + "\n")
        return
    _print_evaluation(result)


@app.command("build-pairs")
def build_pairs_command(
    lists: Path = typer.Option(
        ..., "--lists", help="Directory of list files (laid out like ../shared/data/lists)."
    ),
    out: Path = typer.Option(..., "--out", help="Where to write the pairs CSV."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed of the random draws."),
) -> None:
    """Build the labelled dev set from real list files (deterministic for a seed)."""
    report = build_pairs(load_corpus(lists), seed)
    count = write_pairs(out, report.pairs)
    _print_build(report)
    console.print(f"wrote {count:,} pairs to {out}")


def _at_precision(point: dict[str, float]) -> str:
    if "threshold" not in point:
        return "none (no threshold reaches that precision)"
    return f"{point['recall']:.4f} at {point['threshold']:.4f} (precision {point['precision']:.4f})"


def _print_evaluation(result: Evaluation) -> None:
    data = result.as_dict()
    summary = Table(title=f"Screening quality ({data['algorithm']})")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    rows = [
        ("pairs", f"{data['pairs']:,} ({data['positives']:,} matches, {data['negatives']:,} not)"),
        ("threshold", f"{data['threshold']:.2f}"),
        ("precision", f"{data['precision']:.4f}"),
        ("recall", f"{data['recall']:.4f}"),
        ("F1", f"{data['f1']:.4f}"),
        ("true / false positives", f"{data['tp']:,} / {data['fp']:,}"),
        ("false / true negatives", f"{data['fn']:,} / {data['tn']:,}"),
        (
            "best F1",
            f"{data['best_f1']['f1']:.4f} at {data['best_f1']['threshold']:.4f}",
        ),
        (
            f"recall at precision ≥ {data['recall_at_precision']['precision_floor']:.2f}",
            _at_precision(data["recall_at_precision"]),
        ),
        ("matches not retrieved", f"{data['positives_not_retrieved']:,}"),
        ("scores of 1.0", f"{data['at_one']:,}"),
    ]
    for name, value in rows:
        summary.add_row(name, value)
    console.print(summary)
    curve = Table(title="Precision-recall curve")
    for column in ("threshold", "precision", "recall", "F1"):
        curve.add_column(column, justify="right")
    for point in data["curve"]:
        curve.add_row(
            f"{point['threshold']:.2f}",
            f"{point['precision']:.4f}",
            f"{point['recall']:.4f}",
            f"{point['f1']:.4f}",
        )
    console.print(curve)
    categories = Table(title="By category (share at or above the threshold)")
    for column in ("category", "label", "pairs", "share"):
        categories.add_column(column, justify="left" if column == "category" else "right")
    for item in data["categories"]:
        categories.add_row(
            item["category"] or "-",
            str(item["label"]),
            f"{item['pairs']:,}",
            f"{item['share']:.3f}",
        )
    console.print(categories)


def _print_build(report: BuildReport) -> None:
    table = Table(title=f"Dev set (seed {report.seed})")
    for column in ("category", "label", "pairs"):
        table.add_column(column, justify="left" if column == "category" else "right")
    labels = {p.category: p.label for p in report.pairs}
    for category, count in report.counts.items():
        table.add_row(category, str(labels[category]), f"{count:,}")
    table.add_row("total", "", f"{sum(report.counts.values()):,}")
    console.print(table)
    if report.excluded:
        left_out = Table(title="Left out")
        left_out.add_column("why")
        left_out.add_column("pairs", justify="right")
        for reason, count in sorted(report.excluded.items()):
            left_out.add_row(reason, f"{count:,}")
        console.print(left_out)


def _index_for(ctx: typer.Context, lists: Path | None) -> ScreeningIndex | None:
    """The screening index: of list files when given, else of the store's active snapshots."""
    if lists is not None:
        return ScreeningIndex.build(
            entity for _source, entity in iter_list_entities(discover(lists))
        )
    index = ScreeningService(app_context(ctx).store()).state().index
    if not len(index):
        err_console.print(
            "[yellow]warning:[/] no lists are loaded: nothing can be linked "
            "(load lists or pass --lists)"
        )
        return None
    return index


@app.command("mentions")
def mentions_command(
    ctx: typer.Context,
    gold: Path = typer.Option(..., "--gold", help="Gold JSON lines (format of dev/news.jsonl)."),
    lists: Path | None = typer.Option(
        None, "--lists", help="Link against these list files instead of the active snapshots."
    ),
    links: Path | None = typer.Option(
        None,
        "--links",
        help="JSON object: gold party -> list of acceptable entity ids (exact judgement).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Mention detection and linking precision (and recall with --links) on gold parties."""
    records = read_gold(gold)
    judged = _read_links(links) if links is not None else None
    index = _index_for(ctx, lists)
    analyses = {a.doc_id: a for a in analyze_many(gold_documents(records), index)}
    figures = score_mentions(records, analyses, index, judged).as_dict()
    if as_json:
        sys.stdout.write(orjson.dumps(figures).decode() + "\n")
        return
    table = Table(title=f"Mentions on {gold.name} ({figures['linking_judgement']})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in figures.items():
        if key not in {"wrong_links", "linking_judgement"}:
            table.add_row(key.replace("_", " "), "-" if value is None else str(value))
    console.print(table)
    for wrong in figures["wrong_links"][:20]:
        console.print(
            f"[red]wrong link[/] {wrong['article']}: {wrong['mention']!r} → "
            f"{wrong['entity_id']} ({wrong['caption']}); gold party {wrong['gold_party']!r}"
        )


def _read_links(path: Path) -> dict[str, set[str]]:
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the links JSON: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise UsageError(f"{path}: expected an object of party name -> list of entity ids")
    return {str(k): {str(v) for v in vs} for k, vs in data.items()}


@app.command("maintext")
def maintext_command(
    directory: Path = typer.Option(
        ..., "--dir", help="Benchmark directory: ground-truth.json and html/<id>.html.gz."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Main-text extraction on Scrapinghub's benchmark method, ours beside trafilatura's."""
    summaries = evaluate_maintext(directory)
    if as_json:
        sys.stdout.write(orjson.dumps([s.as_dict() for s in summaries]).decode() + "\n")
        return
    table = Table(title=f"Main-text extraction on {directory.name}")
    for column in ("extractor", "pages", "precision", "recall", "F1", "accuracy", "ms/page"):
        table.add_column(column, justify="right")
    for summary in summaries:
        row = summary.as_dict()
        table.add_row(
            str(row["extractor"]),
            str(row["pages"]),
            f"{row['precision']:.4f}",
            f"{row['recall']:.4f}",
            f"{row['f1']:.4f}",
            f"{row['accuracy']:.4f}",
            f"{row['ms_per_page']:.1f}",
        )
    console.print(table)


@app.command("extraction")
def extraction_command(
    ctx: typer.Context,
    gold: Path = typer.Option(..., "--gold", help="Gold JSON lines (format of dev/news.jsonl)."),
    lists: Path | None = typer.Option(
        None, "--lists", help="Link against these list files instead of the active snapshots."
    ),
    processes: int = typer.Option(1, "--processes", "-p", min=1, help="spaCy processes."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Transfers (supplier country, recipient country, category), certainty and verdicts of
    the whole reading chain against a gold file."""
    records = read_gold(gold)
    index = _index_for(ctx, lists)
    documents = list(gold_documents(records))
    predicted = {
        document.id: extract_transfers(document, analysis)
        for document, analysis in zip(
            documents, analyze_many(documents, index, n_process=processes), strict=True
        )
    }
    raw = [
        {"id": r.id, "date": r.date, "title": r.title, "text": r.text, "gold": r.gold}
        for r in records
    ]
    figures = score_extraction(raw, predicted)
    transfers = figures["transfers"]
    figures = {
        "precision": transfers["precision"],
        "recall": transfers["recall"],
        "f1": transfers["f1"],
        "articles": len(records),
        **figures,
    }
    if as_json:
        sys.stdout.write(orjson.dumps(figures).decode() + "\n")
        return
    table = Table(title=f"Transfer extraction on {gold.name} ({len(records)} articles)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("transfer precision", transfers["precision"]),
        ("transfer recall", transfers["recall"]),
        ("transfer F1", transfers["f1"]),
        ("certainty accuracy", figures["certainty"]["accuracy"]),
        ("verdict accuracy", figures["verdicts"]["accuracy"]),
        ("negative articles", figures["negatives"]["articles"]),
        ("… with a prohibited finding", figures["negatives"]["with_prohibited"]),
        ("prohibited findings citing a gold measure", figures["citations"]["share"]),
        ("prohibited without gold support", figures["citations"]["unsupported"]),
    ]
    for label, value in rows:
        table.add_row(label, "-" if value is None else str(value))
    console.print(table)
    for error in figures["errors"][:30]:
        console.print(f"[yellow]{error['kind']}[/] {error['doc']}: {error['key']}")
