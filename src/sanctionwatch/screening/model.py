"""Records of the screening engine: what is asked (`Query`, `ScreenOptions`) and what comes back
(`Match` with its `Feature` explanation and `SanctionRef` list entries).

Plain slotted dataclasses: they are built and read in hot loops. Pydantic models for the API and
the CLI live at those edges and convert to and from these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from followthemoney import model as ftm_model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from sanctionwatch.exceptions import UsageError
from sanctionwatch.screening.normalize import check_query_text

ALGORITHM = "sw-v2"
DEFAULT_THRESHOLD = 0.70

# Identifier kinds a query may carry, and the entity properties each is compared with. Document
# numbers are compared across all document properties: lists file passports under idNumber too.
IDENTIFIER_PROPERTIES: dict[str, tuple[str, ...]] = {
    "imo": ("imoNumber",),
    "mmsi": ("mmsi",),
    "callsign": ("callSign",),
    "passport": ("passportNumber", "idNumber"),
    "id": ("idNumber", "passportNumber", "registrationNumber", "taxNumber", "innCode"),
    "registration": ("registrationNumber", "ogrnCode", "innCode", "taxNumber", "idNumber"),
    "tax": ("taxNumber", "innCode", "vatCode", "registrationNumber"),
    "lei": ("leiCode",),
    "swift": ("swiftBic",),
}
# Entity property → identifier kind used in the index (the inverse, coarser).
PROPERTY_KINDS: dict[str, str] = {
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "callSign": "callsign",
    "passportNumber": "doc",
    "idNumber": "doc",
    "registrationNumber": "doc",
    "taxNumber": "doc",
    "innCode": "doc",
    "ogrnCode": "doc",
    "vatCode": "doc",
    "leiCode": "doc",
    "swiftBic": "doc",
    "okpoCode": "doc",
    "uniqueEntityId": "doc",
}
_QUERY_KINDS = {"imo": "imo", "mmsi": "mmsi", "callsign": "callsign"}
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_NAME_PROPERTIES = ("name", "alias", "previousName", "weakAlias")


def index_kind(query_kind: str) -> str:
    """The index's identifier kind (imo, mmsi, callsign, doc) for a query identifier kind."""
    return _QUERY_KINDS.get(query_kind, "doc")


def normalize_identifier(kind: str, value: str) -> str | None:
    """Comparable form of an identifier, or None when too short to be evidence.

    IMO and MMSI numbers keep their digits ("IMO 9179842" → "9179842"); documents keep letters
    and digits upper-cased ("No. 563 120 630" → "563120630").
    """
    cleaned = _NOT_ALNUM.sub("", value.upper())
    if kind in ("imo", "mmsi"):
        cleaned = "".join(c for c in cleaned if c.isdigit())
        return cleaned if len(cleaned) >= 7 else None
    return cleaned if len(cleaned) >= 4 else None


@dataclass(slots=True)
class Query:
    """What to screen: a name and whatever else is known about the party."""

    name: str | None = None
    schema: str = "Thing"
    birth_date: str | None = None
    countries: list[str] = field(default_factory=list)
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)

    @classmethod
    def from_entity(cls, proxy: EntityProxy) -> Query:
        """A query from an FtM entity, as yente's `/match` receives them."""
        names: list[str] = []
        for prop in _NAME_PROPERTIES:
            names.extend(proxy.get(prop, quiet=True))
        if not names and proxy.schema.is_a("Person"):
            parts = [
                *proxy.get("firstName", quiet=True),
                *proxy.get("middleName", quiet=True),
                *proxy.get("lastName", quiet=True),
            ]
            if parts:
                names.append(" ".join(parts))
        identifiers: dict[str, list[str]] = {}
        for kind, props in (
            ("imo", ("imoNumber",)),
            ("mmsi", ("mmsi",)),
            ("callsign", ("callSign",)),
            ("passport", ("passportNumber",)),
            ("id", ("idNumber", "registrationNumber", "taxNumber", "innCode", "ogrnCode")),
            ("lei", ("leiCode",)),
            ("swift", ("swiftBic",)),
        ):
            values = [v for p in props for v in proxy.get(p, quiet=True)]
            if values:
                identifiers[kind] = values
        birth = sorted(proxy.get("birthDate", quiet=True))
        return cls(
            name=names[0] if names else None,
            schema=proxy.schema.name,
            birth_date=birth[0] if birth else None,
            countries=sorted(proxy.get_type_values(registry.country)),
            identifiers=identifiers,
            aliases=names[1:],
        )

    def names(self) -> list[str]:
        """All names of the query, the main one first."""
        out = [self.name] if self.name is not None else []
        return [*out, *self.aliases]

    def key(self) -> tuple[object, ...]:
        """A hashable summary: equal keys screen alike (batches reuse the result)."""
        identifiers = tuple(sorted((k, tuple(v)) for k, v in self.identifiers.items()))
        return (
            tuple(self.names()),
            self.schema,
            self.birth_date,
            tuple(self.countries),
            identifiers,
        )

    def validated(self) -> Query:
        """A cleaned copy, or `UsageError` naming what is wrong with the query."""
        schema = ftm_model.get(self.schema)
        if schema is None or not schema.is_a("Thing"):
            raise UsageError(f"unknown schema {self.schema!r}: use an FtM schema such as Person")
        names = [check_query_text(n, "name") for n in self.names()]
        names = [n for n in names if n]
        identifiers: dict[str, list[str]] = {}
        for kind, values in self.identifiers.items():
            key = kind.strip().lower()
            if key not in IDENTIFIER_PROPERTIES:
                known = ", ".join(sorted(IDENTIFIER_PROPERTIES))
                raise UsageError(f"unknown identifier kind {kind!r} (known: {known})")
            cleaned = [check_query_text(v, f"{key} identifier") for v in values]
            kept = [v for v in cleaned if v]
            if kept:
                identifiers[key] = kept
        if not names and not identifiers:
            raise UsageError("the query has no name and no identifier: nothing to screen")
        birth = None
        if self.birth_date is not None and self.birth_date.strip():
            birth = self.birth_date.strip()
            if not _DATE.match(birth):
                raise UsageError(f"birth date {birth!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        countries: list[str] = []
        for value in self.countries:
            code = registry.country.clean(check_query_text(value, "country"))
            if code is None:
                raise UsageError(f"unknown country {value!r}: use an ISO code such as 'kp'")
            countries.append(code)
        return Query(
            name=names[0] if names else None,
            schema=schema.name,
            birth_date=birth,
            countries=countries,
            identifiers=identifiers,
            aliases=names[1:],
        )


@dataclass(slots=True)
class ScreenOptions:
    """One screening run's settings; the defaults are the calibrated `sw-v2` ones."""

    threshold: float = DEFAULT_THRESHOLD
    limit: int = 10
    algorithm: str = ALGORITHM
    dob_tolerance_years: int = 1
    include_weak_aliases: bool = True
    # Names scored in full per query, taken best-first from candidate retrieval.
    candidates: int = 10

    def validate(self) -> None:
        """Raise `UsageError` for options the engine cannot honour."""
        if self.algorithm != ALGORITHM:
            raise UsageError(f"unknown algorithm {self.algorithm!r} (available: {ALGORITHM})")
        if not 0.0 <= self.threshold <= 1.0:
            raise UsageError(f"threshold must be between 0 and 1, not {self.threshold}")
        if self.limit < 1:
            raise UsageError(f"limit must be at least 1, not {self.limit}")
        if self.dob_tolerance_years < 0:
            raise UsageError("dob_tolerance_years cannot be negative")
        if self.candidates < 1:
            raise UsageError("candidates must be at least 1")


@dataclass(slots=True)
class Feature:
    """One piece of evidence: its measured `value`, its signed `weight` in the score, and why."""

    name: str
    value: float
    weight: float
    detail: str


@dataclass(slots=True)
class SanctionRef:
    """A list entry behind a match: who lists the party, under which programme, since when."""

    authority: str | None
    program: str | None
    listing_date: str | None
    source_url: str | None
    snapshot: str | None = None


@dataclass(slots=True)
class Match:
    """A listed entity that may be the queried party, with the score and its explanation."""

    entity_id: str
    schema: str
    caption: str
    score: float
    features: list[Feature]
    matched_name: str | None
    algorithm: str = ALGORITHM
    sanctions: list[SanctionRef] = field(default_factory=list)
    source: str | None = None
    query_name: str | None = None

    def explanation(self) -> str:
        """The features as one human-readable line each."""
        return "\n".join(f.detail for f in self.features)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the CLI's and API's result shape)."""
        return {
            "entity_id": self.entity_id,
            "schema": self.schema,
            "caption": self.caption,
            "score": self.score,
            "matched_name": self.matched_name,
            "query_name": self.query_name,
            "algorithm": self.algorithm,
            "source": self.source,
            "explanation": [
                {"feature": f.name, "value": f.value, "weight": f.weight, "detail": f.detail}
                for f in self.features
            ],
            "sanctions": [
                {
                    "authority": s.authority,
                    "program": s.program,
                    "listing_date": s.listing_date,
                    "source_url": s.source_url,
                    "snapshot": s.snapshot,
                }
                for s in self.sanctions
            ],
        }


@dataclass(slots=True)
class EntitySummary:
    """What the index knows about one listed entity (for `ScreeningIndex.get`)."""

    entity_id: str
    schema: str
    caption: str
    names: list[str]
    birth_dates: list[str]
    countries: list[str]
    identifiers: dict[str, list[str]]
    sanctions: list[SanctionRef]
    source: str | None


def entity_identifiers(proxy: EntityProxy) -> dict[str, set[str]]:
    """An entity's identifiers by index kind (imo, mmsi, callsign, doc), normalised."""
    found: dict[str, set[str]] = {}
    for prop, kind in PROPERTY_KINDS.items():
        for value in proxy.get(prop, quiet=True):
            cleaned = normalize_identifier(kind, value)
            if cleaned is not None:
                found.setdefault(kind, set()).add(cleaned)
    return found


def query_identifiers(query: Query) -> dict[str, frozenset[str]]:
    """A query's identifiers by index kind, normalised (too short ones dropped)."""
    found: dict[str, set[str]] = {}
    for kind, values in query.identifiers.items():
        target = index_kind(kind)
        for value in values:
            cleaned = normalize_identifier(target, value)
            if cleaned is not None:
                found.setdefault(target, set()).add(cleaned)
    return {k: frozenset(v) for k, v in found.items()}
