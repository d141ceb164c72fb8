"""Context signals in a transfer's text: ship-to-ship transfers, caps, origin, service providers.

Some measures turn on facts that are neither the goods category nor the countries: a refined
petroleum delivery to the DPRK is banned above the cap or by ship-to-ship transfer; an EU export
ban reaches chips made in the EU; the Russian price cap binds EU, UK and US carriers and insurers.
The words that signal those facts are data (`data/signals.yaml`); this module compiles them once
and reads a transfer's goods and evidence sentence into a `TransferSignals`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Jurisdiction = Literal["EU", "UK", "US"]
JURISDICTIONS: tuple[Jurisdiction, ...] = ("EU", "UK", "US")

# Number words news uses for volumes ("one million barrels", "half a million tonnes").
_WORDS = {
    "a": 1.0,
    "one": 1.0,
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "eight": 8.0,
    "nine": 9.0,
    "ten": 10.0,
    "half a": 0.5,
}
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}
_QUANTITY = re.compile(
    r"(?P<num>\d[\d,]*(?:\.\d+)?|half a|one|two|three|four|five|six|seven|eight|nine|ten|a)"
    r"\s*(?P<mult>thousand|million|billion|bn|m)?\s+(?:of\s+)?"
    r"(?P<unit>barrels?|bbl|tonnes?|tons|metric tons)\b",
    re.IGNORECASE,
)
_PRICE = re.compile(
    r"(?:\$\s?(?P<a>\d+(?:\.\d+)?)|(?P<b>\d+(?:\.\d+)?)\s*(?:US\s*)?(?:dollars|USD))"
    r"\s*(?:a|per|/)\s*(?:barrel|bbl)\b",
    re.IGNORECASE,
)


def _compile_all(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _check_patterns(values: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in values:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from exc
    return values


class FlagSpec(BaseModel):
    """A named fact and the patterns that signal it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str
    scope: Literal["goods", "text"]
    patterns: tuple[str, ...] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _check_patterns(value)


class SignalLexicon(BaseModel):
    """The whole `signals.yaml` file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    flags: dict[str, FlagSpec]
    origin: dict[Literal["EU", "UK", "US", "other"], tuple[str, ...]]
    service_provider: dict[Jurisdiction, tuple[str, ...]]

    @field_validator("origin", "service_provider")
    @classmethod
    def _patterns(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for patterns in value.values():
            _check_patterns(patterns)
        return value


@dataclass(frozen=True, slots=True)
class TransferSignals:
    """What the goods text and the evidence sentence say beyond goods and countries."""

    flags: frozenset[str]
    origins: frozenset[str]  # EU / UK / US / other: where the goods were made
    providers: frozenset[str]  # EU / UK / US: whose carriers, managers or insurers are involved
    barrels: float | None = None
    tonnes: float | None = None
    usd_per_barrel: float | None = None

    def origin_state(self, jurisdiction: str) -> bool | None:
        """True: goods of that origin; False: another origin is named; None: not said."""
        if jurisdiction in self.origins:
            return True
        return False if self.origins else None


class SignalReader:
    """Compiled signal patterns; `read(goods, sentence)` gives a `TransferSignals`."""

    def __init__(self, lexicon: SignalLexicon) -> None:
        self.lexicon = lexicon
        self._flags = {
            name: (spec.scope, _compile_all(spec.patterns)) for name, spec in lexicon.flags.items()
        }
        self._origin = {key: _compile_all(p) for key, p in lexicon.origin.items()}
        self._provider = {key: _compile_all(p) for key, p in lexicon.service_provider.items()}

    def describe(self, flag: str) -> str:
        """The description of a flag, for rationales."""
        return self.lexicon.flags[flag].description

    def read(self, goods: str, sentence: str) -> TransferSignals:
        """Signals in the goods text and (for `text`-scoped ones) the evidence sentence."""
        text = f"{goods}\n{sentence}" if sentence else goods
        flags = frozenset(
            name
            for name, (scope, patterns) in self._flags.items()
            if any(p.search(goods if scope == "goods" else text) for p in patterns)
        )
        origins = frozenset(k for k, ps in self._origin.items() if any(p.search(text) for p in ps))
        providers = frozenset(
            k for k, ps in self._provider.items() if any(p.search(text) for p in ps)
        )
        barrels, tonnes = _quantities(text)
        return TransferSignals(
            flags=flags,
            origins=origins,
            providers=providers,
            barrels=barrels,
            tonnes=tonnes,
            usd_per_barrel=_price(text),
        )


def _quantities(text: str) -> tuple[float | None, float | None]:
    """The largest volume in barrels and in tonnes the text states, if any."""
    barrels: float | None = None
    tonnes: float | None = None
    for found in _QUANTITY.finditer(text):
        raw = found["num"].lower()
        number = _WORDS.get(raw)
        if number is None:
            number = float(raw.replace(",", ""))
        if found["mult"]:
            number *= _MULTIPLIERS[found["mult"].lower()]
        if found["unit"].lower().startswith(("barrel", "bbl")):
            barrels = max(barrels or 0.0, number)
        else:
            tonnes = max(tonnes or 0.0, number)
    return barrels, tonnes


def _price(text: str) -> float | None:
    """The highest price per barrel in US dollars the text states, if any."""
    prices = [float(found["a"] or found["b"]) for found in _PRICE.finditer(text)]
    return max(prices) if prices else None
