"""The schema of regime files (`data/*.yaml`): pydantic models checked as each file is read.

A regime names its authority, targets and (for EU, UK and US) the countries whose persons it
binds; each measure names its instrument and paragraph, its short citations with their
verification status, and what it reaches: direction, categories, dates, conditions and the
jurisdictional link (`nexus`) a unilateral measure needs. Checks that span files or need the goods
taxonomy live in `regimes.py`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sanctionwatch.extract.goods import HS_CODE

Authority = Literal["UNSC", "EU", "UK", "US"]
Direction = Literal[
    "to_target", "from_target", "both", "services", "persons", "in_jurisdiction", "conduct"
]
# verified-in-source / partially-verified / from-memory are the cited reference's own flags;
# unchecked marks a citation that is not in that reference at all (added from memory here).
Verification = Literal["verified-in-source", "partially-verified", "from-memory", "unchecked"]
Status = Literal["in_force", "restored_contested", "lifted", "terminated"]
Effect = Literal["prohibits", "exposure"]
Nexus = Literal["supplier", "recipient", "origin", "service_provider"]
Scope = Literal["country", "groups", "region", "persons"]
HsSource = Literal["resolution", "legal_annex", "official_list", "implementation_practice", "none"]

# The uniform short citation forms (see docs/rules.md).
CITATION_FORM = re.compile(
    r"^(?:"
    r"UNSCR \d{3,4} \(\d{4}\)(?: Annex [A-Z])?(?: paras? [0-9A-Za-z(),. -]+)?"
    r"|EU (?:Reg\.|Dec\.) \d{3,4}/\d{1,4}(?:/CFSP)?(?: Art\. \w+)?"
    r"|UK SI \d{4}/\d+ (?:regs? [0-9A-Z-]+|Part \d+)"
    r"|US EO \d{5}(?: s\.[0-9a-z().]+)?"
    r"|US EAR 15 CFR \d{3}\.\d+"
    r")$"
)
VERIFICATION_RANK = {
    "verified-in-source": 3,
    "partially-verified": 2,
    "from-memory": 1,
    "unchecked": 0,
}


class Citation(BaseModel):
    """One short citation and how well it was checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    verification: Verification
    note: str | None = None

    @field_validator("text")
    @classmethod
    def _form(cls, value: str) -> str:
        if not CITATION_FORM.match(value):
            raise ValueError(f"citation {value!r} is not in the uniform short form")
        return value


class Cap(BaseModel):
    """A quantity cap: supplies above it (or flagged by `breach_if` signals) are banned."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: float = Field(gt=0)
    unit: Literal["barrels", "tonnes"]
    alt_amount: float | None = Field(default=None, gt=0)
    alt_unit: Literal["barrels", "tonnes"] | None = None
    breach_if: tuple[str, ...] = ()


class PriceCap(BaseModel):
    """A price cap in US dollars per barrel for one product, valid from one date to another."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    product: Literal["crude_oil", "refined_premium", "refined_discount"]
    usd_per_bbl: float = Field(gt=0)
    valid_from: date = Field(alias="from")
    valid_to: date | None = Field(default=None, alias="to")

    def in_force(self, on: date) -> bool:
        """True if this cap applies on `on` (both ends inclusive)."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Conditions(BaseModel):
    """Facts a measure needs beyond category, direction and dates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    requires: tuple[str, ...] = ()  # all these signals, or the measure does not apply
    review_if: tuple[str, ...] = ()  # any of these signals: the verdict is needs_review
    cap: Cap | None = None
    price_caps: tuple[PriceCap, ...] = ()

    def signal_names(self) -> set[str]:
        """Every signal name the conditions refer to."""
        names = set(self.requires) | set(self.review_if)
        if self.cap is not None:
            names |= set(self.cap.breach_if)
        return names


class Listings(BaseModel):
    """Which list entries (authority, programme) a persons measure stands behind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    authorities: tuple[str, ...] = Field(min_length=1)
    programs: tuple[str, ...] = Field(min_length=1)  # exact or shell-style patterns


class NotProhibited(BaseModel):
    """An explicit statement of what a regime does not prohibit (against false alarms)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    categories: tuple[str, ...] = Field(min_length=1)
    direction: Literal["to_target", "from_target", "both"]
    reason: str
    signal: str | None = None  # applies only when this signal is present


class MeasureSpec(BaseModel):
    """One measure as written in a regime file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    instrument: str
    paragraph: str
    citations: tuple[Citation, ...] = Field(min_length=1)
    summary: str
    rationale: str  # one line for findings
    caveat: str | None = None
    direction: Direction
    targets: tuple[str, ...] | None = None  # default: the regime's
    scope: Scope | None = None  # default: the regime's
    categories: tuple[str, ...] = ()
    review_categories: tuple[str, ...] = ()
    review_note: str | None = None
    hs_codes: tuple[str, ...] = ()
    hs_source: HsSource = "none"
    narrow_by_hs: bool = False
    exemptions: tuple[str, ...] = ()
    adopted: date | None = None
    effective: date
    lifted: date | None = None
    restored: date | None = None
    ended: date | None = None
    status: Status
    effect: Effect = "prohibits"
    nexus: tuple[Nexus, ...] = ()
    conditions: Conditions = Conditions()
    listings: Listings | None = None
    verification: Verification
    sources: tuple[str, ...] = ()
    notes: str | None = None

    @field_validator("hs_codes")
    @classmethod
    def _hs(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        bad = [v for v in values if not HS_CODE.match(v)]
        if bad:
            raise ValueError(f"HS codes {bad} are not dd, dddd or dddd.dd")
        return values

    @model_validator(mode="after")
    def _consistent(self) -> MeasureSpec:
        if self.adopted and self.adopted > self.effective:
            raise ValueError("adopted is after effective")
        if self.lifted and self.lifted <= self.effective:
            raise ValueError("lifted is not after effective")
        if self.restored and (self.lifted is None or self.restored <= self.lifted):
            raise ValueError("restored needs an earlier lifted date")
        if self.ended and self.ended <= (self.restored or self.effective):
            raise ValueError("ended is not after the last start")
        if self.status == "terminated" and self.ended is None:
            raise ValueError("a terminated measure needs an ended date")
        if self.status == "restored_contested" and self.restored is None:
            raise ValueError("a restored measure needs a restored date")
        if self.status == "lifted" and (self.lifted is None or self.restored is not None):
            raise ValueError("a lifted measure needs a lifted date and no restored date")
        if self.direction not in ("persons", "conduct") and not (
            self.categories or self.review_categories
        ):
            raise ValueError("a transfer measure needs categories or review_categories")
        if self.direction == "persons" and (self.categories or self.review_categories):
            raise ValueError("a persons measure applies to listed parties, not goods categories")
        if self.listings is not None and self.direction != "persons":
            raise ValueError("listings belong to persons measures")
        if self.review_categories and not self.review_note:
            raise ValueError("review_categories need a review_note")
        return self


class RegimeSpec(BaseModel):
    """One regime: its authority, targets and measures."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    authority: Authority
    name: str
    targets: tuple[str, ...]
    scope: Scope
    parties: tuple[str, ...] = ()  # names of targeted groups, for non-country scopes
    jurisdiction: tuple[str, ...] = ()  # countries whose persons the measures bind (not UN)
    applies_to: str | None = None
    status: Status
    status_notes: str | None = None
    humanitarian: str | None = None
    not_prohibited: tuple[NotProhibited, ...] = ()
    measures: tuple[MeasureSpec, ...] = Field(min_length=1)


class RegimeFile(BaseModel):
    """A regime file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    regimes: tuple[RegimeSpec, ...] = Field(min_length=1)
