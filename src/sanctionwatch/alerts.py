"""Alerts: findings from many articles about the same parties, category and period, as one.

`alert_key` decides what belongs together: the transfer's supplier and recipient (listed
entities where linked, else ISO countries), the goods category and the calendar quarter of the
article; a listed party named in an article forms its own key. `evidence_from` turns one
article's transfers and findings into `Evidence` rows; `store/alerts.py` merges them into stored
alerts (status, notes, audit trail). Near-duplicate copies of one story are kept as evidence
but counted once as a source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sanctionwatch.extract.records import Certainty, Finding, Transfer, Verdict
from sanctionwatch.ingest.document import Document

# Higher is stronger. "Denied" is an allegation a party disputes: weaker than an undisputed one.
CERTAINTY_STRENGTH = {
    Certainty.CONFIRMED: 5,
    Certainty.ALLEGED: 4,
    Certainty.DENIED: 3,
    Certainty.PLANNED: 2,
    Certainty.SPECULATIVE: 1,
}
# Higher is more serious; an alert shows its most serious verdict.
VERDICT_SEVERITY = {
    Verdict.PROHIBITED: 4,
    Verdict.LISTED_PARTY: 3,
    Verdict.NEEDS_REVIEW: 2,
    Verdict.NOT_PROHIBITED: 1,
}
STATUSES = ("new", "confirmed", "dismissed")


def quarter(day: str | None) -> str:
    """The calendar quarter of a YYYY-MM-DD date ("2023-Q3"); "undated" without one."""
    if not day or len(day) < 7 or not day[:4].isdigit() or not day[5:7].isdigit():
        return "undated"
    return f"{day[:4]}-Q{(int(day[5:7]) - 1) // 3 + 1}"


def _side(entity: str | None, country: str | None) -> str:
    # Countries first: articles name the same state party in many ways ("Kim", "Pyongyang",
    # "the North"); a listed entity stands in only where no country is known.
    if country:
        return country.upper()
    return entity or "?"


def alert_key(transfer: Transfer) -> str:
    """Which alert a transfer belongs to: supplier and recipient (countries, else linked
    entities), goods category, and the calendar quarter of the article."""
    supplier = _side(transfer.supplier_entity, transfer.supplier_country)
    recipient = _side(transfer.recipient_entity, transfer.recipient_country)
    return f"transfer:{supplier}>{recipient}:{transfer.category}:{quarter(transfer.date)}"


def party_key(entity_id: str, day: str | None) -> str:
    """Which alert a listed party's mention belongs to."""
    return f"party:{entity_id}:{quarter(day)}"


@dataclass(frozen=True)
class SourceRef:
    """The article a piece of evidence comes from."""

    doc_id: str
    url: str | None
    title: str | None
    site: str | None
    published: str | None
    duplicate_of: str | None  # set for a near-duplicate copy: counted once as a source

    @classmethod
    def of(cls, document: Document) -> SourceRef:
        return cls(
            document.id,
            document.url,
            document.title,
            document.site,
            document.published,
            document.duplicate_of,
        )


@dataclass
class Evidence:
    """One article's contribution to one alert."""

    key: str
    title: str
    source: SourceRef
    sentence: str
    verdict: str
    certainty: str | None
    attributed_to: str | None
    category: str | None
    supplier_country: str | None
    recipient_country: str | None
    measures: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    rationale: str = ""
    entity_id: str | None = None


def _citations(finding: Finding) -> list[str]:
    """A finding's citations one by one (older findings carry only the joined string)."""
    if finding.citations:
        return list(finding.citations)
    return finding.citation.split("; ") if finding.citation else []


def _worst(findings: list[Finding]) -> Finding | None:
    return max(findings, key=lambda f: VERDICT_SEVERITY.get(f.verdict, 0), default=None)


def _title(transfer: Transfer) -> str:
    origin = _side(transfer.supplier_entity, transfer.supplier_country)
    destination = _side(transfer.recipient_entity, transfer.recipient_country)
    return f"{transfer.category.replace('_', ' ')} {origin} → {destination}"


def evidence_from(
    document: Document, transfers: list[Transfer], findings: list[Finding]
) -> list[Evidence]:
    """Evidence rows of one article: one per transfer, one per listed party finding."""
    rows: list[Evidence] = []
    source = SourceRef.of(document)
    for index, transfer in enumerate(transfers):
        own = [f for f in findings if f.transfer == index and f.verdict != Verdict.LISTED_PARTY]
        worst = _worst(own)
        verdict = worst.verdict if worst is not None else Verdict.NEEDS_REVIEW
        rows.append(
            Evidence(
                key=alert_key(transfer),
                title=_title(transfer),
                source=source,
                sentence=transfer.sentence,
                verdict=verdict,
                certainty=transfer.certainty,
                attributed_to=transfer.attributed_to,
                category=transfer.category,
                supplier_country=transfer.supplier_country,
                recipient_country=transfer.recipient_country,
                measures=[f.measure_id for f in own if f.measure_id and f.verdict == verdict],
                citations=list(
                    dict.fromkeys(c for f in own if f.verdict == verdict for c in _citations(f))
                ),
                rationale=worst.rationale if worst is not None else "",
            )
        )
    for finding in findings:
        if finding.verdict != Verdict.LISTED_PARTY or finding.entity_id is None:
            continue
        context = transfers[finding.transfer] if finding.transfer is not None else None
        rows.append(
            Evidence(
                key=party_key(finding.entity_id, document.published),
                title=f"listed party in the news: {finding.subject or finding.entity_id}",
                source=source,
                sentence=context.sentence if context is not None else finding.rationale,
                verdict=Verdict.LISTED_PARTY,
                certainty=context.certainty if context is not None else None,
                attributed_to=context.attributed_to if context is not None else None,
                category=context.category if context is not None else None,
                supplier_country=context.supplier_country if context is not None else None,
                recipient_country=context.recipient_country if context is not None else None,
                measures=[finding.measure_id] if finding.measure_id else [],
                citations=_citations(finding),
                rationale=finding.rationale,
                entity_id=finding.entity_id,
            )
        )
    return rows
