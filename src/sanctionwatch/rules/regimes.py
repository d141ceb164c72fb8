"""Sanctions regimes and measures as validated data (`data/*.yaml`), loaded into `Rules`.

One YAML file per regime family (UN DPRK, UN Iran, other UN arms embargoes, EU/US/UK Russia, ...).
Each measure names its authority, instrument and paragraph, carries short citations in one uniform
form (`UNSCR 1718 (2006) para 8(b)`, `EU Reg. 833/2014 Art. 3n`, `UK SI 2019/855 reg 46Z9B`,
`US EO 14071 s.1(a)(ii)`, `US EAR 15 CFR 746.8`) each with its verification status, and says
which transfers it reaches: direction, target countries (or targeted groups), goods categories,
dates in force and the conditions and jurisdictional links it needs.

The file schema (pydantic models) is in `schema.py`; loading checks what it cannot see alone:
unique ids across files, goods categories known to the goods taxonomy, ISO country codes, signal
names known to `signals.yaml`, and that a unilateral measure says how it reaches a transfer. Any
error names the file and the measure.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pycountry
import yaml
from pydantic import BaseModel, ValidationError

from sanctionwatch.exceptions import ParseError
from sanctionwatch.extract.goods import (
    GoodsClassifier,
    GoodsTaxonomy,
    default_classifier,
)
from sanctionwatch.rules.schema import (
    VERIFICATION_RANK,
    Authority,
    Citation,
    Conditions,
    Direction,
    Effect,
    Listings,
    MeasureSpec,
    Nexus,
    NotProhibited,
    RegimeFile,
    RegimeSpec,
    Scope,
    Status,
    Verification,
)
from sanctionwatch.rules.signals import SignalLexicon, SignalReader

SIGNALS_FILE = "signals.yaml"


@dataclass(frozen=True, slots=True)
class Measure:
    """A measure with everything it inherits from its regime resolved (used by the evaluator)."""

    id: str
    regime_id: str
    authority: Authority
    instrument: str
    paragraph: str
    citations: tuple[Citation, ...]
    summary: str
    rationale: str
    caveat: str | None
    direction: Direction
    targets: frozenset[str]
    scope: Scope
    parties: tuple[str, ...]
    jurisdiction: frozenset[str]
    categories: frozenset[str]
    review_categories: frozenset[str]
    review_note: str | None
    hs_codes: tuple[str, ...]
    narrow_by_hs: bool
    exemptions: tuple[str, ...]
    effective: date
    lifted: date | None
    restored: date | None
    ended: date | None
    status: Status
    effect: Effect
    nexus: tuple[Nexus, ...]
    conditions: Conditions
    listings: Listings | None
    verification: Verification
    source_file: str

    @property
    def citation(self) -> str:
        """All citations of the measure, primary first, joined by '; '."""
        return "; ".join(c.text for c in self.citations)

    @property
    def citation_verification(self) -> str:
        """The verification status of each citation, aligned with `citation`."""
        return "; ".join(c.verification for c in self.citations)

    @property
    def weakest_verification(self) -> Verification:
        """The least-checked status among the citations."""
        return min((c.verification for c in self.citations), key=VERIFICATION_RANK.__getitem__)

    def in_force(self, on: date) -> bool:
        """True if the measure applied on `on` (lifted measures return on their restoration)."""
        first_end = self.lifted or self.ended
        if self.effective <= on and (first_end is None or on < first_end):
            return True
        return (
            self.restored is not None
            and self.restored <= on
            and (self.ended is None or on < self.ended)
        )

    def covers_listing(self, authority: str, program: str | None) -> bool:
        """True if a list entry (authority, programme) falls under this persons measure."""
        if self.listings is None or program is None:
            return False
        if authority.casefold() not in {a.casefold() for a in self.listings.authorities}:
            return False
        return any(
            fnmatch.fnmatch(program.casefold(), p.casefold()) for p in self.listings.programs
        )


@dataclass(frozen=True, slots=True)
class Statement:
    """A regime's explicit not-prohibited statement, with the regime's targets."""

    regime_id: str
    authority: Authority
    targets: frozenset[str]
    spec: NotProhibited


@dataclass(frozen=True, slots=True)
class Rules:
    """All regimes, measures and statements, plus the goods taxonomy, classifier and signals."""

    regimes: tuple[RegimeSpec, ...]
    measures: tuple[Measure, ...]
    statements: tuple[Statement, ...]
    taxonomy: GoodsTaxonomy
    classifier: GoodsClassifier
    signals: SignalReader
    files: tuple[str, ...]

    def measure(self, measure_id: str) -> Measure:
        """The measure with this id (KeyError if none)."""
        for measure in self.measures:
            if measure.id == measure_id:
                return measure
        raise KeyError(measure_id)

    def measures_for_listing(self, authority: str, program: str | None) -> list[Measure]:
        """Persons measures that stand behind a list entry."""
        return [m for m in self.measures if m.covers_listing(authority, program)]


def _where(data: Any, loc: tuple[int | str, ...]) -> str | None:
    """'regime X' or 'measure Y' for a pydantic error location in a regime file."""
    where: str | None = None
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            kind = "measure" if "rationale" in node else "regime"
            if "reason" in node:
                kind = "statement"
            where = f"{kind} {node['id']}"
    return where


class _Loader(yaml.SafeLoader):
    """The safe loader with dates left as text, so that pydantic reports a bad date in context."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse(text: str, origin: str, model: type[BaseModel]) -> Any:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ParseError(origin, f"not valid YAML: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise ParseError(
            origin, f"{path}: {first['msg']}", where=_where(data, first["loc"])
        ) from exc


def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


def _check_regime(
    regime: RegimeSpec, origin: str, taxonomy: GoodsTaxonomy, lexicon: SignalLexicon
) -> None:
    def fail(message: str, where: str) -> None:
        raise ParseError(origin, message, where=where)

    known = set(taxonomy.categories)
    for code in (*regime.targets, *regime.jurisdiction):
        if not _is_country(code):
            fail(f"{code!r} is not an ISO 3166-1 alpha-2 code", f"regime {regime.id}")
    if regime.authority == "UNSC" and regime.jurisdiction:
        fail(
            "UN measures bind all states; a jurisdiction list is wrong here", f"regime {regime.id}"
        )
    for statement in regime.not_prohibited:
        unknown = [c for c in statement.categories if c not in known]
        if unknown:
            fail(f"unknown goods categories {unknown}", f"statement {statement.id}")
        if statement.signal and statement.signal not in lexicon.flags:
            fail(f"unknown signal {statement.signal!r}", f"statement {statement.id}")
    for spec in regime.measures:
        where = f"measure {spec.id}"
        unknown = [c for c in (*spec.categories, *spec.review_categories) if c not in known]
        if unknown:
            fail(f"unknown goods categories {unknown}", where)
        for code in spec.targets or ():
            if not _is_country(code):
                fail(f"{code!r} is not an ISO 3166-1 alpha-2 code", where)
        missing = sorted(spec.conditions.signal_names() - set(lexicon.flags))
        if missing:
            fail(f"unknown signals {missing}", where)
        transfer_measure = spec.direction not in ("persons", "conduct")
        if regime.authority == "UNSC" and spec.nexus:
            fail("UN measures bind all states; nexus is wrong here", where)
        if regime.authority != "UNSC" and transfer_measure and spec.effect == "prohibits":
            if not spec.nexus:
                fail("a unilateral measure must say how it reaches a transfer (nexus)", where)
            if not regime.jurisdiction:
                fail("a unilateral regime needs its jurisdiction countries", f"regime {regime.id}")
        if spec.conditions.price_caps and "service_provider" not in spec.nexus:
            fail("a price cap binds service providers: nexus needs service_provider", where)


def _resolve(regime: RegimeSpec, spec: MeasureSpec, origin: str) -> Measure:
    return Measure(
        id=spec.id,
        regime_id=regime.id,
        authority=regime.authority,
        instrument=spec.instrument,
        paragraph=spec.paragraph,
        citations=spec.citations,
        summary=spec.summary,
        rationale=spec.rationale,
        caveat=spec.caveat,
        direction=spec.direction,
        targets=frozenset(regime.targets if spec.targets is None else spec.targets),
        scope=spec.scope or regime.scope,
        parties=regime.parties,
        jurisdiction=frozenset(regime.jurisdiction),
        categories=frozenset(spec.categories),
        review_categories=frozenset(spec.review_categories),
        review_note=spec.review_note,
        hs_codes=spec.hs_codes,
        narrow_by_hs=spec.narrow_by_hs,
        exemptions=spec.exemptions,
        effective=spec.effective,
        lifted=spec.lifted,
        restored=spec.restored,
        ended=spec.ended,
        status=spec.status,
        effect=spec.effect,
        nexus=spec.nexus,
        conditions=spec.conditions,
        listings=spec.listings,
        verification=spec.verification,
        source_file=origin,
    )


def build_rules(
    sources: Iterable[tuple[str, str]],
    signals_text: str,
    *,
    taxonomy: GoodsTaxonomy | None = None,
    signals_origin: str = SIGNALS_FILE,
) -> Rules:
    """Rules from `(name, YAML text)` regime sources and the signals file's text."""
    classifier = default_classifier() if taxonomy is None else GoodsClassifier(taxonomy)
    taxonomy = classifier.taxonomy
    lexicon: SignalLexicon = _parse(signals_text, signals_origin, SignalLexicon)
    regimes: list[RegimeSpec] = []
    measures: list[Measure] = []
    statements: list[Statement] = []
    seen: dict[str, str] = {}
    files: list[str] = []
    for origin, text in sources:
        files.append(origin)
        parsed: RegimeFile = _parse(text, origin, RegimeFile)
        for regime in parsed.regimes:
            _check_regime(regime, origin, taxonomy, lexicon)
            ids = [
                ("regime", regime.id),
                *(("statement", s.id) for s in regime.not_prohibited),
                *(("measure", m.id) for m in regime.measures),
            ]
            for kind, ident in ids:
                if ident in seen:
                    raise ParseError(
                        origin, f"duplicate id (also in {seen[ident]})", where=f"{kind} {ident}"
                    )
                seen[ident] = origin
            regimes.append(regime)
            measures.extend(_resolve(regime, spec, origin) for spec in regime.measures)
            statements.extend(
                Statement(regime.id, regime.authority, frozenset(regime.targets), s)
                for s in regime.not_prohibited
            )
    if not regimes:
        raise ParseError("rules", "no regime files found")
    return Rules(
        regimes=tuple(regimes),
        measures=tuple(measures),
        statements=tuple(statements),
        taxonomy=taxonomy,
        classifier=classifier,
        signals=SignalReader(lexicon),
        files=tuple(files),
    )


def _regime_files(directory: Traversable) -> Iterator[Traversable]:
    yield from sorted(
        (f for f in directory.iterdir() if f.name.endswith(".yaml") and f.name != SIGNALS_FILE),
        key=lambda f: f.name,
    )


def load_rules(directory: Path, *, taxonomy: GoodsTaxonomy | None = None) -> Rules:
    """Rules from a directory of regime files plus its `signals.yaml`."""
    signals = directory / SIGNALS_FILE
    if not signals.is_file():
        raise ParseError(str(signals), "signals file missing")
    sources = [(str(f), f.read_text(encoding="utf-8")) for f in _regime_files(directory)]
    return build_rules(
        sources,
        signals.read_text(encoding="utf-8"),
        taxonomy=taxonomy,
        signals_origin=str(signals),
    )


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The packaged regimes (parsed and checked once per process)."""
    directory = resources.files("sanctionwatch.rules").joinpath("data")
    sources = [(f"rules/data/{f.name}", f.read_text("utf-8")) for f in _regime_files(directory)]
    signals = directory.joinpath(SIGNALS_FILE).read_text("utf-8")
    return build_rules(sources, signals, signals_origin=f"rules/data/{SIGNALS_FILE}")
