"""The news job end to end for a batch of inputs: read → analyse → (save) → report.

`scan()` is a generator of `ArticleReport`s, one per input article, in input order. It is the
one function the CLI's `scan`, the demo and the benchmarks call. Each stage is a plain function
(`read_documents`, `analyze_many`); one bad article is reported (an `unreadable` document with
its reason, or the error handler) and the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sanctionwatch.ingest.document import Document, DocumentStatus
from sanctionwatch.ingest.reader import ErrorHandler, raise_errors, read_documents
from sanctionwatch.nlp.analyze import Analysis, analyze_many
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.settings import Settings
from sanctionwatch.store.documents import save_document
from sanctionwatch.store.repo import Store

log = logging.getLogger(__name__)


@dataclass
class ScanOptions:
    """One scan run's options."""

    processes: int = 1  # spaCy worker processes
    save: bool = True  # store documents (and later alerts) when a store is given


@dataclass
class ArticleReport:
    """Everything the news job found in one article."""

    document: Document
    analysis: Analysis | None = None
    saved: str | None = None  # inserted / updated / unchanged, when stored
    notes: list[str] = field(default_factory=list)

    @property
    def analysed(self) -> bool:
        return self.analysis is not None and self.analysis.skipped is None

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape (`docs/scan-json.md`)."""
        doc = self.document
        analysis = self.analysis
        return {
            "document": {
                "id": doc.id,
                "url": doc.url,
                "title": doc.title,
                "published": doc.published,
                "language": doc.language,
                "site": doc.site,
                "author": doc.author,
                "status": doc.status,
                "reason": doc.reason or (analysis.skipped if analysis else None),
                "duplicate_of": doc.duplicate_of,
                "origin": doc.origin,
            },
            "mentions": [m.as_dict() for m in analysis.mentions] if analysis else [],
            "countries": dict(analysis.countries) if analysis else {},
            "sentences": len(analysis.sentences) if analysis else 0,
        }


def scan(
    inputs: Iterable[str | Path],
    settings: Settings,
    index: ScreeningIndex | None,
    *,
    store: Store | None = None,
    options: ScanOptions | None = None,
    on_error: ErrorHandler = raise_errors,
    stdin: IO[bytes] | None = None,
) -> Iterator[ArticleReport]:
    """Read, analyse and report every article of `inputs`."""
    options = options or ScanOptions()
    reports: list[ArticleReport] = []

    def documents() -> Iterator[Document]:
        for document in read_documents(inputs, settings, on_error, stdin=stdin):
            report = ArticleReport(document)
            if store is not None and options.save:
                report.saved = save_document(store, document).outcome
            reports.append(report)
            yield document

    analyses = analyze_many(documents(), index, n_process=options.processes)
    for analysis in analyses:
        report = reports.pop(0)
        if report.document.id != analysis.doc_id:  # the two streams must stay aligned
            raise RuntimeError(f"scan out of step: {report.document.id} vs {analysis.doc_id}")
        report.analysis = analysis
        if report.document.status != DocumentStatus.OK and analysis.skipped is None:
            analysis.skipped = report.document.reason
        yield report
