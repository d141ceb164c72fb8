"""Transfer candidates and the article-level steps that settle them.

A `Candidate` is one transfer read from one trigger: parties, one goods category, the clause's
certainty and source. `settle(candidates, ...)` then applies what only the whole article shows:

0. a cargo with no recipient goes where its ship is reported heading later ("the Volna Star
   heading for the Indian port of Sikka");
1. an unidentified cargo between parties that also exchange named goods is those goods ("further
   consignments" of drones already reported);
2. a generic word ("weapons", "military equipment") beside a specific transfer of the same
   parties is a restatement of it;
3. the same transfer told twice (same supplier country, recipient country and category, and
   both planned or both carried out) is one transfer — the statement that names most of it in
   its own sentence is kept, vessels and names of all are merged — and a statement that leaves
   one side open is folded into the nearest one that names it (unless another ship carries it: a
   second voyage). Different companies on one side are different transfers;
4. a side still open is the other country of the article's pair when two sanctions targets
   dominate the story ("Moscow could transfer such aircraft" in an article about Russia and North
   Korea);
5. transfers where no party is a sanctions target (or a listed entity), and plainly legal trade
   (no measure reaches it and the recipient is no target: Russian wheat to Egypt) are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from sanctionwatch.extract.attribution import Source
from sanctionwatch.extract.goods import GoodsMatch
from sanctionwatch.extract.parties import PAIR, Party
from sanctionwatch.nlp.linking import VESSEL

CARGO = "unknown_cargo"


@dataclass(slots=True)
class Candidate:
    """One transfer as read from one trigger, before the article-level steps."""

    trigger: Token
    sentence: int
    category: str
    matches: list[GoodsMatch]
    goods: str
    supplier: Party | None
    recipient: Party | None
    source: Source
    certainty: str
    generic: bool = False  # only generic goods words ("weapons")
    vessels: list[str] = field(default_factory=list)
    vessel_entities: list[str] = field(default_factory=list)
    imo: list[str] = field(default_factory=list)
    when: str | None = None
    strength: int = 0  # how fully the sentence states it (a merge keeps the strongest)
    carried: bool = False  # a ship or another carrier moves it
    prospective: bool = False  # planned or speculative: not the same event as one carried out

    @property
    def supplier_country(self) -> str | None:
        """The supplier's country (None when unknown)."""
        return self.supplier.country if self.supplier is not None else None

    @property
    def recipient_country(self) -> str | None:
        """The recipient's country (None when unknown)."""
        return self.recipient.country if self.recipient is not None else None

    @property
    def key(self) -> tuple[str | None, str | None, str, bool]:
        """Supplier country, recipient country, category, and whether it is still to come."""
        return (self.supplier_country, self.recipient_country, self.category, self.prospective)

    def absorb(self, other: Candidate) -> None:
        """Take over the other statement's vessels and the names of its parties."""
        for name in other.vessels:
            if name not in self.vessels:
                self.vessels.append(name)
        for entity in other.vessel_entities:
            if entity not in self.vessel_entities:
                self.vessel_entities.append(entity)
        for number in other.imo:
            if number not in self.imo:
                self.imo.append(number)
        for mine, theirs in ((self.supplier, other.supplier), (self.recipient, other.recipient)):
            if mine is not None and theirs is not None:
                mine.names = tuple(dict.fromkeys((*mine.names, *theirs.names)))
                if mine.entity_id is None and theirs.entity_id is not None:
                    mine.entity_id = theirs.entity_id
        self.when = self.when or other.when
        if (
            self.certainty == "confirmed"
            and self.source.text is None
            and other.certainty == "alleged"
            and other.source.text is not None
        ):
            # The outlet restates in its own voice what it has from a source: still alleged.
            self.certainty, self.source = other.certainty, other.source


@dataclass(frozen=True, slots=True)
class Voyage:
    """A ship heading somewhere ("the Volna Star heading for the Indian port of Sikka")."""

    vessels: tuple[str, ...]
    destination: Party
    sentence: int


def _sail(candidates: list[Candidate], voyages: list[Voyage], reach: int = 8) -> None:
    """A cargo with no recipient goes where its ship is reported heading, later in the story."""
    for candidate in candidates:
        if candidate.recipient is not None or not candidate.carried:
            continue
        for voyage in voyages:
            if not 0 <= voyage.sentence - candidate.sentence <= reach:
                continue
            if (
                candidate.vessels
                and voyage.vessels
                and not set(candidate.vessels) & set(voyage.vessels)
            ):
                continue
            if voyage.destination.country == candidate.supplier_country:
                continue
            candidate.recipient = voyage.destination
            for name in voyage.vessels:
                if name not in candidate.vessels:
                    candidate.vessels.append(name)
            break


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _adopt_cargo(candidates: list[Candidate]) -> None:
    """An unidentified cargo between parties that exchange named goods is those goods."""
    for cargo in candidates:
        if cargo.category != CARGO:
            continue
        named = [
            c
            for c in candidates
            if c.category != CARGO
            and (c.supplier_country or c.recipient_country)
            and _compatible(c.supplier_country, cargo.supplier_country)
            and _compatible(c.recipient_country, cargo.recipient_country)
        ]
        if named:
            cargo.category = named[0].category


def _drop_generic(candidates: list[Candidate], family: frozenset[str]) -> list[Candidate]:
    """A generic weapons word beside a specific weapons transfer of the same parties."""
    kept: list[Candidate] = []
    for candidate in candidates:
        if candidate.generic and candidate.category in family:
            specific = [
                c
                for c in candidates
                if c is not candidate
                and not c.generic
                and c.category in family
                and _compatible(c.supplier_country, candidate.supplier_country)
                and _compatible(c.recipient_country, candidate.recipient_country)
            ]
            if specific:
                specific[0].absorb(candidate)
                continue
        kept.append(candidate)
    return kept


def _other_ship(a: Candidate, b: Candidate) -> bool:
    return bool(a.vessels) and bool(b.vessels) and not set(a.vessels) & set(b.vessels)


def _distinct_companies(a: Candidate, b: Candidate) -> bool:
    for x, y in ((a.supplier, b.supplier), (a.recipient, b.recipient)):
        both = x is not None and y is not None and x.kind == y.kind == "organization"
        if both and x is not None and y is not None and not set(x.names) & set(y.names):
            return True
    return False


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-c.strength, c.sentence)):
        twin = next(
            (k for k in kept if k.key == candidate.key and not _distinct_companies(k, candidate)),
            None,
        )
        if twin is not None:
            twin.absorb(candidate)
            continue
        kept.append(candidate)
    settled: list[Candidate] = []
    for candidate in kept:
        if candidate.supplier_country is not None and candidate.recipient_country is not None:
            settled.append(candidate)
            continue
        options = [
            k
            for k in kept
            if k is not candidate
            and k.category == candidate.category
            and k.prospective == candidate.prospective
            and k.supplier_country is not None
            and k.recipient_country is not None
            and _compatible(k.supplier_country, candidate.supplier_country)
            and _compatible(k.recipient_country, candidate.recipient_country)
            and not _other_ship(k, candidate)
        ]
        # The statement nearest in the text is the one it completes.
        options.sort(key=lambda k: abs(k.sentence - candidate.sentence))
        fuller = options[0] if options else None
        if fuller is not None:
            fuller.absorb(candidate)
            continue
        settled.append(candidate)
    return sorted(settled, key=lambda c: (c.sentence, c.trigger.i))


def _fill_from_pair(candidates: list[Candidate], pair: tuple[str, ...]) -> None:
    """An open side is the other country of a dominant pair ("Moscow could transfer ...")."""
    if len(pair) != 2:
        return
    for candidate in candidates:
        known = candidate.supplier_country or candidate.recipient_country
        if known not in pair or (candidate.supplier_country and candidate.recipient_country):
            continue
        if candidate.supplier is not None and candidate.supplier.kind == VESSEL:
            continue
        other = pair[1] if known == pair[0] else pair[0]
        party = Party(other, other, PAIR)
        if candidate.supplier_country is None and candidate.supplier is None:
            candidate.supplier = party
        elif candidate.recipient_country is None and candidate.recipient is None:
            candidate.recipient = party


def settle(
    candidates: list[Candidate],
    *,
    pair: tuple[str, ...],
    weapons: frozenset[str],
    relevant: Callable[[Candidate], bool],
    voyages: list[Voyage] | None = None,
) -> list[Candidate]:
    """The article's transfers from its candidates (see the module docstring)."""
    _sail(candidates, voyages or [])
    _adopt_cargo(candidates)
    settled = _merge(_drop_generic(candidates, weapons))
    _fill_from_pair(settled, pair)
    settled = _merge(settled)
    return [c for c in settled if relevant(c)]
