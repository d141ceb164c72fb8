"""The goods taxonomy (`data/goods.yaml`) and the classifier from goods text to categories.

The taxonomy is data: categories with HS chapters/headings, phrase groups and regular expressions,
validated by pydantic when it is loaded. `classify_goods(text)` finds every mention of goods in
a text and returns one `GoodsMatch` per mention, non-overlapping, where the longest (most specific)
mention wins: "antitank missiles" is arms, not missiles; "nuclear-powered submarines" is nuclear
technology (and a warship), not just a submarine. Coordinated goods give one match each.

Phrases go into one Aho-Corasick automaton (pyahocorasick) and patterns are compiled once, so a
classifier costs one pass over the text plus one `finditer` per pattern.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import ahocorasick
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sanctionwatch.exceptions import ParseError

logger = logging.getLogger(__name__)

HS_CODE = re.compile(r"^\d{2}(?:\d{2}(?:\.\d{2})?)?$")  # chapter, heading or subheading
CATEGORY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Characters mapped one-to-one before phrase matching, so spans stay valid in the original text.
_FOLD = str.maketrans(
    {"-": " ", "‐": " ", "‑": " ", "‒": " ", "–": " ", "—": " ", "’": "'", "‘": "'"}
    | dict.fromkeys("\t\n\r\x0c\x0b\xa0", " ")
)


def normalize(text: str) -> str:
    """Lower-case `text` character by character (same length) and fold dashes and spaces."""
    lowered = "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_FOLD)


def _variants(phrase: str) -> set[str]:
    """The normalized forms a phrase matches: hyphen as space or as nothing, plus a plural."""
    base = normalize(phrase.strip())
    forms = {base}
    if "-" in phrase:
        forms.add(normalize(phrase.strip().replace("-", "")))
    for form in list(forms):
        forms.update(_plurals(form))
    return forms


def _plurals(form: str) -> list[str]:
    # Only adds a plural; singularising would turn "arms" into "arm".
    if not form or not form[-1].isalpha() or form.endswith("s"):
        return []
    if form.endswith(("ch", "sh", "x", "z")):
        return [form + "es"]
    if form.endswith("y") and len(form) > 1 and form[-2] not in "aeiou":
        return [form[:-1] + "ies"]
    return [form + "s"]


class HsEntry(BaseModel):
    """An HS chapter, heading or subheading with a short description."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    desc: str

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not HS_CODE.match(value):
            raise ValueError(f"HS code {value!r} is not dd, dddd or dddd.dd")
        return value


class TermGroup(BaseModel):
    """Phrases and patterns that signal one kind of goods, with its own HS codes if any."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    hs: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # further categories the goods belong to

    @field_validator("hs")
    @classmethod
    def _hs(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        bad = [v for v in values if not HS_CODE.match(v)]
        if bad:
            raise ValueError(f"HS codes {bad} are not dd, dddd or dddd.dd")
        return values

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in values:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from exc
        return values

    @model_validator(mode="after")
    def _not_empty(self) -> TermGroup:
        if not self.phrases and not self.patterns:
            raise ValueError(f"term group {self.name!r} has neither phrases nor patterns")
        return self


class Category(BaseModel):
    """A goods category: label, HS codes and the terms that signal it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    hs: tuple[HsEntry, ...] = ()
    terms: tuple[TermGroup, ...] = Field(min_length=1)
    extension: bool = False  # not one of the dev set's categories
    unclear: bool = False  # the category alone does not decide a verdict
    fallback: bool = False  # reported only when nothing more specific is found
    reclassify: bool = False  # a transfer filed here is re-read from its goods text
    review_reason: str | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def _reason(self) -> Category:
        if self.unclear and not self.review_reason:
            raise ValueError("an unclear category needs a review_reason")
        return self

    @property
    def hs_codes(self) -> tuple[str, ...]:
        """The category's HS codes."""
        return tuple(entry.code for entry in self.hs)


class GoodsTaxonomy(BaseModel):
    """The whole taxonomy file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    required: tuple[str, ...]
    stop_phrases: tuple[str, ...] = ()
    categories: dict[str, Category]

    @model_validator(mode="after")
    def _consistent(self) -> GoodsTaxonomy:
        names = set(self.categories)
        bad_names = sorted(n for n in names if not CATEGORY_NAME.match(n))
        if bad_names:
            raise ValueError(f"category names must be snake_case: {bad_names}")
        missing = [name for name in self.required if name not in names]
        if missing:
            raise ValueError(f"required categories missing: {missing}")
        owner: dict[str, str] = {}
        for name, category in self.categories.items():
            for group in category.terms:
                unknown = [c for c in group.also if c not in names]
                if unknown:
                    raise ValueError(f"{name}.{group.name}: unknown categories in also: {unknown}")
                for phrase in group.phrases:
                    for form in _variants(phrase):
                        other = owner.setdefault(form, name)
                        if other != name:
                            raise ValueError(
                                f"phrase {phrase!r} ({form!r}) is in both {other} and {name}"
                            )
        return self

    def is_unclear(self, name: str) -> bool:
        """True for categories that do not decide a verdict (and for unknown names)."""
        category = self.categories.get(name)
        return category is None or category.unclear


@dataclass(frozen=True, slots=True)
class GoodsMatch:
    """One mention of goods in a text: its category, the words as written, span and HS codes."""

    category: str
    phrase: str  # the text as written
    start: int
    end: int
    hs_codes: tuple[str, ...]
    term: str  # the taxonomy phrase or pattern that matched
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Term:
    category: str | None  # None: a stop phrase
    term: str
    hs_codes: tuple[str, ...]
    also: tuple[str, ...]
    order: int


class GoodsClassifier:
    """Finds goods mentions in text with one automaton and a list of compiled patterns."""

    def __init__(self, taxonomy: GoodsTaxonomy) -> None:
        self.taxonomy = taxonomy
        self._automaton: Any = ahocorasick.Automaton()
        self._patterns: list[tuple[re.Pattern[str], _Term]] = []
        keys: dict[str, _Term] = {}
        order = 0
        for phrase in taxonomy.stop_phrases:
            for form in _variants(phrase):
                keys.setdefault(form, _Term(None, phrase, (), (), order))
            order += 1
        for name, category in taxonomy.categories.items():
            for group in category.terms:
                codes = group.hs or category.hs_codes
                for phrase in group.phrases:
                    term = _Term(name, phrase, codes, group.also, order)
                    order += 1
                    for form in _variants(phrase):
                        keys.setdefault(form, term)
                for pattern in group.patterns:
                    compiled = re.compile(pattern, re.IGNORECASE)
                    self._patterns.append(
                        (compiled, _Term(name, pattern, codes, group.also, order))
                    )
                    order += 1
        for form, term in keys.items():
            self._automaton.add_word(form, (len(form), term))
        self._automaton.make_automaton()

    def _candidates(self, text: str) -> Iterator[tuple[int, int, int, _Term]]:
        folded = normalize(text)
        size = len(folded)
        for last, (length, term) in self._automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end < size and folded[end].isalnum():
                continue
            yield start, end, 0, term
        for compiled, term in self._patterns:
            for found in compiled.finditer(text):
                if found.end() > found.start():
                    yield found.start(), found.end(), 1, term

    def classify(self, text: str) -> list[GoodsMatch]:
        """Every goods mention in `text`, longest first in conflicts, returned in text order."""
        candidates = sorted(
            self._candidates(text), key=lambda c: (c[0] - c[1], c[2], c[3].order, c[0])
        )
        chosen: list[tuple[int, int, _Term]] = []
        for start, end, _kind, term in candidates:
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, term))
        matches = [
            GoodsMatch(
                category=term.category,
                phrase=text[start:end],
                start=start,
                end=end,
                hs_codes=term.hs_codes,
                term=term.term,
                also=term.also,
            )
            for start, end, term in chosen
            if term.category is not None
        ]
        categories = self.taxonomy.categories
        if any(not categories[m.category].fallback for m in matches):
            matches = [m for m in matches if not categories[m.category].fallback]
        return sorted(matches, key=lambda m: m.start)


def load_goods_taxonomy(path: Path) -> GoodsTaxonomy:
    """Read and validate a taxonomy file; a `ParseError` names the file and the category."""
    return _parse_taxonomy(path.read_text(encoding="utf-8"), str(path))


def _parse_taxonomy(text: str, origin: str) -> GoodsTaxonomy:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParseError(origin, f"not valid YAML: {exc}") from exc
    try:
        return GoodsTaxonomy.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first["loc"]
        where = f"category {loc[1]}" if len(loc) > 1 and loc[0] == "categories" else None
        path = ".".join(str(part) for part in loc)
        raise ParseError(origin, f"{path}: {first['msg']}", where=where) from exc


@lru_cache(maxsize=1)
def goods_taxonomy() -> GoodsTaxonomy:
    """The packaged taxonomy (parsed once per process)."""
    source = resources.files("sanctionwatch.extract").joinpath("data/goods.yaml")
    return _parse_taxonomy(source.read_text("utf-8"), "sanctionwatch/extract/data/goods.yaml")


@lru_cache(maxsize=1)
def default_classifier() -> GoodsClassifier:
    """The classifier over the packaged taxonomy (built once per process)."""
    return GoodsClassifier(goods_taxonomy())


def classify_goods(text: str) -> list[GoodsMatch]:
    """Goods mentions in `text` by the packaged taxonomy (see `GoodsClassifier.classify`)."""
    return default_classifier().classify(text)


def goods_categories(text: str) -> list[str]:
    """The distinct categories mentioned in `text`, in order of first mention."""
    return list(dict.fromkeys(match.category for match in classify_goods(text)))
