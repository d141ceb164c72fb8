"""The self-contained HTML report of a scan, for an analyst to read or send on.

Rendered with Jinja2 (autoescaping on: every text in it comes from outside) from the template
`web/templates/report.html`; the CSS is inline, there are no scripts and no external resources.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from sanctionwatch import __version__
from sanctionwatch.extract.records import Finding, Transfer, Verdict
from sanctionwatch.nlp.mentions import Mention
from sanctionwatch.scan import ArticleReport
from sanctionwatch.store.alerts import AlertRecord


@dataclass
class TransferView:
    """A transfer with its findings, as the template shows it."""

    transfer: Transfer
    findings: list[Finding] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transfer, name)

    @property
    def supplier_label(self) -> str:
        return _party(self.transfer.supplier, self.transfer.supplier_country)

    @property
    def recipient_label(self) -> str:
        return _party(self.transfer.recipient, self.transfer.recipient_country)


def _party(name: str | None, country: str | None) -> str:
    if name and country:
        return f"{name} ({country.upper()})"
    return name or (country.upper() if country else "unknown")


@dataclass
class ArticleView:
    """One article as the template shows it."""

    document: Any
    analysed: bool
    reason: str | None
    parties: list[Mention]
    transfers: list[TransferView]
    party_findings: list[Finding]


def _view(report: ArticleReport) -> ArticleView:
    transfers = [TransferView(t) for t in report.transfers]
    party_findings = []
    for finding in report.findings:
        if finding.transfer is not None and finding.verdict != Verdict.LISTED_PARTY:
            transfers[finding.transfer].findings.append(finding)
        elif finding.verdict == Verdict.LISTED_PARTY:
            party_findings.append(finding)
    parties: list[Mention] = []
    seen: set[str] = set()
    for mention in report.analysis.mentions if report.analysis else []:
        if mention.entity_id and mention.entity_id not in seen:
            seen.add(mention.entity_id)
            parties.append(mention)
    return ArticleView(
        document=report.document,
        analysed=report.analysed,
        reason=report.reason,
        parties=parties,
        transfers=transfers,
        party_findings=party_findings,
    )


def render_report(
    reports: list[ArticleReport], alerts: list[AlertRecord] | None = None, *, title: str = ""
) -> str:
    """The HTML report of the scanned articles (and the alerts they fed)."""
    environment = Environment(
        loader=PackageLoader("sanctionwatch.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    verdicts = Counter(f.verdict for r in reports for f in r.findings)
    counts = {
        "transfers": sum(len(r.transfers) for r in reports),
        "prohibited": verdicts[Verdict.PROHIBITED],
        "listed_party": verdicts[Verdict.LISTED_PARTY],
        "needs_review": verdicts[Verdict.NEEDS_REVIEW],
    }
    return environment.get_template("report.html").render(
        title=title or "Sanctions findings in the news",
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        reports=[_view(r) for r in reports],
        alerts=alerts or [],
        counts=counts,
    )
