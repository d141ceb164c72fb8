"""The dev-set builder's tables (`data/builder.yml`), validated by pydantic and loaded once.

Spelling conventions are data (STYLE rule 5): romanisation systems of Korean, the reverse of
BGN/PCGN for Russian, legal-form equivalences, diacritics and keyboard neighbours. They are the
builder's own, written apart from the engine's lexicon so that the dev set does not inherit the
engine's mistakes.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator


class Jamo(BaseModel):
    """One Korean letter: the Latin spellings it is read from and its spelling per system."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    read: tuple[str, ...] = Field(min_length=1)
    rr: str
    dprk: str
    mr: str
    pop: str


class KoreanTables(BaseModel):
    """Initials (19), vowels (21), finals and common surnames."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    initials: tuple[Jamo, ...] = Field(min_length=19, max_length=19)
    vowels: tuple[Jamo, ...] = Field(min_length=21, max_length=21)
    finals: dict[str, int]
    surnames: dict[str, tuple[str, tuple[str, ...]]]


class BuilderTables(BaseModel):
    """Everything `data/builder.yml` holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stop_words: frozenset[str]
    function_words: frozenset[str]
    legal_words: frozenset[str]
    bound_prefixes: frozenset[str]
    legal_form_groups: tuple[tuple[str, ...], ...]
    korean_programs: tuple[str, ...]
    cyrillic_programs: tuple[str, ...]
    korean: KoreanTables
    cyrillic: tuple[tuple[str, str], ...]
    diacritics: dict[str, tuple[str, ...]]
    keyboard: dict[str, str]

    @field_validator("stop_words", "function_words", "legal_words", "bound_prefixes", mode="before")
    @classmethod
    def _lower(cls, value: list[str]) -> frozenset[str]:
        return frozenset(str(v).strip().lower() for v in value)


@lru_cache(maxsize=1)
def tables() -> BuilderTables:
    """The packaged builder tables (parsed once per process)."""
    text = (
        resources.files("sanctionwatch.evaluation").joinpath("data/builder.yml").read_text("utf-8")
    )
    return BuilderTables.model_validate(yaml.safe_load(text))
