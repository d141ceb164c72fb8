"""Benchmark the whole news pipeline, ingest → language → transfers → findings → alerts.

Articles/s and words/s for `sanctionwatch.scan.scan` (the function behind `sanctionwatch scan`)
over the 41 articles of `../shared/data/dev/news.jsonl` plus the project's example articles,
with the real UN, OFAC and UK lists indexed and a fresh SQLite store (documents and alerts
written), on 1 and 2 spaCy processes. Prints JSON.

    python bench/findings.py [--repeat N] [--copies K]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from sanctionwatch.evaluation.corpus import discover, iter_list_entities
from sanctionwatch.scan import ScanOptions, scan
from sanctionwatch.screening import ScreeningIndex
from sanctionwatch.settings import Settings
from sanctionwatch.store.repo import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _corpus(directory: Path, copies: int) -> list[Path]:
    """The dev set (as JSON lines, `copies` times under new ids) and the example articles."""
    records = [
        json.loads(line)
        for line in (SHARED / "dev" / "news.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    lines = []
    for copy in range(copies):
        for record in records:
            lines.append(
                json.dumps(
                    {
                        "url": f"https://bench.example/{copy}/{record['id']}",
                        "title": record["title"],
                        "published": record["date"],
                        "html": record["html"],
                        "text": None if record["html"] else record["text"],
                    }
                )
            )
    corpus = directory / "dev.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [corpus, ROOT / "samples" / "articles"]


def _run(inputs: list[Path], index: ScreeningIndex, processes: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), database_url=None)
        store = Store.open(settings)
        started = time.perf_counter()
        reports = list(
            scan(inputs, settings, index, store=store, options=ScanOptions(processes=processes))
        )
        seconds = time.perf_counter() - started
        store.close()
    words = sum(len(r.document.text.split()) for r in reports)
    return {
        "seconds": round(seconds, 2),
        "articles": len(reports),
        "articles_per_second": round(len(reports) / seconds, 2),
        "words_per_second": round(words / seconds),
        "transfers": sum(len(r.transfers) for r in reports),
        "findings": sum(len(r.findings) for r in reports),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="best of N runs")
    parser.add_argument("--copies", type=int, default=3, help="copies of the dev set")
    args = parser.parse_args()
    files = [f for f in discover(SHARED / "lists") if f.source != "eu"]
    index = ScreeningIndex.build(entity for _source, entity in iter_list_entities(files))
    with tempfile.TemporaryDirectory() as tmp:
        inputs = _corpus(Path(tmp), args.copies)
        _run(inputs[1:], index, 1)  # warm-up: pipeline, gazetteer, rules
        results = {
            f"{n}_process": min(
                (_run(inputs, index, n) for _ in range(args.repeat)),
                key=lambda r: r["seconds"],
            )
            for n in (1, 2)
        }
    print(
        json.dumps(
            {
                "benchmark": "findings",
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_average": os.getloadavg(),
                },
                "index_entities": len(index),
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
