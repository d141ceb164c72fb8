"""Findings of one article: measures applied to its transfers, and its listed parties.

`article_findings` runs the rules engine on each extracted transfer (`prohibited` with the
citation, `not_prohibited` with the reason, `needs_review` when facts are missing) and adds
`listed_party` findings: for the linked supplier, recipient or vessel of a transfer (rules'
`evaluate_parties`) and for every other listed person, organisation or vessel the article
names (transfer `None`). A party listed on several lists is reported with all of them: the
other lists' entries of the same party are found through the screening index and accepted only
on corroborating evidence (a shared IMO number; a shared birth year when both give one; else
the same words of a name, in any order).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date

from sanctionwatch.exceptions import NotFoundError
from sanctionwatch.extract.records import Finding, Transfer, Verdict
from sanctionwatch.nlp.analyze import Analysis
from sanctionwatch.rules.evaluate import evaluate_parties, evaluate_transfer
from sanctionwatch.rules.regimes import Rules, default_rules
from sanctionwatch.screening.index import ScreeningIndex
from sanctionwatch.screening.model import EntitySummary, Query, ScreenOptions

Listing = tuple[str, str | None, str | None]  # authority, programme, listing date
_SAME_PARTY = ScreenOptions(threshold=0.85, limit=10)


def _years(dates: Sequence[str]) -> set[str]:
    return {d[:4] for d in dates if d[:4].isdigit()}


def _fold(text: str) -> str:
    # Word order differs between lists ("PUTIN, Vladimir" / "Vladimir PUTIN"): compare word sets.
    return " ".join(sorted(text.casefold().replace(",", " ").replace("-", " ").split()))


def same_party_elsewhere(index: ScreeningIndex, entity_id: str) -> list[EntitySummary]:
    """Entries of other lists that are the same party as `entity_id` (corroborated only)."""
    try:
        own = index.get(entity_id)
    except NotFoundError:
        return []
    birth = own.birth_dates[0] if own.birth_dates else None
    query = Query(name=own.caption, schema=own.schema, birth_date=birth, aliases=own.names[:5])
    found: list[EntitySummary] = []
    for match in index.screen(query.validated(), _SAME_PARTY):
        if match.entity_id == entity_id or match.source == own.source:
            continue
        other = index.get(match.entity_id)
        imo_own, imo_other = (
            set(own.identifiers.get("imo", [])),
            set(other.identifiers.get("imo", [])),
        )
        if imo_own and imo_other:
            agrees = bool(imo_own & imo_other)
        elif own.birth_dates and other.birth_dates:
            agrees = bool(_years(own.birth_dates) & _years(other.birth_dates))
        else:
            names = {_fold(n) for n in own.names}
            agrees = any(_fold(n) in names for n in other.names)
        if agrees:
            found.append(other)
    return found


def listings_of(index: ScreeningIndex, entity_id: str) -> list[Listing]:
    """The list entries behind one entity: (authority, programme, listing date)."""
    try:
        summary = index.get(entity_id)
    except NotFoundError:
        return []
    return [
        (s.authority or summary.source or "?", s.program, s.listing_date) for s in summary.sanctions
    ]


def article_findings(
    transfers: list[Transfer],
    analysis: Analysis,
    index: ScreeningIndex | None,
    *,
    rules: Rules | None = None,
    as_of: date | None = None,
) -> list[Finding]:
    """All findings of one article, transfers first (in order), then listed parties."""
    rules = rules or default_rules()
    findings: list[Finding] = []
    for number, transfer in enumerate(transfers):
        findings.extend(evaluate_transfer(transfer, number, rules, as_of))
        if index is not None:
            findings.extend(
                evaluate_parties(transfer, number, lambda e: listings_of(index, e), rules, as_of)
            )
    if index is None:
        return findings
    for finding in findings:
        # Name a listed party as its list entry does ("Kim" in the text is Kim Jong Un).
        if finding.verdict == Verdict.LISTED_PARTY and finding.entity_id is not None:
            with contextlib.suppress(NotFoundError):
                finding.subject = index.get(finding.entity_id).caption
    reported = {f.entity_id for f in findings if f.verdict == Verdict.LISTED_PARTY}
    for mention in analysis.mentions:
        entity_id = mention.entity_id
        if entity_id is None or entity_id in reported:
            continue
        reported.add(entity_id)
        entries = [(entity_id, listings_of(index, entity_id))]
        entries += [
            (o.entity_id, listings_of(index, o.entity_id))
            for o in same_party_elsewhere(index, entity_id)
        ]
        lists = "; ".join(
            sorted(
                {
                    f"{authority} ({program or 'programme not given'}"
                    f"{f', listed {listed}' if listed else ''})"
                    for _entity, listings in entries
                    for authority, program, listed in listings
                }
            )
        )
        also = [e for e, _listings in entries[1:]]
        findings.append(
            Finding(
                verdict=Verdict.LISTED_PARTY,
                rationale=(
                    f"{mention.caption or mention.text} ({mention.kind}) named in the article is "
                    f"listed: {lists or 'list entry without programme'}"
                    + (f"; the same party on other lists: {', '.join(also)}" if also else "")
                ),
                transfer=None,
                entity_id=entity_id,
                subject=mention.caption or mention.text,
            )
        )
    return findings
