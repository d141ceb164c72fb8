"""The name lexicon of the screening engine, loaded once from `data/lexicon.yml`.

Domain words (honorifics, particles, legal forms, common names, surname readings) are data, so
that a reviewer can see and change them without reading the matcher; pydantic checks the file.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator


def _lower_set(values: list[str]) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in values if v.strip())


class KoreanLexicon(BaseModel):
    """Korean surname readings by convention, and the two-syllable surnames."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    surnames: dict[str, tuple[str, ...]]
    double_surnames: frozenset[str]
    cyrillic_surnames: frozenset[str]


class ChineseLexicon(BaseModel):
    """Surname readings that differ from a character's common reading; compound surnames."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    surname_readings: dict[str, str]
    compound_surnames: frozenset[str]


class Lexicon(BaseModel):
    """Word lists that change a token's weight or add readings (never a match by themselves)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    honorifics: frozenset[str]
    particles: frozenset[str]
    legal_forms: frozenset[str]
    legal_form_words: frozenset[str]
    generic_words: frozenset[str]
    abbreviations: dict[str, str]
    common_tokens: frozenset[str]
    patronymic_suffixes: tuple[str, ...] = Field(min_length=1)
    korean: KoreanLexicon
    chinese: ChineseLexicon

    @field_validator(
        "honorifics",
        "particles",
        "legal_forms",
        "legal_form_words",
        "generic_words",
        "common_tokens",
        mode="before",
    )
    @classmethod
    def _lower(cls, value: list[str]) -> frozenset[str]:
        return _lower_set(value)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon (parsed once per process)."""
    text = (
        resources.files("sanctionwatch.screening").joinpath("data/lexicon.yml").read_text("utf-8")
    )
    return Lexicon.model_validate(yaml.safe_load(text))
