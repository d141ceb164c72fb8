"""The extraction lexicons as validated data: trigger words, certainty cues, attribution cues.

Three files in `data/` — `transfers.yaml`, `certainty.yaml`, `attribution.yaml` — each read once
per process and validated by the pydantic models below; a broken file is a `ParseError` that
names the file and the field. The comments at the top of each file say what every list is for.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sanctionwatch.exceptions import ParseError

Frame = Literal["give", "get", "carry", "move", "produce", "help", "train", "none"]
_ISO = re.compile(r"^[A-Z]{2}$")


def _lowered(values: frozenset[str]) -> frozenset[str]:
    bad = sorted(v for v in values if v != v.lower() or not v.strip())
    if bad:
        raise ValueError(f"words must be lower case and not empty: {bad}")
    return values


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Phrasal(_Model):
    """A trigger of a verb with its object or particle ("took delivery of", "turned up")."""

    verb: str
    object: str | None = None
    particle: str | None = None
    frame: Frame


class LightVerbs(_Model):
    """Verbs whose subject is a party of the transfer noun they govern."""

    supplier: frozenset[str]
    recipient: frozenset[str]
    pair: frozenset[str]


class Elaboration(_Model):
    """ "The haul included ...": cargo subjects and the verbs that list their contents."""

    subjects: frozenset[str]
    verbs: frozenset[str]


class Norms(_Model):
    """Words of law and policy: a trigger they govern states a rule, not an event; a transfer
    noun that is the subject of a `judged` verb ("would breach") is assessed, not reported."""

    verbs: frozenset[str]
    nouns: frozenset[str]
    judged: frozenset[str] = frozenset()


class Blockers(_Model):
    """Governing words, clause markers and determiners that stop a transfer being reported."""

    verbs: frozenset[str]
    marks: frozenset[str]
    determiners: frozenset[str]
    # Nouns that, with "no", say a transfer is not known: "no evidence that China has provided".
    absent: frozenset[str] = frozenset()


class Humanitarian(_Model):
    """Exempt humanitarian aid: the agencies and the goods words."""

    agencies: tuple[str, ...]
    goods: tuple[str, ...]


class Refinement(_Model):
    """Goods words that mean `category` when the article uses one of the `when` cues."""

    category: str
    phrases: tuple[str, ...]
    when: tuple[str, ...]


class TransferLexicon(_Model):
    """The schema of `data/transfers.yaml`."""

    version: int
    verbs: dict[Frame, frozenset[str]]
    nouns: dict[Frame, frozenset[str]]
    phrasal: tuple[Phrasal, ...] = ()
    light_verbs: LightVerbs
    with_goods: frozenset[str]
    with_recipient: frozenset[str]
    destinations: tuple[str, ...]
    elaboration: Elaboration
    norms: Norms
    blockers: Blockers
    humanitarian: Humanitarian
    groups: dict[str, str]
    pair_words: tuple[str, ...]
    party_nouns: frozenset[str]
    company_forms: frozenset[str]
    place_nouns: frozenset[str]
    generic_goods: frozenset[str]
    generic_heads: frozenset[str]
    services: frozenset[str]
    reference_nouns: frozenset[str] = frozenset()
    stale_years: int = Field(ge=1)
    refinements: tuple[Refinement, ...] = ()
    ordinary_goods: frozenset[str] = frozenset()
    boilerplate: tuple[str, ...] = ()

    @field_validator("verbs", "nouns")
    @classmethod
    def _words(cls, value: dict[Frame, frozenset[str]]) -> dict[Frame, frozenset[str]]:
        for words in value.values():
            _lowered(words)
        return value

    @field_validator("groups")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = sorted(name for name, code in value.items() if not _ISO.match(code))
        if bad:
            raise ValueError(f"groups with a country that is not ISO alpha-2: {bad}")
        return value

    def frame_of_verb(self, lemma: str) -> Frame | None:
        """The frame a verb lemma triggers, or None."""
        for frame, words in self.verbs.items():
            if lemma in words:
                return frame
        return None

    def frame_of_phrasal(self, lemma: str, objects: set[str], particles: set[str]) -> Frame | None:
        """The frame of a verb with one of its objects or particles ("take delivery"), or None."""
        for entry in self.phrasal:
            if entry.verb != lemma:
                continue
            if entry.object is not None and entry.object not in objects:
                continue
            if entry.particle is not None and entry.particle not in particles:
                continue
            return entry.frame
        return None

    def frame_of_noun(self, lemma: str) -> Frame | None:
        """The frame a noun lemma triggers, or None."""
        for frame, words in self.nouns.items():
            if lemma in words:
                return frame
        return None


class Planned(_Model):
    """Cues of a prospective transfer."""

    aux: frozenset[str]
    verbs: frozenset[str]
    adjectives: frozenset[str]
    nouns: frozenset[str]


class Speculative(_Model):
    """Cues of a mere possibility."""

    aux: frozenset[str]
    words: frozenset[str]
    verbs: frozenset[str]


class Alleged(_Model):
    """Hedges that make a statement someone's claim."""

    hedges: frozenset[str]


class Denial(_Model):
    """Cues of a party's denial and the goods words a denial of "weapons" covers."""

    verbs: frozenset[str]
    claims: frozenset[str]
    words: frozenset[str]
    phrases: tuple[str, ...]
    weapons: tuple[str, ...]
    weapons_categories: frozenset[str]


class Acknowledgement(_Model):
    """Verbs by which a party acknowledges a transfer."""

    verbs: frozenset[str]


class CertaintyLexicon(_Model):
    """The schema of `data/certainty.yaml`."""

    version: int
    planned: Planned
    speculative: Speculative
    alleged: Alleged
    denial: Denial
    acknowledgement: Acknowledgement


class AttributionLexicon(_Model):
    """The schema of `data/attribution.yaml`."""

    version: int
    reporting_verbs: frozenset[str]
    documents: frozenset[str]
    statistics: frozenset[str]
    own_voice: tuple[str, ...]
    pronouns: frozenset[str]

    @field_validator("reporting_verbs", "documents", "statistics", "pronouns")
    @classmethod
    def _words(cls, value: frozenset[str]) -> frozenset[str]:
        return _lowered(value)


def _load(name: str, model: type[_Model]) -> Any:
    origin = f"sanctionwatch/extract/data/{name}"
    text = resources.files("sanctionwatch.extract").joinpath(f"data/{name}").read_text("utf-8")
    return parse_lexicon(text, origin, model)


def parse_lexicon(text: str, origin: str, model: type[_Model]) -> Any:
    """Parse and validate one lexicon file's text; a `ParseError` names `origin` and the field."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParseError(origin, f"not valid YAML: {exc}") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(part) for part in first["loc"])
        raise ParseError(origin, f"{path}: {first['msg']}") from exc


@cache
def transfer_lexicon() -> TransferLexicon:
    """`data/transfers.yaml`, validated once per process."""
    lexicon: TransferLexicon = _load("transfers.yaml", TransferLexicon)
    return lexicon


@cache
def certainty_lexicon() -> CertaintyLexicon:
    """`data/certainty.yaml`, validated once per process."""
    lexicon: CertaintyLexicon = _load("certainty.yaml", CertaintyLexicon)
    return lexicon


@cache
def attribution_lexicon() -> AttributionLexicon:
    """`data/attribution.yaml`, validated once per process."""
    lexicon: AttributionLexicon = _load("attribution.yaml", AttributionLexicon)
    return lexicon
