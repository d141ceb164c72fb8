"""The news job end to end for a batch of inputs: read → analyse → extract transfers → apply
measures → (store documents and alerts) → report.

`scan()` is a generator of `ArticleReport`s, one per input article, in input order. It is the
one function the CLI's `scan`, the demo and the benchmarks call. Each stage is a plain function
(`read_documents`, `analyze_many`, `extract_transfers`, `article_findings`,
`evidence_from`); one bad article is reported (an `unreadable` document with its reason, or the
error handler) and the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sanctionwatch.alerts import evidence_from
from sanctionwatch.extract.records import Finding, Transfer
from sanctionwatch.extract.transfers import extract_transfers
from sanctionwatch.findings import article_findings
from sanctionwatch.ingest.document import Document, DocumentStatus
from sanctionwatch.ingest.reader import ErrorHandler, raise_errors, read_documents
from sanctionwatch.nlp.analyze import Analysis, analyze_many
from sanctionwatch.rules.regimes import default_rules
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.settings import Settings
from sanctionwatch.store.alerts import record_evidence
from sanctionwatch.store.documents import save_document
from sanctionwatch.store.repo import Store

log = logging.getLogger(__name__)


@dataclass
class ScanOptions:
    """One scan run's options."""

    processes: int = 1  # spaCy worker processes
    save: bool = True  # store documents and alerts when a store is given


@dataclass
class ArticleReport:
    """Everything the news job found in one article."""

    document: Document
    analysis: Analysis | None = None
    transfers: list[Transfer] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    saved: str | None = None  # inserted / updated / unchanged, when stored
    alerts: list[int] = field(default_factory=list)  # ids of the alerts it fed

    @property
    def analysed(self) -> bool:
        return self.analysis is not None and self.analysis.skipped is None

    @property
    def reason(self) -> str | None:
        """Why the article was not analysed."""
        return self.document.reason or (self.analysis.skipped if self.analysis else None)

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
                "reason": self.reason,
                "duplicate_of": doc.duplicate_of,
                "origin": doc.origin,
            },
            "mentions": [_mention_json(m.as_dict()) for m in analysis.mentions] if analysis else [],
            "countries": {c.upper(): n for c, n in analysis.countries.items()} if analysis else {},
            "transfers": [transfer_json(t) for t in self.transfers],
            "findings": [finding_json(f) for f in self.findings],
            "alerts": list(self.alerts),
        }


def _upper(code: str | None) -> str | None:
    return code.upper() if code else None


def _mention_json(data: dict[str, Any]) -> dict[str, Any]:
    data["country"] = _upper(data.get("country"))
    return data


def transfer_json(transfer: Transfer) -> dict[str, Any]:
    """A transfer in the scan JSON shape (countries as upper-case ISO alpha-2)."""
    return {
        "supplier": transfer.supplier,
        "recipient": transfer.recipient,
        "supplier_country": _upper(transfer.supplier_country),
        "recipient_country": _upper(transfer.recipient_country),
        "supplier_entity": transfer.supplier_entity,
        "recipient_entity": transfer.recipient_entity,
        "goods": transfer.goods,
        "category": transfer.category,
        "hs_codes": list(transfer.hs_codes),
        "vessels": list(transfer.vessels),
        "vessel_entities": list(transfer.vessel_entities),
        "imo": list(transfer.imo),
        "ports": list(transfer.ports),
        "when": transfer.when,
        "certainty": transfer.certainty,
        "attributed_to": transfer.attributed_to,
        "sentence": transfer.sentence,
        "sentence_index": transfer.sentence_index,
        "start": transfer.start,
        "end": transfer.end,
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding in the scan JSON shape."""
    return {
        "transfer": finding.transfer,
        "verdict": finding.verdict,
        "measure_id": finding.measure_id,
        "citation": finding.citation,
        "citations": list(finding.citations),
        "rationale": finding.rationale,
        "entity_id": finding.entity_id,
        "authority": finding.authority,
        "verification": finding.verification,
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
    rules = default_rules()

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
        if analysis.skipped is None:
            report.transfers = extract_transfers(report.document, analysis, rules=rules)
            report.findings = article_findings(report.transfers, analysis, index, rules=rules)
            if store is not None and options.save:
                evidence = evidence_from(report.document, report.transfers, report.findings)
                report.alerts = [a.id for a in record_evidence(store, evidence)]
        yield report
