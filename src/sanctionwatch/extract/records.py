"""Records of the extraction and rules stages: `Transfer` and `Finding`."""

from __future__ import annotations

from dataclasses import dataclass, field


class Certainty:
    """How sure the report is that the transfer happened (or will)."""

    CONFIRMED = "confirmed"  # the outlet's own voice, a party acknowledges it, official statistics
    ALLEGED = "alleged"  # on a third party's word, not acknowledged by the parties
    DENIED = "denied"  # alleged, and a party to the transfer denies it
    PLANNED = "planned"  # agreed, announced, intended, requested, under negotiation
    SPECULATIVE = "speculative"  # only a possibility is raised

    ALL = (CONFIRMED, ALLEGED, DENIED, PLANNED, SPECULATIVE)


class Verdict:
    """What a finding says about a transfer or a party."""

    PROHIBITED = "prohibited"
    NOT_PROHIBITED = "not_prohibited"
    NEEDS_REVIEW = "needs_review"
    LISTED_PARTY = "listed_party"

    ALL = (PROHIBITED, NOT_PROHIBITED, NEEDS_REVIEW, LISTED_PARTY)


@dataclass(slots=True)
class Transfer:
    """A reported movement of goods, people or services from a supplier to a recipient."""

    doc_id: str
    sentence: str  # the evidence sentence, verbatim
    sentence_index: int
    goods: str  # as written
    category: str  # a goods category of the taxonomy (arms, ammunition, food, …)
    supplier: str | None = None  # as the article names it
    recipient: str | None = None
    supplier_country: str | None = None  # ISO 3166-1 alpha-2
    recipient_country: str | None = None
    supplier_entity: str | None = None  # linked listed entity id, e.g. ofac-20275
    recipient_entity: str | None = None
    hs_codes: list[str] = field(default_factory=list)
    vessels: list[str] = field(default_factory=list)
    vessel_entities: list[str] = field(default_factory=list)
    imo: list[str] = field(default_factory=list)
    ports: list[str] = field(default_factory=list)
    when: str | None = None  # time expression as written
    date: str | None = None  # the article's publication date (YYYY-MM-DD), for measures in force
    certainty: str = Certainty.ALLEGED
    attributed_to: str | None = None  # who makes the claim; None: the outlet's own voice
    start: int = 0  # span of the evidence sentence in the document text
    end: int = 0


@dataclass(slots=True)
class Finding:
    """A measure applied to a transfer (or a listed party involved), with the citation."""

    verdict: str
    rationale: str
    transfer: int | None = None  # index into the document's transfers; None for party findings
    measure_id: str | None = None
    citation: str | None = None  # short and uniform, e.g. "UNSCR 1718 (2006) para 8(b)"
    # Every citation of the measure, primary first (`citation` is them joined by "; ").
    citations: list[str] = field(default_factory=list)
    entity_id: str | None = None  # for listed-party findings
    subject: str | None = None  # the listed party's name, for listed-party findings
    authority: str | None = None
    verification: str | None = None  # of the citation: verified-in-source / partially / memory
