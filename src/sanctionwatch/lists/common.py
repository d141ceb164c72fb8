"""What every list parser shares: the parse report, entity construction and value cleaning.

A parser module exposes `SOURCE`, `sniff(path, head) -> bool` and
`iter_entities(path, report) -> Iterator[EntityProxy]`. It never touches the store or the index.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Protocol

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

# Schemata of listed parties; every other entity (Sanction, Identification, ...) belongs to one.
TARGET_SCHEMATA = frozenset(
    {"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"}
)

# Values that official files use for "no value".
_NULLS = frozenset({"", "-0-", "n/a", "na", "none", "null", "unknown", "-"})
_SPACES = re.compile(r"\s+")
# "IMO 7937317", "IMO Number: 5342883", "IMO company no. 1790183" and the spelled-out
# "International Maritime Organization (IMO) Number: 1790183" (hence the optional ")").
_IMO_IN_TEXT = re.compile(
    r"\bIMO\)?(?:\s*(?:company|ship|vessel))?(?:\s*(?:number|no\.?|#))?\s*[:.]?\s*(\d{7})\b",
    re.IGNORECASE,
)
_SEVEN_DIGITS = re.compile(r"\d{7}")
# Country names in the official files that FtM's country cleaning does not map, by the
# lower-cased name. Left out on purpose, so they stay counted in `ParseReport.unmapped`:
# OFAC's "Region: Kafia Kingi" (an area disputed by Sudan and South Sudan: either code would
# take a side) and "Commonwealth of Independent States" (a group of countries, not one).
_COUNTRY_ALIASES = {
    "congo (democratic republic)": "cd",  # UK
    "democratic republic of the congo": "cd",  # UK
    "occupied palestinian territories": "ps",  # UK
    "lao pdr": "la",  # UK
    "northern mali": "ml",  # OFAC, as "Region: Northern Mali"
}


@dataclass
class ParseReport:
    """What a parser saw besides the entities: publication date, counts, orphans, warnings.

    `orphans` counts rows that refer to a listed party the file lacks (or records skipped for
    want of one); `unmapped` counts values that could not be mapped, by kind (`"country"`).
    """

    source: str
    path: str
    published_at: datetime | None = None
    counts: Counter[str] = field(default_factory=Counter)
    orphans: Counter[str] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    _warned: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def warn(self, message: str) -> None:
        """Record a non-fatal problem (kept short: the first 1,000 only)."""
        if len(self.warnings) < 1000:
            self.warnings.append(message)

    def warn_once(self, key: str, message: str) -> None:
        """`warn`, but only the first time for `key` (a value repeated across records)."""
        if key not in self._warned:
            self._warned.add(key)
            self.warn(message)

    def count(self, entity: EntityProxy) -> None:
        """Count a listed party (see `is_target`) by schema."""
        if is_target(entity):
            self.counts[entity.schema.name] += 1


def is_target(entity: EntityProxy) -> bool:
    """Whether an entity is a listed party rather than a record about one.

    A source that says so itself decides: OpenSanctions FtM lines carry `"target": true/false`
    (kept in `entity.context`), and a sanctioned person's relatives and owners are Persons and
    Companies that are not targets. Otherwise the schema decides (`TARGET_SCHEMATA`).
    """
    flag = entity.context.get("target")
    if isinstance(flag, bool):
        return flag
    return entity.schema.name in TARGET_SCHEMATA


class ListParser(Protocol):
    """The interface of a parser module (checked structurally)."""

    SOURCE: str

    def sniff(self, path: str, head: bytes) -> bool: ...

    def iter_entities(self, path: str, report: ParseReport) -> Iterable[EntityProxy]: ...


def make_entity(schema: str, entity_id: str) -> EntityProxy:
    """A new FtM entity with a readable, stable id."""
    entity = model.make_entity(schema)
    entity.id = entity_id
    return entity


def make_sanction(
    entity: EntityProxy,
    *,
    authority: str,
    program: str | None = None,
    listing_date: str | None = None,
    reason: str | None = None,
    source_url: str | None = None,
    key: str | None = None,
) -> EntityProxy:
    """A `Sanction` record for `entity`; `key` distinguishes several sanctions of one entity."""
    suffix = f"sanction-{slug(key)}" if key else "sanction"
    sanction = make_entity("Sanction", f"{entity.id}-{suffix}")
    sanction.add("entity", entity.id)
    sanction.add("authority", authority)
    sanction.add("program", program)
    sanction.add("listingDate", listing_date)
    sanction.add("reason", reason)
    sanction.add("sourceUrl", source_url)
    return sanction


def slug(text: str) -> str:
    """A lower-case id fragment: letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def clean(value: str | None) -> str | None:
    """Collapse whitespace; map the official files' null markers to None."""
    if value is None:
        return None
    text = _SPACES.sub(" ", value).strip()
    if text.lower() in _NULLS:
        return None
    return text


def imo_valid(number: str) -> bool:
    """Whether a 7-digit IMO *ship* number has a valid check digit (weights 7..2, sum mod 10)."""
    if not _SEVEN_DIGITS.fullmatch(number):
        return False
    digits = [int(c) for c in number]
    return sum(d * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10 == digits[6]


def imo_company_valid(number: str) -> bool:
    """Whether a 7-digit IMO company/registered-owner number has a valid check digit.

    The scheme weighs the first six digits 8, 6, 4, 2, 9, 7 and takes (11 - sum mod 11) mod 10;
    a ship's number (`imo_valid`) mostly fails it, which tells a company's own number from the
    numbers of the ships it operates.
    """
    if not _SEVEN_DIGITS.fullmatch(number):
        return False
    digits = [int(c) for c in number]
    total = sum(d * w for d, w in zip(digits[:6], (8, 6, 4, 2, 9, 7), strict=True))
    return (11 - total % 11) % 10 == digits[6]


def extract_imo_numbers(text: str | None) -> list[str]:
    """IMO numbers written in free text ("IMO 7937317", "IMO Number: 5342883"), unchecked."""
    if not text:
        return []
    found: list[str] = []
    for match in _IMO_IN_TEXT.finditer(text):
        number = match.group(1)
        if number not in found:
            found.append(number)
    return found


@lru_cache(maxsize=4096)
def country_code(text: str) -> str | None:
    """The FtM country code of a country name or code, or None when it cannot be mapped."""
    # The same few hundred names repeat thousands of times per list; FtM's lookup is not cheap.
    code = registry.country.clean(text)
    if code is None:
        return _COUNTRY_ALIASES.get(" ".join(text.lower().split()))
    return str(code)


def add_country(
    entity: EntityProxy, prop: str, value: str | None, report: ParseReport
) -> str | None:
    """Add the country `value` names to `prop`; the code, or None.

    A value that cannot be mapped is counted in `report.unmapped["country"]` and warned about
    once, instead of being lost silently. A `prop` the entity's schema lacks is skipped (the
    fields of a list span schemata).
    """
    text = clean(value)
    if text is None or prop not in entity.schema.properties:
        return None
    code = country_code(text)
    if code is None:
        report.unmapped["country"] += 1
        report.warn_once(f"country\x00{text}", f"{entity.id}: country not recognised: {text!r}")
        return None
    entity.add(prop, code, cleaned=True)
    return code


def iso_date(value: str | None, formats: Iterable[str]) -> str | None:
    """Parse a date in one of `formats` (strptime) and return it as YYYY-MM-DD."""
    text = clean(value)
    if text is None:
        return None
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def year_range(start: int, end: int, *, cap: int = 20) -> list[str]:
    """The years of a range of birth years ("between 1955 and 1960"), capped to stay meaningful."""
    if end < start:
        start, end = end, start
    if end - start > cap:
        return [str(start), str(end)]
    return [str(year) for year in range(start, end + 1)]


def today() -> date:
    """The current date (a function so tests can see where time enters)."""
    return date.today()
