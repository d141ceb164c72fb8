"""Transfers against measures: `prohibited`, `not_prohibited` or `needs_review`, with citations.

`evaluate_transfer` judges one reported transfer *as the text describes it* against every measure
in force on the article's date. The outcome for each measure is one of:

- prohibited: category, direction, target and date match, its conditions hold and, for an EU, UK
  or US measure, a link to that jurisdiction is named (supplier or recipient there, goods of its
  origin, or one of its carriers, managers or insurers);
- needs_review: it would apply if a fact the text does not give were confirmed (the cap, the
  price, the jurisdictional link, whether the recipient is a targeted group), or it is only
  unilateral/secondary-sanctions exposure, or the UN position is contested;
- nothing: it does not reach the transfer.

The transfer's findings are then: every prohibited measure (one finding each, several
authorities side by side); else every needs_review measure; else one `not_prohibited` finding
with the reason, taken from the regime's explicit statements where one fits (food to the DPRK).
Troop deployments and unidentified cargo are `needs_review` whatever the measures say.

`evaluate_parties` turns linked listed entities (supplier, recipient, vessels) into
`listed_party` findings, from a lookup the caller provides, so this module needs no store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sanctionwatch.exceptions import InputError
from sanctionwatch.extract.records import Finding, Transfer, Verdict
from sanctionwatch.rules.regimes import Measure, Rules, default_rules
from sanctionwatch.rules.signals import TransferSignals

# A list entry of a party: (authority, programme, listing date as YYYY-MM-DD).
Listing = tuple[str, str | None, str | None]
ListingLookup = Mapping[str, Sequence[Listing]] | Callable[[str], Sequence[Listing]]

_JURISDICTION_NAMES = {"EU": "the EU", "UK": "the UK", "US": "the US"}


@dataclass(frozen=True, slots=True)
class _Context:
    """A transfer read once: date, categories, goods HS codes and text signals."""

    transfer: Transfer
    when: date
    primary: frozenset[str]  # the category (re-read from the goods for catch-all categories)
    categories: frozenset[str]  # primary plus what the goods also are (a luxury car: a vehicle)
    unclear: bool
    goods_hs: frozenset[str]
    signals: TransferSignals
    reclassified: bool


@dataclass(frozen=True, slots=True)
class _Outcome:
    measure: Measure
    verdict: str  # prohibited / needs_review / within (a cap or price allows it) / inactive
    rationale: str
    speculative: bool = False  # reaches the transfer only if an unnamed party is the target


def _parse_date(value: str, index: int) -> date:
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError(f"transfer {index}: date {value!r} is not YYYY-MM-DD") from exc


def _context(
    transfer: Transfer,
    index: int,
    rules: Rules,
    as_of: date | None,
) -> _Context:
    when = _parse_date(transfer.date, index) if transfer.date else (as_of or date.today())
    taxonomy = rules.taxonomy
    matches = rules.classifier.classify(transfer.goods) if transfer.goods else []
    primary = {transfer.category}
    reclassified = False
    category = taxonomy.categories.get(transfer.category)
    if category is not None and category.reclassify:
        specific = {m.category for m in matches if not taxonomy.is_unclear(m.category)}
        if specific:
            primary, reclassified = specific, True
    categories = set(primary)
    goods_hs = set(transfer.hs_codes)
    for match in matches:
        if match.category in primary:
            categories.update(match.also)
            if not transfer.hs_codes:
                goods_hs.update(match.hs_codes)
    return _Context(
        transfer=transfer,
        when=when,
        primary=frozenset(primary),
        categories=frozenset(categories),
        unclear=all(taxonomy.is_unclear(c) for c in primary),
        goods_hs=frozenset(goods_hs),
        signals=rules.signals.read(transfer.goods, transfer.sentence),
        reclassified=reclassified,
    )


def _route(ctx: _Context) -> str:
    t = ctx.transfer
    goods = "/".join(sorted(ctx.primary))
    if ctx.reclassified:
        goods = f"{goods} (as read from the goods; filed as {t.category})"
    return (
        f"{goods} from {t.supplier_country or 'an unnamed country'} "
        f"to {t.recipient_country or 'an unnamed country'} on {ctx.when.isoformat()}"
    )


def _names_party(name: str | None, parties: Iterable[str]) -> bool:
    """True if a party name ("Yemen's Houthi rebels") names one of the targeted groups."""
    if not name:
        return False
    return any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", name, re.IGNORECASE) for p in parties)


def _side(measure: Measure, country: str | None, name: str | None) -> str:
    """yes / country_only / unknown / no: is this party the measure's target?"""
    if measure.scope == "country":
        if country is None:
            return "unknown"
        return "yes" if country in measure.targets else "no"
    if _names_party(name, measure.parties):
        return "yes"
    if country is not None and country in measure.targets:
        return "country_only"
    if country is None and measure.targets:
        return "unknown"
    return "no"


def _party(measure: Measure, transfer: Transfer) -> str:
    recipient = _side(measure, transfer.recipient_country, transfer.recipient)
    supplier = _side(measure, transfer.supplier_country, transfer.supplier)
    if measure.direction == "to_target":
        sides = [recipient]
    elif measure.direction in ("from_target", "in_jurisdiction"):
        sides = [supplier]
    else:
        sides = [recipient, supplier]
    for state in ("yes", "country_only", "unknown"):
        if state in sides:
            return state
    return "no"


def _hs_overlap(codes: Iterable[str], others: Iterable[str]) -> bool:
    """True if an HS code of one list falls under (or contains) one of the other."""
    left = [c.replace(".", "") for c in codes]
    right = [c.replace(".", "") for c in others]
    return any(a.startswith(b) or b.startswith(a) for a in left for b in right)


def _cap_state(measure: Measure, signals: TransferSignals) -> str:
    """above / within / unknown for a quantity cap."""
    cap = measure.conditions.cap
    if cap is None:
        return "above"
    if any(flag in signals.flags for flag in cap.breach_if):
        return "above"
    amounts = {cap.unit: cap.amount}
    if cap.alt_unit and cap.alt_amount:
        amounts[cap.alt_unit] = cap.alt_amount
    stated = {"barrels": signals.barrels, "tonnes": signals.tonnes}
    known = [(stated[u], limit) for u, limit in amounts.items() if stated[u] is not None]
    if any(qty > limit for qty, limit in known if qty is not None):
        return "above"
    if "within_cap" in signals.flags or known:
        return "within"
    return "unknown"


def _price_state(measure: Measure, ctx: _Context) -> str | None:
    """above / within / unknown for a price cap; None when no cap is in force for the goods."""
    caps = [c for c in measure.conditions.price_caps if c.in_force(ctx.when)]
    if "crude_oil" in ctx.categories:
        limits = [c.usd_per_bbl for c in caps if c.product == "crude_oil"]
    else:
        limits = [c.usd_per_bbl for c in caps if c.product.startswith("refined")]
    if not limits:
        return None
    price = ctx.signals.usd_per_barrel
    if price is not None:
        if price > max(limits):
            return "above"
        if price <= min(limits):
            return "within"
    if "above_cap" in ctx.signals.flags:
        return "above"
    if "within_cap" in ctx.signals.flags:
        return "within"
    return "unknown"


def _nexus(measure: Measure, ctx: _Context) -> tuple[str, list[str]]:
    """yes / unknown / no, with the links found (yes) or the links that would do (unknown)."""
    jurisdiction = measure.authority
    name = _JURISDICTION_NAMES.get(jurisdiction, jurisdiction)
    article = "an" if jurisdiction == "EU" else "a"
    t, signals = ctx.transfer, ctx.signals
    links: list[tuple[bool | None, str]] = []
    for kind in measure.nexus:
        if kind == "supplier":
            country = t.supplier_country
            state = None if country is None else country in measure.jurisdiction
            links.append((state, f"the supplier is in {name}"))
        elif kind == "recipient":
            country = t.recipient_country
            state = None if country is None else country in measure.jurisdiction
            links.append((state, f"the recipient is in {name}"))
        elif kind == "origin":
            links.append(
                (signals.origin_state(jurisdiction), f"the goods are of {jurisdiction} origin")
            )
        else:
            state = True if jurisdiction in signals.providers else None
            links.append(
                (
                    state,
                    f"{article} {jurisdiction} carrier, manager, insurer or financier is involved",
                )
            )
    found = [text for state, text in links if state is True]
    if found:
        return "yes", found
    if any(state is None for state, _ in links):
        return "unknown", [text for state, text in links if state is None]
    return "no", []


def _assess(measure: Measure, ctx: _Context, rules: Rules) -> _Outcome | None:
    """What one measure says about the transfer (None: it does not reach it)."""
    if measure.direction == "persons":
        return None
    if ctx.categories & measure.categories:
        by_category = True
    elif ctx.categories & measure.review_categories:
        by_category = False
    else:
        return None
    if measure.narrow_by_hs and ctx.goods_hs and not _hs_overlap(ctx.goods_hs, measure.hs_codes):
        return None
    party = _party(measure, ctx.transfer)
    if party == "no":
        return None
    if not measure.in_force(ctx.when):
        return _Outcome(measure, "inactive", f"{measure.id} was not in force on {ctx.when}")
    flags = ctx.signals.flags
    conditions = measure.conditions
    if not all(flag in flags for flag in conditions.requires):
        return None
    reasons: list[str] = []
    if conditions.cap is not None:
        state = _cap_state(measure, ctx.signals)
        if state == "within":
            return _Outcome(measure, "within", f"within the cap of {measure.id}")
        if state == "unknown":
            reasons.append(f"volume and notification not given; banned if {measure.review_note}")
    if conditions.price_caps:
        price = _price_state(measure, ctx)
        if price is None or price == "within":
            return None
        if price == "unknown":
            reasons.append("the price relative to the cap is not given")
    links: list[str] = []
    if measure.nexus:
        link, links = _nexus(measure, ctx)
        if link == "no":
            return None
        if link == "unknown":
            reasons.append("applies only if " + " or ".join(links))
            links = []
    reasons.extend(
        f"but the text suggests {rules.signals.describe(flag)}"
        for flag in conditions.review_if
        if flag in flags
    )
    if party == "country_only":
        reasons.append("applies only if the party is one of: " + ", ".join(measure.parties[:6]))
    elif party == "unknown":
        side = "recipient" if measure.direction == "to_target" else "supplier or recipient"
        targets = ", ".join(sorted(measure.targets)) or "a listed party"
        reasons.append(f"applies only if the unnamed {side} is {targets}")
    if measure.effect == "exposure":
        reasons.append(measure.caveat or "exposure only, not a binding prohibition")
    if not by_category:
        reasons.append(f"applies only if {measure.review_note}")
    text = f"{measure.rationale}: {_route(ctx)}"
    if reasons:
        return _Outcome(
            measure,
            Verdict.NEEDS_REVIEW,
            f"{text}; " + "; ".join(reasons),
            speculative=party == "unknown",
        )
    notes = [*links, *([measure.caveat] if measure.caveat else [])]
    if notes:
        text = f"{text} ({'; '.join(notes)})"
    return _Outcome(measure, Verdict.PROHIBITED, text)


def _finding(outcome: _Outcome, index: int) -> Finding:
    measure = outcome.measure
    return Finding(
        verdict=outcome.verdict,
        rationale=outcome.rationale,
        transfer=index,
        measure_id=measure.id,
        citation=measure.citation,
        citations=[c.text for c in measure.citations],
        authority=measure.authority,
        verification=measure.citation_verification,
    )


def _statement_reason(ctx: _Context, rules: Rules) -> str | None:
    t = ctx.transfer
    for statement in rules.statements:
        spec = statement.spec
        if not ctx.primary & set(spec.categories):
            continue
        if spec.signal and spec.signal not in ctx.signals.flags:
            continue
        to_target = t.recipient_country in statement.targets
        from_target = t.supplier_country in statement.targets
        if (
            (spec.direction == "to_target" and to_target)
            or (spec.direction == "from_target" and from_target)
            or (spec.direction == "both" and (to_target or from_target))
        ):
            return spec.reason
    return None


def evaluate_transfer(
    transfer: Transfer,
    index: int,
    rules: Rules | None = None,
    as_of: date | None = None,
) -> list[Finding]:
    """Findings for one transfer (`index` is its position among the document's transfers).

    The transfer's `date` (the article's) decides which measures were in force; `as_of` is used
    when the transfer has none, and today's date when neither is given.
    """
    rules = rules or default_rules()
    ctx = _context(transfer, index, rules, as_of)
    outcomes = [o for m in rules.measures if (o := _assess(m, ctx, rules)) is not None]
    prohibited = [o for o in outcomes if o.verdict == Verdict.PROHIBITED]
    if prohibited:
        return [_finding(o, index) for o in prohibited]
    review = [o for o in outcomes if o.verdict == Verdict.NEEDS_REVIEW]
    # Measures that reach the transfer only if an unnamed party were their target are listed
    # only when nothing firmer is: "the recipient is not named; crude to the DPRK is capped".
    firm = [o for o in review if not o.speculative]
    if firm or review:
        return [_finding(o, index) for o in (firm or review)]
    if ctx.unclear:
        reasons = [
            rules.taxonomy.categories[c].review_reason or "the category does not decide"
            for c in sorted(ctx.primary)
            if c in rules.taxonomy.categories
        ] or [f"unknown goods category {transfer.category!r}"]
        return [
            Finding(
                verdict=Verdict.NEEDS_REVIEW,
                rationale=f"{'; '.join(reasons)}: {_route(ctx)}",
                transfer=index,
            )
        ]
    return [_not_prohibited(ctx, outcomes, index, rules)]


def _not_prohibited(ctx: _Context, outcomes: list[_Outcome], index: int, rules: Rules) -> Finding:
    within = [o for o in outcomes if o.verdict == "within"]
    inactive = sorted({o.measure.id for o in outcomes if o.verdict == "inactive"})
    reason = _statement_reason(ctx, rules)
    if reason is None and within:
        measure = within[0].measure
        reason = f"within the limits of {measure.citation.split('; ')[0]} ({measure.rationale})"
    if reason is None:
        reason = "no measure in force covers it"
    if inactive:
        reason += f" ({', '.join(inactive)} not in force on that date)"
    return Finding(
        verdict=Verdict.NOT_PROHIBITED,
        rationale=f"{reason}: {_route(ctx)}",
        transfer=index,
    )


def evaluate_parties(
    transfer: Transfer,
    index: int | None,
    listings: ListingLookup,
    rules: Rules | None = None,
    as_of: date | None = None,
) -> list[Finding]:
    """`listed_party` findings for the transfer's linked listed supplier, recipient and vessels.

    `listings` maps an entity id to its list entries `(authority, programme, listing_date)`, as a
    mapping or a callable; the persons measure behind an entry (if the rules have one) is cited.
    """
    rules = rules or default_rules()
    lookup: Callable[[str], Sequence[Listing]]
    if callable(listings):
        lookup = listings
    else:
        table = listings

        def lookup(key: str) -> Sequence[Listing]:
            return table.get(key, ())

    when = _parse_date(transfer.date, index or 0) if transfer.date else as_of
    roles: list[tuple[str, str, str | None]] = []
    if transfer.supplier_entity:
        roles.append(("supplier", transfer.supplier_entity, transfer.supplier))
    if transfer.recipient_entity:
        roles.append(("recipient", transfer.recipient_entity, transfer.recipient))
    roles.extend(("vessel", entity, None) for entity in transfer.vessel_entities)
    findings: list[Finding] = []
    seen: set[tuple[str, str, str | None]] = set()
    for role, entity_id, name in roles:
        for authority, program, listed in lookup(entity_id):
            if (entity_id, authority, program) in seen:
                continue
            seen.add((entity_id, authority, program))
            measures = rules.measures_for_listing(authority, program)
            text = (
                f"the {role} {name or entity_id} is listed by {authority}"
                f" under {program or 'an unnamed programme'}"
                f"{f' since {listed}' if listed else ''}"
            )
            if listed and when and listed[:10] > when.isoformat():
                text += " (listed after the article's date)"
            measure = measures[0] if measures else None
            if measure is not None:
                text += f": {measure.rationale}"
            findings.append(
                Finding(
                    verdict=Verdict.LISTED_PARTY,
                    rationale=text,
                    transfer=index,
                    measure_id=measure.id if measure else None,
                    citation=measure.citation if measure else None,
                    citations=[c.text for c in measure.citations] if measure else [],
                    entity_id=entity_id,
                    subject=name,
                    authority=authority,
                    verification=measure.citation_verification if measure else None,
                )
            )
    return findings


def transfer_verdict(findings: Iterable[Finding]) -> str:
    """The verdict of a transfer from its findings: prohibited > needs_review > not_prohibited."""
    verdicts = {f.verdict for f in findings}
    for verdict in (Verdict.PROHIBITED, Verdict.NEEDS_REVIEW):
        if verdict in verdicts:
            return verdict
    return Verdict.NOT_PROHIBITED
