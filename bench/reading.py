"""Benchmark the reading stage: ingest, language, and both, on 1 and 2 processes. Prints JSON.

Corpus: the 181 real pages of `../shared/data/articles/scrapinghub` (HTML, many languages) for
ingest, and the English articles among them plus the 41 dev-set articles of
`../shared/data/dev/news.jsonl` for the language stage. Linking uses an index of the real UN,
OFAC and UK lists in `../shared/data/lists`.

- ingest alone: bytes → `Document` (extraction, cleaning, language, ids), articles/s, words/s;
- language alone: bare spaCy (`nlp.pipe`) vs our stage (`analyze_many`: spaCy + places +
  mentions + linking) on the same texts; the overhead is ours over bare spaCy;
- whole stage: inputs → analyses;
each with 1 and 2 processes (spaCy's `n_process`; ingest split across forked processes).

    python bench/reading.py [--repeat N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

from sanctionwatch.evaluation.corpus import discover, iter_list_entities
from sanctionwatch.evaluation.gold import gold_documents, read_gold
from sanctionwatch.ingest.document import Document
from sanctionwatch.ingest.reader import DocumentReader
from sanctionwatch.ingest.sources import RawInput
from sanctionwatch.nlp.analyze import analyze_many, skip_reason
from sanctionwatch.nlp.pipeline import BATCH_SIZE, load_pipeline
from sanctionwatch.screening import ScreeningIndex

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _pages() -> list[RawInput]:
    directory = SHARED / "articles" / "scrapinghub"
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        data = gzip.decompress((directory / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(RawInput(origin=page_id, kind="html", content=data, url=item.get("url")))
    return pages


def _ingest(raws: list[RawInput]) -> list[Document]:
    reader = DocumentReader()
    return [reader.document(raw) for raw in raws]


def _forked(work: Callable[[list[RawInput]], object], raws: list[RawInput], n: int) -> float:
    """Seconds for `n` forked processes to each do `work` on their share of `raws`."""
    started = time.perf_counter()
    pids = []
    for i in range(n):
        pid = os.fork()
        if pid == 0:  # child
            try:
                work(raws[i::n])
            finally:
                os._exit(0)
        pids.append(pid)
    for pid in pids:
        os.waitpid(pid, 0)
    return time.perf_counter() - started


def _best(repeat: int, run: Callable[[], float]) -> float:
    return min(run() for _ in range(repeat))


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _words(docs: list[Document]) -> int:
    return sum(len(d.text.split()) for d in docs)


def _rate(count: int, words: int, seconds: float) -> dict[str, float]:
    return {
        "seconds": round(seconds, 3),
        "articles_per_second": round(count / seconds, 1),
        "words_per_second": round(words / seconds),
    }


def _index() -> ScreeningIndex:
    files = [f for f in discover(SHARED / "lists") if f.source != "eu"]
    return ScreeningIndex.build(entity for _source, entity in iter_list_entities(files))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()

    raws = _pages()
    docs = _ingest(raws)  # warm-up, and the documents for the language runs
    ingest_words = _words(docs)
    ingest = {
        "1_process": _rate(
            len(raws), ingest_words, _best(args.repeat, lambda: _timed(lambda: _ingest(raws)))
        ),
        "2_process": _rate(
            len(raws), ingest_words, _best(args.repeat, lambda: _forked(_ingest, raws, 2))
        ),
    }

    english = [d for d in docs if skip_reason(d) is None]
    english += list(gold_documents(read_gold(SHARED / "dev" / "news.jsonl")))
    texts = [d.text for d in english]
    words = _words(english)
    nlp = load_pipeline()
    index = _index()
    list(analyze_many(english[:5], index))  # warm-up: gazetteer, linker, caches

    language: dict[str, object] = {}
    for n in (1, 2):
        bare = _best(
            args.repeat,
            lambda n=n: _timed(lambda: list(nlp.pipe(texts, n_process=n, batch_size=BATCH_SIZE))),
        )
        ours = _best(
            args.repeat,
            lambda n=n: _timed(lambda: list(analyze_many(english, index, n_process=n))),
        )
        language[f"{n}_process"] = {
            "bare_spacy": _rate(len(texts), words, bare),
            "sanctionwatch": _rate(len(texts), words, ours),
            "overhead_over_spacy": round(ours / bare - 1, 3),
        }

    def whole(n: int) -> float:
        started = time.perf_counter()
        documents = _ingest(raws)
        list(analyze_many(documents, index, n_process=n))
        return time.perf_counter() - started

    stage = {
        f"{n}_process": _rate(len(raws), ingest_words, _best(args.repeat, lambda n=n: whole(n)))
        for n in (1, 2)
    }
    print(
        json.dumps(
            {
                "benchmark": "reading",
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_average": os.getloadavg(),
                },
                "corpus": {
                    "ingest_pages": len(raws),
                    "ingest_words": ingest_words,
                    "language_articles": len(texts),
                    "language_words": words,
                    "index_entities": len(index),
                },
                "ingest": ingest,
                "language": language,
                "whole_stage": stage,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
