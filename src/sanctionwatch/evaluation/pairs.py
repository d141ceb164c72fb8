"""The labelled dev set: pairs of names built from the real lists, and their CSV file.

A pair is `query,candidate,label,schema,category`: label 1 when both names are names of one
party, 0 when they are names of different parties. `build_pairs` draws them deterministically
(a seed) from a `Corpus`:

- positives from the lists themselves: aliases, weak aliases, former names and acronyms of a
  party against its primary name, names in the original script (persons), and one party found
  on two lists (`linking`); only aliases that are renderings of the primary name are kept
  (`resemblance.is_variant`, `is_script_variant`): "Abu Hafs" as a nom de guerre of "Mohammed
  Atef" is a different name, which no name matcher can or should find;
- positives derived by rule (`variants`): word order, "LAST, First", a dropped middle name,
  Korean romanisations and Hangul, Cyrillic, a typing error, diacritics, legal forms, vessel
  prefixes;
- hard negatives (`negatives`).

Each category is capped (`CATEGORY_CAPS`); what was left out and why is counted.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney import model

from sanctionwatch.evaluation.corpus import Corpus, Party
from sanctionwatch.evaluation.linking import kind_of, link_parties
from sanctionwatch.evaluation.negatives import NEGATIVE_CATEGORIES, iter_negatives
from sanctionwatch.evaluation.resemblance import (
    is_acronym,
    is_script_variant,
    is_variant,
    plain,
    trivially_equal,
)
from sanctionwatch.evaluation.variants import (
    case_style,
    cyrillic,
    diacritics,
    drop_middle,
    is_slavic,
    korean_hangul,
    korean_name,
    korean_romanisation,
    legal_form,
    surname_comma,
    typo,
    vessel_prefix,
    word_order,
)
from sanctionwatch.exceptions import InputError

DEFAULT_SEED = 20260227
FIELDS = ("query", "candidate", "label", "schema", "category")
_ORGS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})

# Most pairs drawn per category (fewer when the lists hold fewer).
CATEGORY_CAPS: dict[str, int] = {
    # from the lists
    "alias_person": 500,
    "alias_org": 350,
    "alias_vessel": 80,
    "weak_alias": 200,
    "former_name": 150,
    "acronym": 100,
    "original_script": 400,
    "xlist_passport": 300,
    "xlist_birth_date": 200,
    "xlist_imo": 100,
    "xlist_uk_un": 300,
    "xlist_uk_ofac": 300,
    # derived by rule
    "word_order": 200,
    "surname_comma": 150,
    "drop_middle": 200,
    "korean_romanisation": 200,
    "korean_hangul": 150,
    "cyrillic": 250,
    "typo": 250,
    "diacritics": 150,
    "legal_form": 200,
    "vessel_prefix": 80,
    # hard negatives
    "neg_korean": 300,
    "neg_common_name": 500,
    "neg_two_of_three": 500,
    "neg_surname": 500,
    "neg_given_name": 400,
    "neg_org": 600,
    "neg_vessel": 300,
}


@dataclass(frozen=True, slots=True)
class Pair:
    """One labelled pair: is `candidate` (a listed name) the party named `query`?"""

    query: str
    candidate: str
    label: int
    schema: str = "Thing"
    category: str = ""


@dataclass(slots=True)
class BuildReport:
    """The dev set and what went into it: pairs per category, and pairs left out and why."""

    pairs: list[Pair]
    seed: int
    counts: Counter[str] = field(default_factory=Counter)
    excluded: Counter[str] = field(default_factory=Counter)


def seeded(seed: int, *parts: str) -> random.Random:
    """A random generator for one part of the build: the same seed and part give the same draws
    whatever the other parts did (string seeds are hashed with SHA-512, stable across runs)."""
    return random.Random(":".join([str(seed), *parts]))  # noqa: S311  # sampling, not secrets


def _schema(a: Party, b: Party | None = None) -> str:
    if b is None or a.schema == b.schema:
        return a.schema
    if a.schema in _ORGS and b.schema in _ORGS:
        return "Organization" if "LegalEntity" not in (a.schema, b.schema) else "LegalEntity"
    return "LegalEntity"


def _non_latin(text: str) -> bool:
    return any(ord(c) > 0x24F and c.isalpha() for c in text)


class _Collector:
    """Pairs per category up to its cap, without duplicates across categories."""

    def __init__(self) -> None:
        self.pairs: dict[str, list[Pair]] = {c: [] for c in CATEGORY_CAPS}
        self.seen: set[tuple[tuple[str, ...], tuple[str, ...], str]] = set()
        self.excluded: Counter[str] = Counter()

    def full(self, category: str) -> bool:
        return len(self.pairs[category]) >= CATEGORY_CAPS[category]

    def add(self, pair: Pair) -> bool:
        if self.full(pair.category):
            return False
        if not pair.query.strip() or not pair.candidate.strip():
            return False
        key = (plain(pair.query), plain(pair.candidate), pair.schema)
        if key in self.seen or key[0] == key[1]:
            return False
        self.seen.add(key)
        self.pairs[pair.category].append(pair)
        return True


def _alias_pairs(parties: list[Party], out: _Collector, rng: random.Random) -> None:
    found: dict[str, list[Pair]] = {c: [] for c in CATEGORY_CAPS}
    for party in parties:
        for text, kind in party.names:
            if trivially_equal(text, party.name):
                continue
            if _non_latin(text):
                if party.schema != "Person":
                    out.excluded["original_script_not_person"] += 1
                    continue
                if not is_script_variant(text, party.name):
                    out.excluded["original_script_not_a_variant"] += 1
                    continue
                category = "original_script"
            elif is_acronym(text, party.name):
                category = "acronym"
            elif is_variant(text, party.name, person=party.schema == "Person"):
                category = {"weak": "weak_alias", "previous": "former_name"}.get(
                    kind, f"alias_{kind_of(party)}"
                )
            else:
                out.excluded[f"{kind}_not_a_variant"] += 1
                continue
            if category not in found:
                out.excluded[f"{category}_not_drawn"] += 1
                continue
            found[category].append(Pair(text, party.name, 1, party.schema, category))
    for pairs in found.values():
        for pair in rng.sample(pairs, len(pairs)):
            out.add(pair)


def _link_pairs(corpus: Corpus, out: _Collector, rng: random.Random) -> None:
    links = link_parties(corpus)
    for a, b, how in rng.sample(links, len(links)):
        if not is_variant(a.name, b.name, person=a.schema == "Person"):
            out.excluded[f"xlist_{how}_not_a_variant"] += 1
            continue
        out.add(Pair(a.name, b.name, 1, _schema(a, b), f"xlist_{how}"))


Deriver = Callable[[Party, random.Random], str | None]


def _on_name(rule: Callable[[str, random.Random], str | None]) -> Deriver:
    return lambda party, rng: rule(party.name, rng)


# category → (which parties, rule, whether the output takes a random letter case)
_DERIVED: tuple[tuple[str, Callable[[Party], bool], Deriver, bool], ...] = (
    ("korean_romanisation", lambda p: korean_name(p) is not None, korean_romanisation, False),
    ("korean_hangul", lambda p: korean_name(p) is not None, korean_hangul, False),
    ("cyrillic", is_slavic, cyrillic, False),
    ("word_order", lambda p: p.schema == "Person", word_order, True),
    ("surname_comma", lambda p: p.schema == "Person", surname_comma, False),
    ("drop_middle", lambda p: p.schema == "Person", drop_middle, True),
    ("typo", lambda p: kind_of(p) in ("person", "org", "vessel"), _on_name(typo), False),
    ("diacritics", lambda p: kind_of(p) in ("person", "org"), _on_name(diacritics), False),
    ("legal_form", lambda p: kind_of(p) == "org", _on_name(legal_form), False),
    ("vessel_prefix", lambda p: p.schema == "Vessel", _on_name(vessel_prefix), False),
)


def _derived_pairs(parties: list[Party], out: _Collector, seed: int) -> None:
    for category, eligible, rule, cased in _DERIVED:
        rng = seeded(seed, category)
        pool = [p for p in parties if eligible(p)]
        for party in rng.sample(pool, len(pool)):
            if out.full(category):
                break
            text = rule(party, rng)
            if text is None:
                continue
            if cased:
                text = case_style(text, rng)
            out.add(Pair(text, party.name, 1, party.schema, category))


def _negative_pairs(corpus: Corpus, out: _Collector, seed: int) -> None:
    for family in ("un", "ofac", "uk", "eu"):
        parties = corpus.by_family(family)
        rng = seeded(seed, "negatives", family)
        for a, b, category in iter_negatives(parties, rng):
            out.add(Pair(a.name, b.name, 0, _schema(a, b), category))
            if all(out.full(c) for c in NEGATIVE_CATEGORIES):
                break


def build_pairs(corpus: Corpus, seed: int = DEFAULT_SEED) -> BuildReport:
    """The dev set drawn from `corpus`: the same corpus and seed give the same pairs."""
    out = _Collector()
    parties = corpus.parties
    _link_pairs(corpus, out, seeded(seed, "links"))
    _alias_pairs(parties, out, seeded(seed, "aliases"))
    _derived_pairs(parties, out, seed)
    _negative_pairs(corpus, out, seed)
    pairs = [pair for category in CATEGORY_CAPS for pair in out.pairs[category]]
    counts = Counter(pair.category for pair in pairs)
    return BuildReport(pairs, seed, counts, out.excluded)


# -- the CSV file -------------------------------------------------------------------------------


def write_pairs(path: Path, pairs: Iterable[Pair]) -> int:
    """Write pairs as CSV (`query,candidate,label,schema,category`); returns how many."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        for pair in pairs:
            writer.writerow([pair.query, pair.candidate, pair.label, pair.schema, pair.category])
            count += 1
    return count


def read_pairs(path: Path) -> list[Pair]:
    """Read a pairs CSV: `query,candidate,label` required, `schema` and `category` optional.

    `InputError` names the file and line of anything wrong: a missing column, a label other
    than 0/1, an empty name, a malformed row.
    """
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc
    pairs: list[Pair] = []
    with handle:
        try:
            reader = csv.DictReader(handle, strict=True)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            missing = [c for c in ("query", "candidate", "label") if c not in header]
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
            reader.fieldnames = header
            for row in reader:
                pairs.append(_row(path, reader.line_num, row))
        except csv.Error as exc:
            raise InputError(f"{path}: line {reader.line_num}: malformed CSV ({exc})") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    if not pairs:
        raise InputError(f"{path}: no pairs")
    return pairs


def _row(path: Path, line: int, row: dict[str, str | None]) -> Pair:
    if None in row:
        raise InputError(f"{path}: line {line}: more fields than columns")
    query = (row.get("query") or "").strip()
    candidate = (row.get("candidate") or "").strip()
    label = (row.get("label") or "").strip()
    if not query or not candidate:
        raise InputError(f"{path}: line {line}: empty query or candidate")
    if label not in ("0", "1"):
        raise InputError(f"{path}: line {line}: label must be 0 or 1, not {label!r}")
    schema = (row.get("schema") or "").strip() or "Thing"
    found = model.get(schema)
    if found is None or not found.is_a("Thing"):
        raise InputError(f"{path}: line {line}: unknown schema {schema!r} (use Person, Company...)")
    schema = found.name
    category = (row.get("category") or "").strip()
    return Pair(query, candidate, int(label), schema, category)
